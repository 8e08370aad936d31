//! The running stand-in: the factory routes with rs/cors in front, optional static files of
//! the built app, switchable faults, a request log, and the control endpoints under
//! `/__standin/`.

use crate::schematic::YamlLibrary;
use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crate::behaviour::Behaviour;
use crate::catalog::Catalog;
use crate::cors;
use crate::factory::{self, Factory};
use crate::fault::{Fault, Route};
use crate::http::{self, Request, Response};
use crate::json;
use crate::schematics::SchematicStore;
use crate::server::{Action, Handler, Server};
use crate::static_files::StaticSite;

/// How to start a stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The fixture folder (`tests/data/factory`).
    pub data_dir: PathBuf,
    /// Also serve this folder (the built app) for paths no factory route matches.
    pub static_dir: Option<PathBuf>,
    /// The sub-path of the static files (`/` or `/talos-image-studio/`).
    pub static_prefix: String,
    /// The base URL written into iPXE scripts; default: the stand-in's own base URL.
    pub pxe_url: Option<String>,
    /// The YAML library the imitated factory release hashes schematics with (default: the
    /// current one, go-yaml v4 rc.6); an older one imitates an older factory.
    pub yaml_library: YamlLibrary,
    /// Behaviours of later factory releases to switch on from the start (default: none).
    pub behaviours: Vec<Behaviour>,
}

impl Options {
    /// Fixtures only, no static files, PXE URL = own base URL.
    pub fn new(data_dir: &Path) -> Options {
        Options {
            data_dir: data_dir.to_path_buf(),
            static_dir: None,
            static_prefix: "/".to_string(),
            pxe_url: None,
            yaml_library: YamlLibrary::default(),
            behaviours: Vec::new(),
        }
    }
}

/// One request as the stand-in received it (control requests are not logged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    /// Decoded path, without the query.
    pub path: String,
    /// Raw query string without `?`.
    pub query: String,
    /// The `Origin` header, if any.
    pub origin: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The route it matched (`None` for unknown paths).
    pub route: Option<Route>,
    /// Whether rs/cors answered it as a preflight.
    pub preflight: bool,
}

impl LoggedRequest {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

struct Shared {
    factory: Factory,
    site: Option<StaticSite>,
    faults: Mutex<BTreeMap<Route, Fault>>,
    log: Mutex<Vec<LoggedRequest>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running factory stand-in on `127.0.0.1`; stops on drop (or [`StandIn::shutdown`]).
pub struct StandIn {
    shared: Arc<Shared>,
    server: Server,
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("address", &self.server.address())
            .finish_non_exhaustive()
    }
}

impl StandIn {
    /// Starts on `127.0.0.1` with a free port, serving the fixtures of `data_dir`.
    pub fn start(data_dir: &Path) -> io::Result<StandIn> {
        StandIn::start_with(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            Options::new(data_dir),
        )
    }

    /// Starts on a given loopback address (port 0 = any free port).
    pub fn start_on(address: SocketAddr, data_dir: &Path) -> io::Result<StandIn> {
        StandIn::start_with(address, Options::new(data_dir))
    }

