//! The upgrade planner panel: the machines' current version, the path to the version chosen
//! in the page, each hop's command and what its catalog lacks, the selected extensions' tags
//! before and after, and the plan as a script and as Markdown. The plan itself is the core's
//! (`Selection::upgrade_plan`); this maps it to the DOM and fetches the catalogs it needs.

use leptos::prelude::*;

use crate::i18n::Text;

use crate::selection::{Catalogs, upgrade_start_options};
use crate::ui::i18n::{t, use_i18n};
use crate::ui::outputs_view::OutputsState;
use crate::ui::state::{AppState, Load};
use crate::ui::widgets::{CopyBlock, CopyButton, Notice, NoticeKind};
use crate::version::TalosVersion;

#[component]
pub fn UpgradePlanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outputs = expect_context::<OutputsState>();
    let from = Memo::new(move |_| state.selection.with(|s| s.upgrade_from.clone()));
    let options = Memo::new(move |_| {
        let target = state.version.get()?;
        state.versions.with(|list| {
            list.ready()
                .map(|list| upgrade_start_options(list, &target, from.get().as_ref()))
        })
    });
    // The versions whose catalogs the plan reads: the start and every hop.
    let needed = Memo::new(move |_| {
        let (Some(start), Some(target)) = (from.get(), state.version.get()) else {
            return Vec::new();
        };
        let path = state.versions.with(|list| {
            list.ready()
                .and_then(|list| crate::selection::upgrade_path(&start, &target, list).ok())
        });
        let mut versions = vec![start];
        versions.extend(path.into_iter().flatten().map(|(version, _)| version));
        versions
    });
    let catalogs = LocalResource::new(move || state.catalogs_of(needed.get()));
    let plan = Memo::new(move |_| {
        let start = from.get()?;
        let target = state.version.get()?;
        let id = state
            .computed
            .with(|c| c.as_ref().ok().map(|c| c.id.to_string()))?;
        let node = outputs.node.get();
        let loaded = catalogs.get().unwrap_or_default();
        let known = |version: &TalosVersion| match loaded.get(version) {
            Some(Load::Ready(data)) => Some(Catalogs {
                extensions: &data.extensions,
                overlays: &data.overlays,
            }),
            _ => None,
        };
        let list = state.versions.with(|list| list.ready().cloned())?;
        Some(state.selection.with(|s| {
            s.upgrade_plan(&start, &target, &list, &id, &node, known)
                .map_err(|e| e.text())
        }))
    });
    let failures = Memo::new(move |_| {
        catalogs
            .get()
            .map(|loaded| {
                let mut failed: Vec<(TalosVersion, Text)> = loaded
                    .iter()
                    .filter_map(|(version, load)| match load {
                        Load::Failed(reason) => Some((version.clone(), reason.clone())),
                        _ => None,
                    })
                    .collect();
                failed.sort();
                failed
            })
            .unwrap_or_default()
    });
    let retry = Callback::new(move |()| catalogs.refetch());
    let i18n = use_i18n();
    let on_from = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let version = value.parse::<TalosVersion>().ok();
        state.selection.update(|s| s.upgrade_from = version);
    };
    let script = Signal::derive(move || {
        plan.with(|plan| match plan {
            Some(Ok(plan)) => plan.shell_script(),
            _ => String::new(),
        })
    });
    let markdown = Signal::derive(move || {
        plan.with(|plan| match plan {
            Some(Ok(plan)) => plan.markdown(),
            _ => String::new(),
        })
    });
    view! {
        <div class="upgrade-planner" id="upgrade-planner">
            <div class="field field--inline">
                <label for="upgrade-from">{t!(i18n, upgrade_from_label())}</label>
                <select id="upgrade-from" on:change=on_from
                    prop:value=move || from.get().map(|v| v.to_string()).unwrap_or_default()>
                    <option value="" selected=move || from.with(Option::is_none)>{t!(i18n, upgrade_choose())}</option>
                    {move || options.get().unwrap_or_default().into_iter().map(|version| {
                        let value = version.to_string();
                        let label = value.clone();
                        let is_selected = from.with(|f| f.as_ref() == Some(&version));
                        view! { <option value=value selected=is_selected>{label}</option> }
                    }).collect_view()}
                </select>
                <span class="field__help">{move || state.version.get().map(|v| i18n.tr(|m| m.upgrade_to(v)))}</span>
            </div>
            {move || failures.get().into_iter().map(|(version, reason)| view! {
                <Notice kind=NoticeKind::Error id=format!("upgrade-catalog-error-{}", version.bare())
                    message=i18n.show(Text::upgrade_catalog_failed(reason, version))
                    on_retry=retry />
            }).collect_view()}
            {move || plan.get().map(|plan| match plan {
                Err(message) => view! { <p class="field__help" id="upgrade-plan-error">{i18n.show(message)}</p> }.into_any(),
                Ok(plan) => view! {
                    <p class="panel__hint" id="upgrade-path">{i18n.tr(|m| m.upgrade_path(plan.path_text()))}</p>
                    <ol class="upgrade-hops" id="upgrade-hops">
                        {plan.hops.into_iter().map(|hop| {
                            let version = hop.version.to_string();
                            let command = hop.command.clone();
                            view! {
                                <li class="upgrade-hop" data-version=version.clone()>
                                    <p class="upgrade-hop__title"><strong>{version.clone()}</strong>" · "{i18n.show(hop.kind.text())}</p>
                                    <div class="upgrade-hop__command">
                                        <code class="upgrade-hop__code">{command.clone()}</code>
                                        <CopyButton text=Signal::stored(command) label=i18n.tr(|m| m.copy_upgrade_command(&version)) />
                                    </div>
                                    {(!hop.findings.is_empty()).then(|| view! {
                                        <ul class="upgrade-hop__findings" role="status">
                                            {hop.findings.iter().map(|finding| view! { <li>{i18n.show(finding.sentence(&hop.version))}</li> }).collect_view()}
                                        </ul>
                                    })}
                                    {(!hop.catalog_loaded).then(|| view! { <p class="field__help">{i18n.tr(|m| m.upgrade_catalogs_missing())}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {plan.extensions.map(|tags| (!tags.is_empty()).then(|| view! {
                        <table class="upgrade-tags" id="upgrade-extensions">
                            <caption>{i18n.tr(|m| m.upgrade_tags_caption())}</caption>
                            <thead><tr><th scope="col">{i18n.tr(|m| m.extension())}</th><th scope="col">{plan.from.to_string()}</th><th scope="col">{plan.to.to_string()}</th><th scope="col">{i18n.tr(|m| m.change())}</th></tr></thead>
                            <tbody>
                                {tags.into_iter().map(|tags| view! {
                                    <tr data-extension=tags.name.clone()>
                                        <th scope="row"><code>{tags.name.clone()}</code></th>
                                        <td>{tags.from.clone().unwrap_or_else(|| "–".to_string())}</td>
                                        <td>{tags.to.clone().unwrap_or_else(|| "–".to_string())}</td>
                                        <td>{i18n.show(tags.change.text())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }))}
                }.into_any(),
            })}
            <Show when=move || !script.with(String::is_empty)>
                <CopyBlock title=t!(i18n, upgrade_script()) text=script file_name="talos-upgrade.sh"
                    note=t!(i18n, upgrade_script_note()) />
                <CopyBlock title=t!(i18n, upgrade_plan_markdown()) text=markdown file_name="talos-upgrade-plan.md" />
            </Show>
        </div>
    }
}
