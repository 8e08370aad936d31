//! The schematic on the factory: whether it has the current ID (asked on every ID change,
//! debounced, with the readable `GET /schematics/<id>`), "Create on factory" (a no-cors POST
//! whose reply the browser cannot read, then that GET to confirm), and `schematic-id=` loads.
//! Only IDs are sent unasked: the schematic itself (which may embed a machine configuration)
//! leaves the page only through the explicit Create action.

use leptos::prelude::*;

use super::{AppState, CatalogSource, Computed, Supersede};
use crate::factory::FactoryClient;
use crate::i18n::Text;
use crate::presence::{Creation, Presence};
use crate::schematic::{Schematic, SchematicId, YamlLibrary, factory_copy_hashes_to};
use crate::ui::chunks::{self, ChunkFailed};

/// How long the ID must stay the same before the factory is asked (typing in a field
/// changes it on every keystroke).
const PRESENCE_DEBOUNCE_MS: u64 = 350;

/// The outcome of loading a schematic by ID.
#[derive(Debug, Clone, PartialEq)]
pub enum SchematicLoad {
    Loaded {
        id: SchematicId,
        schematic: Box<Schematic>,
    },
    Failed {
        id: SchematicId,
        reason: Text,
    },
}

/// `(id, presence)` for the current ID, debounced; the first ID is asked at once.
pub fn presence_check(
    current_id: Memo<Option<SchematicId>>,
    source: Memo<CatalogSource>,
    factory: Memo<String>,
) -> LocalResource<(Option<SchematicId>, Presence)> {
    let debounced = RwSignal::new(current_id.get_untracked());
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |previous: Option<()>| {
        let id = current_id.get();
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        if previous.is_none() {
            debounced.set(id);
            return;
        }
        let handle = set_timeout_with_handle(
            move || debounced.set(id),
            std::time::Duration::from_millis(PRESENCE_DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(handle);
    });
    let supersede = Supersede::default();
    LocalResource::new(move || {
        let id = debounced.get();
        let source = source.get();
        let client = supersede.client(&factory.get());
        async move {
            let Some(id) = id else {
                return (None, Presence::Checking);
            };
            let presence = match source {
                CatalogSource::Connecting => Presence::Checking,
                CatalogSource::Saved { .. } => Presence::Unverified {
                    reason: Text::presence_saved_catalog(),
                },
                CatalogSource::Snapshot { reason, .. } | CatalogSource::Unavailable { reason } => {
                    Presence::Unverified { reason }
                }
                CatalogSource::Live => match client.schematic(id.as_str()).await {
                    Ok(Some(yaml)) => match confirm_copy(yaml, &id).await {
                        Ok(()) => Presence::Present,
                        Err(reason) => Presence::Unverified { reason },
                    },
                    Ok(None) => Presence::Absent,
                    Err(e) => Presence::Unverified { reason: e.text() },
                },
            };
            (Some(id), presence)
        }
    })
}

/// [`crate::schematic::confirm_factory_copy`], decoding (when the hash does not settle it)
/// in the decoder's chunk.
async fn confirm_copy(yaml: String, id: &SchematicId) -> Result<(), Text> {
    if factory_copy_hashes_to(&yaml, id.as_str()) {
        return Ok(());
    }
    read_copy(yaml, id).await.map(|_| ())
}

/// [`crate::schematic::read_factory_copy`], in the decoder's chunk.
async fn read_copy(yaml: String, id: &SchematicId) -> Result<Schematic, Text> {
    match chunks::read_factory_copy(yaml, id.to_string()).await {
        Ok(read) => read.map_err(|e| e.text()),
        Err(ChunkFailed) => Err(chunks::decoder_unavailable()),
    }
}

/// "Create on factory": `(id, outcome)`.
pub fn create_action(factory: Memo<String>) -> Action<Computed, (SchematicId, Creation)> {
    Action::new_local(move |computed: &Computed| {
        let computed = computed.clone();
        let client = FactoryClient::new(&factory.get_untracked());
        async move {
            let id = computed.id.clone();
            (id, create(client, computed).await)
        }
    })
}

async fn create(client: FactoryClient, computed: Computed) -> Creation {
    if let Err(e) = client.create_schematic(&computed.schematic.to_json()).await {
        return Creation::NotConfirmed {
            reason: Text::creation_send_failed(e.text()),
        };
    }
    match client.schematic(computed.id.as_str()).await {
        Ok(Some(yaml)) => {
            return match confirm_copy(yaml, &computed.id).await {
                Ok(()) => Creation::Confirmed {
                    id: computed.id,
                    library: YamlLibrary::default(),
                },
                Err(reason) => Creation::NotConfirmed { reason },
            };
        }
        Ok(None) => {}
        Err(e) => {
            return Creation::NotConfirmed {
                reason: Text::creation_check_failed(e.text()),
            };
        }
    }
    // An older factory release hashes some strings differently: look for those IDs too.
    for (library, id) in computed.older_ids.clone() {
        if let Ok(Some(yaml)) = client.schematic(id.as_str()).await
            && confirm_copy(yaml, &id).await.is_ok()
        {
            return Creation::Confirmed { id, library };
        }
    }
    Creation::NotConfirmed {
        reason: Text::creation_rejected(&computed.id),
    }
}

/// Loads a schematic by ID (`schematic-id=` in a link, or an ID pasted into Import).
pub fn load_action(factory: Memo<String>) -> Action<SchematicId, SchematicLoad> {
    Action::new_local(move |id: &SchematicId| {
        let id = id.clone();
        let factory = factory.get_untracked();
        async move {
            let client = FactoryClient::new(&factory);
            let result = match client.schematic(id.as_str()).await {
                Ok(Some(yaml)) => read_copy(yaml, &id).await,
                Ok(None) => Err(Text::factory_lacks_schematic(&factory, &id)),
                Err(e) => Err(e.text()),
            };
            match result {
                Ok(schematic) => SchematicLoad::Loaded {
                    id,
                    schematic: Box::new(schematic),
                },
                Err(reason) => SchematicLoad::Failed { id, reason },
            }
        }
    })
}

/// A `schematic-id=` in the selection starts a load; a loaded schematic fills the form.
pub fn start_pending_loads(state: AppState) {
    let pending = Memo::new(move |_| state.selection.with(|s| s.pending_schematic_id.clone()));
    Effect::new(move |_| {
        if let Some(id) = pending.get() {
            state.load_schematic.dispatch_local(id);
        }
    });
    // The action keeps only its latest dispatch's answer: a loaded schematic fills the
    // form (also after a retry, when no ID is pending any more); either way nothing is
    // pending afterwards.
    Effect::new(move |_| match state.load_schematic.value().get() {
        Some(SchematicLoad::Loaded { schematic, .. }) => state.selection.update(|s| {
            *s = s.with_schematic(&schematic);
            s.pending_schematic_id = None;
        }),
        Some(SchematicLoad::Failed { id, .. }) => state.selection.update(|s| {
            if s.pending_schematic_id.as_ref() == Some(&id) {
                s.pending_schematic_id = None;
            }
        }),
        None => {}
    });
}
