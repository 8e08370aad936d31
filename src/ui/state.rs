//! `AppState`: the one `Selection` signal (kept in sync with the URL), the data loaded from
//! the factory (or the shipped snapshot when the factory cannot be reached), and the memos
//! derived from them. Components read it from context; only the loaders here and the
//! creation flow in `result.rs` talk to `factory`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::catalog::{
    CatalogSnapshot, ExtensionInfo, OverlayInfo, VersionList, parse_extensions, parse_overlays,
    parse_versions,
};
use crate::factory::{FactoryClient, fetch_snapshot};
use crate::schematic::{Schematic, YamlLibrary};
use crate::selection::{QueryNotice, Selection, Settings};
use crate::version::TalosVersion;

/// Something loaded over the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            Load::Loading | Load::Failed(_) => None,
        }
    }
}

/// Where the version list and catalogs come from.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogSource {
    /// Still asking the factory.
    Connecting,
    /// The factory answered.
    Live,
    /// The factory could not be reached: the snapshot shipped with the build is in use.
    Snapshot { taken: String, reason: String },
    /// Neither the factory nor the snapshot could be loaded.
    Unavailable { reason: String },
}

/// The catalog of one version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionData {
    pub version: TalosVersion,
    pub extensions: Vec<ExtensionInfo>,
    pub overlays: Vec<OverlayInfo>,
    pub from_snapshot: bool,
}

/// The state of "Create on factory".
#[derive(Debug, Clone, PartialEq)]
pub enum Creation {
    NotCreated,
    Creating,
    /// `library`: the YAML library whose bytes gave the ID the factory has (an older one when
    /// the factory still runs a release that hashes this schematic differently).
    Confirmed {
        id: String,
        library: YamlLibrary,
    },
    NotConfirmed {
        reason: String,
    },
}

/// The result of turning the selection into a schematic.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub schematic: Schematic,
    pub yaml: String,
    pub id: String,
    /// IDs older factory releases give this schematic where they differ from `id` (their
    /// YAML libraries quote some strings differently), newest library first.
    pub older_ids: Vec<(YamlLibrary, String)>,
    /// What was normalised before hashing (line endings, BOMs, Unicode line separators), as
    /// `path: change` lines.
    pub normalized: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub selection: RwSignal<Selection>,
    /// What the URL query said that could not be applied.
    pub query_notices: RwSignal<Vec<QueryNotice>>,
    pub source: RwSignal<CatalogSource>,
    pub versions: RwSignal<Load<VersionList>>,
    /// Why `?broken=true` could not be read (non-fatal).
    pub broken_error: RwSignal<Option<String>>,
    pub snapshot: RwSignal<Option<CatalogSnapshot>>,
    pub version_data: RwSignal<Load<VersionData>>,
    pub talosctl_files: RwSignal<Option<Vec<String>>>,
    pub creation: RwSignal<Creation>,
    /// A message about loading `schematic-id=` or an imported ID.
    pub schematic_load: RwSignal<Option<Load<String>>>,
    /// The schematic ID whose loading failed, for its retry button.
    pub schematic_load_failed: RwSignal<Option<String>>,
    pub versions_reload: RwSignal<u32>,
    pub catalog_reload: RwSignal<u32>,
    /// The version that applies: the chosen one, else the latest stable.
    pub version: Memo<Option<TalosVersion>>,
    pub computed: Memo<Result<Computed, String>>,
}

const SETTINGS_KEY: &str = "talos-image-studio.settings";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// Settings remembered in local storage, as `factory registry pxe` query parameters.
fn stored_settings() -> Option<String> {
    local_storage().and_then(|storage| storage.get_item(SETTINGS_KEY).ok().flatten())
}

pub fn remember_settings(settings: &Settings) {
    if let Some(storage) = local_storage() {
        let probe = Selection {
            settings: settings.clone(),
            ..Selection::default()
        };
        let query = probe.to_query();
        let _ = storage.set_item(SETTINGS_KEY, &query);
    }
}

pub fn current_query() -> String {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    search.strip_prefix('?').unwrap_or(&search).to_string()
}

/// Parses the page's query; settings not given there come from local storage.
pub fn selection_from_location() -> (Selection, Vec<QueryNotice>) {
    let (mut selection, notices) = Selection::from_query(&current_query());
    if selection.settings.is_default()
        && let Some(stored) = stored_settings()
    {
        let (remembered, _) = Selection::from_query(&stored);
        selection.settings = remembered.settings;
    }
    (selection, notices)
}

