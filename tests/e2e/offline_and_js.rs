//! The app without a factory (the shipped catalog snapshot), and the schematic functions the
//! wasm module exports to JavaScript, called from the built page.

use std::net::TcpListener;

use serde_json::json;
use talos_image_studio::schematic::Schematic;

use crate::harness::{Harness, TestResult};

/// A loopback URL where nothing listens (a port that was just free).
fn dead_factory() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or(9);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn without_a_factory_the_snapshot_catalog_is_used_and_labelled() -> TestResult {
    let harness = Harness::start().await?;
    let url = format!(
        "{}&factory={}",
        harness
            .app_url("target=cloud&platform=nocloud&extensions=siderolabs%2Fqemu-guest-agent")
            .split("&factory=")
            .next()
            .unwrap_or_default(),
        dead_factory()
    );
    harness.client.goto(&url).await?;
    let status = harness
        .wait_for_text("#catalog-status", |text| text.contains("snapshot"))
        .await?;
    // The date the shipped snapshot says it was taken, read from the file the page serves.
    let snapshot: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/catalog-snapshot.json"),
    )?)?;
    let taken = snapshot["taken"].as_str().unwrap_or("no date").to_string();
    assert!(
        status.contains(&taken),
        "the snapshot's date {taken} is shown: {status}"
    );
    let notice = harness
        .wait_for_text("#offline-notice", |text| !text.is_empty())
        .await?;
    assert!(notice.contains("could not be reached"), "{notice}");
    assert!(notice.contains("Retry"), "a retry is offered: {notice}");

    // The snapshot's versions and the newest stable release's catalog are there.
    let selected = harness
        .eval("return document.querySelector('#version-select').value;")
        .await?;
    assert_eq!(selected, json!("v1.13.9"));
    harness.wait_for("#ext-siderolabs-qemu-guest-agent").await?;
    // The extension list says where its catalog comes from, with the snapshot's date.
    let hint = harness
        .wait_for_text("#catalog-snapshot", |text| !text.is_empty())
        .await?;
    assert!(
        hint.contains("v1.13.9") && hint.contains(&taken),
        "the catalog's origin is dated: {hint}"
    );

    // The ID and links still work, and creating offers curl instead.
    let expected = crate::expected::expected_json(
        r#"{"customization":{"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent"]}}}"#,
    )?
    .id;
    let id = harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    assert_eq!(id, expected);
    let page = harness.eval("return document.body.innerText;").await?;
    let page = page.as_str().unwrap_or_default();
    assert!(
        page.contains("create it with curl"),
        "curl is offered offline"
    );
    // The links render, marked unverified (the factory cannot be asked whether it has it).
    let links = harness
        .eval("return Array.from(document.querySelectorAll('#result [data-output]')).map(e => e.getAttribute('href') || e.dataset.href).join(' ');")
        .await?;
    assert!(
        links
            .as_str()
            .unwrap_or_default()
            .contains(&format!("/image/{expected}/v1.13.9/nocloud-amd64.raw.xz")),
        "links still render: {links}"
    );
    assert!(
        page.contains("unverified"),
        "the links are marked unverified"
    );
    harness.screenshot("offline-snapshot-1280").await?;
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_javascript_exports_compute_ids_and_throw_errors() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness.wait_for("#schematic-id").await?;
    let body = r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#;
    let result = harness
        .eval(&format!(
            r#"return (async () => {{ const b = window.wasmBindings;
            let thrown = null;
            try {{ await b.schematicId("customization:\n  bootloader: auto\n"); }}
            catch (e) {{ thrown = {{ isError: e instanceof Error, message: e.message, line: e.line }}; }}
            const pending = b.schematicId({body});
            return {{
              promise: pending instanceof Promise,
              id: await pending,
              yaml: await b.canonicalYaml({body}),
              legacy: await b.legacySchematicId('{{"customization":{{"secureboot":{{"enrollKeys":"off"}}}}}}'),
              current: await b.schematicId('{{"customization":{{"secureboot":{{"enrollKeys":"off"}}}}}}'),
              valid: b.isSchematicId("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"),
              thrown,
            }}; }})();"#,
            body = json!(body)
        ))
        .await?;
    assert_eq!(
        result["id"],
        json!("9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c")
    );
    assert_eq!(
        result["yaml"],
        json!("customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n")
    );
    assert_eq!(
        result["promise"],
        json!(true),
        "the exports return promises"
    );
    assert_ne!(result["legacy"], result["current"]);
    assert_eq!(result["valid"], json!(true));
    assert_eq!(result["thrown"]["isError"], json!(true), "{result}");
    let message = result["thrown"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("bootloader"), "{message}");
    assert_eq!(result["thrown"]["line"], json!(2));
    harness.close().await
}