    /// Starts with full options.
    pub fn start_with(address: SocketAddr, options: Options) -> io::Result<StandIn> {
        let catalog = Catalog::load(&options.data_dir)?;
        if let Some(dir) = &options.static_dir
            && !dir.is_dir()
        {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a directory", dir.display()),
            ));
        }
        // The URLs written into responses need the port, known only after binding, so the
        // handler reads the shared state through a slot filled right after start.
        let slot: Arc<Mutex<Option<Arc<Shared>>>> = Arc::new(Mutex::new(None));
        let handler_slot = Arc::clone(&slot);
        let handler: Handler = Arc::new(move |request: &Request| {
            let shared = lock(&handler_slot).clone();
            match shared {
                Some(shared) => handle(&shared, request),
                None => Action::Respond(Response::error(503, "starting")),
            }
        });
        let server = Server::start(address, handler)?;
        let base_url = format!("http://{}", server.address());
        let shared = Arc::new(Shared {
            factory: Factory {
                catalog,
                schematics: SchematicStore::default(),
                yaml_library: options.yaml_library,
                released: Mutex::new(Vec::new()),
                behaviours: Mutex::new(options.behaviours.iter().copied().collect()),
                external_url: base_url.clone(),
                pxe_url: options
                    .pxe_url
                    .map_or(base_url, |url| url.trim_end_matches('/').to_string()),
            },
            site: options
                .static_dir
                .map(|dir| StaticSite::new(&dir, &options.static_prefix)),
            faults: Mutex::new(BTreeMap::new()),
            log: Mutex::new(Vec::new()),
        });
        *lock(&slot) = Some(Arc::clone(&shared));
        Ok(StandIn { shared, server })
    }

    /// Lists `version` in `/versions` from now on, as if the factory picked up a release
    /// (it has no catalog: only the version list changes).
    pub fn release(&self, version: &str) {
        lock(&self.shared.factory.released).push(version.to_string());
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.address())
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.server.address()
    }

    /// Switches a fault on (`Some`) or off (`None`) for a route, effective for the next request.
    pub fn set_fault(&self, route: Route, fault: Option<Fault>) {
        set_fault(&self.shared, route, fault);
    }

    /// Switches a later factory behaviour on or off, effective for the next request.
    pub fn set_behaviour(&self, behaviour: Behaviour, on: bool) {
        set_behaviour(&self.shared, behaviour, on);
    }

    /// The later factory behaviours currently on.
    pub fn behaviours(&self) -> Vec<Behaviour> {
        lock(&self.shared.factory.behaviours)
            .iter()
            .copied()
            .collect()
    }

    /// Switches every fault off.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The faults currently on.
    pub fn faults(&self) -> Vec<(Route, Fault)> {
        lock(&self.shared.faults)
            .iter()
            .map(|(route, fault)| (*route, *fault))
            .collect()
    }

    /// Stored schematics as `(id, canonical yaml)`, oldest first.
    pub fn schematics(&self) -> Vec<(String, String)> {
        self.shared
            .factory
            .schematics
            .all()
            .into_iter()
            .map(|stored| (stored.id, stored.yaml))
            .collect()
    }

    /// Every request received so far (control requests excluded), oldest first.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        lock(&self.shared.log).clone()
    }

    /// Forgets the request log.
    pub fn clear_request_log(&self) {
        lock(&self.shared.log).clear();
    }

    /// Stops accepting connections (also done on drop).
    pub fn shutdown(&mut self) {
        self.server.shutdown();
    }
}

fn set_fault(shared: &Shared, route: Route, fault: Option<Fault>) {
    let mut faults = lock(&shared.faults);
    match fault {
        Some(fault) => faults.insert(route, fault),
        None => faults.remove(&route),
    };
}

fn set_behaviour(shared: &Shared, behaviour: Behaviour, on: bool) {
    let mut behaviours = lock(&shared.factory.behaviours);
    if on {
        behaviours.insert(behaviour);
    } else {
        behaviours.remove(&behaviour);
    }
}

fn handle(shared: &Shared, request: &Request) -> Action {
    if request.path.starts_with("/__standin/") {
        return Action::Respond(control(shared, request));
    }
    let static_route = shared
        .site
        .as_ref()
        .is_some_and(|site| site.contains(&request.path));
    let openapi = shared.factory.behaviour(Behaviour::OpenApiDocument);
    let route = factory::route_of(&request.path, openapi)
        .or_else(|| static_route.then_some(Route::StaticFiles));
    let preflight = route != Some(Route::StaticFiles) && cors::is_preflight(request);
    lock(&shared.log).push(LoggedRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        origin: request.header("Origin").map(str::to_string),
        headers: request.headers.clone(),
        body: request.body.clone(),
        route,
        preflight,
    });
    let fault = route.and_then(|route| lock(&shared.faults).get(&route).copied());
    match fault {
        Some(Fault::DropConnection) => return Action::Drop,
        Some(Fault::Delay(duration)) => thread::sleep(duration),
        _ => {}
    }
    let mut response = if route == Some(Route::StaticFiles) {
        let site = shared.site.as_ref();
        match (fault, site) {
            (Some(Fault::Status(status)), _) => status_response(status),
            (_, Some(site)) => site.respond_to(request),
            (_, None) => factory::not_found(),
        }
    } else if preflight {
        cors::preflight(request)
    } else {
        let mut response = match fault {
            Some(Fault::Status(status)) => {
                let mut response = status_response(status);
                response.set_header("Server", factory::SERVER);
                response
            }
            _ => shared
                .factory
                .handle(request)
                .map_or_else(factory::not_found, |(_, response)| response),
        };
        cors::apply_actual(request, &mut response);
        response
    };
    match fault {
        Some(Fault::MalformedJson) if !preflight => {
            response.status = 200;
            let half = response.body.len() / 2;
            response.body.truncate(half);
            if response.body.is_empty() {
                response.body = b"[{\"name\":".to_vec();
            }
            response.remove_header("Content-Length");
        }
        Some(Fault::NoCors) => cors::strip(&mut response),
        _ => {}
    }
    Action::Respond(response)
}

