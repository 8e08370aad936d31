//! The fault matrix (issue 4): every stand-in fault on every endpoint the page uses. For each,
//! the page shows a message specific to what went wrong and a retry, the user's choices (URL,
//! selected extensions, schematic ID) survive, and after the fault is cleared the retry
//! recovers.
//!
//! Timeouts use the client's local storage override (`talos-image-studio.timeout-ms`, see
//! `src/factory/client.rs`) set to one second, with a stand-in delay of 2.5 s.

use std::time::{Duration, Instant};

use factory_standin::{Fault, Route};
use serde_json::json;
use talos_image_studio::schematic::Schematic;

use crate::builder::{WizardLink, choose_version, click, expected_for_link, factory_ui_schematic};
use crate::harness::{Harness, TestResult};

const TIMEOUT_MS: u64 = 1000;

fn faults() -> Vec<Fault> {
    vec![
        Fault::Status(500),
        Fault::Status(404),
        // What factories that check requests against their API description answer
        // (siderolabs/image-factory#532): 400 for an invalid request, 405 for a method a
        // route does not take.
        Fault::Status(400),
        Fault::Status(405),
        Fault::Delay(Duration::from_millis(TIMEOUT_MS + 1500)),
        Fault::DropConnection,
        Fault::MalformedJson,
        Fault::NoCors,
    ]
}

/// What the message must say for a fault on a list endpoint (`what` = "version list", …).
fn list_message(fault: Fault, what: &str) -> Vec<String> {
    match fault {
        Fault::Status(status) => status_words(status),
        Fault::Delay(_) => vec!["did not answer within 1 s".to_string()],
        Fault::DropConnection | Fault::NoCors => {
            vec!["could not reach".to_string(), "CORS".to_string()]
        }
        Fault::MalformedJson => vec![format!("invalid {what}")],
    }
}

/// What a message about an error status says: the status, and for the answers of factories
/// that validate requests, what they mean.
fn status_words(status: u16) -> Vec<String> {
    let mut words = vec![format!("answered HTTP {status}")];
    match status {
        400 => words.push("found the request invalid".to_string()),
        405 => words.push("does not take this method".to_string()),
        _ => {}
    }
    words
}

/// Kernel arguments that make each case a new schematic.
const CMDLINES: [&str; 10] = [
    "console=ttyS0 fault.case=0",
    "console=ttyS0 fault.case=1",
    "console=ttyS0 fault.case=2",
    "console=ttyS0 fault.case=3",
    "console=ttyS0 fault.case=4",
    "console=ttyS0 fault.case=5",
    "console=ttyS0 fault.case=6",
    "console=ttyS0 fault.case=7",
    "console=ttyS0 fault.case=8",
    "console=ttyS0 fault.case=99",
];

/// The user's choices for case `index`.
pub(crate) fn link(index: usize) -> WizardLink {
    WizardLink {
        target: "metal",
        version: "1.12.11",
        arch: Some("amd64"),
        extensions: vec!["siderolabs/qemu-guest-agent", "siderolabs/iscsi-tools"],
        cmdline: CMDLINES[index.min(CMDLINES.len() - 1)],
        ..WizardLink::default()
    }
}

/// Forgets the catalogs the page's service worker saved, so that a fault meets a browser
/// without a saved copy (tests/e2e/service_worker.rs covers the saved copy).
async fn forget_saved_catalogs(harness: &Harness) -> TestResult {
    harness
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; (self.caches ? caches.delete('studio-catalogs-v1') : Promise.resolve()).then(() => done(true), () => done(false));",
            vec![],
        )
        .await?;
    Ok(())
}

/// The page URL's values of one query parameter, decoded.
async fn url_values(
    harness: &Harness,
    name: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let url = harness.settled_url().await?;
    Ok(url
        .query_pairs()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .collect())
}

async fn set_short_timeout(harness: &Harness) -> TestResult {
    harness
        .eval(&format!(
            "localStorage.setItem('talos-image-studio.timeout-ms', '{TIMEOUT_MS}'); return true;"
        ))
        .await?;
    Ok(())
}

