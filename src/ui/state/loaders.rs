//! The catalog loaders, as `LocalResource`s: the version list (the shipped snapshot when the
//! factory cannot be reached), the extension and overlay catalogs of the version in effect,
//! and the talosctl files. A resource reruns when what it reads changes, and a newer run
//! aborts the requests of the one it supersedes.
//!
//! The catalog of the version the page will show is asked for before the version list is
//! read, guessed from the list of the snapshot shipped with the build, and again as soon as
//! the list is read if the guess was wrong ([`CatalogPrefetch`]): its round trip overlaps
//! `/versions` and the page's first render instead of following them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;

use super::{Load, Supersede};
use crate::catalog::{
    CatalogSnapshot, ExtensionInfo, OverlayInfo, VersionList, parse_extensions, parse_overlays,
    parse_versions, saved_at_label, snapshot_version_list,
};
use crate::factory::{FactoryClient, FactoryError, fetch_snapshot};
use crate::i18n::Text;
use crate::outputs::has_talosctl;

use crate::version::TalosVersion;

/// Where the version list and catalogs come from.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogSource {
    /// Still asking the factory.
    Connecting,
    /// The factory answered.
    Live,
    /// The factory could not be reached; the catalogs this browser saw last (kept by the
    /// page's service worker) are in use.
    Saved { saved_at: String, reason: Text },
    /// The factory could not be reached: the snapshot shipped with the build is in use.
    Snapshot { taken: String, reason: Text },
    /// Neither the factory nor the snapshot could be loaded.
    Unavailable { reason: Text },
}

/// What the version loader found.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub list: Load<VersionList>,
    pub source: CatalogSource,
    pub broken_error: Option<Text>,
    pub snapshot: Option<CatalogSnapshot>,
}

/// The catalog of one version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionData {
    pub version: TalosVersion,
    pub extensions: Vec<ExtensionInfo>,
    pub overlays: Vec<OverlayInfo>,
    /// When the snapshot shipped with the build was taken, if the catalog comes from it.
    pub snapshot_taken: Option<String>,
    /// When this browser saved the catalog, if the factory could not be reached and the
    /// page's service worker answered with its saved copy.
    pub saved_at: Option<String>,
    /// How loading it ended (`Ready(())` when `extensions`/`overlays` hold the catalog).
    pub load: Load<()>,
}

impl VersionData {
    fn failed(version: TalosVersion, reason: Text) -> Self {
        VersionData {
            version,
            extensions: Vec::new(),
            overlays: Vec::new(),
            snapshot_taken: None,
            saved_at: None,
            load: Load::Failed(reason),
        }
    }
}

/// A catalog request started before the catalog loader asks for it.
type CatalogFetch = Shared<LocalBoxFuture<'static, VersionData>>;

/// The catalog request the version loader starts for the version the page will use, kept
/// until the catalog loader takes it (for the same factory and version) or the next list
/// replaces it.
#[derive(Clone, Default)]
pub struct CatalogPrefetch(Rc<RefCell<Option<(String, TalosVersion, CatalogFetch)>>>);

impl CatalogPrefetch {
    /// Sends the catalog requests of `version` now.
    fn start(&self, client: FactoryClient, factory: String, version: TalosVersion) {
        let fetch = fetch_catalog(client, version.clone())
            .boxed_local()
            .shared();
        // Polled once here, the requests leave now rather than after the render this list
        // causes; the task then drives them to the end.
        if fetch.clone().now_or_never().is_none() {
            leptos::task::spawn_local(fetch.clone().map(drop));
        }
        *self.0.borrow_mut() = Some((factory, version, fetch));
    }

    /// Whether a request for `version` of `factory` is already on its way (or done).
    fn holds(&self, factory: &str, version: &TalosVersion) -> bool {
        self.0
            .borrow()
            .as_ref()
            .is_some_and(|(started_for, started_version, _)| {
                started_for == factory && started_version == version
            })
    }

    /// Asks at once for the catalog the page will most likely show: the version `selection`
    /// resolves to in the list of the snapshot shipped with the build. It leaves with
    /// `/versions` instead of after it; once the factory's list is read, a guess that list
    /// confirms is kept and any other is replaced (a stale guess costs one request).
    pub fn guess(&self, selection: &crate::selection::Selection) {
        let factory = selection.settings.factory_url().to_string();
        if let Some(version) = selection.resolved_version(&snapshot_version_list()) {
            self.start(FactoryClient::new(&factory), factory, version);
        }
    }

    /// The started request, if it was for `version` of `factory`. Either way the slot is
    /// emptied: a request started for another choice is never reused later.
    fn take(&self, factory: &str, version: &TalosVersion) -> Option<CatalogFetch> {
        let (started_for, started_version, fetch) = self.0.borrow_mut().take()?;
        (started_for == factory && started_version == *version).then_some(fetch)
    }
}

