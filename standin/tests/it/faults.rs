//! Faults, switched in code and over the control endpoints.

use std::time::{Duration, Instant};

use factory_standin::{Fault, Route};

use crate::client::*;

const ORIGIN: (&str, &str) = ("Origin", "http://app.test");

#[test]
fn status_faults_keep_cors_so_the_page_can_read_them() {
    let standin = standin();
    standin.set_fault(Route::Versions, Some(Fault::Status(500)));
    let reply = send(&standin.base_url(), "GET", "/versions", &[ORIGIN], b"");
    assert_error(&reply, 500, "internal server error\n");
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
    standin.set_fault(Route::Extensions, Some(Fault::Status(404)));
    let reply = get(&standin.base_url(), "/version/v1.9.5/extensions/official");
    assert_error(&reply, 404, "not found\n");
    // Other routes are unaffected; switching off restores the normal answer.
    assert_eq!(
        get(&standin.base_url(), "/version/v1.9.5/overlays/official").status,
        200
    );
    standin.set_fault(Route::Versions, None);
    assert_eq!(
        get(&standin.base_url(), "/versions").body,
        fixture("versions.json")
    );
    standin.clear_faults();
    assert!(standin.faults().is_empty());
    assert_eq!(
        get(&standin.base_url(), "/version/v1.9.5/extensions/official").status,
        200
    );
}

#[test]
fn delay_answers_late() {
    let standin = standin();
    standin.set_fault(
        Route::Overlays,
        Some(Fault::Delay(Duration::from_millis(400))),
    );
    let started = Instant::now();
    let reply = get(&standin.base_url(), "/version/v1.9.5/overlays/official");
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(reply.body, fixture("overlays/v1.9.5.json"));
}

#[test]
fn drop_closes_without_a_byte() {
    let standin = standin();
    standin.set_fault(Route::SchematicCreate, Some(Fault::DropConnection));
    let reply = try_send(
        &standin.base_url(),
        "POST",
        "/schematics",
        &[],
        b"customization: {}\n",
    );
    assert!(reply.is_none());
    // The request was seen (and logged) but not handled.
    assert_eq!(standin.request_log().len(), 1);
    assert!(standin.schematics().is_empty());
}

#[test]
fn malformed_json_is_200_with_a_broken_body() {
    let standin = standin();
    standin.set_fault(Route::Versions, Some(Fault::MalformedJson));
    let reply = get(&standin.base_url(), "/versions");
    assert_eq!(reply.status, 200);
    assert!(!reply.body.is_empty());
    assert!(fixture("versions.json").starts_with(&reply.body));
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
    assert_eq!(
        reply.header("Content-Length"),
        Some(reply.body.len().to_string().as_str())
    );
    standin.set_fault(Route::Overlays, Some(Fault::MalformedJson));
    let reply = get(&standin.base_url(), "/version/v1.6.7/overlays/official");
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
}

#[test]
fn no_cors_strips_every_access_control_header() {
    let standin = standin();
    standin.set_fault(Route::SchematicGet, Some(Fault::NoCors));
    let target = format!("/schematics/{}", "b".repeat(64));
    let reply = send(&standin.base_url(), "GET", &target, &[ORIGIN], b"");
    assert_eq!(reply.status, 404);
    assert!(!reply.has_cors());
    let preflight = send(
        &standin.base_url(),
        "OPTIONS",
        &target,
        &[ORIGIN, ("Access-Control-Request-Method", "GET")],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert!(!preflight.has_cors());
}

#[test]
fn control_endpoints_switch_faults_over_http() {
    let standin = standin();
    let base = standin.base_url();
    let reply = send(
        &base,
        "POST",
        "/__standin/fault?route=versions&fault=503",
        &[],
        b"",
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(get(&base, "/versions").status, 503);
    assert_eq!(
        standin.faults(),
        vec![(Route::Versions, Fault::Status(503))]
    );
    let listed = get(&base, "/__standin/faults");
    assert_eq!(
        listed.text(),
        "[{\"route\":\"versions\",\"fault\":\"503\"}]\n"
    );
    send(
        &base,
        "POST",
        "/__standin/fault?route=image&fault=delay-10ms",
        &[],
        b"",
    );
    send(
        &base,
        "POST",
        "/__standin/fault?route=pxe&fault=drop",
        &[],
        b"",
    );
    send(
        &base,
        "POST",
        "/__standin/fault?route=talosctl&fault=no-cors",
        &[],
        b"",
    );
    send(
        &base,
        "POST",
        "/__standin/fault?route=extensions&fault=malformed-json",
        &[],
        b"",
    );
    assert_eq!(standin.faults().len(), 5);
    send(
        &base,
        "POST",
        "/__standin/fault?route=versions&fault=none",
        &[],
        b"",
    );
    assert_eq!(get(&base, "/versions").status, 200);
    assert_eq!(
        send(&base, "POST", "/__standin/reset", &[], b"").status,
        200
    );
    assert!(standin.faults().is_empty());
    assert_eq!(
        send(
            &base,
            "POST",
            "/__standin/fault?route=nope&fault=500",
            &[],
            b""
        )
        .status,
        400
    );
    assert_eq!(
        send(
            &base,
            "POST",
            "/__standin/fault?route=versions&fault=slow",
            &[],
            b""
        )
        .status,
        400
    );
    assert_eq!(get(&base, "/__standin/fault").status, 405);
    // Control requests stay out of the log.
    assert!(
        standin
            .request_log()
            .iter()
            .all(|logged| !logged.path.starts_with("/__standin/"))
    );
}

#[test]
fn control_endpoints_expose_the_store_and_the_log() {
    let standin = standin();
    let base = standin.base_url();
    create_schematic(&base, "customization: {}\n");
    let schematics = get(&base, "/__standin/schematics");
    let value: serde_json::Value = serde_json::from_slice(&schematics.body).unwrap();
    assert_eq!(value[0]["schematic"], "customization: {}\n");
    let requests: serde_json::Value =
        serde_json::from_slice(&get(&base, "/__standin/requests").body).unwrap();
    assert_eq!(requests[0]["route"], "schematic-create");
    send(&base, "POST", "/__standin/reset?all=true", &[], b"");
    assert!(standin.schematics().is_empty());
    assert!(standin.request_log().is_empty());
}