fn page_url_with(query: &str) -> String {
    let path = web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or(0.0)
}

impl AppState {
    pub fn new() -> Self {
        let (selection, notices) = selection_from_location();
        let selection = RwSignal::new(selection);
        let versions = RwSignal::new(Load::Loading);
        let version = Memo::new(move |_| {
            let chosen = selection.with(|s| s.version.clone());
            chosen.or_else(|| {
                versions.with(|list: &Load<VersionList>| {
                    list.ready().and_then(|list| list.latest_stable().cloned())
                })
            })
        });
        let computed = Memo::new(move |_| {
            selection.with(|s| {
                s.to_schematic()
                    .map_err(|e| e.to_string())
                    .map(|mut schematic| {
                        // The factory hashes what it is sent; normalising first keeps Windows
                        // line ends and Unicode separators from producing unreadable YAML.
                        let normalized = schematic
                            .normalize()
                            .into_iter()
                            .map(|change| format!("{}: {}", change.path, change.change))
                            .collect();
                        let yaml = schematic.canonical_yaml();
                        let id = schematic.id().to_string();
                        let older_ids = schematic
                            .ids_across_releases()
                            .into_iter()
                            .map(|(library, other)| (library, other.to_string()))
                            .filter(|(_, other)| *other != id)
                            .collect();
                        Computed {
                            schematic,
                            yaml,
                            id,
                            older_ids,
                            normalized,
                        }
                    })
            })
        });
        AppState {
            selection,
            query_notices: RwSignal::new(notices),
            source: RwSignal::new(CatalogSource::Connecting),
            versions,
            broken_error: RwSignal::new(None),
            snapshot: RwSignal::new(None),
            version_data: RwSignal::new(Load::Loading),
            talosctl_files: RwSignal::new(None),
            creation: RwSignal::new(Creation::NotCreated),
            schematic_load: RwSignal::new(None),
            schematic_load_failed: RwSignal::new(None),
            versions_reload: RwSignal::new(0),
            catalog_reload: RwSignal::new(0),
            version,
            computed,
        }
    }

    /// Starts the loaders and the URL sync. Called once by `App`.
    pub fn start(self) {
        self.load_versions_effect();
        self.load_catalog_effect();
        self.load_talosctl_effect();
        self.load_pending_schematic_effect();
        self.url_sync_effect();
        self.reset_creation_effect();
    }

    fn load_versions_effect(self) {
        let generation = StoredValue::new(0_u32);
        // Only the factory URL, not the whole selection: every other choice would refetch the
        // versions and reload the catalog (and rebuild every list) on each click.
        let factory_url = Memo::new(move |_| {
            self.selection
                .with(|s| s.settings.factory_url().to_string())
        });
        Effect::new(move |_| {
            let factory = factory_url.get();
            self.versions_reload.track();
            generation.update_value(|g| *g += 1);
            let this_generation = generation.get_value();
            self.versions.set(Load::Loading);
            self.source.set(CatalogSource::Connecting);
            spawn_local(async move {
                let client = FactoryClient::new(&factory);
                let (listed, broken) =
                    futures_join(client.versions(), client.broken_versions()).await;
                if generation.get_value() != this_generation {
                    return;
                }
                let parsed = listed.map_err(|e| e.to_string()).and_then(|text| {
                    parse_versions(&text).map_err(|e| format!("{factory}/versions: {e}"))
                });
                match parsed {
                    Ok(list) => {
                        let broken_list = match broken {
                            Ok(text) => match parse_versions(&text) {
                                Ok(list) => {
                                    self.broken_error.set(None);
                                    list
                                }
                                Err(e) => {
                                    self.broken_error.set(Some(e.to_string()));
                                    Vec::new()
                                }
                            },
                            Err(e) => {
                                self.broken_error.set(Some(e.to_string()));
                                Vec::new()
                            }
                        };
                        self.versions
                            .set(Load::Ready(VersionList::new(&list, &broken_list)));
                        self.source.set(CatalogSource::Live);
                    }
                    Err(reason) => self.fall_back_to_snapshot(reason).await,
                }
            });
        });
    }

