//! The built app's files, GitHub Pages style.

use std::fs;
use std::path::PathBuf;

use factory_standin::{Fault, Options, Route, StandIn, serve_static};

use crate::client::*;

fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("standin-site-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("assets")).unwrap();
    fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    fs::write(dir.join("404.html"), "<!doctype html><title>lost</title>").unwrap();
    fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    fs::write(dir.join("app.js"), "export {};").unwrap();
    fs::write(dir.join("assets/style.css"), "body{}").unwrap();
    fs::write(dir.join("assets/index.html"), "assets").unwrap();
    dir
}

#[test]
fn serves_under_a_sub_path_with_the_right_types() {
    let dir = site("sub");
    let server = serve_static(&dir, "/talos-image-studio").unwrap();
    let base = server.base_url();
    assert_eq!(server.site_url(), format!("{base}/talos-image-studio/"));
    let reply = get(&base, "/talos-image-studio/");
    assert_eq!(
        (reply.status, reply.text().as_str()),
        (200, "<!doctype html><title>app</title>")
    );
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let reply = get(&base, "/talos-image-studio/app_bg.wasm");
    assert_eq!(reply.header("Content-Type"), Some("application/wasm"));
    assert_eq!(reply.body, b"\0asm\x01\0\0\0");
    assert_eq!(
        get(&base, "/talos-image-studio/app.js").header("Content-Type"),
        Some("application/javascript; charset=utf-8")
    );
    assert_eq!(
        get(&base, "/talos-image-studio/assets/style.css").header("Content-Type"),
        Some("text/css; charset=utf-8")
    );
    let head = send(&base, "HEAD", "/talos-image-studio/app.js", &[], b"");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(head.header("Content-Length"), Some("10"));
    let reply = get(&base, "/talos-image-studio");
    assert_eq!(
        (reply.status, reply.header("Location")),
        (301, Some("/talos-image-studio/"))
    );
    let reply = get(&base, "/talos-image-studio/assets");
    assert_eq!(
        (reply.status, reply.header("Location")),
        (301, Some("/talos-image-studio/assets/"))
    );
    assert_eq!(get(&base, "/talos-image-studio/assets/").text(), "assets");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unknown_paths_get_404_with_the_404_page() {
    let dir = site("missing");
    let server = serve_static(&dir, "/talos-image-studio/").unwrap();
    let base = server.base_url();
    for target in [
        "/talos-image-studio/nope",
        "/talos-image-studio/step/version?x=1",
        "/elsewhere",
        "/talos-image-studio/../index.html",
    ] {
        let reply = get(&base, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.text(),
            "<!doctype html><title>lost</title>",
            "{target}"
        );
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/html; charset=utf-8")
        );
    }
    assert_eq!(
        send(&base, "POST", "/talos-image-studio/", &[], b"").status,
        405
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_standin_can_serve_the_app_beside_the_api() {
    let dir = site("beside");
    let mut options = Options::new(&data_dir());
    options.static_dir = Some(dir.clone());
    options.static_prefix = "/".to_string();
    let standin = StandIn::start_with(([127, 0, 0, 1], 0).into(), options).unwrap();
    let base = standin.base_url();
    assert_eq!(get(&base, "/").text(), "<!doctype html><title>app</title>");
    assert_eq!(get(&base, "/versions").body, fixture("versions.json"));
    assert_eq!(get(&base, "/nope").status, 404);
    assert_eq!(
        get(&base, "/nope").text(),
        "<!doctype html><title>lost</title>"
    );
    standin.set_fault(Route::StaticFiles, Some(Fault::Status(500)));
    assert_eq!(get(&base, "/").status, 500);
    assert_eq!(get(&base, "/versions").status, 200);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn only_loopback_addresses_are_accepted() {
    let error = StandIn::start_on(([0, 0, 0, 0], 0).into(), &data_dir()).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn shutdown_stops_accepting() {
    let mut standin = standin();
    let address = standin.address();
    standin.shutdown();
    assert!(std::net::TcpStream::connect(address).is_err());
}
