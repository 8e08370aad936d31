//! The built app's files served the way GitHub Pages serves a project site: everything under a
//! sub-path (`/talos-image-studio/`), `index.html` for directories, the sub-path without its
//! slash redirected, unknown paths → 404 with the body of the site's `404.html`.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::http::Response;

/// A folder of files published under a path prefix.
#[derive(Debug, Clone)]
pub struct StaticSite {
    dir: PathBuf,
    /// Always starts and ends with `/` (`/` for the root).
    prefix: String,
}

/// The `Content-Type` GitHub Pages sends for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" | "webmanifest" => "application/json; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "yaml" | "yml" => "application/yaml",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Normalises a prefix to `/x/` form (`""` and `"/"` both mean the root).
pub fn normalise_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

impl StaticSite {
    /// A site serving `dir` under `prefix`.
    pub fn new(dir: &Path, prefix: &str) -> StaticSite {
        StaticSite {
            dir: dir.to_path_buf(),
            prefix: normalise_prefix(prefix),
        }
    }

    /// The prefix, in `/x/` form.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether a path belongs to the site (the prefix itself, with or without its slash).
    pub fn contains(&self, path: &str) -> bool {
        path.starts_with(&self.prefix) || path == self.prefix.trim_end_matches('/')
    }

    fn not_found(&self) -> Response {
        match fs::read(self.dir.join("404.html")) {
            Ok(body) => {
                Response::with_body(404, body).header("Content-Type", "text/html; charset=utf-8")
            }
            Err(_) => Response::error(404, "404 page not found"),
        }
    }

    /// Answers a GET or HEAD for any path (paths outside the prefix get the 404 page).
    #[cfg(test)]
    pub fn respond(&self, method: &str, path: &str) -> Response {
        self.respond_encoded(method, path, false)
    }