/// Opens a link, waits for the live catalog and the ID, and shortens the request timeout.
async fn open_live(
    harness: &Harness,
    link: &WizardLink,
) -> Result<String, Box<dyn std::error::Error>> {
    let expected = expected_for_link(link)?.id;
    harness.open(&link.query()).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness
        .wait_for_text("#schematic-id", |text| text == expected)
        .await?;
    harness.wait_for("#ext-siderolabs-iscsi-tools").await?;
    set_short_timeout(harness).await?;
    Ok(expected)
}

/// The selection is intact: the ID, the URL and the selected extensions.
async fn assert_selection_kept(harness: &Harness, id: &str, context: &str) -> TestResult {
    let shown = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    assert_eq!(shown, json!(id), "{context}: schematic ID changed");
    let mut extensions = url_values(harness, "extensions").await?;
    extensions.retain(|value| value != "-");
    extensions.sort();
    assert_eq!(
        extensions,
        ["siderolabs/iscsi-tools", "siderolabs/qemu-guest-agent"],
        "{context}: extensions in the URL"
    );
    let cmdline = url_values(harness, "cmdline").await?.join(" ");
    assert!(
        cmdline.contains("fault.case="),
        "{context}: cmdline in the URL: {cmdline:?}"
    );
    let selected = harness
        .eval("return Array.from(document.querySelectorAll('#selected-extensions > li code')).map(c => c.textContent);")
        .await?;
    assert_eq!(
        selected,
        json!(["siderolabs/iscsi-tools", "siderolabs/qemu-guest-agent"]),
        "{context}"
    );
    Ok(())
}

/// Waits until `css` exists and says all of `parts`.
async fn expect_message(
    harness: &Harness,
    css: &str,
    parts: &[String],
    context: &str,
) -> TestResult {
    harness
        .wait_for_text(css, |text| {
            parts.iter().all(|part| text.contains(part.as_str()))
        })
        .await
        .map_err(|e| format!("{context}: expected {parts:?}: {e}"))?;
    Ok(())
}

/// The faulty route was really asked while the fault was on.
fn assert_route_hit(harness: &Harness, route: Route, context: &str) {
    let hits = harness
        .standin
        .request_log()
        .iter()
        .filter(|request| request.route == Some(route) && !request.preflight)
        .count();
    assert!(
        hits > 0,
        "{context}: the page never requested the {route} route"
    );
}