/// The body of a status fault: Go's status text, lower-cased (`internal server error`).
fn status_response(status: u16) -> Response {
    Response::error(status, &http::reason_phrase(status).to_ascii_lowercase())
}

/// `/__standin/…`: switch faults, reset, and read the store and the log.
fn control(shared: &Shared, request: &Request) -> Response {
    let mut response = if cors::is_preflight(request) {
        let mut response = Response::new(204).header("Access-Control-Allow-Methods", "GET, POST");
        if let Some(headers) = request.header("Access-Control-Request-Headers") {
            response.set_header("Access-Control-Allow-Headers", headers);
        }
        response
    } else {
        control_action(shared, request)
    };
    response.set_header("Access-Control-Allow-Origin", "*");
    response.set_header("Cache-Control", "no-store");
    response
}

fn control_action(shared: &Shared, request: &Request) -> Response {
    let method = request.method.as_str();
    match (method, request.path.as_str()) {
        ("POST", "/__standin/fault") => {
            let route = request.query_param("route").unwrap_or_default();
            let fault = request.query_param("fault").unwrap_or_default();
            let route = match route.parse::<Route>() {
                Ok(route) => route,
                Err(message) => return Response::error(400, &message),
            };
            let fault = if fault == "none" {
                None
            } else {
                match fault.parse::<Fault>() {
                    Ok(fault) => Some(fault),
                    Err(message) => return Response::error(400, &message),
                }
            };
            set_fault(shared, route, fault);
            Response::error(200, "ok")
        }
        ("POST", "/__standin/behaviour") => {
            let name = request.query_param("name").unwrap_or_default();
            let behaviour = match name.parse::<Behaviour>() {
                Ok(behaviour) => behaviour,
                Err(message) => return Response::error(400, &message),
            };
            let on = match request.query_param("on").as_deref() {
                Some("true") => true,
                Some("false") => false,
                _ => return Response::error(400, "on must be true or false"),
            };
            set_behaviour(shared, behaviour, on);
            Response::error(200, "ok")
        }
        ("GET", "/__standin/behaviours") => {
            let behaviours: Vec<String> = lock(&shared.factory.behaviours)
                .iter()
                .map(ToString::to_string)
                .collect();
            Response::with_body(200, json::string_array(&behaviours))
                .header("Content-Type", "application/json")
        }
        ("POST", "/__standin/reset") => {
            lock(&shared.faults).clear();
            if request.query_param("all").as_deref() == Some("true") {
                lock(&shared.log).clear();
                shared.factory.schematics.clear();
            }
            Response::error(200, "ok")
        }
        ("GET", "/__standin/faults") => {
            let faults: Vec<Vec<(String, String)>> = lock(&shared.faults)
                .iter()
                .map(|(route, fault)| {
                    vec![
                        ("route".to_string(), route.to_string()),
                        ("fault".to_string(), fault.to_string()),
                    ]
                })
                .collect();
            json_response(&faults)
        }
        ("GET", "/__standin/schematics") => {
            let schematics: Vec<Vec<(String, String)>> = shared
                .factory
                .schematics
                .all()
                .into_iter()
                .map(|stored| {
                    vec![
                        ("id".to_string(), stored.id),
                        ("schematic".to_string(), stored.yaml),
                    ]
                })
                .collect();
            json_response(&schematics)
        }
        ("GET", "/__standin/requests") => {
            let requests: Vec<Vec<(String, String)>> = lock(&shared.log)
                .iter()
                .map(|logged| {
                    vec![
                        ("method".to_string(), logged.method.clone()),
                        ("path".to_string(), logged.path.clone()),
                        ("query".to_string(), logged.query.clone()),
                        (
                            "origin".to_string(),
                            logged.origin.clone().unwrap_or_default(),
                        ),
                        (
                            "route".to_string(),
                            logged
                                .route
                                .map(|route| route.to_string())
                                .unwrap_or_default(),
                        ),
                    ]
                })
                .collect();
            json_response(&requests)
        }
        (
            _,
            "/__standin/fault"
            | "/__standin/behaviour"
            | "/__standin/behaviours"
            | "/__standin/reset"
            | "/__standin/faults"
            | "/__standin/schematics"
            | "/__standin/requests",
        ) => Response::error(405, "Method Not Allowed"),
        _ => factory::not_found(),
    }
}

fn json_response(objects: &[Vec<(String, String)>]) -> Response {
    let borrowed: Vec<Vec<(&str, &str)>> = objects
        .iter()
        .map(|fields| {
            fields
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect()
        })
        .collect();
    Response::with_body(200, json::object_array(&borrowed))
        .header("Content-Type", "application/json")
}
