//! Versions, extensions, overlays, schematics, talosctl and the router defaults.

use crate::client::*;

const DEFAULT_ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

#[test]
fn versions_are_served_verbatim_as_sniffed_text() {
    let standin = standin();
    let reply = get(&standin.base_url(), "/versions");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, fixture("versions.json"));
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("Server"), Some("Image Factory v1.5.0"));
    assert_eq!(reply.header("Connection"), Some("close"));
    let request_id = reply.header("X-Request-ID").unwrap();
    assert_eq!(request_id.len(), 36);
    let echoed = send(
        &standin.base_url(),
        "GET",
        "/versions",
        &[("X-Request-ID", "abc-1")],
        b"",
    );
    assert_eq!(echoed.header("X-Request-ID"), Some("abc-1"));
}

#[test]
fn broken_versions_are_null_only_for_exactly_true() {
    let standin = standin();
    let reply = get(&standin.base_url(), "/versions?broken=true");
    assert_eq!((reply.status, reply.text().as_str()), (200, "null\n"));
    let reply = get(&standin.base_url(), "/versions?broken=1");
    assert_eq!(reply.body, fixture("versions.json"));
}

#[test]
fn extensions_accept_the_version_with_or_without_v() {
    let standin = standin();
    for target in [
        "/version/v1.11.2/extensions/official",
        "/version/1.11.2/extensions/official",
    ] {
        let reply = get(&standin.base_url(), target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.body, fixture("extensions/v1.11.2.json"), "{target}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/plain; charset=utf-8")
        );
    }
    let reply = get(
        &standin.base_url(),
        "/version/v1.14.0-rc.1/extensions/official",
    );
    assert_eq!(reply.body, fixture("extensions/v1.14.0-rc.1.json"));
}

#[test]
fn listed_versions_without_fixture_get_synthesised_lists() {
    let standin = standin();
    let reply = get(&standin.base_url(), "/version/v1.9.0/extensions/official");
    assert_eq!(reply.status, 200);
    let items: Vec<serde_json::Value> = serde_json::from_slice(&reply.body).unwrap();
    let names: serde_json::Value =
        serde_json::from_slice(&fixture("catalog-names-by-version.json")).unwrap();
    let expected: Vec<&str> = names["extensions"]["v1.9.0"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    let actual: Vec<&str> = items
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect();
    assert_eq!(actual, expected);
    assert!(reply.text().ends_with("}]\n"));
    let reply = get(&standin.base_url(), "/version/v1.9.0/overlays/official");
    assert_eq!(reply.status, 200);
    let overlays: Vec<serde_json::Value> = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(
        overlays.len(),
        names["overlays"]["v1.9.0"].as_array().unwrap().len()
    );
}

#[test]
fn overlays_are_empty_below_1_7_before_any_lookup() {
    let standin = standin();
    let reply = get(&standin.base_url(), "/version/v1.7.7/overlays/official");
    assert_eq!(reply.body, fixture("overlays/v1.7.7.json"));
    for version in ["v1.6.7", "v1.0.0", "1.6.99", "v1.5.0-alpha.0"] {
        let reply = get(
            &standin.base_url(),
            &format!("/version/{version}/overlays/official"),
        );
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (200, "[]\n"),
            "{version}"
        );
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/plain; charset=utf-8")
        );
    }
    // A 1.7.0 pre-release counts as 1.7.0, so it is looked up (and is not listed).
    let reply = get(
        &standin.base_url(),
        "/version/v1.7.0-alpha.0/overlays/official",
    );
    assert_error(&reply, 404, "version 1.7.0-alpha.0 is not available\n");
}

#[test]
fn unknown_versions_are_404_and_unparsable_ones_500() {
    let standin = standin();
    for (target, status, body) in [
        (
            "/version/v1.99.0/extensions/official",
            404,
            "version 1.99.0 is not available\n",
        ),
        (
            "/version/1.99.0/overlays/official",
            404,
            "version 1.99.0 is not available\n",
        ),
        (
            "/version/v1.5.0-alpha.0/extensions/official",
            404,
            "version 1.5.0-alpha.0 is not available\n",
        ),
        (
            "/version/v1.1.0/extensions/official",
            404,
            "version 1.1.0 is not available\n",
        ),
        (
            "/version/v1.9/extensions/official",
            500,
            "internal server error\n",
        ),
        (
            "/version/latest/extensions/official",
            500,
            "internal server error\n",
        ),
        (
            "/version/vv1.9.5/overlays/official",
            500,
            "internal server error\n",
        ),
        (
            "/version/v1.9.x/overlays/official",
            500,
            "internal server error\n",
        ),
    ] {
        let reply = get(&standin.base_url(), target);
        assert_error(&reply, status, body);
        assert_eq!(
            reply.header("Server"),
            Some("Image Factory v1.5.0"),
            "{target}"
        );
    }
}