async fn wait_until_gone(harness: &Harness, css: &str, context: &str) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(15);
    let script = format!("return document.querySelector({}) === null;", json!(css));
    while harness.eval(&script).await? != json!(true) {
        if Instant::now() > deadline {
            harness.dump("still-there").await;
            return Err(format!("{context}: {css} never went away").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn versions_faults_fall_back_to_the_snapshot_with_a_retry() -> TestResult {
    let harness = Harness::start().await?;
    let link = link(0);
    let id = open_live(&harness, &link).await?;
    for fault in faults() {
        let context = format!("versions {fault}");
        forget_saved_catalogs(&harness).await?;
        harness.standin.clear_request_log();
        harness.standin.set_fault(Route::Versions, Some(fault));
        harness.client.refresh().await?;
        let mut parts = list_message(fault, "version list");
        parts.push("catalog snapshot".to_string());
        expect_message(&harness, "#offline-notice", &parts, &context).await?;
        harness.wait_for("#offline-notice .notice__retry").await?;
        harness
            .wait_for_text("#catalog-status", |text| text.contains("offline snapshot"))
            .await?;
        // The snapshot's catalog of the chosen version is in use; nothing was dropped.
        harness.wait_for("#ext-siderolabs-iscsi-tools").await?;
        assert_selection_kept(&harness, &id, &context).await?;
        assert_route_hit(&harness, Route::Versions, &context);
        harness.standin.clear_faults();
        click(&harness, "#offline-notice .notice__retry").await?;
        harness
            .wait_for_text("#catalog-status", |text| text.contains("live"))
            .await
            .map_err(|e| format!("{context}: no recovery: {e}"))?;
        wait_until_gone(&harness, "#offline-notice", &context).await?;
        assert_selection_kept(&harness, &id, &context).await?;
    }
    harness.close().await
}

/// Extensions and overlays: a version change loads both lists.
async fn catalog_faults(route: Route, what: &str) -> TestResult {
    let harness = Harness::start().await?;
    let link = link(0);
    let id = open_live(&harness, &link).await?;
    let versions = ["v1.13.9", "v1.12.11"];
    for (index, fault) in faults().into_iter().enumerate() {
        let context = format!("{route} {fault}");
        let version = versions[index % 2];
        forget_saved_catalogs(&harness).await?;
        harness.standin.clear_request_log();
        harness.standin.set_fault(route, Some(fault));
        choose_version(&harness, version).await?;
        let mut parts = list_message(fault, what);
        parts.push("Your selection is kept".to_string());
        expect_message(&harness, "#catalog-error", &parts, &context).await?;
        harness.wait_for("#catalog-error .notice__retry").await?;
        assert_selection_kept(&harness, &id, &context).await?;
        assert_eq!(
            url_values(&harness, "version").await?,
            [&version[1..]],
            "{context}"
        );
        assert_route_hit(&harness, route, &context);
        harness.standin.clear_faults();
        click(&harness, "#catalog-error .notice__retry").await?;
        wait_until_gone(&harness, "#catalog-error", &context).await?;
        harness.wait_for("#ext-siderolabs-iscsi-tools").await?;
        assert_selection_kept(&harness, &id, &context).await?;
    }
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn extensions_faults_show_a_catalog_error_with_a_retry() -> TestResult {
    catalog_faults(Route::Extensions, "extension list").await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn overlays_faults_show_a_catalog_error_with_a_retry() -> TestResult {
    catalog_faults(Route::Overlays, "overlay list").await
}

/// What "Create on factory" reports for a fault on `route`; `None` = it is confirmed anyway
/// (the page never reads the no-cors POST's answer, so a bad body or missing CORS headers on
/// it cannot matter).
fn create_message(route: Route, fault: Fault, id: &str) -> Option<Vec<String>> {
    let not_found = vec![format!("the factory does not have {id}")];
    match (route, fault) {
        (Route::SchematicCreate, Fault::Status(_)) => Some(not_found),
        (Route::SchematicCreate, Fault::Delay(_)) => Some(vec![
            "sending the schematic failed".to_string(),
            "did not answer within 1 s".to_string(),
        ]),
        (Route::SchematicCreate, Fault::DropConnection) => Some(vec![
            "sending the schematic failed".to_string(),
            "could not reach".to_string(),
        ]),
        (Route::SchematicCreate, Fault::MalformedJson | Fault::NoCors) => None,
        (_, Fault::Status(404)) => Some(not_found),
        (_, Fault::Status(status)) => Some(
            std::iter::once("checking it failed".to_string())
                .chain(status_words(status))
                .collect(),
        ),
        (_, Fault::Delay(_)) => Some(vec![
            "checking it failed".to_string(),
            "did not answer within 1 s".to_string(),
        ]),
        (_, Fault::DropConnection | Fault::NoCors) => Some(vec![
            "checking it failed".to_string(),
            "could not reach".to_string(),
            "CORS".to_string(),
        ]),
        (_, Fault::MalformedJson) => Some(vec![format!("the factory answered for {id}")]),
    }
}

async fn creation_faults(route: Route) -> TestResult {
    let harness = Harness::start().await?;
    for (index, fault) in faults().into_iter().enumerate() {
        let context = format!("{route} {fault}");
        // A new schematic each time: the stand-in must not have it yet.
        let link = link(index + 1);
        let id = open_live(&harness, &link).await?;
        harness
            .wait_for_text("#creation-status", |text| text.contains("Not created"))
            .await?;
        harness.standin.clear_request_log();
        harness.standin.set_fault(route, Some(fault));
        click(&harness, "#create-button").await?;
        if let Some(parts) = create_message(route, fault, &id) {
            expect_message(
                &harness,
                "#creation-status[data-state=not-confirmed]",
                &parts,
                &context,
            )
            .await?;
            harness.wait_for("#create-retry").await?;
            assert_selection_kept(&harness, &id, &context).await?;
            assert_route_hit(&harness, route, &context);
            harness.standin.clear_faults();
            click(&harness, "#create-retry").await?;
        }
        harness
            .wait_for("#creation-status[data-state=confirmed]")
            .await
            .map_err(|e| format!("{context}: no recovery: {e}"))?;
        // The ID is shown once, in the result header: the status does not repeat it.
        harness
            .wait_for_text("#schematic-id", |text| text == id)
            .await?;
        assert_route_hit(&harness, route, &context);
        harness.standin.clear_faults();
        assert!(
            harness
                .standin
                .schematics()
                .iter()
                .any(|(stored, _)| *stored == id),
            "{context}: the stand-in has {id}"
        );
        assert_selection_kept(&harness, &id, &context).await?;
    }
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn schematic_create_faults_are_reported_by_the_creation_status() -> TestResult {
    creation_faults(Route::SchematicCreate).await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn schematic_get_faults_are_reported_by_the_creation_status() -> TestResult {
    creation_faults(Route::SchematicGet).await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn schematic_get_faults_on_a_schematic_link_are_reported_with_a_retry() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    set_short_timeout(&harness).await?;
    // Store a schematic on the stand-in the way the page does (no-cors POST).
    let schematic = factory_ui_schematic(&link(99));
    let id = expected_for_link(&link(99))?.id;
    let post = format!(
        "const done = arguments[arguments.length - 1]; fetch({url}, {{ method: 'POST', mode: 'no-cors', body: {body} }}).then(() => done('sent'), e => done(String(e)));",
        url = json!(format!("{}/schematics", harness.standin.base_url())),
        body = json!(schematic.to_json()),
    );
    assert_eq!(harness.eval_async(&post).await?, json!("sent"));
    assert!(
        harness
            .standin
            .schematics()
            .iter()
            .any(|(stored, _)| *stored == id)
    );
    for fault in faults() {
        let context = format!("schematic-id link, {fault}");
        harness.standin.clear_request_log();
        harness.standin.set_fault(Route::SchematicGet, Some(fault));
        harness.open(&format!("schematic-id={id}")).await?;
        let parts = match fault {
            Fault::Status(404) => vec![format!("has no schematic {id}")],
            Fault::Status(status) => status_words(status),
            Fault::Delay(_) => vec!["did not answer within 1 s".to_string()],
            Fault::DropConnection | Fault::NoCors => {
                vec!["could not reach".to_string(), "CORS".to_string()]
            }
            Fault::MalformedJson => vec![format!("the factory answered for {id}")],
        };
        let mut parts = parts;
        parts.push("Could not load the schematic".to_string());
        expect_message(
            &harness,
            "#schematic-load[data-kind=error]",
            &parts,
            &context,
        )
        .await?;
        harness.wait_for("#schematic-load .notice__retry").await?;
        // Nothing half-loaded: the form is still the default schematic.
        let shown = harness
            .eval("return document.querySelector('#schematic-id').textContent;")
            .await?;
        assert_eq!(
            shown,
            json!(crate::expected::expected(&Schematic::default())?.id),
            "{context}"
        );
        assert_route_hit(&harness, Route::SchematicGet, &context);
        harness.standin.clear_faults();
        click(&harness, "#schematic-load .notice__retry").await?;
        harness
            .wait_for_text("#schematic-load", |text| text.contains("Loaded schematic"))
            .await
            .map_err(|e| format!("{context}: no recovery: {e}"))?;
        harness
            .wait_for_text("#schematic-id", |text| text == id)
            .await?;
        let cmdline = url_values(&harness, "cmdline").await?.join(" ");
        assert!(
            cmdline.contains("fault.case=99"),
            "{context}: cmdline in the URL: {cmdline:?}"
        );
    }
    harness.close().await
}