/// Not a timed test: prints how long canonical YAML + ID take in the browser (release wasm),
/// for the README. The figures are printed with `--nocapture`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn benchmark_schematic_id_in_the_browser() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness.wait_for("#schematic-id").await?;
    let body = json!({
        "overlay": {"name": "rpi_generic", "image": "siderolabs/sbc-raspberrypi",
                    "options": {"configTxtAppend": "dtoverlay=vc4-kms-v3d", "boot": {"delay": 2, "quiet": true}}},
        "customization": {
            "extraKernelArgs": ["console=ttyS0,115200", "net.ifnames=0", "talos.dashboard.disabled=1"],
            "systemExtensions": {"officialExtensions": [
                "siderolabs/amd-ucode", "siderolabs/intel-ucode", "siderolabs/i915", "siderolabs/iscsi-tools",
                "siderolabs/qemu-guest-agent", "siderolabs/util-linux-tools", "siderolabs/nvme-cli",
                "siderolabs/zfs", "siderolabs/tailscale", "siderolabs/drbd"]}
        }
    })
    .to_string();
    let expected = crate::expected::expected_json(&body)?;
    let result = harness
        .eval(&format!(
            r#"return (async () => {{ const b = window.wasmBindings; const body = {body};
            const schematic = await b.schematicJson(body);
            let id = "";
            for (let i = 0; i < 200; i++) {{ id = await b.schematicId(schematic); }}
            const times = [];
            for (let run = 0; run < 30; run++) {{
              const start = performance.now();
              for (let i = 0; i < 100; i++) {{ id = await b.schematicId(schematic); }}
              times.push((performance.now() - start) / 100);
            }}
            times.sort((x, y) => x - y);
            return {{ id, median: times[15], p95: times[28] }}; }})();"#,
            body = json!(body)
        ))
        .await?;
    assert_eq!(result["id"], json!(expected.id));
    let median_us = result["median"].as_f64().unwrap_or_default() * 1000.0;
    let p95_us = result["p95"].as_f64().unwrap_or_default() * 1000.0;
    println!(
        "browser: parse + canonical YAML + ID of a realistic schematic: median {median_us:.1} µs, p95 {p95_us:.1} µs per call (30 runs of 100 calls)"
    );
    harness.close().await
}

/// A factory that still runs an older release (go-yaml v4 rc.4, image-factory v1.1.0 to
/// v1.4.0) hashes `enrollKeys: off` differently: "Create" must find the schematic under that
/// release's ID, say so, and link that ID.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn an_older_factory_release_is_confirmed_under_its_own_id() -> TestResult {
    use factory_standin::{Options, StandIn, YamlLibrary};

    let mut harness = Harness::start().await?;
    let mut options = Options::new(&crate::harness::repo_root().join("tests/data/factory"));
    options.yaml_library = YamlLibrary::GoYamlV4Rc4;
    harness.standin = StandIn::start_with("127.0.0.1:0".parse()?, options)?;

    // Both IDs are recorded (canonical-edge-cases.json, the rc.4 variant of `enrollKeys: off`).
    let schematic =
        Schematic::from_json(r#"{"customization":{"secureboot":{"enrollKeys":"off"}}}"#)?;
    let current = crate::expected::expected(&schematic)?;
    let older = crate::expected::expected_with(&schematic, YamlLibrary::GoYamlV4Rc4)?;
    assert!(current.recorded && older.recorded);
    let (current, older) = (current.id, older.id);
    assert_ne!(current, older);

    harness.open("enroll-keys=off").await?;
    harness
        .wait_for_text("#schematic-id", |text| text == current)
        .await?;
    let listed = harness
        .wait_for_text("#legacy-id", |text| !text.is_empty())
        .await?;
    assert!(listed.contains(&older), "the older ID is listed: {listed}");
    harness.wait_for("#create-button").await?.click().await?;
    let status = harness
        .wait_for_text("#creation-status", |text| text.starts_with("Confirmed"))
        .await?;
    assert!(status.contains(&older), "{status}");
    assert!(status.contains("v1.1.0 to v1.4.0"), "{status}");
    let links = harness
        .eval(
            "return Array.from(document.querySelectorAll('#result a[data-output], #tabpanel-links a[data-output]')).map(a => a.href);",
        )
        .await?;
    let links: Vec<String> = serde_json::from_value(links)?;
    let images: Vec<&String> = links
        .iter()
        .filter(|link| link.contains("/image/"))
        .collect();
    assert!(!images.is_empty());
    assert!(
        images.iter().all(|link| link.contains(&older)),
        "image links use the factory's ID: {images:?}"
    );
    harness.close().await
}