    async fn fall_back_to_snapshot(self, reason: String) {
        let snapshot = match self.snapshot.get_untracked() {
            Some(snapshot) => Ok(snapshot),
            None => fetch_snapshot()
                .await
                .map_err(|e| e.to_string())
                .and_then(|text| CatalogSnapshot::parse(&text).map_err(|e| e.to_string())),
        };
        match snapshot {
            Ok(snapshot) => {
                self.versions.set(Load::Ready(snapshot.version_list()));
                self.source.set(CatalogSource::Snapshot {
                    taken: snapshot.taken.clone(),
                    reason,
                });
                self.snapshot.set(Some(snapshot));
            }
            Err(snapshot_error) => {
                self.versions.set(Load::Failed(reason.clone()));
                self.source.set(CatalogSource::Unavailable {
                    reason: format!("{reason}; the offline snapshot could not be loaded either: {snapshot_error}"),
                });
            }
        }
    }

    fn load_catalog_effect(self) {
        let generation = StoredValue::new(0_u32);
        Effect::new(move |_| {
            let Some(version) = self.version.get() else {
                return;
            };
            let source = self.source.get();
            self.catalog_reload.track();
            let factory = self
                .selection
                .with_untracked(|s| s.settings.factory_url().to_string());
            generation.update_value(|g| *g += 1);
            let this_generation = generation.get_value();
            match source {
                CatalogSource::Connecting => self.version_data.set(Load::Loading),
                CatalogSource::Unavailable { reason } => {
                    self.version_data.set(Load::Failed(reason))
                }
                CatalogSource::Snapshot { .. } => {
                    let data = self.snapshot.with_untracked(|snapshot| {
                        snapshot
                            .as_ref()
                            .and_then(|snapshot| snapshot.catalog(&version).cloned())
                    });
                    self.version_data.set(match data {
                        Some(catalog) => Load::Ready(VersionData {
                            version,
                            extensions: catalog.extensions,
                            overlays: catalog.overlays,
                            from_snapshot: true,
                        }),
                        None => {
                            let available: Vec<String> = self.snapshot.with_untracked(|snapshot| {
                                snapshot
                                    .as_ref()
                                    .map(|s| s.catalog_versions().iter().map(ToString::to_string).collect())
                                    .unwrap_or_default()
                            });
                            Load::Failed(format!(
                                "the offline snapshot has no extension catalog for {version}; it has {}",
                                available.join(", ")
                            ))
                        }
                    });
                }
                CatalogSource::Live => {
                    self.version_data.set(Load::Loading);
                    spawn_local(async move {
                        let client = FactoryClient::new(&factory);
                        let tag = version.to_string();
                        let (extensions, overlays) =
                            futures_join(client.extensions(&tag), client.overlays(&tag)).await;
                        if generation.get_value() != this_generation {
                            return;
                        }
                        let extensions = extensions.map_err(|e| e.to_string()).and_then(|text| {
                            parse_extensions(&text)
                                .map_err(|e| format!("{}: {e}", client.endpoints.extensions(&tag)))
                        });
                        let overlays = overlays.map_err(|e| e.to_string()).and_then(|text| {
                            parse_overlays(&text)
                                .map_err(|e| format!("{}: {e}", client.endpoints.overlays(&tag)))
                        });
                        self.version_data.set(match (extensions, overlays) {
                            (Ok(extensions), Ok(overlays)) => Load::Ready(VersionData {
                                version,
                                extensions,
                                overlays,
                                from_snapshot: false,
                            }),
                            (Err(e), _) | (_, Err(e)) => Load::Failed(e),
                        });
                    });
                }
            }
        });
    }

    fn load_talosctl_effect(self) {
        let generation = StoredValue::new(0_u32);
        let factory_url = Memo::new(move |_| {
            self.selection
                .with(|s| s.settings.factory_url().to_string())
        });
        Effect::new(move |_| {
            let Some(version) = self.version.get() else {
                return;
            };
            let live = self.source.with(|source| *source == CatalogSource::Live);
            let factory = factory_url.get();
            generation.update_value(|g| *g += 1);
            let this_generation = generation.get_value();
            self.talosctl_files.set(None);
            if !live || !version.quirk_at_least(&TalosVersion::lit("1.11.0-alpha.3")) {
                return;
            }
            spawn_local(async move {
                let client = FactoryClient::new(&factory);
                let Ok(text) = client.talosctl(&version.to_string()).await else {
                    return;
                };
                if generation.get_value() != this_generation {
                    return;
                }
                if let Ok(urls) = serde_json::from_str::<Vec<String>>(&text) {
                    let files = urls
                        .iter()
                        .filter_map(|url| url.rsplit('/').next())
                        .map(ToString::to_string)
                        .collect();
                    self.talosctl_files.set(Some(files));
                }
            });
        });
    }

