//! The factory's routes (`internal/frontend/http/http.go`) behind an httprouter-like matcher:
//! unknown path → 404 `404 page not found`, known path with another method → 405 with `Allow`,
//! `OPTIONS` (not a preflight) → 200 with `Allow`, trailing slash → redirect. Handler
//! responses carry `Server` and `X-Request-ID`; errors are Go `http.Error` responses.

use crate::schematic::YamlLibrary;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::version::TalosVersion;
use sha2::{Digest, Sha256};

use crate::behaviour::{self, Behaviour};
use crate::catalog::Catalog;
use crate::fault::Route;
use crate::http::{Request, Response};
use crate::image::{self, OutputKind};
use crate::json;
use crate::schematics::{self, SchematicStore, StoredSchematic};
use crate::tables::{EXTENSION_ALIASES, TALOSCTL_FILES};

/// The `Server` header of the factory release the stand-in imitates.
pub const SERVER: &str = "Image Factory v1.5.0";

/// The factory's state: read-only catalog, the schematic store, and the URLs it writes into
/// responses.
#[derive(Debug)]
pub struct Factory {
    pub catalog: Catalog,
    pub schematics: SchematicStore,
    /// `externalURL` (talosctl links), no trailing slash.
    pub external_url: String,
    /// `externalPXEURL` (iPXE scripts), no trailing slash.
    pub pxe_url: String,
    /// The YAML library this factory release hashes schematics with.
    pub yaml_library: YamlLibrary,
    /// Versions released since the fixtures were recorded (tests add them while running),
    /// listed after the recorded ones.
    pub released: std::sync::Mutex<Vec<String>>,
    /// The later factory behaviours switched on.
    pub behaviours: std::sync::Mutex<std::collections::BTreeSet<Behaviour>>,
}

/// What the router found for a path.
struct Matched {
    route: Route,
    methods: &'static [&'static str],
    params: Vec<String>,
}

/// Matches a decoded path against the route table (parameters are one non-empty segment).
fn match_path(path: &str) -> Option<Matched> {
    let rest = path.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return None;
    }
    let params = |indexes: &[usize]| indexes.iter().map(|&i| segments[i].to_string()).collect();
    let (route, methods, params): (Route, &'static [&'static str], Vec<String>) =
        match segments.as_slice() {
            ["versions"] => (Route::Versions, &["GET"], Vec::new()),
            ["version", _, "extensions", "official"] => (Route::Extensions, &["GET"], params(&[1])),
            ["version", _, "overlays", "official"] => (Route::Overlays, &["GET"], params(&[1])),
            ["schematics"] => (Route::SchematicCreate, &["POST"], Vec::new()),
            ["schematics", _] => (Route::SchematicGet, &["GET"], params(&[1])),
            ["image", _, _, _] => (Route::Image, &["GET", "HEAD"], params(&[1, 2, 3])),
            ["pxe", _, _, _] => (Route::Pxe, &["GET"], params(&[1, 2, 3])),
            ["talosctl", _] => (Route::Talosctl, &["GET"], params(&[1])),
            ["talosctl", _, _] => (Route::Talosctl, &["GET", "HEAD"], params(&[1, 2])),
            ["openapi.yaml"] => (Route::OpenApi, &["GET"], Vec::new()),
            _ => return None,
        };
    Some(Matched {
        route,
        methods,
        params,
    })
}

/// Which route a path belongs to, if any (for fault lookup before the request is handled).
/// `/openapi.yaml` is a route only while the document is served.
pub fn route_of(path: &str, openapi: bool) -> Option<Route> {
    match_path(path)
        .map(|matched| matched.route)
        .filter(|route| openapi || *route != Route::OpenApi)
}

/// The stand-in's OpenAPI document (`GET /openapi.yaml`).
pub const OPENAPI_DOCUMENT: &str = include_str!("openapi.yaml");