/// `/versions` and `/versions?broken=true` of the factory in effect, two requests in one
/// round trip; the snapshot when the factory cannot be reached. Once the factory's list is
/// read, the catalog of `will_use(list)` is requested at once (see [`CatalogPrefetch`]).
pub fn versions(
    factory: Memo<String>,
    will_use: impl Fn(&VersionList) -> Option<TalosVersion> + Clone + 'static,
    prefetch: CatalogPrefetch,
) -> LocalResource<Loaded> {
    let supersede = Supersede::default();
    LocalResource::new(move || {
        let factory = factory.get();
        let client = supersede.client(&factory);
        let will_use = will_use.clone();
        let prefetch = prefetch.clone();
        // Polled once now, while the page is still being built (the resource calls this
        // when it is created), the two requests are on their way during the first render.
        let mut requests = {
            let client = client.clone();
            async move { futures::join!(client.versions_fetched(), client.broken_versions()) }
        }
        .boxed_local();
        let answered = (&mut requests).now_or_never();
        async move {
            let (listed, broken) = match answered {
                Some(answers) => answers,
                None => requests.await,
            };
            let saved_at = listed
                .as_ref()
                .ok()
                .and_then(|f| f.saved_at.as_deref().map(saved_at_label));
            let parsed = listed.map_err(|e| e.text()).and_then(|fetched| {
                parse_versions(&fetched.body)
                    .map_err(|e| Text::catalog_at(e.text(), client.endpoints.versions()))
            });
            match parsed {
                Ok(list) => {
                    let broken = broken
                        .map_err(|e| e.text())
                        .and_then(|text| parse_versions(&text).map_err(|e| e.text()));
                    let (broken_list, broken_error) = match broken {
                        Ok(list) => (list, None),
                        Err(e) => (Vec::new(), Some(e)),
                    };
                    let list = VersionList::new(&list, &broken_list);
                    if let Some(version) = will_use(&list)
                        && !prefetch.holds(&factory, &version)
                    {
                        prefetch.start(client.clone(), factory.clone(), version);
                    }
                    Loaded {
                        list: Load::Ready(list),
                        source: match saved_at {
                            Some(saved_at) => CatalogSource::Saved {
                                saved_at,
                                reason: FactoryError::Network {
                                    url: client.endpoints.versions(),
                                    detail: Text::factory_no_answer().into(),
                                }
                                .text(),
                            },
                            None => CatalogSource::Live,
                        },
                        broken_error,
                        snapshot: None,
                    }
                }
                Err(reason) => from_snapshot(reason).await,
            }
        }
    })
}

async fn from_snapshot(reason: Text) -> Loaded {
    let snapshot = fetch_snapshot()
        .await
        .map_err(|e| e.text())
        .and_then(|text| CatalogSnapshot::parse(&text).map_err(|e| e.text()));
    match snapshot {
        Ok(snapshot) => Loaded {
            list: Load::Ready(snapshot.version_list()),
            source: CatalogSource::Snapshot {
                taken: snapshot.taken.clone(),
                reason,
            },
            broken_error: None,
            snapshot: Some(snapshot),
        },
        Err(snapshot_error) => Loaded {
            list: Load::Failed(reason.clone()),
            source: CatalogSource::Unavailable {
                reason: Text::snapshot_failed_too(snapshot_error, reason),
            },
            broken_error: None,
            snapshot: None,
        },
    }
}

/// The extension and overlay catalogs of the version in effect (from the snapshot when that
/// is the source).
pub fn catalog(
    version: Memo<Option<TalosVersion>>,
    loaded: LocalResource<Loaded>,
    factory: Memo<String>,
    prefetch: CatalogPrefetch,
) -> LocalResource<Option<VersionData>> {
    let supersede = Supersede::default();
    LocalResource::new(move || {
        let version = version.get();
        let source = loaded.map(|loaded| (loaded.source.clone(), loaded.snapshot.clone()));
        let factory = factory.get_untracked();
        let client = supersede.client(&factory);
        let prefetch = prefetch.clone();
        async move {
            let version = version?;
            Some(match source {
                None | Some((CatalogSource::Connecting, _)) => VersionData {
                    load: Load::Loading,
                    ..VersionData::failed(version, Text::as_is(""))
                },
                Some((CatalogSource::Unavailable { reason }, _)) => {
                    VersionData::failed(version, reason)
                }
                Some((CatalogSource::Snapshot { taken, .. }, snapshot)) => {
                    let catalog = snapshot
                        .as_ref()
                        .and_then(|snapshot| snapshot.catalog(&version).cloned());
                    match catalog {
                        Some(catalog) => VersionData {
                            version,
                            extensions: catalog.extensions,
                            overlays: catalog.overlays,
                            snapshot_taken: Some(taken),
                            saved_at: None,
                            load: Load::Ready(()),
                        },
                        None => {
                            let available: Vec<String> = snapshot
                                .map(|s| {
                                    s.catalog_versions()
                                        .iter()
                                        .map(ToString::to_string)
                                        .collect()
                                })
                                .unwrap_or_default();
                            let reason =
                                Text::snapshot_no_catalog(version.clone(), available.join(", "));
                            VersionData::failed(version, reason)
                        }
                    }
                }
                Some((CatalogSource::Live | CatalogSource::Saved { .. }, _)) => {
                    match prefetch.take(&factory, &version) {
                        Some(started) => started.await,
                        None => fetch_catalog(client, version).await,
                    }
                }
            })
        }
    })
}

