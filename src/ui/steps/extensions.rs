//! System extensions: the version's catalog grouped by tier, a search that keeps selected
//! items visible, and the selected list in schematic order (sorted like the factory UI, or
//! as given to reproduce IDs made by other tools). Extensions the version lacks are flagged
//! by name, with known renames offered.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::i18n::Text;

use crate::catalog::{
    ExtensionInfo, Tier, groups_by_tier, search_extensions, search_keeps_all, tier_open_after,
    visible_extensions,
};
use crate::outputs::QEMU_GUEST_AGENT;
use crate::selection::{ExtensionOrder, across_versions, tags_across};
use crate::ui::app::FirstScreenDone;
use crate::ui::chunks::{self, Deferred};
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::{AppState, Load};
use crate::ui::widgets::{LazyDetails, Notice, NoticeKind};
use crate::version::TalosVersion;

#[component]
pub fn ExtensionsStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    provide_context(AcrossShown(RwSignal::new(None)));
    provide_context(SelectedRows::new(state.selection));
    let query = RwSignal::new(String::new());
    let catalog = move || {
        state
            .version_data
            .with(|data| data.ready().map(|data| data.extensions.clone()))
    };
    let catalog = Memo::new(move |_| catalog());
    let missing = state.missing_extensions;
    let guest_agent_missing = move || {
        catalog.with(|catalog| {
            state
                .selection
                .with(|s| s.guest_agent_missing(catalog.as_deref()))
        })
    };
    let retry = Callback::new(move |()| state.retry_catalog());
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="extensions-heading">
            <h2 id="extensions-heading">{t!(i18n, extensions_heading())}" "
                <span class="badge" id="extension-count">{move || {
                    let selected = state.selection.with(|s| s.extensions.len());
                    let total = catalog.with(|c| c.as_ref().map(|c| crate::catalog::visible_extensions(c).len()));
                    i18n.tr(|m| match total {
                        Some(total) => m.extensions_selected_of(selected as u64, total),
                        None => m.extensions_selected(selected as u64),
                    })
                }}</span>
            </h2>
            <p class="panel__hint">{t!(i18n, extensions_hint())}" "
                <a href="https://github.com/siderolabs/extensions" target="_blank" rel="noopener noreferrer">{t!(i18n, about_extensions())}</a></p>
            {move || match state.version_data.get() {
                Load::Loading => view! { <p class="muted" aria-busy="true">{t!(i18n, catalog_loading())}</p> }.into_any(),
                Load::Failed(reason) => view! {
                    <Notice kind=NoticeKind::Error id="catalog-error".to_string()
                        message=i18n.show(Text::catalog_failed(reason)) on_retry=retry />
                }.into_any(),
                Load::Ready(data) => match (&data.saved_at, &data.snapshot_taken) {
                    (Some(saved_at), _) => Some(view! {
                        <p class="panel__hint" id="catalog-saved">{i18n.tr(|m| m.catalog_saved_of(saved_at, &data.version))}</p>
                    }.into_any()),
                    (None, Some(taken)) => Some(view! {
                        <p class="panel__hint" id="catalog-snapshot">{i18n.tr(|m| m.catalog_snapshot_of(taken, &data.version))}</p>
                    }.into_any()),
                    (None, None) => None,
                }.into_any(),
            }}
            {move || guest_agent_missing().then(|| view! {
                <div class="notice" data-kind="warning" id="guest-agent-warning" role="status">
                    <p class="notice__message">{i18n.show(Text::guest_agent_needed(QEMU_GUEST_AGENT))}</p>
                    <button type="button" id="add-guest-agent"
                        on:click=move |_| state.selection.update(|s| s.add_guest_agent())>
                        {t!(i18n, add_it())}
                    </button>
                </div>
            })}
            <SelectedList missing=Signal::derive(move || missing.get()) />
            <div class="field">
                <label for="extension-search">{t!(i18n, search_extensions())}</label>
                <input id="extension-search" class="extension-search" type="search" autocomplete="off"
                    placeholder=t!(i18n, search_extensions_placeholder())
                    prop:value=move || query.get() on:input:target=move |ev| query.set(ev.target().value()) />
            </div>
            <ExtensionGroups catalog=catalog query=query />
        </section>
    }
}

