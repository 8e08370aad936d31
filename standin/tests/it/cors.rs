//! CORS as rs/cors v1.11.1 answers it for the factory.

use crate::client::*;

const ORIGIN: (&str, &str) = ("Origin", "https://example.github.io");
const EXPOSED: &str = "Content-Disposition, Content-Length, Content-Type";

#[test]
fn get_with_origin_is_readable() {
    let standin = standin();
    for target in [
        "/versions",
        "/version/v1.9.5/extensions/official",
        "/nope",
        "/version/v1.99.0/extensions/official",
    ] {
        let reply = send(&standin.base_url(), "GET", target, &[ORIGIN], b"");
        assert_eq!(
            reply.header("Access-Control-Allow-Origin"),
            Some("*"),
            "{target}"
        );
        assert_eq!(
            reply.header("Access-Control-Expose-Headers"),
            Some(EXPOSED),
            "{target}"
        );
        assert_eq!(reply.header("Vary"), Some("Origin"), "{target}");
    }
}

#[test]
fn get_without_origin_only_varies() {
    let standin = standin();
    let reply = get(&standin.base_url(), "/versions");
    assert_eq!(reply.header("Vary"), Some("Origin"));
    assert!(!reply.has_cors());
}

#[test]
fn post_runs_the_handler_but_is_not_readable() {
    let standin = standin();
    let reply = send(
        &standin.base_url(),
        "POST",
        "/schematics",
        &[ORIGIN, ("Content-Type", "text/plain;charset=UTF-8")],
        b"customization: {}\n",
    );
    assert_eq!(reply.status, 201);
    assert!(!reply.has_cors());
    assert_eq!(reply.header("Vary"), Some("Origin"));
    assert_eq!(standin.schematics().len(), 1);
    let logged = standin.request_log();
    assert_eq!(logged.len(), 1);
    assert_eq!(
        logged[0].origin.as_deref(),
        Some("https://example.github.io")
    );
    assert_eq!(
        logged[0].route,
        Some(factory_standin::Route::SchematicCreate)
    );
    assert_eq!(logged[0].body, b"customization: {}\n");
    assert_eq!(
        logged[0].header("content-type"),
        Some("text/plain;charset=UTF-8")
    );
}

#[test]
fn preflight_for_get_with_cache_control_is_allowed() {
    let standin = standin();
    let reply = send(
        &standin.base_url(),
        "OPTIONS",
        "/versions",
        &[
            ORIGIN,
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "cache-control"),
        ],
        b"",
    );
    assert_eq!(reply.status, 204);
    assert!(reply.body.is_empty());
    assert_eq!(
        reply.header("Vary"),
        Some("Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
    );
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(reply.header("Access-Control-Allow-Methods"), Some("GET"));
    assert_eq!(
        reply.header("Access-Control-Allow-Headers"),
        Some("cache-control")
    );
    assert_eq!(
        reply.header("Server"),
        None,
        "preflights never reach the factory"
    );
    assert!(standin.request_log()[0].preflight);
}

#[test]
fn preflight_for_post_or_custom_headers_is_refused() {
    let standin = standin();
    for headers in [
        vec![ORIGIN, ("Access-Control-Request-Method", "POST")],
        vec![
            ORIGIN,
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "x-request-id"),
        ],
        vec![
            ORIGIN,
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
    ] {
        let reply = send(&standin.base_url(), "OPTIONS", "/schematics", &headers, b"");
        assert_eq!(reply.status, 204, "{headers:?}");
        assert!(!reply.has_cors(), "{headers:?}");
        assert_eq!(
            reply.header("Vary"),
            Some("Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
        );
    }
    assert!(standin.schematics().is_empty());
}

#[test]
fn schematic_404_is_readable_cross_origin() {
    let standin = standin();
    let reply = send(
        &standin.base_url(),
        "GET",
        &format!("/schematics/{}", "a".repeat(64)),
        &[ORIGIN],
        b"",
    );
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
}