/// Catalogs of versions other than the page's, asked in parallel and kept per factory and
/// version once they arrived (a failed one is asked again next time).
#[derive(Clone, Copy)]
pub struct CatalogCache(StoredValue<HashMap<(String, TalosVersion), VersionData>>);

impl Default for CatalogCache {
    fn default() -> Self {
        CatalogCache(StoredValue::new(HashMap::new()))
    }
}

impl CatalogCache {
    /// Keeps `data`, a catalog already loaded (the page's own version), so it is not asked
    /// again.
    pub fn keep(self, factory: &str, data: &VersionData) {
        if data.load.ready().is_some() {
            self.0.update_value(|kept| {
                kept.entry((factory.to_string(), data.version.clone()))
                    .or_insert_with(|| data.clone());
            });
        }
    }

    /// The catalogs of `versions` on `factory`: the kept ones, and the others asked now.
    pub async fn load(
        self,
        factory: String,
        versions: Vec<TalosVersion>,
    ) -> HashMap<TalosVersion, Load<VersionData>> {
        let key = |version: &TalosVersion| (factory.clone(), version.clone());
        let missing: Vec<TalosVersion> = versions
            .iter()
            .filter(|version| self.0.with_value(|kept| !kept.contains_key(&key(version))))
            .cloned()
            .collect();
        let client = FactoryClient::new(&factory);
        let fetched = futures::future::join_all(
            missing
                .into_iter()
                .map(|version| fetch_catalog(client.clone(), version)),
        )
        .await;
        let mut answers = HashMap::new();
        for data in fetched {
            match &data.load {
                Load::Ready(()) => self.0.update_value(|kept| {
                    kept.insert(key(&data.version), data.clone());
                }),
                Load::Failed(reason) => {
                    answers.insert(data.version.clone(), Load::Failed(reason.clone()));
                }
                Load::Loading => {}
            }
        }
        for version in &versions {
            if let Some(data) = self.0.with_value(|kept| kept.get(&key(version)).cloned()) {
                answers.insert(version.clone(), Load::Ready(data));
            }
        }
        answers
    }
}

/// `GET /version/<v>/extensions/official` and `/overlays/official`, in one round trip.
async fn fetch_catalog(client: FactoryClient, version: TalosVersion) -> VersionData {
    let tag = version.to_string();
    let (extensions, overlays) = futures::join!(
        client.extensions_fetched(&tag),
        client.overlays_fetched(&tag)
    );
    let saved_at = [&extensions, &overlays].into_iter().find_map(|fetched| {
        fetched
            .as_ref()
            .ok()?
            .saved_at
            .as_deref()
            .map(saved_at_label)
    });
    let extensions = extensions.map_err(|e| e.text()).and_then(|fetched| {
        parse_extensions(&fetched.body)
            .map_err(|e| Text::catalog_at(e.text(), client.endpoints.extensions(&tag)))
    });
    let overlays = overlays.map_err(|e| e.text()).and_then(|fetched| {
        parse_overlays(&fetched.body)
            .map_err(|e| Text::catalog_at(e.text(), client.endpoints.overlays(&tag)))
    });
    match (extensions, overlays) {
        (Ok(extensions), Ok(overlays)) => VersionData {
            version,
            extensions,
            overlays,
            snapshot_taken: None,
            saved_at,
            load: Load::Ready(()),
        },
        (Err(e), _) | (_, Err(e)) => VersionData::failed(version, e),
    }
}

/// `GET /talosctl/<version>` where the factory serves it (`None`: the usual list applies).
pub fn talosctl(
    version: Memo<Option<TalosVersion>>,
    source: Memo<CatalogSource>,
    factory: Memo<String>,
) -> LocalResource<Option<Vec<String>>> {
    let supersede = Supersede::default();
    LocalResource::new(move || {
        let version = version.get();
        let live = source.with(|source| *source == CatalogSource::Live);
        let client = supersede.client(&factory.get());
        async move {
            let version = version.filter(|version| live && has_talosctl(version))?;
            let text = client.talosctl(&version.to_string()).await.ok()?;
            let urls = serde_json::from_str::<Vec<String>>(&text).ok()?;
            Some(
                urls.iter()
                    .filter_map(|url| url.rsplit('/').next())
                    .map(ToString::to_string)
                    .collect(),
            )
        }
    })
}
