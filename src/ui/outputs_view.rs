//! Everything to copy: the factory's final page (links, installer references, docs) for the
//! current choices, and the extras users otherwise write by hand: commands, the offline
//! download script, the Proxmox template recipe, profiles and snippets, and a diff against
//! another schematic. All of it comes from `outputs`, recomputed on every change.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::AppState;
use super::widgets::{CopyBlock, CopyButton, Notice, NoticeKind};
use crate::factory::FactoryClient;
use crate::outputs::{
    self, AssetKind, ItemKind, OutputRequest, Outputs, ProxmoxOptions, Section, SectionId,
    installer_change,
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

impl Tab {
    fn label(self) -> &'static str {
        match self {
            Tab::Links => "Images & links",
            Tab::Commands => "Commands",
            Tab::Proxmox => "Proxmox",
            Tab::Profiles => "Profiles & snippets",
            Tab::Script => "Offline download",
            Tab::Diff => "Compare",
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

/// The outputs of the current choices, shared by the result header (first boot media) and
/// the tabs.
#[derive(Clone, Copy)]
pub struct OutputsState {
    pub request: Memo<Option<OutputRequest>>,
    pub outputs: Memo<Option<Result<Outputs, String>>>,
    /// The node address for `talosctl upgrade`.
    pub node: RwSignal<String>,
    /// The assets the download commands fetch; empty = the first boot files.
    pub downloads: RwSignal<Vec<AssetKind>>,
}

/// Derives the outputs from the app state and provides them to the components below.
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
    let outputs = Memo::new(move |_| -> Option<Result<Outputs, String>> {
        request.with(|request| {
            request
                .as_ref()
                .map(|request| outputs::outputs(request).map_err(|e| e.to_string()))
        })
    });
    let shared = OutputsState {
        request,
        outputs,
        node,
        downloads,
    };
    provide_context(shared);
    shared
}

#[component]
pub fn OutputsView() -> impl IntoView {
    let OutputsState {
        request,
        outputs,
        node,
        downloads,
    } = expect_context::<OutputsState>();
    let tab = RwSignal::new(Tab::Links);
    let has_proxmox = move || outputs.with(|o| matches!(o, Some(Ok(o)) if o.proxmox.is_some()));
    let tabs = move || {
        let mut tabs = vec![Tab::Links, Tab::Commands];
        if has_proxmox() {
            tabs.push(Tab::Proxmox);
        }
        tabs.extend([Tab::Profiles, Tab::Script, Tab::Diff]);
        tabs
    };
    view! {
        <section class="panel outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">"Images, commands and snippets"</h2>
            <div class="tabs" role="tablist" aria-label="Outputs">
                {move || tabs().into_iter().map(|t| view! {
                    <button type="button" role="tab" id=format!("tab-{}", t.id()) aria-controls=format!("tabpanel-{}", t.id())
                        aria-selected=move || (tab.get() == t).to_string()
                        on:click=move |_| tab.set(t)>{t.label()}</button>
                }).collect_view()}
            </div>
            {move || match outputs.get() {
                None => view! { <p class="muted" id="outputs-waiting">"Links appear once a version is chosen and the schematic is valid."</p> }.into_any(),
                Some(Err(e)) => view! { <Notice kind=NoticeKind::Warning message=Signal::stored(format!("No links for this choice: {e}")) /> }.into_any(),
                Some(Ok(outputs)) => {
                    let current = tab.get();
                    let current = if current == Tab::Proxmox && outputs.proxmox.is_none() { Tab::Links } else { current };
                    let body = match current {
                        Tab::Links => view! { <LinksTab outputs=outputs.clone() /> }.into_any(),
                        Tab::Commands => view! { <CommandsTab outputs=outputs.clone() node=node downloads=downloads /> }.into_any(),
                        Tab::Proxmox => view! { <ProxmoxTab outputs=outputs.clone() /> }.into_any(),
                        Tab::Profiles => view! { <ProfilesTab outputs=outputs.clone() /> }.into_any(),
                        Tab::Script => view! { <ScriptTab outputs=outputs.clone() downloads=downloads /> }.into_any(),
                        Tab::Diff => view! { <DiffTab request=request /> }.into_any(),
                    };
                    view! {
                        {outputs.warnings.iter().map(|w| view! { <Notice kind=NoticeKind::Warning message=Signal::stored(w.clone()) /> }).collect_view()}
                        <div role="tabpanel" id=format!("tabpanel-{}", current.id()) aria-labelledby=format!("tab-{}", current.id())>{body}</div>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn LinksTab(
    /// The derived outputs.
    outputs: Outputs,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let formats = outputs.disk_formats.clone();
    view! {
        {(!formats.is_empty()).then(|| view! {
            <div class="field field--inline disk-format-field">
                <label for="disk-format">"Disk image format"</label>
                <select id="disk-format" on:change:target=move |ev| {
                    let value = ev.target().value();
                    state.selection.update(|s| s.disk_format = if value.is_empty() { None } else { Some(value) });
                }>
                    {formats.iter().map(|format| {
                        let selected = state.selection.with_untracked(|s| s.disk_format.as_deref() == Some(format.suffix))
                            || (format.is_default && state.selection.with_untracked(|s| s.disk_format.is_none()));
                        let label = if format.is_default { format!("{} (factory default)", format.label) } else { format.label.to_string() };
                        let value = if format.is_default { String::new() } else { format.suffix.to_string() };
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        {outputs.disk_image.clone().map(|asset| view! {
            <p class="field__help" id="chosen-disk-image">"Chosen disk image: "
                <FactoryLink url=asset.url.clone() text=asset.file_name.clone() needs_schematic=asset.needs_schematic() output=None /></p>
        })}
        {outputs.page.into_iter()
            .filter(|section| section.id != SectionId::FirstBoot)
            .map(|section| view! { <PageSection section=section /> }).collect_view()}
        {outputs.ipxe_chain.map(|chain| view! {
            <CopyBlock title="iPXE chain snippet" text=Signal::stored(chain) note="Chain-load the factory's iPXE script from your own iPXE menu." />
        })}
    }
}

/// The first boot media of the target, compact, in the result header: what most users came
/// for, next to the ID and the Create button.
#[component]
pub fn BootMedia() -> impl IntoView {
    let OutputsState { outputs, .. } = expect_context::<OutputsState>();
    view! {
        {move || outputs.with(|outputs| match outputs {
            Some(Ok(outputs)) => Some(view! { <BootMediaList outputs=outputs.clone() /> }.into_any()),
            Some(Err(e)) => Some(view! { <Notice kind=NoticeKind::Warning message=Signal::stored(format!("No links for this choice: {e}")) /> }.into_any()),
            None => None,
        })}
    }
}

#[component]
fn BootMediaList(
    /// The derived outputs.
    outputs: Outputs,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let section = outputs::first_boot_section(&outputs.page).cloned();
    view! {
        {section.map(|section| view! {
            <section class="boot-media" id="section-firstboot" aria-labelledby="boot-media-heading">
                <h3 id="boot-media-heading" class="boot-media__title">"First boot"</h3>
                <ul class="boot-media__list">
                    {section.items.into_iter().map(|item| {
                        let value = item.value.clone();
                        let body = match item.kind {
                            ItemKind::Copy => {
                                let pending = move || !state.status.with(|s| s.links_live);
                                view! {
                                    <span class="boot-media__label">{item.label.clone()}</span>
                                    <code class="boot-media__value" data-output=item.label.clone() data-pending=move || pending().to_string() title=value.clone()>{value.clone()}</code>
                                    <CopyButton text=Signal::stored(value.clone()) label=format!("Copy {}", item.label) />
                                }.into_any()
                            }
                            ItemKind::Link | ItemKind::Code => view! {
                                <FactoryLink url=value.clone() text=item.label.clone() needs_schematic=item.needs_schematic() output=Some(item.label.clone()) />
                            }.into_any(),
                        };
                        view! {
                            <li class="boot-media__item">
                                {body}
                                {item.doc.map(|doc| view! {
                                    <a class="output-item__note" href=doc.url target="_blank" rel="noopener noreferrer">{doc.label}</a>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn PageSection(
    /// One block of the factory's final page.
    section: Section,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("section-{:?}", section.id).to_lowercase();
    view! {
        <section class="output-section" id=id>
            <h3>{section.title}</h3>
            {(!section.intro.is_empty()).then(|| view! { <p>{section.intro}</p> })}
            {(!section.links.is_empty()).then(|| view! {
                <p class="cluster">{section.links.into_iter().map(|link| view! {
                    <a href=link.url target="_blank" rel="noopener noreferrer">{link.label}</a>
                }).collect_view()}</p>
            })}
            <ul class="output-list">
                {section.items.into_iter().map(|item| {
                    let value = item.value.clone();
                    let is_doc = item.kind == ItemKind::Link && !item.needs_schematic();
                    let body = match item.kind {
                        // A documentation link reads as its title.
                        ItemKind::Link if is_doc => view! {
                            <a class="output-item__doc" href=value.clone() target="_blank" rel="noopener noreferrer" data-output=item.label.clone()>{item.label.clone()}</a>
                        }.into_any(),
                        ItemKind::Link => view! {
                            <FactoryLink url=value.clone() text=value.clone() needs_schematic=item.needs_schematic() output=Some(item.label.clone()) />
                        }.into_any(),
                        ItemKind::Copy if item.needs_schematic() => {
                            let pending = move || !state.status.with(|s| s.links_live);
                            view! {
                                <span class="cluster">
                                    <code class="output-item__value" data-output=item.label.clone() data-pending=move || pending().to_string()>{value.clone()}</code>
                                    <CopyButton text=Signal::stored(value.clone()) label=format!("Copy {}", item.label) />
                                    {move || pending().then(|| view! { <span class="badge" data-kind="warning">"works once created"</span> })}
                                </span>
                            }.into_any()
                        }
                        ItemKind::Copy => view! {
                            <span class="cluster">
                                <code class="output-item__value" data-output=item.label.clone()>{value.clone()}</code>
                                <CopyButton text=Signal::stored(value.clone()) label=format!("Copy {}", item.label) />
                            </span>
                        }.into_any(),
                        ItemKind::Code => view! {
                            <CopyBlock title=item.label.clone() text=Signal::stored(value.clone()) />
                        }.into_any(),
                    };
                    view! {
                        <li class="output-item">
                            {(!is_doc).then(|| view! { <span class="output-item__label">{item.label.clone()}</span> })}
                            {body}
                            {item.doc.map(|doc| view! {
                                " "<a class="output-item__note" href=doc.url target="_blank" rel="noopener noreferrer">{doc.label}</a>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {section.notes.into_iter().map(|note| view! { <p class="output-item__note">{note}</p> }).collect_view()}
        </section>
    }
}

/// A link to a factory asset: clickable once the factory has the schematic, else shown as
/// not yet available (the factory would answer "schematic not found").
#[component]
fn FactoryLink(
    /// Where it points.
    url: String,
    /// What it says.
    text: String,
    /// Whether it 404s until the schematic exists on the factory.
    needs_schematic: bool,
    /// The `data-output` label (the page's link list), if any.
    output: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let live = move || !needs_schematic || state.status.with(|s| s.links_live);
    let unverified = move || state.status.with(|s| s.links_unverified);
    view! {
        {move || if live() {
            view! {
                <a class="output-item__value" href=url.clone() rel="noopener noreferrer" data-output=output.clone()>{text.clone()}</a>
            }.into_any()
        } else {
            view! {
                <span class="output-item__value output-item__value--pending" data-output=output.clone() data-href=url.clone()
                    aria-disabled="true">{text.clone()}</span>
                " "<span class="badge" data-kind="warning">{move || if unverified() { "unverified" } else { "available once created" }}</span>
                {
                    let (url, label) = (url.clone(), format!("Copy the link {text}"));
                    move || unverified().then(|| view! {
                        " "<CopyButton text=Signal::stored(url.clone()) label=label.clone() idle_text="Copy link" />
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
    outputs: Outputs,
    /// The chosen assets; empty = the first boot files.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    let chosen_now: Vec<AssetKind> = outputs.downloads.iter().map(|a| a.kind.clone()).collect();
    view! {
        <fieldset class="field">
            <legend>"Files to download"</legend>
            <div class="cluster" id="download-choice">
                {outputs.assets.into_iter().enumerate().map(|(index, asset)| {
                    let kind = asset.kind.clone();
                    let checked = chosen_now.contains(&kind);
                    let id = format!("download-{index}");
                    let for_id = id.clone();
                    let all_kinds = chosen_now.clone();
                    view! {
                        <label for=for_id>
                            <input type="checkbox" id=id checked=checked on:change:target=move |ev| {
                                let on = ev.target().checked();
                                let kind = kind.clone();
                                let defaults = all_kinds.clone();
                                downloads.update(|list| {
                                    if list.is_empty() { list.clone_from(&defaults); }
                                    list.retain(|k| *k != kind);
                                    if on { list.push(kind); }
                                });
                            } />
                            " "{asset.file_name}
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
    outputs: Outputs,
    /// The node address for `talosctl upgrade`.
    node: RwSignal<String>,
    /// The chosen assets.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    let commands = outputs.commands.clone();
    view! {
        <CopyBlock title="Register the schematic (curl)" text=Signal::stored(commands.register_schematic)
            note="Sends the exact canonical YAML; the factory answers with the same ID." />
        <DownloadChoice outputs=outputs.clone() downloads=downloads />
        <CopyBlock title="Download (curl)" text=Signal::stored(commands.download) />
        <div class="field field--inline">
            <label for="node-address">"Node address for upgrades"</label>
            <input id="node-address" type="text" placeholder="$NODE_IP" prop:value=move || node.get()
                on:change:target=move |ev| node.set(ev.target().value().trim().to_string()) />
        </div>
        <CopyBlock title="Upgrade a node (talosctl)" text=Signal::stored(commands.upgrade) />
        <CopyBlock title="Machine configuration patch (machine.install.image)" text=Signal::stored(outputs.install_patch) file_name="install-image-patch.yaml" />
        {commands.local_cluster.map(|command| view! { <CopyBlock title="Local test cluster (talosctl, QEMU)" text=Signal::stored(command) /> })}
        <CopyBlock title="PXE boot with booter" text=Signal::stored(commands.booter) />
    }
}

#[component]
fn ProxmoxTab(
    /// The derived outputs.
    outputs: Outputs,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(proxmox) = outputs.proxmox else {
        return ().into_any();
    };
    // In the selection, so the URL (and Share) keeps them. The tab is rebuilt whenever the
    // outputs change, so each field starts from the value in effect.
    let options = Signal::derive(move || state.selection.with(|s| s.proxmox.clone()));
    let update = move |change: &dyn Fn(&mut ProxmoxOptions)| {
        state.selection.update(|s| change(&mut s.proxmox));
    };
    let number_field = move |id: &'static str,
                             label: &'static str,
                             get: fn(&ProxmoxOptions) -> u32,
                             set: fn(&mut ProxmoxOptions, u32)| {
        let error = RwSignal::new(None::<String>);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="number" min="1" value=options.with_untracked(get).to_string()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    on:change:target=move |ev| {
                        let text = ev.target().value();
                        match text.trim().parse::<u32>() {
                            Ok(value) if value > 0 => { error.set(None); update(&|o| set(o, value)); }
                            _ => error.set(Some(format!("{label}: {text:?} is not a positive whole number"))),
                        }
                    } />
                {move || error.get().map(|e| view! { <span class="field__error" role="alert">{e}</span> })}
            </div>
        }
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           get: fn(&ProxmoxOptions) -> String,
                           set: fn(&mut ProxmoxOptions, String)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" value=options.with_untracked(get)
                    on:change:target=move |ev| { let value = ev.target().value(); update(&|o| set(o, value.clone())); } />
            </div>
        }
    };
    view! {
        {proxmox.warnings.into_iter().map(|w| view! { <Notice kind=NoticeKind::Warning id="proxmox-warning".to_string() message=Signal::stored(w) /> }).collect_view()}
        <div class="choice-list">
            {number_field("proxmox-vmid", "VM ID", |o| o.vm_id, |o, v| o.vm_id = v)}
            {text_field("proxmox-name", "VM name", |o| o.vm_name.clone(), |o, v| o.vm_name = v)}
            {text_field("proxmox-storage", "Storage", |o| o.storage.clone(), |o, v| o.storage = v)}
            {text_field("proxmox-bridge", "Bridge", |o| o.bridge.clone(), |o, v| o.bridge = v)}
            {text_field("proxmox-dir", "Download directory", |o| o.download_dir.clone(), |o, v| o.download_dir = v)}
            {number_field("proxmox-memory", "Memory (MiB)", |o| o.memory_mib, |o, v| o.memory_mib = v)}
            {number_field("proxmox-cores", "Cores", |o| o.cores, |o, v| o.cores = v)}
            {number_field("proxmox-disk", "Disk size (GiB)", |o| o.disk_size_gib, |o, v| o.disk_size_gib = v)}
        </div>
        <CopyBlock title="Proxmox VM template (run on the Proxmox host)" text=Signal::stored(proxmox.script) file_name="proxmox-talos-template.sh" />
    }.into_any()
}

#[component]
fn ProfilesTab(
    /// The derived outputs.
    outputs: Outputs,
) -> impl IntoView {
    view! {
        <CopyBlock title="Cluster profile" text=Signal::stored(outputs.profile) file_name="talos-profile.yaml"
            note="talos.factory.schematic_id with the extensions, version, architecture, platform and installer image." />
        <CopyBlock title="talhelper (talconfig.yaml)" text=Signal::stored(outputs.talhelper) file_name="talconfig.yaml" />
        <CopyBlock title="Terraform (siderolabs/talos provider)" text=Signal::stored(outputs.terraform) file_name="talos-image.tf" />
    }
}

#[component]
fn ScriptTab(
    /// The derived outputs.
    outputs: Outputs,
    /// The chosen assets.
    downloads: RwSignal<Vec<AssetKind>>,
) -> impl IntoView {
    view! {
        <p>"A POSIX shell script for air-gapped installs: it downloads the chosen files, writes SHA256SUMS computed locally (the factory publishes no checksums), and keeps the schematic ID, version and YAML beside them."</p>
        <DownloadChoice outputs=outputs.clone() downloads=downloads />
        <CopyBlock title="Download script" text=Signal::stored(outputs.download_script) file_name="download-talos-assets.sh" />
    }
}

#[component]
fn DiffTab(
    /// What the current outputs are derived from.
    request: Memo<Option<OutputRequest>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let other = RwSignal::new(None::<Result<Schematic, String>>);
    let loading = RwSignal::new(false);
    let compare = move |_| match read_pasted(&text.get_untracked()) {
        Ok(Pasted::Id(id)) => {
            let factory = state.factory.get_untracked();
            loading.set(true);
            spawn_local(async move {
                let client = FactoryClient::new(&factory);
                let id = id.to_string();
                let result = match client.schematic(&id).await {
                    Ok(Some(yaml)) => read_factory_copy(&yaml, &id),
                    Ok(None) => Err(format!("{factory} has no schematic {id}")),
                    Err(e) => Err(e.to_string()),
                };
                loading.set(false);
                other.set(Some(result));
            });
        }
        Ok(Pasted::Schematic(schematic)) => other.set(Some(Ok(*schematic))),
        Err(e) => other.set(Some(Err(e.to_string()))),
    };
    let result = move || {
        let other = other.get()?;
        Some(other.and_then(|other| {
            let computed = state.computed.get()?;
            let diff = outputs::diff(&computed.schematic, &other);
            let mut lines = diff.summary();
            if lines.is_empty() {
                lines.push("The two schematics are the same.".to_string());
            }
            let other_id = other.id().to_string();
            let change = request.with(|request| {
                request
                    .as_ref()
                    .and_then(|request| installer_change(request, &other_id).ok())
            });
            if let Some(change) = change {
                if change.before == change.after {
                    lines.push(format!("Installer image unchanged: {}", change.before));
                } else {
                    lines.push(format!(
                        "Installer image: {} → {}",
                        change.before, change.after
                    ));
                }
            }
            Ok((other_id, lines))
        }))
    };
    view! {
        <div class="field">
            <label for="diff-text">"Compare with another schematic (YAML, JSON or an ID on the factory)"</label>
            <textarea id="diff-text" class="mono" rows="5" spellcheck="false"
                prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
        </div>
        <button type="button" id="diff-button" on:click=compare disabled=move || loading.get()>"Compare"</button>
        {move || result().map(|result| match result {
            Ok((other_id, lines)) => view! {
                <div id="diff-result">
                    <p>{format!("Current schematic vs {other_id}:")}</p>
                    <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="field__error" id="diff-error" role="alert">{format!("Cannot compare: {e}")}</p> }.into_any(),
        })}
    }
}