    /// Like [`StaticSite::respond`], for a request: when it accepts gzip and the file has a
    /// precompressed sibling (`name.gz`, as the benchmark writes), that is sent with
    /// `Content-Encoding: gzip`, as GitHub Pages compresses what it serves.
    pub fn respond_to(&self, request: &crate::http::Request) -> Response {
        let gzip = request.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("accept-encoding")
                && value
                    .split(',')
                    .any(|coding| coding.trim().split(';').next() == Some("gzip"))
        });
        self.respond_encoded(&request.method, &request.path, gzip)
    }

    fn respond_encoded(&self, method: &str, path: &str, gzip: bool) -> Response {
        if method != "GET" && method != "HEAD" {
            return Response::error(405, "Method Not Allowed").header("Allow", "GET, HEAD");
        }
        let mut response = self.lookup(path, gzip);
        if method == "HEAD" {
            response.omit_body = true;
        }
        response
    }

    fn lookup(&self, path: &str, gzip: bool) -> Response {
        if path == self.prefix.trim_end_matches('/') && self.prefix != "/" {
            return Response::new(301).header("Location", &self.prefix);
        }
        let Some(relative) = path.strip_prefix(&self.prefix) else {
            return self.not_found();
        };
        let relative_path = Path::new(relative);
        if relative.contains('\\')
            || relative.contains('\0')
            || relative_path
                .components()
                .any(|component| !matches!(component, Component::Normal(_)))
        {
            return self.not_found();
        }
        let mut file = self.dir.join(relative_path);
        if relative.is_empty() || relative.ends_with('/') {
            file = file.join("index.html");
        } else if file.is_dir() {
            return Response::new(301).header("Location", &format!("{path}/"));
        }
        let compressed = {
            let mut name = file.clone().into_os_string();
            name.push(".gz");
            PathBuf::from(name)
        };
        if gzip
            && file.is_file()
            && let Ok(body) = fs::read(&compressed)
        {
            return Response::with_body(200, body)
                .header("Content-Type", content_type(&file))
                .header("Content-Encoding", "gzip")
                .header("Vary", "Accept-Encoding")
                .header("Cache-Control", "max-age=600")
                .header("Access-Control-Allow-Origin", "*");
        }
        match fs::read(&file) {
            Ok(body) => Response::with_body(200, body)
                .header("Content-Type", content_type(&file))
                .header("Cache-Control", "max-age=600")
                .header("Access-Control-Allow-Origin", "*"),
            Err(_) => self.not_found(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_sent_only_when_accepted_and_precompressed() {
        let dir = std::env::temp_dir().join(format!("standin-gzip-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app.js"), "plain").unwrap();
        fs::write(dir.join("app.js.gz"), "pretend-gzip").unwrap();
        fs::write(dir.join("other.js"), "other").unwrap();
        let site = StaticSite::new(&dir, "/s/");
        let request = |path: &str, accept: &str| crate::http::Request {
            method: "GET".to_string(),
            target: path.to_string(),
            path: path.to_string(),
            query: String::new(),
            headers: vec![("Accept-Encoding".to_string(), accept.to_string())],
            body: Vec::new(),
        };
        let gzipped = site.respond_to(&request("/s/app.js", "br, gzip;q=0.8"));
        assert_eq!(gzipped.body, b"pretend-gzip");
        assert_eq!(gzipped.header_value("Content-Encoding"), Some("gzip"));
        assert_eq!(
            gzipped.header_value("Content-Type"),
            Some(content_type(Path::new("app.js")))
        );
        let identity = site.respond_to(&request("/s/app.js", "br"));
        assert_eq!(identity.body, b"plain");
        assert_eq!(identity.header_value("Content-Encoding"), None);
        let no_sibling = site.respond_to(&request("/s/other.js", "gzip"));
        assert_eq!(no_sibling.body, b"other");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn prefixes_are_normalised() {
        assert_eq!(normalise_prefix(""), "/");
        assert_eq!(normalise_prefix("/"), "/");
        assert_eq!(
            normalise_prefix("talos-image-studio"),
            "/talos-image-studio/"
        );
        assert_eq!(normalise_prefix("/a/b/"), "/a/b/");
    }

    #[test]
    fn content_types_cover_the_app_files() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("app-1a2b.js", "application/javascript; charset=utf-8"),
            ("app_bg.wasm", "application/wasm"),
            ("style.css", "text/css; charset=utf-8"),
            ("data.json", "application/json; charset=utf-8"),
            ("logo.png", "image/png"),
            ("logo.svg", "image/svg+xml"),
            ("blob", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn traversal_is_refused() {
        let dir = std::env::temp_dir().join(format!("standin-static-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("404.html"), "missing").unwrap();
        let site = StaticSite::new(&dir, "/app");
        let response = site.respond("GET", "/app/../Cargo.toml");
        assert_eq!(
            (response.status, response.body.as_slice()),
            (404, &b"missing"[..])
        );
        assert_eq!(
            site.respond("GET", "/app").header_value("Location"),
            Some("/app/")
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}

/// A running static file server (see [`serve_static`]); stops on drop.
#[derive(Debug)]
pub struct StaticServer {
    server: crate::server::Server,
    prefix: String,
}

/// Serves `dir` under `prefix` on `127.0.0.1` with a free port, GitHub Pages style.
pub fn serve_static(dir: &Path, prefix: &str) -> std::io::Result<StaticServer> {
    serve_static_on(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), dir, prefix)
}

/// Like [`serve_static`] on a given loopback address.
pub fn serve_static_on(
    address: std::net::SocketAddr,
    dir: &Path,
    prefix: &str,
) -> std::io::Result<StaticServer> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a directory", dir.display()),
        ));
    }
    let site = StaticSite::new(dir, prefix);
    let prefix = site.prefix().to_string();
    let handler: crate::server::Handler = std::sync::Arc::new(move |request| {
        crate::server::Action::Respond(site.respond_to(request))
    });
    Ok(StaticServer {
        server: crate::server::Server::start(address, handler)?,
        prefix,
    })
}

impl StaticServer {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.address())
    }

    /// The site's URL: base URL plus prefix (`http://127.0.0.1:PORT/talos-image-studio/`).
    pub fn site_url(&self) -> String {
        format!("{}{}", self.base_url(), self.prefix)
    }

    /// The bound address.
    pub fn address(&self) -> std::net::SocketAddr {
        self.server.address()
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(&mut self) {
        self.server.shutdown();
    }
}