#[test]
fn router_defaults_404_405_options_and_trailing_slash() {
    let standin = standin();
    let base = standin.base_url();
    let reply = get(&base, "/nope");
    assert_error(&reply, 404, "404 page not found\n");
    for (method, target, allow) in [
        ("HEAD", "/versions", "GET, OPTIONS"),
        ("POST", "/versions", "GET, OPTIONS"),
        (
            "HEAD",
            &format!("/schematics/{DEFAULT_ID}") as &str,
            "GET, OPTIONS",
        ),
        ("GET", "/schematics", "POST, OPTIONS"),
        (
            "HEAD",
            &format!("/pxe/{DEFAULT_ID}/v1.9.5/metal-amd64") as &str,
            "GET, OPTIONS",
        ),
        (
            "DELETE",
            &format!("/image/{DEFAULT_ID}/v1.9.5/kernel-amd64") as &str,
            "GET, HEAD, OPTIONS",
        ),
        (
            "PUT",
            "/talosctl/v1.11.2/talosctl-linux-amd64",
            "GET, HEAD, OPTIONS",
        ),
    ] {
        let reply = send(&base, method, target, &[], b"");
        assert_eq!(reply.status, 405, "{method} {target}");
        assert_eq!(reply.header("Allow"), Some(allow), "{method} {target}");
        if method == "HEAD" {
            assert!(reply.body.is_empty(), "{target}");
        } else {
            assert_eq!(reply.text(), "Method Not Allowed\n");
        }
    }
    let reply = send(&base, "OPTIONS", "/versions", &[], b"");
    assert_eq!(
        (reply.status, reply.header("Allow")),
        (200, Some("GET, OPTIONS"))
    );
    let reply = get(&base, "/versions/");
    assert_eq!(
        (reply.status, reply.header("Location")),
        (301, Some("/versions"))
    );
}

