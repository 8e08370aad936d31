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
    pub fn respond(&self, method: &str, path: &str) -> Response {
        if method != "GET" && method != "HEAD" {
            return Response::error(405, "Method Not Allowed").header("Allow", "GET, HEAD");
        }
        let mut response = self.lookup(path);
        if method == "HEAD" {
            response.omit_body = true;
        }
        response
    }

    fn lookup(&self, path: &str) -> Response {
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
        crate::server::Action::Respond(site.respond(&request.method, &request.path))
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
