//! The live result: the schematic ID and canonical YAML (recomputed on every change, no
//! network), and "Create on factory": a no-cors POST whose reply the browser cannot read,
//! confirmed by `GET /schematics/<id>`. When the factory's older YAML library would give
//! another ID, both are checked and the page says which one the factory has.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{AppState, CatalogSource, Computed, Creation};
use super::widgets::{CopyBlock, CopyButton, Notice, NoticeKind};
use crate::factory::FactoryClient;
use crate::outputs::register_schematic_command;
use crate::schematic::Schematic;
use crate::schematic::YamlLibrary;

#[component]
pub fn ResultPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = move || {
        state
            .computed
            .with(|c| c.as_ref().map(|c| c.id.clone()).unwrap_or_default())
    };
    let yaml = move || {
        state
            .computed
            .with(|c| c.as_ref().map(|c| c.yaml.clone()).unwrap_or_default())
    };
    let error = move || state.computed.with(|c| c.as_ref().err().cloned());
    view! {
        <section class="panel result" aria-labelledby="result-heading">
            <h2 id="result-heading">"Your schematic"</h2>
            {move || error().map(|e| view! {
                <Notice kind=NoticeKind::Error id="schematic-error".to_string() message=Signal::stored(format!("The schematic cannot be built yet: {e}")) />
            })}
            <div class="field">
                <span class="field__label" id="schematic-id-label">"Schematic ID"</span>
                <div class="cluster">
                    <code class="schematic-id" id="schematic-id" aria-labelledby="schematic-id-label">{id}</code>
                    <CopyButton text=Signal::derive(id) label="Copy schematic ID" />
                </div>
                <p class="field__help" aria-live="polite" id="id-live">{move || {
                    let id = id();
                    if id.is_empty() { String::new() } else { format!("Computed in your browser: {}…", &id[..12.min(id.len())]) }
                }}</p>
                {move || {
                    let older = state.computed.with(|c| c.as_ref().map(|c| c.older_ids.clone()).unwrap_or_default());
                    (!older.is_empty()).then(|| view! {
                        <div class="field__help" id="legacy-id">
                            <p>"Older factory releases hash this schematic differently (their YAML libraries quote some strings otherwise); \"Create\" checks these too:"</p>
                            <ul>{older.into_iter().map(|(library, id)| view! { <li><code>{id}</code>{format!(" ({})", library.releases())}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
            </div>
            {move || {
                let normalized = state.computed.with(|c| c.as_ref().map(|c| c.normalized.clone()).unwrap_or_default());
                (!normalized.is_empty()).then(|| view! {
                    <div class="notice" data-kind="info" id="normalized-note" role="status">
                        <p class="notice__message">"Normalised before hashing (the factory would otherwise store unreadable YAML):"</p>
                        <ul>{normalized.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <Creator />
            <CopyBlock title="Schematic (canonical YAML)" text=Signal::derive(yaml) file_name="schematic.yaml" />
        </section>
    }
}

/// Checks the factory's answer to `GET /schematics/<id>`: it must be a schematic whose ID
/// (under some factory release's YAML library) is `id`, so a cut-off or garbled answer is
/// never reported as a confirmation.
fn check_copy(yaml: &str, id: &str) -> Result<(), String> {
    match Schematic::from_yaml(yaml) {
        Ok(copy) if copy.has_id(id) => Ok(()),
        Ok(copy) => Err(format!(
            "the factory answered for {id} with another schematic (its ID is {}); the answer may have been cut off",
            copy.id()
        )),
        Err(e) => Err(format!(
            "the factory answered for {id}, but its copy could not be read: {e}"
        )),
    }
}

async fn create(state: AppState, computed: Computed) {
    let client = FactoryClient::new(
        &state
            .selection
            .with_untracked(|s| s.settings.factory_url().to_string()),
    );
    state.creation.set(Creation::Creating);
    if let Err(e) = client.create_schematic(&computed.schematic.to_json()).await {
        state.creation.set(Creation::NotConfirmed {
            reason: format!("sending the schematic failed: {e}"),
        });
        return;
    }
    match client.schematic(&computed.id).await {
        Ok(Some(yaml)) => {
            state.creation.set(match check_copy(&yaml, &computed.id) {
                Ok(()) => Creation::Confirmed {
                    id: computed.id,
                    library: YamlLibrary::default(),
                },
                Err(reason) => Creation::NotConfirmed { reason },
            });
            return;
        }
        Ok(None) => {}
        Err(e) => {
            state.creation.set(Creation::NotConfirmed {
                reason: format!("the schematic was sent, but checking it failed: {e}"),
            });
            return;
        }
    }
    for (library, id) in computed.older_ids.clone() {
        if let Ok(Some(yaml)) = client.schematic(&id).await
            && check_copy(&yaml, &id).is_ok()
        {
            state.creation.set(Creation::Confirmed { id, library });
            return;
        }
    }
    state.creation.set(Creation::NotConfirmed {
        reason: format!(
            "the factory does not have {}: it rejected the schematic (for example an unknown field or a value out of range), or it computes IDs differently",
            computed.id
        ),
    });
}

#[component]
fn Creator() -> impl IntoView {
    let state = expect_context::<AppState>();
    let offline = move || {
        state.source.with(|source| {
            matches!(
                source,
                CatalogSource::Snapshot { .. } | CatalogSource::Unavailable { .. }
            )
        })
    };
    let start = move || {
        if let Ok(computed) = state.computed.get_untracked() {
            spawn_local(create(state, computed));
        }
    };
    let status = move || {
        match state.creation.get() {
        Creation::NotCreated => ("not-created", "Not created on the factory yet. The ID is already final: links work once the schematic exists there.".to_string()),
        Creation::Creating => ("creating", "Creating on the factory…".to_string()),
        Creation::Confirmed { id, library: YamlLibrary::GoYamlV4Rc6 } => ("confirmed", format!("Confirmed: the factory has schematic {id}.")),
        Creation::Confirmed { id, library } => ("confirmed", format!("Confirmed under {id}: this factory hashes this schematic like {}, so the links below use that ID.", library.releases())),
        Creation::NotConfirmed { reason } => ("not-confirmed", format!("Not confirmed: {reason}.")),
    }
    };
    let curl = move || {
        let factory = state
            .selection
            .with(|s| s.settings.factory_url().to_string());
        state.computed.with(|c| {
            c.as_ref()
                .map(|c| register_schematic_command(&factory, &c.yaml))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="result__status">
            <div class="cluster">
                <button type="button" class="primary-button" id="create-button"
                    disabled=move || state.computed.with(Result::is_err) || matches!(state.creation.get(), Creation::Creating)
                    on:click=move |_| start()>"Create on factory"</button>
                {move || matches!(state.creation.get(), Creation::NotConfirmed { .. }).then(|| view! {
                    <button type="button" id="create-retry" on:click=move |_| start()>"Retry"</button>
                })}
            </div>
            <p id="creation-status" role="status" aria-live="polite" data-state=move || status().0>{move || status().1}</p>
            {move || offline().then(|| view! {
                <CopyBlock title="The factory is unreachable from here: create it with curl" text=Signal::derive(curl)
                    note="Run this where the factory is reachable; it prints the same ID." />
            })}
        </div>
    }
}
