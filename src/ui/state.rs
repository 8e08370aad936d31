//! `AppState`: the one `Selection` signal (kept in sync with the URL), what the factory said
//! (Leptos resources and actions, one factory client derived from the settings), and the
//! memos derived from them. Components read it from context and map it to the DOM; every
//! rule comes from the core.
//!
//! - `storage`: settings remembered in local storage, the page's URL.
//! - `loaders`: versions, catalogs and talosctl files (`LocalResource`s).
//! - `schematic_status`: is the schematic on the factory (a debounced `LocalResource`),
//!   "Create on factory" and `schematic-id=` loads (`Action`s).
//! - `url_sync`: the selection in the URL, back/forward.

mod loaders;
mod schematic_status;
mod storage;
mod url_sync;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::catalog::VersionList;
use crate::factory::FactoryClient;
use crate::i18n::Text;
use crate::presence::{Creation, IdState, Presence, ResultStatus, result_status};
use crate::schematic::{Schematic, SchematicId, Value, YamlLibrary};
use crate::selection::{QueryNotice, Selection, overlay_options_notice};
use crate::version::TalosVersion;

pub use loaders::{CatalogSource, Loaded, VersionData};

pub use loaders::CatalogCache;
pub use schematic_status::SchematicLoad;
pub use storage::{current_query, page_url_with, remember_settings};

/// Something loaded over the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    /// Why, as the page says it.
    Failed(Text),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            Load::Loading | Load::Failed(_) => None,
        }
    }
}

/// The result of turning the selection into a schematic.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub schematic: Schematic,
    pub yaml: String,
    pub id: SchematicId,
    /// IDs older factory releases give this schematic where they differ from `id` (their
    /// YAML libraries quote some strings differently), newest library first.
    pub older_ids: Vec<(YamlLibrary, SchematicId)>,
    /// What was normalised before hashing (line endings, BOMs, Unicode line separators), as
    /// `path: change` lines.
    pub normalized: Vec<Text>,
}

impl Computed {
    fn of(selection: &Selection, options: Vec<(String, Value)>) -> Computed {
        let mut schematic = selection.to_schematic_with(options);
        // The factory hashes what it is sent; normalising first keeps Windows line ends and
        // Unicode separators from producing unreadable YAML.
        let normalized = schematic
            .normalize()
            .into_iter()
            .map(|change| change.text())
            .collect();
        let yaml = schematic.canonical_yaml();
        let id = schematic.id();
        let older_ids = schematic
            .ids_across_releases()
            .into_iter()
            .filter(|(_, other)| *other != id)
            .collect();
        Computed {
            schematic,
            yaml,
            id,
            older_ids,
            normalized,
        }
    }
}

/// Why there is no [`Computed`] for the selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Uncomputed {
    /// The selection makes no schematic: why, as the page says it.
    Invalid(Text),
    /// The overlay options are being decoded (the decoder's chunk is on its way).
    Decoding,
}

impl Uncomputed {
    /// The error to show, if it is one.
    pub fn error(&self) -> Option<&Text> {
        match self {
            Uncomputed::Invalid(reason) => Some(reason),
            Uncomputed::Decoding => None,
        }
    }
}

/// Overlay options decoded in the decoder's chunk: the text, and what it gave.
type DecodedOptions = (String, Result<Vec<(String, Value)>, Text>);

/// Decodes overlay options in the decoder's chunk.
async fn decode_options(text: String) -> Option<DecodedOptions> {
    let result = match super::chunks::decode_overlay_options(text.clone()).await {
        Ok(decoded) => decoded.map_err(|error| error.text()),
        Err(super::chunks::ChunkFailed) => Err(super::chunks::decoder_unavailable()),
    };
    Some((text, result))
}

/// Aborts the previous request of one kind when a newer one starts (a superseded catalog or
/// presence check is not left running).
#[derive(Clone, Default)]
pub struct Supersede(Rc<RefCell<Option<web_sys::AbortController>>>);

