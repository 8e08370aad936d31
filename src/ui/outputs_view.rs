//! Everything to copy: the factory's final page (links, installer references, docs) for the
//! current choices, and the extras users otherwise write by hand: commands, the offline
//! download script, the Proxmox template recipe, profiles and snippets, and a diff against
//! another schematic. All of it comes from `outputs`, recomputed on every change.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::{t, use_i18n};
use super::state::AppState;
use super::widgets::{CopyBlock, CopyButton, Notice, NoticeKind};
use crate::factory::FactoryClient;
use crate::i18n::{Messages, Text};
use crate::outputs::{
    self, AssetKind, DocLink, Item, ItemKey, ItemKind, OutputRequest, Outputs, ProxmoxOptions,
    Section, SectionId, installer_change, keyed_items,
};
use crate::schematic::{Pasted, Schematic, read_factory_copy, read_pasted};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Links,
    Commands,
    Proxmox,
    Profiles,
    Script,
    Diff,
}

/// A message of the page, chosen before the locale is known.
type Label = fn(&Messages) -> &str;

impl Tab {
    fn label(self) -> Text {
        match self {
            Tab::Links => Text::tab_links(),
            Tab::Commands => Text::tab_commands(),
            Tab::Proxmox => Text::tab_proxmox(),
            Tab::Profiles => Text::tab_profiles(),
            Tab::Script => Text::tab_script(),
            Tab::Diff => Text::tab_diff(),
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Links => "links",
            Tab::Commands => "commands",
            Tab::Proxmox => "proxmox",
            Tab::Profiles => "profiles",
            Tab::Script => "script",
            Tab::Diff => "diff",
        }
    }
}

/// What the outputs of the current choices are derived from, and the First Boot section the
/// result header shows; the tabs derive the rest themselves (in their own chunk: the main
/// module never computes commands, profiles or scripts).
#[derive(Clone, Copy)]
pub struct OutputsState {
    pub request: Memo<Option<OutputRequest>>,
    /// The First Boot section, or why there are no links.
    pub first_boot: Memo<Option<Result<Section, Text>>>,
    /// The node address for `talosctl upgrade`.
    pub node: RwSignal<String>,
    /// The assets the download commands fetch; empty = the first boot files.
    pub downloads: RwSignal<Vec<AssetKind>>,
}

/// Derives the outputs' request from the app state and provides it to the components below.
pub fn provide_outputs(state: AppState) -> OutputsState {
    let node = RwSignal::new(String::new());
    let downloads = RwSignal::new(Vec::<AssetKind>::new());
    let request = Memo::new(move |_| -> Option<OutputRequest> {
        let version = state.version.get()?;
        let computed = state.computed.get().ok()?;
        // When the factory has this schematic only under an older library's ID, link that.
        let link_id = state
            .status
            .with(|status| status.link_id.as_ref().map(ToString::to_string))?;
        let mut request = state.selection.with(|selection| {
            selection.output_request(version, computed.schematic, computed.yaml, link_id)
        });
        request.downloads = downloads.get();
        request.node = node.get();
        request.talosctl_files = state.talosctl_files.get();
        Some(request)
    });
    let first_boot = Memo::new(move |_| -> Option<Result<Section, Text>> {
        request.with(|request| {
            request
                .as_ref()
                .map(|request| outputs::first_boot(request).map_err(|e| e.text()))
        })
    });
    let shared = OutputsState {
        request,
        first_boot,
        node,
        downloads,
    };
    provide_context(shared);
    shared
}

/// One part of the outputs, as a signal that changes only when that part does: a new
/// schematic ID changes the links, not the lists they sit in, so the views below keep their
/// DOM and update only the text and attributes that changed.
fn part<T>(
    ready: Memo<Option<Outputs>>,
    pick: impl Fn(&Outputs) -> T + Send + Sync + 'static,
) -> Memo<T>
where
    T: Clone + PartialEq + Default + Send + Sync + 'static,
{
    Memo::new(move |_| ready.with(|o| o.as_ref().map(&pick).unwrap_or_default()))
}

/// The row's entry of a keyed list, found again by `find` on every change of the list; it
/// keeps its last value while the row is being removed.
fn present<S, T>(
    source: Memo<S>,
    initial: T,
    find: impl Fn(&S) -> Option<T> + Send + Sync + 'static,
) -> Memo<T>
where
    S: PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&T>| {
        source
            .with(&find)
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| initial.clone())
    })
}