/// The selected extensions in schematic order, with order mode, reordering and removal.
#[component]
fn SelectedList(
    /// Selected extensions missing from the version's catalog, with a replacement if known.
    missing: Signal<Vec<(String, Option<String>)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let order = move || state.selection.with(|s| s.extension_order);
    let i18n = use_i18n();
    let items = move || {
        state.selection.with(|s| match s.extension_order {
            ExtensionOrder::Sorted => s.ordered_extensions(),
            ExtensionOrder::AsGiven => s.extensions.clone(),
        })
    };
    let move_item = move |name: String, delta: isize| {
        state.selection.update(|s| {
            if let Some(index) = s.extensions.iter().position(|n| *n == name) {
                let target = index.checked_add_signed(delta);
                if let Some(target) = target.filter(|t| *t < s.extensions.len()) {
                    s.extensions.swap(index, target);
                }
            }
        });
    };
    view! {
        <ol class="selected-list" id="selected-extensions" aria-label=t!(i18n, selected_extensions())>
            {move || {
                let missing = missing.get();
                items().into_iter().map(|name| {
                    let finding = missing.iter().find(|(missing_name, _)| *missing_name == name).cloned();
                    let is_missing = finding.is_some();
                    let replacement = finding.and_then(|(_, replacement)| replacement);
                    let remove_name = name.clone();
                    let up_name = name.clone();
                    let down_name = name.clone();
                    let replace_name = name.clone();
                    view! {
                        <li data-missing=is_missing.to_string()>
                            <code>{name.clone()}</code>
                            {is_missing.then(|| view! { <span class="badge" data-kind="warning">{i18n.tr(|m| m.not_in_this_version())}</span> })}
                            {replacement.map(|replacement| {
                                let label = i18n.tr(|m| m.replace_with(&replacement));
                                view! {
                                    <button type="button" class="replace-extension" on:click=move |_| {
                                        let replacement = replacement.clone();
                                        let old = replace_name.clone();
                                        state.selection.update(|s| s.replace_extension(&old, &replacement));
                                    }>{label}</button>
                                }
                            })}
                            {move || (order() == ExtensionOrder::AsGiven).then(|| {
                                let up = up_name.clone();
                                let down = down_name.clone();
                                view! {
                                    <button type="button" aria-label=i18n.tr(|m| m.move_up(&up)) on:click=move |_| move_item(up.clone(), -1)>"↑"</button>
                                    <button type="button" aria-label=i18n.tr(|m| m.move_down(&down)) on:click=move |_| move_item(down.clone(), 1)>"↓"</button>
                                }
                            })}
                            <button type="button" aria-label=i18n.tr(|m| m.remove_named(&name)) on:click=move |_| {
                                let name = remove_name.clone();
                                state.selection.update(|s| s.extensions.retain(|n| *n != name));
                            }>{i18n.tr(|m| m.remove())}</button>
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
        {move || state.selection.with(|s| s.extensions.is_empty()).then(|| view! {
            <p class="muted">{t!(i18n, no_extensions_selected())}</p>
        })}
        <LazyDetails class="advanced" id="extension-order" summary=t!(i18n, order_advanced())>
        <fieldset class="field">
            <legend>{t!(i18n, order_legend())}</legend>
            <div class="cluster">
                <label><input type="radio" name="extension-order" id="order-sorted"
                    prop:checked=move || order() == ExtensionOrder::Sorted
                    on:change=move |_| state.selection.update(|s| s.extension_order = ExtensionOrder::Sorted) />
                    " "{t!(i18n, order_sorted())}</label>
                <label><input type="radio" name="extension-order" id="order-given"
                    prop:checked=move || order() == ExtensionOrder::AsGiven
                    on:change=move |_| state.selection.update(|s| s.extension_order = ExtensionOrder::AsGiven) />
                    " "{t!(i18n, order_given())}</label>
            </div>
            <p class="field__help">{t!(i18n, order_help())}</p>
        </fieldset>
        </LazyDetails>
    }
}

/// The catalog grouped by tier, filtered by the search. Every row stays in the page and the
/// search only hides the rows it leaves out: a keystroke flips `hidden` on the rows that
/// enter or leave the result instead of building and dropping them, and toggling an
/// extension (which keeps the shown set) changes one checkbox, so it keeps the focus.
#[component]
fn ExtensionGroups(
    /// The version's extensions in catalog order.
    catalog: Memo<Option<Vec<ExtensionInfo>>>,
    /// The search text.
    query: RwSignal<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = Memo::new(move |_| {
        catalog.with(|catalog| {
            let Some(catalog) = catalog else {
                return Vec::new();
            };
            groups_by_tier(visible_extensions(catalog))
                .into_iter()
                .map(|group| {
                    (
                        group.tier,
                        group
                            .extensions
                            .into_iter()
                            .cloned()
                            .collect::<Vec<ExtensionInfo>>(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let shown = Memo::new(move |_| {
        let query = query.get();
        // Without a search every row shows, whatever is selected: a toggle then leaves this
        // memo (and the rows' `hidden`) alone.
        let selected = if search_keeps_all(&query) {
            Vec::new()
        } else {
            state.selection.with(|s| s.extensions.clone())
        };
        catalog.with(|catalog| {
            catalog
                .as_deref()
                .map(|catalog| {
                    search_extensions(catalog, &query, &selected)
                        .into_iter()
                        .map(|extension| extension.name.clone())
                        .collect::<HashSet<String>>()
                })
                .unwrap_or_default()
        })
    });
    // How many rows each tier shows, and how many tiers show any.
    let shown_per_tier = Memo::new(move |_| {
        shown.with(|shown| {
            groups.with(|groups| {
                groups
                    .iter()
                    .map(|(tier, extensions)| {
                        let count = extensions
                            .iter()
                            .filter(|e| shown.contains(&e.name))
                            .count();
                        (*tier, count)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let tiers_shown = Memo::new(move |_| {
        shown_per_tier.with(|tiers| tiers.iter().filter(|(_, count)| *count > 0).count())
    });
    let no_match = move || tiers_shown.get() == 0 && catalog.with(Option::is_some);
    let i18n = use_i18n();
    let searching = Signal::derive(move || !query.with(|q| q.trim().is_empty()));
    let tiers = Memo::new(move |_| {
        groups.with(|groups| groups.iter().map(|(tier, _)| *tier).collect::<Vec<_>>())
    });
    view! {
        <div id="extension-groups">
            {move || no_match().then(|| view! { <p class="muted" id="no-extension-match">{t!(i18n, no_extension_match())}</p> })}
            <For each=move || tiers.get() key=|tier| *tier let:tier>
                <ExtensionGroup tier=tier groups=groups shown=shown shown_per_tier=shown_per_tier
                    tiers_shown=tiers_shown searching=searching />
            </For>
        </div>
    }
}

/// One tier's extensions, keyed by name and version-specific reference.
#[component]
fn ExtensionGroup(
    /// The tier shown.
    tier: Tier,
    /// Every tier of the catalog with its extensions.
    groups: Memo<Vec<(Tier, Vec<ExtensionInfo>)>>,
    /// The names the search shows.
    shown: Memo<HashSet<String>>,
    /// How many rows each tier shows.
    shown_per_tier: Memo<Vec<(Tier, usize)>>,
    /// How many tiers show any row.
    tiers_shown: Memo<usize>,
    /// Whether a search is active.
    searching: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let extensions = Memo::new(move |_| {
        groups.with(|groups| {
            groups
                .iter()
                .find(|(shown, _)| *shown == tier)
                .map(|(_, extensions)| extensions.clone())
                .unwrap_or_default()
        })
    });
    let count = Memo::new(move |_| {
        shown_per_tier.with(|tiers| {
            tiers
                .iter()
                .find(|(shown, _)| *shown == tier)
                .map_or(0, |(_, count)| *count)
        })
    });
    // Memos: setting `open` again, even to the same value, makes Chromium lay the whole
    // group out anew.
    let state_of_group = Memo::new(move |before: Option<&(bool, bool)>| {
        let selected = state.selection.with(|s| {
            extensions.with(|list| list.iter().filter(|e| s.has_extension(&e.name)).count())
        });
        let searching = searching.get();
        let open = tier_open_after(
            before.copied(),
            tier,
            searching,
            selected,
            tiers_shown.get(),
        );
        (open, searching)
    });
    let open = Memo::new(move |_| state_of_group.get().0);
    let hidden = Memo::new(move |_| count.get() == 0);
    // A folded group's rows (most of the first screen's elements, none of them visible) are
    // built once the first screen is done, or as soon as the group opens, whichever is first.
    let opened_by_hand = RwSignal::new(false);
    let first_screen_done = expect_context::<FirstScreenDone>().0;
    let rows_built = Memo::new(move |built: Option<&bool>| {
        built.copied().unwrap_or(false)
            || open.get()
            || opened_by_hand.get()
            || first_screen_done.get()
    });
    let i18n = use_i18n();
    view! {
        <details class="extension-group" open=open hidden=hidden data-tier=tier.as_str()
            on:toggle:target=move |ev| if ev.target().open() { opened_by_hand.set(true) }>
            <summary>{move || i18n.tr(|m| m.tier_count(count.get(), m.tier_text(tier)))}</summary>
            <ul class="extension-list">
                <Show when=move || rows_built.get()>
                    <For each=move || extensions.get()
                        key=|extension| (extension.name.clone(), extension.reference.clone(), extension.description.clone())
                        let:extension>
                        <ExtensionItem extension=extension shown=shown />
                    </For>
                </Show>
            </ul>
        </details>
    }
}

#[component]
fn ExtensionItem(
    /// The catalog entry.
    extension: ExtensionInfo,
    /// The names the search shows.
    shown: Memo<HashSet<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = extension.name.clone();
    let hidden = {
        let name = name.clone();
        Memo::new(move |_| !shown.with(|shown| shown.contains(&name)))
    };
    let id = format!("ext-{}", name.replace(['/', '.', ':'], "-"));
    let for_id = id.clone();
    let across_id = format!("{id}-across");
    let checked = expect_context::<SelectedRows>().of(&name);
    let toggle_name = name.clone();
    let across = expect_context::<AcrossShown>();
    let across_name = name.clone();
    let panel_name = name.clone();
    let expanded = {
        let name = name.clone();
        Memo::new(move |_| {
            across
                .0
                .with(|shown| shown.as_deref() == Some(name.as_str()))
        })
    };
    let i18n = use_i18n();
    let meta = {
        let tag = extension.tag().to_string();
        let author = extension.author.clone();
        move || {
            if author.is_empty() {
                tag.clone()
            } else {
                i18n.tr(|m| m.extension_by(&author, &tag))
            }
        }
    };
    view! {
        <li class="extension" hidden=hidden>
            <input type="checkbox" id=id value=name.clone()
                prop:checked=move || checked.get()
                on:change=move |_| state.selection.update(|s| s.toggle_extension(&toggle_name)) />
            <label for=for_id>
                <span class="extension__name">{name.clone()}</span>
                " "<span class="extension__meta">{meta}</span>
                <span class="extension__description">{extension.summary().to_string()}</span>
            </label>
            <button type="button" class="extension__across" id=across_id
                aria-expanded=move || expanded.get().to_string()
                aria-label=i18n.show(Text::tags_across_label(name.clone()))
                on:click=move |_| across.0.update(|shown| {
                    *shown = if shown.as_deref() == Some(across_name.as_str()) { None } else { Some(across_name.clone()) };
                })>{t!(i18n, releases())}</button>
            {move || expanded.get().then(|| {
                let name = panel_name.clone();
                view! { <Deferred load=move || chunks::extension_across(name.clone()) what=Text::part_releases() /> }
            })}
        </li>
    }
}

/// Whether each row's extension is selected, one signal per row. Every row reading the whole
/// selection made a toggle wake all of them (about a hundred checkbox updates, and Leptos
/// copying the selection's subscriber list at each step); now one effect compares and wakes
/// the rows whose answer changed.
#[derive(Clone, Copy)]
struct SelectedRows(StoredValue<HashMap<String, ArcRwSignal<bool>>>);

impl SelectedRows {
    fn new(selection: RwSignal<crate::selection::Selection>) -> Self {
        let rows = StoredValue::new(HashMap::<String, ArcRwSignal<bool>>::new());
        Effect::new(move |_| {
            selection.with(|s| {
                rows.with_value(|rows| {
                    for (name, row) in rows {
                        let selected = s.has_extension(name);
                        if row.get_untracked() != selected {
                            row.set(selected);
                        }
                    }
                })
            })
        });
        SelectedRows(rows)
    }

    /// The row's signal, made on first use with the selection's current answer.
    fn of(self, name: &str) -> ArcRwSignal<bool> {
        let state = expect_context::<AppState>();
        self.0
            .try_update_value(|rows| {
                rows.entry(name.to_string())
                    .or_insert_with(|| {
                        ArcRwSignal::new(state.selection.with_untracked(|s| s.has_extension(name)))
                    })
                    .clone()
            })
            .expect("the rows outlive the extension list")
    }
}

/// Which extension's "across releases" table is open (one at a time).
#[derive(Clone, Copy)]
struct AcrossShown(RwSignal<Option<String>>);

/// One extension's tag in the latest release of each recent minor, from their catalogs.
#[component]
pub fn ExtensionAcross(name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let versions = Memo::new(move |_| {
        state
            .versions
            .with(|list| list.ready().map(across_versions).unwrap_or_default())
    });
    let catalogs = LocalResource::new(move || state.catalogs_of(versions.get()));
    let rows = {
        let name = name.clone();
        move || {
            let loaded = catalogs.get();
            let known = |version: &TalosVersion| match loaded.as_ref()?.get(version)? {
                Load::Ready(data) => Some(data.extensions.as_slice()),
                _ => None,
            };
            versions.with(|versions| tags_across(&name, versions, known))
        }
    };
    let failed = move || {
        catalogs
            .get()
            .is_some_and(|loaded| loaded.values().any(|load| matches!(load, Load::Failed(_))))
    };
    let retry = Callback::new(move |()| catalogs.refetch());
    let i18n = use_i18n();
    view! {
        <div class="extension-across" role="region" aria-label=i18n.tr(|m| m.across_releases_label(&name))>
            <table class="upgrade-tags">
                <caption>{i18n.tr(|m| m.across_caption(&name))}</caption>
                <thead><tr><th scope="col">{t!(i18n, release())}</th><th scope="col">{t!(i18n, tag())}</th></tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|(version, found)| view! {
                        <tr data-version=version.to_string()>
                            <th scope="row">{version.to_string()}</th>
                            <td>{i18n.show(found.text())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || failed().then(|| view! {
                <Notice kind=NoticeKind::Error id="extension-across-error".to_string()
                    message=t!(i18n, some_catalogs_failed())
                    on_retry=retry />
            })}
        </div>
    }
}
