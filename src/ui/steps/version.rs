//! Talos version: newest first, grouped by minor like the factory UI (`1.14`, `1.14-pre`),
//! latest stable preselected, pre-releases marked and optionally hidden, broken versions
//! flagged. Boards list only 1.7.0 and later.

use leptos::prelude::*;

use crate::platforms::TargetKind;
use crate::selection::{VersionFinding, version_change_findings};
use crate::ui::state::{AppState, Load};
use crate::ui::widgets::{Notice, NoticeKind};
use crate::version::TalosVersion;

#[component]
pub fn VersionStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_prereleases = RwSignal::new(true);
    let groups = move || {
        let sbc = state.selection.with(|s| s.target == TargetKind::Sbc);
        let hide_pre = !show_prereleases.get();
        state.versions.with(|versions| {
            versions
                .ready()
                .map(|list| {
                    list.groups()
                        .into_iter()
                        .filter(|group| !(hide_pre && group.prerelease))
                        .map(|mut group| {
                            if sbc {
                                group.entries.retain(|entry| {
                                    entry.version.at_least(&TalosVersion::new(1, 7, 0))
                                });
                            }
                            group
                        })
                        .filter(|group| !group.entries.is_empty())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let selected = move || {
        state
            .version
            .get()
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let unknown_choice = move || {
        let chosen = state.selection.with(|s| s.version.clone())?;
        let listed = state.versions.with(|versions| {
            versions
                .ready()
                .map(|list| list.entries().iter().any(|entry| entry.version == chosen))
        })?;
        let sbc = state.selection.with(|s| s.target == TargetKind::Sbc);
        if !listed {
            Some(format!(
                "{chosen} is not offered by this factory (it may be too old, broken, or an old pre-release); images for it cannot be built. Pick another version."
            ))
        } else if sbc && !chosen.at_least(&TalosVersion::new(1, 7, 0)) {
            Some(format!(
                "Single-board computers need Talos 1.7 or later; {chosen} is not in the list. Pick a newer version."
            ))
        } else {
            None
        }
    };
    let broken_choice = move || {
        let chosen = state.version.get()?;
        let broken = state.versions.with(|versions| {
            versions.ready().map(|list| {
                list.entries()
                    .iter()
                    .any(|entry| entry.version == chosen && entry.broken)
            })
        })?;
        broken.then(|| format!("{chosen} is marked broken by the factory: avoid it."))
    };
    // What the chosen version cannot do with the rest of the selection (missing extensions
    // are flagged in the extension list itself).
    let findings = move || {
        let version = state.version.get()?;
        let findings: Vec<String> = state
            .version_data
            .with(|data| {
                let data = data.ready();
                state.selection.with(|selection| {
                    version_change_findings(
                        selection,
                        &version,
                        data.map(|d| d.extensions.as_slice()),
                        data.map(|d| d.overlays.as_slice()),
                    )
                })
            })
            .into_iter()
            .filter(|finding| !matches!(finding, VersionFinding::ExtensionMissing { .. }))
            .map(|finding| {
                let consequence = match finding {
                    VersionFinding::OptionUnsupported { .. } => {
                        format!("it is left out of the schematic for {version}")
                    }
                    _ => format!("the factory cannot build it with {version}"),
                };
                let text = finding.to_string();
                let mut chars = text.chars();
                let first = chars
                    .next()
                    .map(|c| c.to_uppercase().to_string())
                    .unwrap_or_default();
                format!("{first}{}: {consequence}.", chars.as_str())
            })
            .collect();
        (!findings.is_empty()).then_some(findings)
    };
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Ok(version) = value.parse::<TalosVersion>() {
            state.selection.update(|s| s.version = Some(version));
        }
    };
    let retry = Callback::new(move |()| state.versions_reload.update(|n| *n += 1));
    view! {
        <section class="panel" aria-labelledby="version-heading">
            <h2 id="version-heading">"Talos Linux version"</h2>
            <p class="panel__hint">"The latest stable release is recommended. Pre-releases are for testing, not production."</p>
            {move || match state.versions.get() {
                Load::Loading => view! { <p class="muted" aria-busy="true">"Loading versions…"</p> }.into_any(),
                Load::Failed(reason) => view! {
                    <Notice kind=NoticeKind::Error id="versions-error".to_string()
                        message=Signal::stored(format!("Could not load the version list: {reason}")) on_retry=retry />
                }.into_any(),
                Load::Ready(_) => ().into_any(),
            }}
            <div class="field field--inline">
                <label for="version-select">"Version"</label>
                <select id="version-select" on:change=on_change prop:value=selected
                    disabled=move || state.versions.with(|v| v.ready().is_none())>
                    <For each=groups key=|group| (group.label(), group.entries.len()) let:group>
                        <optgroup label=group.label()>
                            {group.entries.iter().map(|entry| {
                                let value = entry.version.to_string();
                                let mut label = value.clone();
                                if entry.is_prerelease() { label.push_str(" (pre-release)"); }
                                if entry.broken { label.push_str(" (broken)"); }
                                let is_selected = value == selected();
                                view! { <option value=value.clone() selected=is_selected>{label}</option> }
                            }).collect_view()}
                        </optgroup>
                    </For>
                </select>
                <label class="field--inline">
                    <input type="checkbox" id="show-prereleases" prop:checked=move || show_prereleases.get()
                        on:change:target=move |ev| show_prereleases.set(ev.target().checked()) />
                    "Show pre-releases"
                </label>
            </div>
            {move || state.selection.with(|s| s.target == TargetKind::Sbc).then(|| view! {
                <p class="panel__hint">"Only Talos 1.7 and later support single-board computers."</p>
            })}
            {move || findings().map(|findings| view! {
                <div class="notice" data-kind="warning" id="version-findings" role="status">
                    <ul class="notice__message">
                        {findings.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            {move || unknown_choice().map(|message| view! { <Notice kind=NoticeKind::Warning message=Signal::stored(message) /> })}
            {move || broken_choice().map(|message| view! { <Notice kind=NoticeKind::Warning message=Signal::stored(message) /> })}
            {move || state.version.get().map(|version| {
                let doc = format!("https://docs.siderolabs.com/talos/v{}", version.short());
                view! {
                    <p class="panel__hint">
                        <a href=format!("{doc}/getting-started/what's-new-in-talos/") target="_blank" rel="noopener noreferrer">{format!("What's new in Talos {}", version.short())}</a>
                        " · "
                        <a href=format!("{doc}/getting-started/support-matrix/") target="_blank" rel="noopener noreferrer">"Support matrix"</a>
                    </p>
                }
            })}
        </section>
    }
}
