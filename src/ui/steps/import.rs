//! Presets (each just a deep link) and import: paste a schematic (YAML or JSON) or a
//! schematic ID, and the form fills in with the order preserved.

use leptos::prelude::*;

use crate::schematic::{Schematic, SchematicId};
use crate::selection::{PRESETS, Selection};
use crate::ui::state::{AppState, Load};
use crate::ui::widgets::{Notice, NoticeKind};

#[component]
pub fn PresetsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel" aria-labelledby="presets-heading">
            <h2 id="presets-heading">"Start from a preset"</h2>
            <ul class="choice-list" id="presets">
                {PRESETS.iter().map(|preset| {
                    let query = preset.query;
                    view! {
                        <li class="choice">
                            <span>
                                <a class="choice__label" href=format!("?{query}") data-preset=preset.id
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        let (mut chosen, notices) = Selection::from_query(query);
                                        state.selection.update(|s| {
                                            chosen.settings = s.settings.clone();
                                            chosen.version = s.version.clone();
                                            *s = chosen;
                                        });
                                        state.query_notices.set(notices);
                                    }>{preset.label}</a>
                                <span class="choice__description">{preset.description}</span>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let import = move |_| {
        let input = text.get_untracked();
        let trimmed = input.trim();
        done.set(None);
        if trimmed.is_empty() {
            error.set(Some(
                "Paste a schematic (YAML or JSON) or a schematic ID first.".to_string(),
            ));
            return;
        }
        if let Ok(id) = trimmed.parse::<SchematicId>() {
            error.set(None);
            state
                .selection
                .update(|s| s.pending_schematic_id = Some(id.to_string()));
            return;
        }
        let parsed = if trimmed.starts_with('{') {
            Schematic::from_json(&input).or_else(|_| Schematic::from_yaml(&input))
        } else {
            Schematic::from_yaml(&input)
        };
        match parsed {
            Ok(schematic) => {
                error.set(None);
                state
                    .selection
                    .update(|s| *s = s.with_schematic(&schematic));
                done.set(Some(format!("Imported schematic {}.", schematic.id())));
            }
            Err(e) => error.set(Some(format!("Not imported: {e}"))),
        }
    };
    view! {
        <section class="panel" aria-labelledby="import-heading">
            <details id="import-details" open=move || !text.with(String::is_empty)>
                <summary><h2 id="import-heading" class="inline-heading">"Import a schematic or ID"</h2></summary>
                <div class="field">
                    <label for="import-text">"Schematic (YAML or JSON) or a 64-character schematic ID"</label>
                    <textarea id="import-text" class="mono" rows="6" spellcheck="false"
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        placeholder="customization:\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/iscsi-tools"
                        prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
                </div>
                <div class="cluster">
                    <button type="button" id="import-button" class="primary-button" on:click=import>"Import"</button>
                    <span class="field__help">"Replaces extensions, kernel args, overlay and the other schematic fields; order is kept."</span>
                </div>
                {move || error.get().map(|e| view! { <p class="field__error" id="import-error" role="alert">{e}</p> })}
                {move || done.get().map(|m| view! { <Notice kind=NoticeKind::Success id="import-done".to_string() message=Signal::stored(m) /> })}
            </details>
            {move || state.schematic_load.get().map(|load| match load {
                Load::Loading => view! { <p class="muted" aria-busy="true" id="schematic-load">"Loading the schematic from the factory…"</p> }.into_any(),
                Load::Ready(message) => view! { <Notice kind=NoticeKind::Success id="schematic-load".to_string() message=Signal::stored(message) /> }.into_any(),
                Load::Failed(reason) => {
                    let retry = Callback::new(move |()| {
                        if let Some(id) = state.schematic_load_failed.get_untracked() {
                            state.selection.update(|s| s.pending_schematic_id = Some(id));
                        }
                    });
                    view! { <Notice kind=NoticeKind::Error id="schematic-load".to_string() message=Signal::stored(format!("Could not load the schematic: {reason}")) on_retry=retry /> }.into_any()
                }
            })}
        </section>
    }
}