/// httprouter's `Allow` value: the route's methods plus `OPTIONS`.
fn allow_header(methods: &[&str]) -> String {
    let mut allow = methods.join(", ");
    allow.push_str(", OPTIONS");
    allow
}

/// The router's 404 for a path no route matches.
pub fn not_found() -> Response {
    Response::error(404, "404 page not found")
}

/// Makes fresh request IDs distinct within a process.
static REQUEST_COUNTER: AtomicU64 = AtomicU64::new(0);

fn request_id(request: &Request) -> String {
    if let Some(id) = request.header("X-Request-ID").filter(|id| !id.is_empty()) {
        return id.to_string();
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let seed = format!(
        "{}-{}-{nanos}",
        std::process::id(),
        REQUEST_COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let hash = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = crate::json::hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Go's sniffed type for the JSON bodies whose handlers set none.
const SNIFFED_TEXT: &str = "text/plain; charset=utf-8";

fn internal_error() -> Response {
    Response::error(500, "internal server error")
}

fn not_available(version: &TalosVersion) -> Response {
    Response::error(404, &format!("version {} is not available", version.bare()))
}

/// `v` added when missing, then strict semver (an unparsable version is a 500).
fn parse_version(text: &str) -> Result<(TalosVersion, String), Response> {
    let tag = if text.starts_with('v') {
        text.to_string()
    } else {
        format!("v{text}")
    };
    let version = tag[1..]
        .parse::<TalosVersion>()
        .map_err(|_| internal_error())?;
    if tag[1..].starts_with('v') {
        return Err(internal_error());
    }
    Ok((version, tag))
}

impl Factory {
    /// Handles a request whose path matches a factory route; `None` when no route matches (the
    /// caller then serves static files or the router's 404).
    pub fn handle(&self, request: &Request) -> Option<(Route, Response)> {
        let openapi = self.behaviour(Behaviour::OpenApiDocument);
        let Some(matched) =
            match_path(&request.path).filter(|matched| openapi || matched.route != Route::OpenApi)
        else {
            return redirect_trailing_slash(request, openapi);
        };
        let route = matched.route;
        if !matched.methods.contains(&request.method.as_str()) {
            let allow = allow_header(matched.methods);
            if request.method == "OPTIONS" {
                return Some((route, Response::new(200).header("Allow", &allow)));
            }
            return Some((
                route,
                Response::error(405, "Method Not Allowed").header("Allow", &allow),
            ));
        }
        let violation = if self.behaviour(Behaviour::ContractValidation) {
            contract_violation(route, &matched.params)
        } else {
            None
        };
        let mut response = match violation {
            Some(message) => Response::error(400, &message),
            None => self.route(route, request, &matched.params),
        };
        response.set_header("Server", SERVER);
        response.set_header("X-Request-ID", &request_id(request));
        if request.method == "HEAD" {
            response.omit_body = true;
        }
        Some((route, response))
    }

    /// Whether a later factory behaviour is switched on.
    pub fn behaviour(&self, behaviour: Behaviour) -> bool {
        self.behaviours
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(&behaviour)
    }

    fn route(&self, route: Route, request: &Request, params: &[String]) -> Response {
        match route {
            Route::Versions => self.versions(request),
            Route::Extensions => self.extensions(&params[0]),
            Route::Overlays => self.overlays(&params[0]),
            Route::SchematicCreate => self.schematic_create(request),
            Route::SchematicGet => self.schematic_get(&params[0]),
            Route::Image => self.image(request, params),
            Route::Pxe => self.pxe(params),
            Route::Talosctl if params.len() == 1 => self.talosctl_list(&params[0]),
            Route::Talosctl => self.talosctl_file(params),
            Route::OpenApi => Response::with_body(200, OPENAPI_DOCUMENT)
                .header("Content-Type", "application/yaml"),
            Route::StaticFiles => not_found(),
        }
    }

    fn versions(&self, request: &Request) -> Response {
        // `?broken=true` lists the configured broken versions: none, and Go encodes the nil
        // slice as `null`.
        let body = if request.query_param("broken").as_deref() == Some("true") {
            b"null\n".to_vec()
        } else {
            let released = self
                .released
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            with_versions(&self.catalog.versions_json, &released)
        };
        Response::with_body(200, body).header("Content-Type", SNIFFED_TEXT)
    }

    fn extensions(&self, version_text: &str) -> Response {
        let version = match parse_version(version_text) {
            Ok((version, _)) => version,
            Err(response) => return response,
        };
        match self.catalog.extensions(&version) {
            Some((bytes, _)) if self.catalog.is_listed(&version) => {
                Response::with_body(200, bytes.to_vec()).header("Content-Type", SNIFFED_TEXT)
            }
            _ => not_available(&version),
        }
    }

    fn overlays(&self, version_text: &str) -> Response {
        let version = match parse_version(version_text) {
            Ok((version, _)) => version,
            Err(response) => return response,
        };
        // `quirks.SupportsOverlay()` is checked before the version is looked up.
        if !version.quirk_at_least(&TalosVersion::new(1, 7, 0)) {
            return Response::with_body(200, "[]\n").header("Content-Type", SNIFFED_TEXT);
        }
        match self.catalog.overlays(&version) {
            Some((bytes, _)) if self.catalog.is_listed(&version) => {
                Response::with_body(200, bytes.to_vec()).header("Content-Type", SNIFFED_TEXT)
            }
            _ => not_available(&version),
        }
    }

    fn schematic_create(&self, request: &Request) -> Response {
        match schematics::decode(&request.body, self.yaml_library) {
            Ok(stored) => {
                let body = json::object(&[("id", &stored.id), ("schematic", &stored.yaml)]);
                self.schematics.put(stored);
                Response::with_body(201, body).header("Content-Type", "application/json")
            }
            Err(message) => Response::error(400, &message),
        }
    }

    fn schematic_get(&self, id: &str) -> Response {
        match self.lookup(id) {
            Some(stored) => {
                Response::with_body(200, stored.yaml).header("Content-Type", "application/yaml")
            }
            None => Response::error(404, "schematic not found"),
        }
    }

    fn lookup(&self, id: &str) -> Option<StoredSchematic> {
        if schematics::is_valid_id(id) {
            self.schematics.get(id)
        } else {
            None
        }
    }

    /// The schematic, version and profile of an `/image` or `/pxe` request, or the error
    /// response, checked in the factory's order.
    fn resolve_asset(
        &self,
        id: &str,
        version_text: &str,
        path: &str,
    ) -> Result<(StoredSchematic, String, image::Profile), Response> {
        let Some(stored) = self.lookup(id) else {
            return Err(Response::error(
                404,
                &format!("schematic ID {id:?} not found"),
            ));
        };
        let (version, tag) = parse_version(version_text)?;
        let profile = image::parse_path(path, &version).map_err(|message| {
            Response::error(400, &format!("error parsing profile from path: {message}"))
        })?;
        if !self.catalog.is_listed(&version) {
            return Err(not_available(&version));
        }
        let enhance_error = |message: String| {
            Response::error(
                400,
                &format!("error enhancing profile from schematic: {message}"),
            )
        };
        let schematic = &stored.schematic;
        if !schematic.overlay.name.is_empty()
            && !version.quirk_at_least(&TalosVersion::new(1, 7, 0))
        {
            return Err(enhance_error(format!(
                "overlay is not supported for Talos version {tag}"
            )));
        }
        if !matches!(profile.kind, OutputKind::Cmdline | OutputKind::Kernel) {
            let available = self.catalog.extension_names(&version);
            if !available.is_empty() {
                for name in &schematic
                    .customization
                    .system_extensions
                    .official_extensions
                {
                    let alias = EXTENSION_ALIASES
                        .iter()
                        .find(|(old, _)| old == name)
                        .map(|(_, new)| *new);
                    let known = available
                        .iter()
                        .any(|candidate| candidate == name || Some(candidate.as_str()) == alias);
                    if !known {
                        return Err(enhance_error(format!(
                            "official extension {name:?} is not available for Talos version {tag}"
                        )));
                    }
                }
            }
            let overlays = self.catalog.overlay_names(&version);
            if !schematic.overlay.name.is_empty()
                && !overlays.is_empty()
                && !overlays.contains(&schematic.overlay.name)
            {
                return Err(enhance_error(format!(
                    "official overlay {:?} is not available for Talos version {tag}",
                    schematic.overlay.name
                )));
            }
        }
        Ok((stored, tag, profile))
    }

    fn image(&self, request: &Request, params: &[String]) -> Response {
        let (id, version_text, path) = (&params[0], &params[1], &params[2]);
        if path.ends_with(".sha256") || path.ends_with(".sha512") {
            return Response::error(
                402,
                "enterprise not enabled: checksum endpoint is not available",
            );
        }
        if path.ends_with(".sigstore.json") {
            return Response::error(
                402,
                "enterprise not enabled: signature endpoint is not available",
            );
        }
        let (stored, tag, profile) = match self.resolve_asset(id, version_text, path) {
            Ok(resolved) => resolved,
            Err(response) => return response,
        };
        let filename = request
            .query_param("filename")
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| path.clone());
        let extra_kernel_args =
            if matches!(profile.kind, OutputKind::Initramfs | OutputKind::Kernel)
                || (profile.kind == OutputKind::Installer && !profile.secure_boot)
            {
                &[][..]
            } else {
                stored.schematic.customization.extra_kernel_args.as_slice()
            };
        let body = image::asset_body(&stored.id, &tag, path, &profile, extra_kernel_args);
        Response::with_body(200, body.clone())
            .header("Content-Length", &body.len().to_string())
            .header("Content-Type", image::content_type(path))
            .header(
                "Content-Disposition",
                &format!("attachment; filename=\"{filename}\""),
            )
    }

    fn pxe(&self, params: &[String]) -> Response {
        let (id, version_text, path) = (&params[0], &params[1], &params[2]);
        let (stored, tag, profile) =
            match self.resolve_asset(id, version_text, &format!("cmdline-{path}")) {
                Ok(resolved) => resolved,
                Err(response) => return response,
            };
        let script = image::ipxe_script(
            &self.pxe_url,
            &stored.id,
            &tag,
            &profile,
            &stored.schematic.customization.extra_kernel_args,
        );
        Response::with_body(200, script).header("Content-Type", SNIFFED_TEXT)
    }

    /// The version of a talosctl request, checked like the factory's artifacts manager.
    fn talosctl_version(&self, version_text: &str) -> Result<(TalosVersion, String), Response> {
        let (version, tag) = parse_version(version_text)?;
        if !self.catalog.is_listed(&version) {
            return Err(not_available(&version));
        }
        Ok((version, tag))
    }

    fn talosctl_list(&self, version_text: &str) -> Response {
        let (version, tag) = match self.talosctl_version(version_text) {
            Ok(resolved) => resolved,
            Err(response) => return response,
        };
        let urls: Vec<String> = if has_talosctl(&version) {
            TALOSCTL_FILES
                .iter()
                .map(|file| format!("{}/talosctl/{tag}/{file}", self.external_url))
                .collect()
        } else {
            Vec::new()
        };
        Response::with_body(200, json::string_array(&urls))
            .header("Content-Type", "application/json")
    }

    fn talosctl_file(&self, params: &[String]) -> Response {
        let (version, tag) = match self.talosctl_version(&params[0]) {
            Ok(resolved) => resolved,
            Err(response) => return response,
        };
        let file = &params[1];
        if !has_talosctl(&version) {
            return Response::error(
                404,
                &format!("talosctl is not available for Talos version {tag}"),
            );
        }
        if !TALOSCTL_FILES.contains(&file.as_str()) {
            // The factory's os.Stat error is untagged, hence a 500.
            return internal_error();
        }
        let body = format!("talosctl stand-in binary\nversion: {tag}\nfile: {file}\n");
        Response::with_body(200, body.clone())
            .header("Content-Length", &body.len().to_string())
            .header("Content-Type", "application/octet-stream")
            .header(
                "Content-Disposition",
                &format!("attachment; filename=\"{file}\""),
            )
    }
}

/// The contract's 400 for a malformed schematic ID or version in the path (checked in path
/// order), under [`Behaviour::ContractValidation`].
fn contract_violation(route: Route, params: &[String]) -> Option<String> {
    let names: &[&str] = match route {
        Route::Extensions | Route::Overlays | Route::Talosctl => &["version"],
        Route::SchematicGet => &["schematic"],
        Route::Image | Route::Pxe => &["schematic", "version"],
        _ => &[],
    };
    names
        .iter()
        .zip(params)
        .find_map(|(name, value)| match *name {
            "schematic" if !schematics::is_valid_id(value) => Some(behaviour::parameter_error(
                name,
                behaviour::SCHEMATIC_PATTERN,
            )),
            "version" if !behaviour::is_contract_version(value) => {
                Some(behaviour::parameter_error(name, behaviour::VERSION_PATTERN))
            }
            _ => None,
        })
}

/// httprouter's trailing-slash redirect: 301 for GET, 307 otherwise.
fn redirect_trailing_slash(request: &Request, openapi: bool) -> Option<(Route, Response)> {
    let trimmed = request.path.strip_suffix('/')?;
    let matched =
        match_path(trimmed).filter(|matched| openapi || matched.route != Route::OpenApi)?;
    let status = if request.method == "GET" { 301 } else { 307 };
    let location = if request.query.is_empty() {
        trimmed.to_string()
    } else {
        format!("{trimmed}?{}", request.query)
    };
    let mut response = Response::new(status).header("Location", &location);
    if request.method == "GET" {
        response = Response::with_body(
            status,
            format!("<a href=\"{location}\">Moved Permanently</a>.\n\n"),
        )
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Location", &location);
    }
    Some((matched.route, response))
}

/// `quirks.SupportsTalosctl`-style gate: 1.11.0-alpha.3 and later, every 1.11.0 pre-release
/// included.
fn has_talosctl(version: &TalosVersion) -> bool {
    version.quirk_at_least(&TalosVersion::new(1, 11, 0))
}

/// A JSON array of strings with `extra` appended (each quoted; versions need no escaping).
fn with_versions(json: &[u8], extra: &[String]) -> Vec<u8> {
    if extra.is_empty() {
        return json.to_vec();
    }
    let text = String::from_utf8_lossy(json);
    let body = text.trim_end().trim_end_matches(']');
    let added: Vec<String> = extra.iter().map(|v| format!("\"{v}\"")).collect();
    let separator = if body.trim_end().ends_with('[') {
        ""
    } else {
        ","
    };
    format!("{body}{separator}{}]", added.join(",")).into_bytes()
}

#[cfg(test)]
mod released_tests {
    use super::with_versions;

    #[test]
    fn released_versions_are_appended_to_the_list() {
        assert_eq!(with_versions(b"[\"v1.0.0\"]\n", &[]), b"[\"v1.0.0\"]\n");
        assert_eq!(
            with_versions(b"[\"v1.0.0\"]\n", &["v1.1.0".to_string()]),
            b"[\"v1.0.0\",\"v1.1.0\"]"
        );
        assert_eq!(
            with_versions(b"[]", &["v2.0.0".to_string()]),
            b"[\"v2.0.0\"]"
        );
    }
}