    /// `schematic-id=` in the URL (or an imported ID): fetch it and fill the form.
    fn load_pending_schematic_effect(self) {
        Effect::new(move |_| {
            let Some(id) = self.selection.with(|s| s.pending_schematic_id.clone()) else {
                return;
            };
            let factory = self
                .selection
                .with_untracked(|s| s.settings.factory_url().to_string());
            self.schematic_load.set(Some(Load::Loading));
            spawn_local(async move {
                let client = FactoryClient::new(&factory);
                let result = match client.schematic(&id).await {
                    Ok(Some(yaml)) => match Schematic::from_yaml(&yaml) {
                        Ok(schematic) if schematic.has_id(&id) => Ok(schematic),
                        Ok(schematic) => Err(format!(
                            "the factory answered for {id} with another schematic (its ID is {}); the answer may have been cut off",
                            schematic.id()
                        )),
                        Err(e) => Err(format!(
                            "the factory answered for {id}, but its copy could not be read: {e}"
                        )),
                    },
                    Ok(None) => Err(format!("{factory} has no schematic {id}")),
                    Err(e) => Err(e.to_string()),
                };
                match result {
                    Ok(schematic) => {
                        self.selection.update(|s| {
                            *s = s.with_schematic(&schematic);
                            s.pending_schematic_id = None;
                        });
                        self.schematic_load.set(Some(Load::Ready(format!(
                            "Loaded schematic {id} from {factory}"
                        ))));
                    }
                    Err(reason) => {
                        self.selection.update(|s| s.pending_schematic_id = None);
                        self.schematic_load_failed.set(Some(id));
                        self.schematic_load.set(Some(Load::Failed(reason)));
                    }
                }
            });
        });
    }

    /// Writes the selection to the URL (coalescing quick edits into one history entry) and
    /// restores it on back/forward.
    fn url_sync_effect(self) {
        let last_push = StoredValue::new(now_ms());
        Effect::new(move |_| {
            let query = self.selection.with(Selection::to_query);
            if query == current_query() {
                return;
            }
            let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
                return;
            };
            let url = page_url_with(&query);
            let now = now_ms();
            let result = if now - last_push.get_value() < 1000.0 {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
            let _ = result;
            last_push.set_value(now);
        });
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let (mut restored, notices) = selection_from_location();
            self.selection.update(|s| {
                // Never in the URL: keep what the user typed.
                restored.embedded_config = std::mem::take(&mut s.embedded_config);
                *s = restored;
            });
            self.query_notices.set(notices);
        });
        on_cleanup(move || handle.remove());
    }

    fn reset_creation_effect(self) {
        Effect::new(move |previous: Option<Option<String>>| {
            let id = self
                .computed
                .with(|c| c.as_ref().ok().map(|c| c.id.clone()));
            if previous.is_some_and(|previous| previous != id) {
                self.creation.set(Creation::NotCreated);
            }
            id
        });
    }
}

/// Runs two futures concurrently (two requests in one round trip).
pub async fn futures_join<A, B>(a: A, b: B) -> (A::Output, B::Output)
where
    A: std::future::Future,
    B: std::future::Future,
{
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    let mut a_out = None;
    let mut b_out = None;
    std::future::poll_fn(move |cx| {
        if a_out.is_none()
            && let Poll::Ready(value) = a.as_mut().poll(cx)
        {
            a_out = Some(value);
        }
        if b_out.is_none()
            && let Poll::Ready(value) = b.as_mut().poll(cx)
        {
            b_out = Some(value);
        }
        if a_out.is_some() && b_out.is_some() {
            match (a_out.take(), b_out.take()) {
                (Some(a), Some(b)) => Poll::Ready((a, b)),
                _ => Poll::Pending,
            }
        } else {
            Poll::Pending
        }
    })
    .await
}