impl Supersede {
    /// A client for `factory` whose requests the next call aborts.
    pub fn client(&self, factory: &str) -> FactoryClient {
        let mut current = self.0.borrow_mut();
        if let Some(previous) = current.take() {
            previous.abort();
        }
        let client = FactoryClient::new(factory);
        match web_sys::AbortController::new() {
            Ok(controller) => {
                let signal = controller.signal();
                *current = Some(controller);
                client.cancelled_by(signal)
            }
            Err(_) => client,
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub selection: RwSignal<Selection>,
    /// What the page's link asked for (`None` once its notice is dismissed, or when the page
    /// was opened without one), for the link problems notice.
    pub link: RwSignal<Option<Selection>>,
    /// What the URL query said that could not be applied.
    pub query_notices: RwSignal<Vec<QueryNotice>>,
    /// The factory URL in effect: every request goes there.
    pub factory: Memo<String>,
    loaded: LocalResource<Loaded>,
    catalog: LocalResource<Option<VersionData>>,
    pub source: Memo<CatalogSource>,
    pub versions: Memo<Load<VersionList>>,
    /// Why `?broken=true` could not be read (non-fatal).
    pub broken_error: Memo<Option<Text>>,
    /// The catalog of the version in effect (never another version's, even while loading).
    pub version_data: Memo<Load<VersionData>>,
    pub talosctl_files: Memo<Option<Vec<String>>>,
    /// The version that applies: the chosen one, else the latest stable offered.
    pub version: Memo<Option<TalosVersion>>,
    pub computed: Memo<Result<Computed, Uncomputed>>,
    presence_check: LocalResource<(Option<SchematicId>, Presence)>,
    pub create: Action<Computed, (SchematicId, Creation)>,
    /// The result header's answer, from the core.
    pub status: Memo<ResultStatus>,
    /// Selected extensions the catalog of the version in effect lacks, with a known rename.
    pub missing_extensions: Memo<Vec<(String, Option<String>)>>,
    /// The link Share copies: this page with the selection, the version pinned.
    pub share_url: Memo<String>,
    pub load_schematic: Action<SchematicId, SchematicLoad>,
    /// Catalogs of other versions (upgrade planner, extension across versions).
    catalog_cache: CatalogCache,
}

impl AppState {
    pub fn new() -> Self {
        let (initial, notices) = storage::selection_from_location();
        let opened_with_link = !storage::current_query().is_empty();
        let selection = RwSignal::new(initial.clone());
        let factory = Memo::new(move |_| selection.with(|s| s.settings.factory_url().to_string()));
        let prefetch = loaders::CatalogPrefetch::default();
        let will_use =
            move |list: &VersionList| selection.with_untracked(|s| s.resolved_version(list));
        let loaded = loaders::versions(factory, will_use, prefetch.clone());
        prefetch.guess(&initial);
        let source = Memo::new(move |_| {
            loaded
                .map(|loaded| loaded.source.clone())
                .unwrap_or(CatalogSource::Connecting)
        });
        let versions = Memo::new(move |_| {
            loaded
                .map(|loaded| loaded.list.clone())
                .unwrap_or(Load::Loading)
        });
        let broken_error =
            Memo::new(move |_| loaded.map(|loaded| loaded.broken_error.clone()).flatten());
        let version = Memo::new(move |_| {
            versions
                .with(|list| {
                    let list = list.ready()?;
                    selection.with(|s| s.resolved_version(list))
                })
                .or_else(|| selection.with(|s| s.version.clone()))
        });
        let catalog = loaders::catalog(version, loaded, factory, prefetch);
        let version_data = Memo::new(move |_| {
            let Some(wanted) = version.get() else {
                return Load::Loading;
            };
            catalog
                .map(|data| match data {
                    Some(data) if data.version == wanted => match &data.load {
                        Load::Ready(()) => Load::Ready(data.clone()),
                        Load::Failed(reason) => Load::Failed(reason.clone()),
                        Load::Loading => Load::Loading,
                    },
                    _ => Load::Loading,
                })
                .unwrap_or(Load::Loading)
        });
        let talosctl = loaders::talosctl(version, source, factory);
        let talosctl_files = Memo::new(move |_| talosctl.map(Clone::clone).flatten());
        let options_text = Memo::new(move |_| {
            selection.with(|s| s.overlay_options_to_decode().map(str::to_owned))
        });
        let decoded_options = LocalResource::new(move || {
            let text = options_text.get();
            async move { decode_options(text?).await }
        });
        let computed = Memo::new(move |_| {
            selection.with(|s| match s.overlay_options_to_decode() {
                None => Ok(Computed::of(s, Vec::new())),
                Some(text) => decoded_options
                    .map(|decoded| match decoded {
                        Some((decoded_text, result)) if decoded_text == text => result
                            .clone()
                            .map(|options| Computed::of(s, options))
                            .map_err(Uncomputed::Invalid),
                        _ => Err(Uncomputed::Decoding),
                    })
                    .unwrap_or(Err(Uncomputed::Decoding)),
            })
        });
        let current_id =
            Memo::new(move |_| computed.with(|c| c.as_ref().ok().map(|c| c.id.clone())));
        let id_state = Memo::new(move |_| {
            computed.with(|c| match c {
                Ok(c) => IdState::Computed(c.id.clone()),
                Err(Uncomputed::Decoding) => IdState::Decoding,
                Err(Uncomputed::Invalid(_)) => IdState::Invalid,
            })
        });
        let presence_check = schematic_status::presence_check(current_id, source, factory);
        let presence = Memo::new(move |_| {
            let Some(id) = current_id.get() else {
                return Presence::Checking;
            };
            presence_check
                .map(|(checked, presence)| {
                    if checked.as_ref() == Some(&id) {
                        presence.clone()
                    } else {
                        Presence::Checking
                    }
                })
                .unwrap_or(Presence::Checking)
        });
        let create = schematic_status::create_action(factory);
        let creation = Memo::new(move |_| {
            let Some(id) = current_id.get() else {
                return Creation::NotCreated;
            };
            let creating = create
                .input()
                .with(|input| input.as_ref().is_some_and(|computed| computed.id == id));
            if creating {
                return Creation::Creating;
            }
            create
                .value()
                .with(|value| match value {
                    Some((created, creation)) if *created == id => Some(creation.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        });
        let status = Memo::new(move |_| {
            id_state.with(|id| {
                presence.with(|presence| {
                    creation.with(|creation| result_status(id, presence, creation))
                })
            })
        });
        let load_schematic = schematic_status::load_action(factory);
        let missing_extensions = Memo::new(move |_| {
            let Some(version) = version.get() else {
                return Vec::new();
            };
            version_data.with(|data| match data {
                Load::Ready(data) => selection
                    .with(|s| s.missing_extensions(&version, &data.extensions, &data.overlays)),
                Load::Loading | Load::Failed(_) => Vec::new(),
            })
        });
        let share_url = Memo::new(move |_| {
            let version = version.get();
            selection.with(|s| storage::share_url(s, version.as_ref()))
        });
        AppState {
            selection,
            link: RwSignal::new(opened_with_link.then_some(initial)),
            query_notices: RwSignal::new(notices),
            factory,
            loaded,
            catalog,
            source,
            versions,
            broken_error,
            version_data,
            talosctl_files,
            version,
            computed,
            presence_check,
            create,
            status,
            missing_extensions,
            share_url,
            load_schematic,
            catalog_cache: CatalogCache::default(),
        }
    }

    /// Starts the effects (URL sync, `schematic-id=` loads). Called once by `App`.
    pub fn start(self) {
        url_sync::start(self);
        schematic_status::start_pending_loads(self);
        if let Some(linked) = self.link.get_untracked() {
            self.check_linked_options(&linked);
        }
    }

    /// Decodes the overlay options a link gave (in the decoder's chunk) and adds the core's
    /// notice when they are invalid, as long as that link's notices are still shown.
    fn check_linked_options(self, linked: &Selection) {
        let Some(text) = linked.linked_options_to_check().map(str::to_owned) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let Ok(Err(error)) = super::chunks::decode_overlay_options(text.clone()).await else {
                return;
            };
            let shown = self
                .link
                .with_untracked(|link| link.as_ref().is_some_and(|l| l.overlay_options == text));
            if shown {
                self.query_notices
                    .update(|notices| notices.push(overlay_options_notice(&text, &error)));
            }
        });
    }

    /// The one-line summary of a folded section, from the core.
    pub fn step_summary(self, step: crate::selection::Step) -> Signal<String> {
        let i18n = use_context::<super::i18n::I18n>();
        Signal::derive(move || {
            let version = self.version.get();
            let summary = self
                .selection
                .with(|s| s.step_summary(step, version.as_ref()));
            i18n.map_or_else(
                || crate::i18n::Messages::english().step_summary_text(&summary),
                |i18n| i18n.tr(|m| m.step_summary_text(&summary)),
            )
        })
    }

    /// Asks the factory again for the versions (and so every catalog).
    pub fn retry_versions(self) {
        self.loaded.refetch();
    }

    /// The catalogs of `versions` for the planner and the across-releases table: the page's
    /// own catalog when it is one of them, the kept ones, and the rest asked now.
    pub fn catalogs_of(
        self,
        versions: Vec<TalosVersion>,
    ) -> impl std::future::Future<Output = std::collections::HashMap<TalosVersion, Load<VersionData>>>
    {
        let factory = self.factory.get();
        if let Load::Ready(current) = self.version_data.get_untracked() {
            self.catalog_cache.keep(&factory, &current);
        }
        self.catalog_cache.load(factory, versions)
    }

    /// Asks the factory again for the catalog of the version in effect.
    pub fn retry_catalog(self) {
        self.catalog.refetch();
    }

    /// Asks the factory again whether it has the schematic.
    pub fn recheck_presence(self) {
        self.presence_check.refetch();
    }

    /// Sends the current schematic to the factory and confirms it.
    pub fn create_schematic(self) {
        if let Ok(computed) = self.computed.get_untracked() {
            self.create.dispatch_local(computed);
        }
    }
}