/// What the outputs panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Waiting,
    Failed(Text),
    Ready,
}

#[component]
pub fn OutputsView() -> impl IntoView {
    let OutputsState {
        request,
        node,
        downloads,
        ..
    } = expect_context::<OutputsState>();
    let outputs = Memo::new(move |_| -> Option<Result<Outputs, Text>> {
        request.with(|request| {
            request
                .as_ref()
                .map(|request| outputs::outputs(request).map_err(|e| e.text()))
        })
    });
    let ready =
        Memo::new(move |_| outputs.with(|o| o.as_ref().and_then(|o| o.as_ref().ok()).cloned()));
    let tab = RwSignal::new(Tab::Links);
    let has_proxmox =
        Memo::new(move |_| ready.with(|o| o.as_ref().is_some_and(|o| o.proxmox.is_some())));
    let tabs = Memo::new(move |_| {
        let mut tabs = vec![Tab::Links, Tab::Commands];
        if has_proxmox.get() {
            tabs.push(Tab::Proxmox);
        }
        tabs.extend([Tab::Profiles, Tab::Script, Tab::Diff]);
        tabs
    });
    let current = Memo::new(move |_| match tab.get() {
        Tab::Proxmox if !has_proxmox.get() => Tab::Links,
        chosen => chosen,
    });
    let shown = Memo::new(move |_| {
        outputs.with(|o| match o {
            None => Shown::Waiting,
            Some(Err(e)) => Shown::Failed(e.clone()),
            Some(Ok(_)) => Shown::Ready,
        })
    });
    let warnings = part(ready, |o| o.warnings.clone());
    let i18n = use_i18n();
    view! {
        <section class="panel outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">{t!(i18n, outputs_heading())}</h2>
            <div class="tabs" role="tablist" aria-label=t!(i18n, outputs_tabs())>
                {move || tabs.get().into_iter().map(|t| view! {
                    <button type="button" role="tab" id=format!("tab-{}", t.id()) aria-controls=format!("tabpanel-{}", t.id())
                        aria-selected=move || (current.get() == t).to_string()
                        on:click=move |_| tab.set(t)>{i18n.show(t.label())}</button>
                }).collect_view()}
            </div>
            {move || match shown.get() {
                Shown::Waiting => view! { <p class="muted" id="outputs-waiting">{t!(i18n, outputs_waiting())}</p> }.into_any(),
                Shown::Failed(e) => view! { <Notice kind=NoticeKind::Warning message=i18n.show(Text::no_links(e)) /> }.into_any(),
                Shown::Ready => view! {
                    {move || warnings.get().into_iter().map(|w| view! { <Notice kind=NoticeKind::Warning message=i18n.show(w) /> }).collect_view()}
                    {move || {
                        let current = current.get();
                        let body = match current {
                            Tab::Links => view! { <LinksTab ready=ready /> }.into_any(),
                            Tab::Commands => view! { <CommandsTab ready=ready node=node downloads=downloads /> }.into_any(),
                            Tab::Proxmox => view! { <ProxmoxTab ready=ready /> }.into_any(),
                            Tab::Profiles => view! { <ProfilesTab ready=ready /> }.into_any(),
                            Tab::Script => view! { <ScriptTab ready=ready downloads=downloads /> }.into_any(),
                            Tab::Diff => view! { <DiffTab request=request /> }.into_any(),
                        };
                        view! {
                            <div role="tabpanel" id=format!("tabpanel-{}", current.id()) aria-labelledby=format!("tab-{}", current.id())>{body}</div>
                        }
                    }}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn LinksTab(
    /// The derived outputs.
    ready: Memo<Option<Outputs>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let formats = part(ready, |o| o.disk_formats.clone());
    let disk_image = part(ready, |o| o.disk_image.clone());
    let has_disk_image = Memo::new(move |_| disk_image.with(Option::is_some));
    let sections = part(ready, |o| {
        o.page
            .iter()
            .filter(|section| section.id != SectionId::FirstBoot)
            .cloned()
            .collect::<Vec<_>>()
    });
    let ipxe = part(ready, |o| o.ipxe_chain.clone());
    let has_ipxe = Memo::new(move |_| ipxe.with(Option::is_some));
    let chosen_format = move || state.selection.with(|s| s.disk_format.clone());
    let i18n = use_i18n();
    view! {
        {move || formats.with(|formats| (!formats.is_empty()).then(|| view! {
            <div class="field field--inline disk-format-field">
                <label for="disk-format">{t!(i18n, disk_format())}</label>
                <select id="disk-format" on:change:target=move |ev| {
                    let value = ev.target().value();
                    state.selection.update(|s| s.disk_format = if value.is_empty() { None } else { Some(value) });
                }>
                    {formats.iter().map(|format| {
                        let format = *format;
                        let selected = move || match chosen_format() {
                            Some(chosen) => chosen == format.suffix,
                            None => format.is_default,
                        };
                        let label = move || i18n.tr(|m| {
                            let label = m.disk_format_label(format.label);
                            if format.is_default { m.factory_default(label) } else { label }
                        });
                        let value = if format.is_default { String::new() } else { format.suffix.to_string() };
                        view! { <option value=value prop:selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }))}
        {move || has_disk_image.get().then(|| {
            let url = Signal::derive(move || disk_image.with(|a| a.as_ref().map(|a| a.url.clone()).unwrap_or_default()));
            let name = Signal::derive(move || disk_image.with(|a| a.as_ref().map(|a| a.file_name.clone()).unwrap_or_default()));
            view! {
                <p class="field__help" id="chosen-disk-image">{t!(i18n, chosen_disk_image())}" "
                    <FactoryLink url=url text=name needs_schematic=true output=None /></p>
            }
        })}
        <For each=move || sections.get() key=|section| section.id children=move |initial| {
            let id = initial.id;
            let section = present(sections, initial, move |all| all.iter().find(|s| s.id == id).cloned());
            view! { <PageSection section=section /> }
        } />
        {move || has_ipxe.get().then(|| view! {
            <CopyBlock title=t!(i18n, ipxe_snippet()) text=Signal::derive(move || ipxe.get().unwrap_or_default()) note=t!(i18n, ipxe_snippet_note()) />
        })}
    }
}

/// The first boot media of the target, compact, in the result header: what most users came
/// for, next to the ID and the Create button.
#[component]
pub fn BootMedia() -> impl IntoView {
    let OutputsState { first_boot, .. } = expect_context::<OutputsState>();
    let failure =
        Memo::new(move |_| first_boot.with(|o| o.as_ref().and_then(|o| o.as_ref().err().cloned())));
    let items = Memo::new(move |_| {
        first_boot.with(|o| match o {
            Some(Ok(section)) => keyed_items(&section.items),
            _ => Vec::new(),
        })
    });
    let has_items = Memo::new(move |_| first_boot.with(|o| matches!(o, Some(Ok(_)))));
    let i18n = use_i18n();
    view! {
        {move || failure.get().map(|e| view! {
            <Notice kind=NoticeKind::Warning message=i18n.show(Text::no_links(e)) />
        })}
        {move || has_items.get().then(|| view! {
            <section class="boot-media" id="section-firstboot" aria-labelledby="boot-media-heading">
                <h3 id="boot-media-heading" class="boot-media__title">{t!(i18n, first_boot())}</h3>
                <ul class="boot-media__list">
                    {keyed_rows(items, |key, item| view! { <BootMediaItem key=key item=item /> }.into_any())}
                </ul>
            </section>
        })}
    }
}

/// One row per item key, kept across changes: a row reads its item's current value (a new
/// schematic ID changes the values, never the keys).
fn keyed_rows(
    items: Memo<Vec<(ItemKey, Item)>>,
    row: fn(ItemKey, Signal<Item>) -> AnyView,
) -> impl IntoView {
    view! {
        <For each=move || items.get() key=|(key, _)| key.clone() children=move |(key, initial)| {
            let found = key.clone();
            let item = present(items, initial, move |all| {
                all.iter().find(|(k, _)| *k == found).map(|(_, item)| item.clone())
            });
            row(key, item.into())
        } />
    }
}

#[component]
fn BootMediaItem(
    /// What the row is.
    key: ItemKey,
    /// Its current value.
    item: Signal<Item>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = Memo::new(move |_| item.with(|i| i.value.clone()));
    let doc = Memo::new(move |_| item.with(|i| i.doc.clone()));
    let i18n = use_i18n();
    let shown = i18n.show(key.label.clone());
    let output = key.output_name();
    let body = match key.kind {
        ItemKind::Copy => {
            let pending = Memo::new(move |_| !state.status.with(|s| s.links_live));
            view! {
                <span class="boot-media__label">{shown}</span>
                <code class="boot-media__value" data-output=output data-pending=move || pending.get().to_string() title=move || value.get()>{move || value.get()}</code>
                <CopyButton text=value label=i18n.show(Text::copy_title(key.label.clone())) />
            }.into_any()
        }
        ItemKind::Link | ItemKind::Code => view! {
            <FactoryLink url=value text=shown needs_schematic=key.needs_schematic output=Some(output) />
        }.into_any(),
    };
    view! {
        <li class="boot-media__item">
            {body}
            <DocNote doc=doc />
        </li>
    }
}

/// The documentation link after an item's value, if any.
#[component]
fn DocNote(
    /// The link.
    doc: Memo<Option<DocLink>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        doc.get().map(|doc| view! {
        " "<a class="output-item__note" href=doc.url target="_blank" rel="noopener noreferrer">{i18n.show(doc.label)}</a>
    })
    }
}

#[component]
fn PageSection(
    /// One block of the factory's final page.
    section: Memo<Section>,
) -> impl IntoView {
    let id = section.with_untracked(|s| format!("section-{}", s.id.slug()));
    let title = Memo::new(move |_| section.with(|s| s.title.clone()));
    let intro = Memo::new(move |_| section.with(|s| s.intro.clone()));
    let links = Memo::new(move |_| section.with(|s| s.links.clone()));
    let notes = Memo::new(move |_| section.with(|s| s.notes.clone()));
    let items = Memo::new(move |_| section.with(|s| keyed_items(&s.items)));
    let i18n = use_i18n();
    view! {
        <section class="output-section" id=id>
            <h3>{move || i18n.tr(|m| m.render(&title.get()))}</h3>
            {move || intro.get().map(|intro| view! { <p>{i18n.show(intro)}</p> })}
            {move || links.with(|links| (!links.is_empty()).then(|| view! {
                <p class="cluster">{links.iter().map(|link| view! {
                    <a href=link.url.clone() target="_blank" rel="noopener noreferrer">{i18n.show(link.label.clone())}</a>
                }).collect_view()}</p>
            }))}
            <ul class="output-list">
                {keyed_rows(items, |key, item| view! { <OutputItem key=key item=item /> }.into_any())}
            </ul>
            {move || notes.get().into_iter().map(|note| view! { <p class="output-item__note">{i18n.show(note)}</p> }).collect_view()}
        </section>
    }
}

#[component]
fn OutputItem(
    /// What the row is.
    key: ItemKey,
    /// Its current value.
    item: Signal<Item>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = Memo::new(move |_| item.with(|i| i.value.clone()));
    let doc = Memo::new(move |_| item.with(|i| i.doc.clone()));
    let i18n = use_i18n();
    let shown = i18n.show(key.label.clone());
    let label = key.output_name();
    let copy_label = i18n.show(Text::copy_title(key.label.clone()));
    let is_doc = key.kind == ItemKind::Link && !key.needs_schematic;
    let body = match key.kind {
        // A documentation link reads as its title.
        ItemKind::Link if is_doc => view! {
            <a class="output-item__doc" href=move || value.get() target="_blank" rel="noopener noreferrer" data-output=label.clone()>{shown}</a>
        }.into_any(),
        ItemKind::Link => view! {
            <FactoryLink url=value text=value needs_schematic=key.needs_schematic output=Some(label.clone()) />
        }.into_any(),
        ItemKind::Copy if key.needs_schematic => {
            let pending = Memo::new(move |_| !state.status.with(|s| s.links_live));
            view! {
                <span class="cluster">
                    <code class="output-item__value" data-output=label.clone() data-pending=move || pending.get().to_string()>{move || value.get()}</code>
                    <CopyButton text=value label=copy_label />
                    {move || pending.get().then(|| view! { <span class="badge" data-kind="warning">{t!(i18n, works_once_created())}</span> })}
                </span>
            }.into_any()
        }
        ItemKind::Copy => view! {
            <span class="cluster">
                <code class="output-item__value" data-output=label.clone()>{move || value.get()}</code>
                <CopyButton text=value label=copy_label />
            </span>
        }.into_any(),
        ItemKind::Code => view! {
            <CopyBlock title=shown text=value />
        }.into_any(),
    };
    view! {
        <li class="output-item">
            {(!is_doc).then(|| view! { <span class="output-item__label">{shown}</span> })}
            {body}
            <DocNote doc=doc />
        </li>
    }
}

/// A link to a factory asset: clickable once the factory has the schematic, else shown as
/// not yet available (the factory would answer "schematic not found").
#[component]
fn FactoryLink(
    /// Where it points.
    #[prop(into)]
    url: Signal<String>,
    /// What it says.
    #[prop(into)]
    text: Signal<String>,
    /// Whether it 404s until the schematic exists on the factory.
    needs_schematic: bool,
    /// The `data-output` label (the page's link list), if any.
    output: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let live = Memo::new(move |_| !needs_schematic || state.status.with(|s| s.links_live));
    let unverified = Memo::new(move |_| state.status.with(|s| s.links_unverified));
    let i18n = use_i18n();
    view! {
        {move || if live.get() {
            view! {
                <a class="output-item__value" href=move || url.get() rel="noopener noreferrer" data-output=output.clone()>{move || text.get()}</a>
            }.into_any()
        } else {
            view! {
                <span class="output-item__value output-item__value--pending" data-output=output.clone() data-href=move || url.get()
                    aria-disabled="true">{move || text.get()}</span>
                " "<span class="badge" data-kind="warning">{move || i18n.tr(|m| if unverified.get() { m.link_unverified() } else { m.available_once_created() })}</span>
                {
                    let label = Signal::derive(move || i18n.tr(|m| m.copy_the_link(text.get())));
                    move || unverified.get().then(|| view! {
                        " "<CopyButton text=url label=label idle_text=t!(i18n, copy_link()) />
                    })
                }
            }.into_any()
        }}
    }
}

/// Checkboxes choosing which assets the download commands and the script fetch.
#[component]
fn DownloadChoice(
    /// The derived outputs (for the list of assets).
    ready: Memo<Option<Outputs>>,
    /// The chosen assets; empty = the first boot files.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    let assets = part(ready, |o| {
        o.assets
            .iter()
            .map(|a| (a.kind.clone(), a.file_name.clone()))
            .collect::<Vec<_>>()
    });
    let chosen = part(ready, |o| {
        o.downloads
            .iter()
            .map(|a| a.kind.clone())
            .collect::<Vec<_>>()
    });
    view! {
        <fieldset class="field">
            <legend>{ let i18n = use_i18n(); t!(i18n, files_to_download()) }</legend>
            <div class="cluster" id="download-choice">
                {move || assets.get().into_iter().enumerate().map(|(index, (kind, file_name))| {
                    let id = format!("download-{index}");
                    let for_id = id.clone();
                    let shown = kind.clone();
                    let checked = move || chosen.with(|chosen| chosen.contains(&shown));
                    view! {
                        <label for=for_id>
                            <input type="checkbox" id=id prop:checked=checked on:change:target=move |ev| {
                                let on = ev.target().checked();
                                let kind = kind.clone();
                                let defaults = chosen.get_untracked();
                                downloads.update(|list| {
                                    if list.is_empty() { list.clone_from(&defaults); }
                                    list.retain(|k| *k != kind);
                                    if on { list.push(kind); }
                                });
                            } />
                            " "{file_name}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn CommandsTab(
    /// The derived outputs.
    ready: Memo<Option<Outputs>>,
    /// The node address for `talosctl upgrade`.
    node: RwSignal<String>,
    /// The chosen assets.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    let register = part(ready, |o| o.commands.register_schematic.clone());
    let download = part(ready, |o| o.commands.download.clone());
    let upgrade = part(ready, |o| o.commands.upgrade.clone());
    let patch = part(ready, |o| o.install_patch.clone());
    let local_cluster = part(ready, |o| o.commands.local_cluster.clone());
    let has_local_cluster = Memo::new(move |_| local_cluster.with(Option::is_some));
    let booter = part(ready, |o| o.commands.booter.clone());
    let i18n = use_i18n();
    view! {
        <CopyBlock title=t!(i18n, register_curl()) text=register
            note=t!(i18n, register_curl_note()) />
        <DownloadChoice ready=ready downloads=downloads />
        <CopyBlock title=t!(i18n, download_curl()) text=download />
        <div class="field field--inline">
            <label for="node-address">{t!(i18n, node_address())}</label>
            <input id="node-address" type="text" placeholder="$NODE_IP" prop:value=move || node.get()
                on:change:target=move |ev| node.set(ev.target().value().trim().to_string()) />
        </div>
        <CopyBlock title=t!(i18n, upgrade_node()) text=upgrade />
        <CopyBlock title=t!(i18n, install_patch()) text=patch file_name="install-image-patch.yaml" />
        {move || has_local_cluster.get().then(|| view! {
            <CopyBlock title=t!(i18n, local_cluster()) text=Signal::derive(move || local_cluster.get().unwrap_or_default()) />
        })}
        <CopyBlock title=t!(i18n, pxe_booter()) text=booter />
    }
}

#[component]
fn ProxmoxTab(
    /// The derived outputs.
    ready: Memo<Option<Outputs>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let warnings = part(ready, |o| {
        o.proxmox
            .as_ref()
            .map(|p| p.warnings.clone())
            .unwrap_or_default()
    });
    let script = part(ready, |o| {
        o.proxmox
            .as_ref()
            .map(|p| p.script.clone())
            .unwrap_or_default()
    });
    // In the selection, so the URL (and Share) keeps them; a field follows the selection when
    // it changes elsewhere (a link, back and forward).
    let options = Memo::new(move |_| state.selection.with(|s| s.proxmox.clone()));
    let update = move |change: &dyn Fn(&mut ProxmoxOptions)| {
        state.selection.update(|s| change(&mut s.proxmox));
    };
    let i18n = use_i18n();
    let number_field = move |id: &'static str,
                             label: Label,
                             get: fn(&ProxmoxOptions) -> u32,
                             set: fn(&mut ProxmoxOptions, u32)| {
        let error = RwSignal::new(None::<String>);
        view! {
            <div class="field">
                <label for=id>{i18n.text(label)}</label>
                <input id=id type="number" min="1" prop:value=move || options.with(get).to_string()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    on:change:target=move |ev| {
                        let text = ev.target().value();
                        match text.trim().parse::<u32>() {
                            Ok(value) if value > 0 => { error.set(None); update(&|o| set(o, value)); }
                            _ => error.set(Some(i18n.tr(|m| m.not_positive(label(m), format!("{text:?}"))))),
                        }
                    } />
                {move || error.get().map(|e| view! { <span class="field__error" role="alert">{e}</span> })}
            </div>
        }
    };
    let text_field = move |id: &'static str,
                           label: Label,
                           get: fn(&ProxmoxOptions) -> String,
                           set: fn(&mut ProxmoxOptions, String)| {
        view! {
            <div class="field">
                <label for=id>{i18n.text(label)}</label>
                <input id=id type="text" prop:value=move || options.with(get)
                    on:change:target=move |ev| { let value = ev.target().value(); update(&|o| set(o, value.clone())); } />
            </div>
        }
    };
    view! {
        {move || warnings.get().into_iter().map(|w| view! { <Notice kind=NoticeKind::Warning id="proxmox-warning".to_string() message=i18n.show(w) /> }).collect_view()}
        <div class="choice-list">
            {number_field("proxmox-vmid", Messages::pve_vmid, |o| o.vm_id, |o, v| o.vm_id = v)}
            {text_field("proxmox-name", Messages::pve_name, |o| o.vm_name.clone(), |o, v| o.vm_name = v)}
            {text_field("proxmox-storage", Messages::pve_storage, |o| o.storage.clone(), |o, v| o.storage = v)}
            {text_field("proxmox-bridge", Messages::pve_bridge, |o| o.bridge.clone(), |o, v| o.bridge = v)}
            {text_field("proxmox-dir", Messages::pve_dir, |o| o.download_dir.clone(), |o, v| o.download_dir = v)}
            {number_field("proxmox-memory", Messages::pve_memory, |o| o.memory_mib, |o, v| o.memory_mib = v)}
            {number_field("proxmox-cores", Messages::pve_cores, |o| o.cores, |o, v| o.cores = v)}
            {number_field("proxmox-disk", Messages::pve_disk, |o| o.disk_size_gib, |o, v| o.disk_size_gib = v)}
        </div>
        <CopyBlock title=t!(i18n, proxmox_template()) text=script file_name="proxmox-talos-template.sh" />
    }
}

#[component]
fn ProfilesTab(
    /// The derived outputs.
    ready: Memo<Option<Outputs>>,
) -> impl IntoView {
    let profile = part(ready, |o| o.profile.clone());
    let talhelper = part(ready, |o| o.talhelper.clone());
    let terraform = part(ready, |o| o.terraform.clone());
    let i18n = use_i18n();
    view! {
        <CopyBlock title=t!(i18n, cluster_profile()) text=profile file_name="talos-profile.yaml"
            note=t!(i18n, cluster_profile_note()) />
        <CopyBlock title="talhelper (talconfig.yaml)" text=talhelper file_name="talconfig.yaml" />
        <CopyBlock title=t!(i18n, out_terraform_snippet()) text=terraform file_name="talos-image.tf" />
    }
}

#[component]
fn ScriptTab(
    /// The derived outputs.
    ready: Memo<Option<Outputs>>,
    /// The chosen assets.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    let script = part(ready, |o| o.download_script.clone());
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, script_intro())}</p>
        <DownloadChoice ready=ready downloads=downloads />
        <CopyBlock title=t!(i18n, download_script()) text=script file_name="download-talos-assets.sh" />
    }
}

#[component]
fn DiffTab(
    /// What the current outputs are derived from.
    request: Memo<Option<OutputRequest>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let other = RwSignal::new(None::<Result<Schematic, Text>>);
    let loading = RwSignal::new(false);
    let i18n = use_i18n();
    let compare = move |_| match read_pasted(&text.get_untracked()) {
        Ok(Pasted::Id(id)) => {
            let factory = state.factory.get_untracked();
            loading.set(true);
            spawn_local(async move {
                let client = FactoryClient::new(&factory);
                let id = id.to_string();
                let result = match client.schematic(&id).await {
                    Ok(Some(yaml)) => read_factory_copy(&yaml, &id).map_err(|e| e.text()),
                    Ok(None) => Err(Text::factory_lacks_schematic(&factory, &id)),
                    Err(e) => Err(e.text()),
                };
                loading.set(false);
                other.set(Some(result));
            });
        }
        Ok(Pasted::Schematic(schematic)) => other.set(Some(Ok(*schematic))),
        Err(e) => other.set(Some(Err(e.text()))),
    };
    let result = move || {
        let other = other.get()?;
        Some(other.and_then(|other| {
            // The schematic's own error (the page shows it above, in the result header).
            let computed = state.computed.get().map_err(|uncomputed| {
                uncomputed
                    .error()
                    .cloned()
                    .unwrap_or_else(Text::status_decoding_options)
            })?;
            let diff = outputs::diff(&computed.schematic, &other);
            let mut lines = i18n.tr(|m| m.render_all(&diff.summary()));
            if lines.is_empty() {
                lines.push(i18n.tr(|m| m.schematics_same()).to_string());
            }
            let other_id = other.id().to_string();
            let change = request.with(|request| {
                request
                    .as_ref()
                    .and_then(|request| installer_change(request, &other_id).ok())
            });
            if let Some(change) = change {
                if change.before == change.after {
                    lines.push(i18n.tr(|m| m.installer_unchanged(&change.before)));
                } else {
                    lines.push(i18n.tr(|m| m.installer_changed(&change.after, &change.before)));
                }
            }
            Ok((other_id, lines))
        }))
    };
    view! {
        <div class="field">
            <label for="diff-text">{t!(i18n, diff_label())}</label>
            <textarea id="diff-text" class="mono" rows="5" spellcheck="false"
                prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
        </div>
        <button type="button" id="diff-button" on:click=compare disabled=move || loading.get()>{t!(i18n, tab_diff())}</button>
        {move || result().map(|result| match result {
            Ok((other_id, lines)) => view! {
                <div id="diff-result">
                    <p>{i18n.tr(|m| m.current_vs(&other_id))}</p>
                    <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="field__error" id="diff-error" role="alert">{i18n.tr(|m| m.render(&Text::cannot_compare(e)))}</p> }.into_any(),
        })}
    }
}
