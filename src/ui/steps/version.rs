//! Talos version: the options the core offers for the target (newest first, grouped by minor,
//! latest stable preselected, pre-releases opt-in, a chosen version that is not offered shown
//! as such), and beside the control what the chosen version cannot build of the selection,
//! with remove-all and replace-all.

use leptos::prelude::*;

use crate::i18n::Text;

use crate::outputs::{support_matrix_url, whats_new_url};
use crate::selection::{Step, VersionStatus};
use crate::ui::chunks::{self, Deferred};
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::{AppState, Load};
use crate::ui::widgets::{LazyDetails, Notice, NoticeKind, StepHeading};
use crate::version::TalosVersion;

#[component]
pub fn VersionStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_prereleases = RwSignal::new(
        state
            .selection
            .with_untracked(|s| s.version.as_ref().is_some_and(TalosVersion::is_prerelease)),
    );
    let groups = Memo::new(move |_| {
        let chosen = state.version.get();
        let show = show_prereleases.get();
        state.versions.with(|versions| {
            versions
                .ready()
                .map(|list| {
                    state
                        .selection
                        .with(|s| s.version_options(list, chosen.as_ref(), show))
                })
                .unwrap_or_default()
        })
    });
    let selected = move || {
        state
            .version
            .get()
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let status_message = move || {
        let version = state.version.get()?;
        state.versions.with(|versions| {
            let list = versions.ready()?;
            let status = state.selection.with(|s| s.version_status(&version, list));
            (status != VersionStatus::Offered)
                .then(|| status.message(&version))
                .flatten()
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Ok(version) = value.parse::<TalosVersion>() {
            state.selection.update(|s| s.version = Some(version));
        }
    };
    let retry = Callback::new(move |()| state.retry_versions());
    let folded = RwSignal::new(false);
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="version-heading">
            <StepHeading id="version-heading" title=t!(i18n, version_heading()) summary=state.step_summary(Step::Version) folded=folded />
            {move || match state.versions.get() {
                Load::Loading => view! { <p class="muted" aria-busy="true">{t!(i18n, versions_loading())}</p> }.into_any(),
                Load::Failed(reason) => view! {
                    <Notice kind=NoticeKind::Error id="versions-error".to_string()
                        message=i18n.show(Text::versions_failed(reason)) on_retry=retry />
                }.into_any(),
                Load::Ready(_) => ().into_any(),
            }}
            <Show when=move || !folded.get()>
            <div class="field field--inline">
                <label for="version-select">{t!(i18n, version_label())}</label>
                <select id="version-select" on:change=on_change prop:value=selected
                    disabled=move || state.versions.with(|v| v.ready().is_none())>
                    <For each=move || groups.get() key=|group| (group.label.clone(), group.options.len()) let:group>
                        <optgroup label=i18n.show(group.label.clone())>
                            {group.options.iter().map(|option| {
                                let is_selected = option.value == selected();
                                view! { <option value=option.value.clone() selected=is_selected>{i18n.show(option.label.clone())}</option> }
                            }).collect_view()}
                        </optgroup>
                    </For>
                </select>
                <label class="field--inline">
                    <input type="checkbox" id="show-prereleases" prop:checked=move || show_prereleases.get()
                        on:change:target=move |ev| show_prereleases.set(ev.target().checked()) />
                    {t!(i18n, show_prereleases())}
                </label>
            </div>
            <p class="panel__hint">{t!(i18n, version_hint())}
                {move || state.version.get().map(|version| view! {
                    " "<a href=whats_new_url(&version) target="_blank" rel="noopener noreferrer">{i18n.tr(|m| m.whats_new(version.short()))}</a>
                    " · "<a href=support_matrix_url(&version) target="_blank" rel="noopener noreferrer">{t!(i18n, support_matrix())}</a>
                })}
            </p>
            </Show>
            {move || status_message().map(|message| view! { <Notice kind=NoticeKind::Warning id="version-status".to_string() message=i18n.show(message) /> })}
            <VersionFindings />
            <LazyDetails class="upgrade" id="upgrade-details" summary=t!(i18n, plan_upgrade())
                open=state.selection.with_untracked(|s| s.upgrade_from.is_some())>
                <Deferred load=chunks::upgrade_planner what=Text::part_upgrade() />
            </LazyDetails>
        </section>
    }
}

/// What the chosen version cannot build of the selection, beside the version control:
/// missing extensions (with their renames), the board or overlay, gated options.
#[component]
fn VersionFindings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let report = Memo::new(move |_| {
        let version = state.version.get()?;
        state.version_data.with(|data| {
            let Load::Ready(data) = data else {
                return None;
            };
            state.selection.with(|selection| {
                let findings = crate::selection::version_change_findings(
                    selection,
                    &version,
                    Some(&data.extensions),
                    Some(&data.overlays),
                );
                let missing = state.missing_extensions.get();
                let lines: Vec<Text> = findings.iter().map(|f| f.sentence(&version)).collect();
                (!lines.is_empty()).then_some((lines, missing))
            })
        })
    });
    view! {
        {move || report.get().map(|(lines, missing)| {
            let replaceable = missing.iter().any(|(_, replacement)| replacement.is_some());
            let names: Vec<String> = missing.iter().map(|(name, _)| name.clone()).collect();
            let has_missing = !names.is_empty();
            let replace_missing = missing.clone();
            view! {
                <div class="notice" data-kind="warning" id="version-findings" role="status">
                    <div>
                        <ul class="notice__list">
                            {lines.into_iter().map(|line| view! { <li>{i18n.show(line)}</li> }).collect_view()}
                        </ul>
                        <div class="cluster">
                            {replaceable.then(|| view! {
                                <button type="button" id="replace-all-missing"
                                    on:click=move |_| { let missing = replace_missing.clone(); state.selection.update(|s| s.replace_all_missing(&missing)); }>
                                    {t!(i18n, replace_renamed())}
                                </button>
                            })}
                            {has_missing.then(|| view! {
                                <button type="button" id="remove-all-missing"
                                    on:click=move |_| { let names = names.clone(); state.selection.update(|s| s.remove_extensions(&names)); }>
                                    {t!(i18n, remove_missing())}
                                </button>
                            })}
                        </div>
                    </div>
                </div>
            }
        })}
    }
}