#[test]
fn schematics_are_created_stored_and_read_back() {
    let standin = standin();
    let base = standin.base_url();
    let reply = send(
        &base,
        "POST",
        "/schematics",
        &[("Content-Type", "text/plain")],
        b"customization: {}\n",
    );
    assert_eq!(reply.status, 201);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    assert_eq!(
        reply.text(),
        format!("{{\"id\":\"{DEFAULT_ID}\",\"schematic\":\"customization: {{}}\\n\"}}\n")
    );
    // JSON is YAML too, whatever the Content-Type says.
    let id = create_schematic(
        &base,
        r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#,
    );
    assert_eq!(
        id,
        "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c"
    );
    assert_eq!(
        standin.schematics(),
        vec![
            (DEFAULT_ID.to_string(), "customization: {}\n".to_string()),
            (
                id.clone(),
                "customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n"
                    .to_string()
            ),
        ]
    );
    // Idempotent.
    create_schematic(&base, "customization: {}");
    assert_eq!(standin.schematics().len(), 2);

    let reply = get(&base, &format!("/schematics/{id}"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/yaml"));
    assert_eq!(
        reply.text(),
        "customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n"
    );
    for missing in [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "9CBA8E32753F91A16C1837AB8ABF356AF021706EF284AEF07380780177D9A06C",
        "abc",
    ] {
        assert_error(
            &get(&base, &format!("/schematics/{missing}")),
            404,
            "schematic not found\n",
        );
    }
}

#[test]
fn every_factory_vector_gets_the_factory_id() {
    let standin = standin();
    let vectors: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(data_dir().join("../vectors/factory-tests.json")).unwrap(),
    )
    .unwrap();
    for vector in vectors.iter().filter(|vector| vector["verified"] == true) {
        let body = vector
            .get("input_raw")
            .and_then(|raw| raw.as_str())
            .map_or_else(|| vector["input"].to_string(), str::to_string);
        let reply = send(
            &standin.base_url(),
            "POST",
            "/schematics",
            &[],
            body.as_bytes(),
        );
        assert_eq!(reply.status, 201, "{}: {}", vector["source"], reply.text());
        let created: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(created["id"], vector["id"], "{}", vector["source"]);
        assert_eq!(
            created["schematic"], vector["canonical_yaml"],
            "{}",
            vector["source"]
        );
    }
}

#[test]
fn invalid_schematics_are_400_and_not_stored() {
    let standin = standin();
    let base = standin.base_url();
    assert_error(&send(&base, "POST", "/schematics", &[], b""), 400, "EOF\n");
    assert_error(
        &send(
            &base,
            "POST",
            "/schematics",
            &[],
            b"owner: someone\ncustomization: {}\n",
        ),
        400,
        "owner field is only supported in Enterprise edition\n",
    );
    let reply = send(
        &base,
        "POST",
        "/schematics",
        &[],
        b"customization:\n    something: 1\n",
    );
    assert_eq!(reply.status, 400);
    assert!(!reply.text().trim().is_empty());
    assert!(standin.schematics().is_empty());
}

#[test]
fn html_characters_in_the_reply_are_go_escaped() {
    let standin = standin();
    let reply = send(
        &standin.base_url(),
        "POST",
        "/schematics",
        &[],
        br#"{"customization":{"extraKernelArgs":["a<b>&c"]}}"#,
    );
    assert_eq!(reply.status, 201);
    assert!(
        reply.text().contains(r"a\u003cb\u003e\u0026c"),
        "{}",
        reply.text()
    );
}

#[test]
fn expect_continue_and_chunked_bodies_are_read() {
    let standin = standin();
    let raw_request = b"POST /schematics HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n12\r\ncustomization: {}\n\r\n0\r\n\r\n";
    let answer = raw(&standin.base_url(), raw_request);
    let text = String::from_utf8(answer.clone()).unwrap();
    assert!(
        text.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"),
        "{text}"
    );
    assert!(text.contains(DEFAULT_ID));
}

#[test]
fn talosctl_lists_from_1_11_and_serves_files() {
    let standin = standin();
    let base = standin.base_url();
    let reply = get(&base, "/talosctl/1.11.2");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    let urls: Vec<String> = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(urls.len(), 9);
    assert_eq!(
        urls[0],
        format!("{base}/talosctl/v1.11.2/talosctl-darwin-amd64")
    );
    assert_eq!(
        urls[8],
        format!("{base}/talosctl/v1.11.2/talosctl-windows-arm64.exe")
    );
    let mut sorted = urls.clone();
    sorted.sort();
    assert_eq!(urls, sorted);
    assert_eq!(get(&base, "/talosctl/v1.10.9").text(), "[]\n");
    assert_error(
        &get(&base, "/talosctl/v1.99.0"),
        404,
        "version 1.99.0 is not available\n",
    );
    assert_error(
        &get(&base, "/talosctl/v1.11"),
        500,
        "internal server error\n",
    );

    let reply = get(&base, "/talosctl/v1.11.2/talosctl-linux-amd64");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Disposition"),
        Some("attachment; filename=\"talosctl-linux-amd64\"")
    );
    assert_eq!(
        reply.header("Content-Length"),
        Some(reply.body.len().to_string().as_str())
    );
    let head = send(
        &base,
        "HEAD",
        "/talosctl/v1.11.2/talosctl-linux-amd64",
        &[],
        b"",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length"),
        reply.header("Content-Length")
    );
    assert_error(
        &get(&base, "/talosctl/v1.11.2/nope"),
        500,
        "internal server error\n",
    );
    assert_eq!(
        get(&base, "/talosctl/v1.10.9/talosctl-linux-amd64").status,
        404
    );
}

#[test]
fn schematics_the_standin_cannot_hash_for_sure_are_refused() {
    let standin = standin();
    let base = standin.base_url();
    for body in [
        "customization:\n    extraKernelArgs: &a\n        - x\n",
        "customization:\n    extraKernelArgs:\n        - !!str x\n",
        "customization:\n    extraKernelArgs:\n        - \"a\u{2028}b\"\n",
        "overlay:\n    options:\n        \u{e9}a: 1\n        \u{e9}b: 2\n",
    ] {
        let reply = send(&base, "POST", "/schematics", &[], body.as_bytes());
        assert_eq!(reply.status, 400, "{body:?}");
        assert!(
            reply.text().starts_with("unsupported by the stand-in: "),
            "{body:?}: {}",
            reply.text()
        );
    }
    assert!(standin.schematics().is_empty());
}

#[test]
fn decode_errors_name_the_problem() {
    let standin = standin();
    let base = standin.base_url();
    for (body, needle) in [
        (
            "customization:\n    something: 1\n",
            "field something not found",
        ),
        ("customization:\n    meta:\n        - key: 256\n", "uint8"),
        (
            "customization:\n    bootloader: auto\n",
            "auto does not belong to BootloaderKind values",
        ),
        ("customization: {}\ncustomization: {}\n", "already defined"),
        ("customization: [\n", "yaml: "),
    ] {
        let reply = send(&base, "POST", "/schematics", &[], body.as_bytes());
        assert_eq!(reply.status, 400, "{body:?}");
        assert!(reply.text().contains(needle), "{body:?}: {}", reply.text());
    }
}
