//! Presets (each just a deep link: applying one says what it changed and can be undone) and
//! import: paste a schematic (YAML or JSON) or a schematic ID, and the form fills in with the
//! order preserved.

use leptos::prelude::*;

use crate::i18n::Text;

use crate::schematic::{Pasted, read_pasted};
use crate::selection::{PRESETS, Preset, Selection};
use crate::ui::chunks::{self, Deferred};
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::{AppState, SchematicLoad};
use crate::ui::widgets::{LazyDetails, Notice, NoticeKind};

/// The preset last applied, what it changed, and the selection before it (for Undo).
#[derive(Clone)]
struct Applied {
    preset: &'static Preset,
    changes: Vec<Text>,
    before: Selection,
}

#[component]
pub fn PresetsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let applied = RwSignal::new(None::<Applied>);
    let apply = move |preset: &'static Preset| {
        let before = state.selection.get_untracked();
        let (after, changes) = preset.apply_to(&before);
        state.selection.set(after);
        applied.set(Some(Applied {
            preset,
            changes,
            before,
        }));
    };
    let undo = move |_| {
        if let Some(applied) = applied.get_untracked() {
            state.selection.set(applied.before);
        }
        applied.set(None);
    };
    let i18n = use_i18n();
    view! {
        <section class="panel panel--compact" aria-labelledby="presets-heading">
            <h2 id="presets-heading" class="panel__title-s">{t!(i18n, presets_heading())}</h2>
            <ul class="preset-list" id="presets">
                {PRESETS.iter().map(|preset| {
                    let query = preset.query;
                    view! {
                        <li>
                            <a class="preset" href=format!("?{query}") data-preset=preset.id title=i18n.show(preset.description())
                                on:click=move |ev| { ev.prevent_default(); apply(preset); }>{i18n.show(preset.label())}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || applied.get().map(|applied| view! {
                <div class="notice" data-kind="success" id="preset-applied" role="status">
                    <div>
                        <p class="notice__message">{i18n.show(Text::preset_applied(applied.preset.description(), applied.preset.label()))}</p>
                        {(!applied.changes.is_empty()).then(|| view! {
                            <ul class="notice__list">{applied.changes.iter().map(|line| view! { <li>{i18n.show(line.clone())}</li> }).collect_view()}</ul>
                        })}
                    </div>
                    <button type="button" id="preset-undo" on:click=undo>{t!(i18n, undo())}</button>
                </div>
            })}
        </section>
    }
}

/// Import: the form is built (and its chunk fetched) on first open; the outcome of loading a
/// linked `schematic-id` shows here too, open or not.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let loading = state.load_schematic.pending();
    let outcome = state.load_schematic.value();
    view! {
        <section class="panel" aria-labelledby="import-heading">
            <LazyDetails class="import" id="import-details" summary=t!(i18n, import_heading()) heading_id="import-heading">
                <Deferred load=chunks::import_panel what=Text::part_import() />
            </LazyDetails>
            {move || if loading.get() {
                Some(view! { <p class="muted" aria-busy="true" id="schematic-load">{t!(i18n, schematic_loading())}</p> }.into_any())
            } else {
                outcome.get().map(|load| match load {
                    SchematicLoad::Loaded { id, .. } => {
                        let factory = state.factory.get_untracked();
                        view! { <Notice kind=NoticeKind::Success id="schematic-load".to_string() message=i18n.show(Text::schematic_loaded(factory, id)) /> }.into_any()
                    }
                    SchematicLoad::Failed { id, reason } => {
                        let retry = Callback::new(move |()| {
                            state.load_schematic.dispatch_local(id.clone());
                        });
                        view! { <Notice kind=NoticeKind::Error id="schematic-load".to_string() message=i18n.show(Text::schematic_load_failed(reason)) on_retry=retry /> }.into_any()
                    }
                })
            }}
        </section>
    }
}

/// The import form: a pasted schematic (YAML or JSON) or ID, read as the factory reads it.
#[component]
pub fn ImportForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Text>);
    let done = RwSignal::new(None::<Text>);
    let i18n = use_i18n();
    let import = move |_| {
        done.set(None);
        match read_pasted(&text.get_untracked()) {
            Ok(Pasted::Id(id)) => {
                error.set(None);
                state
                    .selection
                    .update(|s| s.pending_schematic_id = Some(id));
            }
            Ok(Pasted::Schematic(schematic)) if schematic.community_factory_refusal().is_some() => {
                if let Some(reason) = schematic.community_factory_refusal() {
                    error.set(Some(Text::import_refused(schematic.id(), reason)));
                }
            }
            Ok(Pasted::Schematic(schematic)) => {
                error.set(None);
                state
                    .selection
                    .update(|s| *s = s.with_schematic(&schematic));
                done.set(Some(Text::import_done(schematic.id())));
            }
            Err(e) => error.set(Some(Text::import_failed(e.text()))),
        }
    };
    view! {
        <div class="field">
            <label for="import-text">{t!(i18n, import_label())}</label>
            <textarea id="import-text" class="mono" rows="6" spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).to_string()
                placeholder="customization:\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/iscsi-tools"
                prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
        </div>
        <div class="cluster">
            <button type="button" id="import-button" class="primary-button" on:click=import>{t!(i18n, import_button())}</button>
            <span class="field__help">{t!(i18n, import_help())}</span>
        </div>
        {move || error.get().map(|e| view! { <p class="field__error" id="import-error" role="alert">{i18n.show(e)}</p> })}
        {move || done.get().map(|m| view! { <Notice kind=NoticeKind::Success id="import-done".to_string() message=i18n.show(m) /> })}
    }
}
