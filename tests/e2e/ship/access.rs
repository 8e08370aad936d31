//! Accessibility: axe-core (from node_modules, injected into the page) finds nothing on any
//! state of the page, the live regions exist, and the whole flow works with the keyboard
//! alone.

use std::time::Duration;

use factory_standin::{Fault, Route};
use fantoccini::key::Key;
use serde_json::{Value, json};

use super::{focused_id, is_checked, press, press_until_focused, type_text, wait_checked};
use crate::harness::{Harness, TestResult, artifacts_dir, repo_root};

/// Runs axe-core on the whole page; returns one line per violated rule and node.
pub async fn axe_violations(harness: &Harness) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let loaded = harness
        .eval("return typeof window.axe === 'object';")
        .await?;
    if loaded != json!(true) {
        let path = repo_root().join("node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (run `npm ci`; scripts/setup.sh does)",
                path.display()
            )
        })?;
        harness
            .eval(&format!("{source}\n;return typeof window.axe;"))
            .await?;
    }
    let result = harness
        .eval_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
                  `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`))))
              .catch(e => done(['axe failed: ' + e]));"#,
        )
        .await?;
    Ok(serde_json::from_value(result)?)
}

async fn click(harness: &Harness, css: &str) -> TestResult {
    super::pointer_click(harness, css).await
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(250)).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn axe_finds_no_violation_on_any_state_of_the_page() -> TestResult {
    let harness = Harness::start().await?;
    let mut report: Vec<(String, Vec<String>)> = Vec::new();

    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#extension-groups li").await?;
    settle().await;
    report.push(("initial (metal)".into(), axe_violations(&harness).await?));

    click(&harness, "#target-cloud").await?;
    click(&harness, "#platform-nocloud").await?;
    wait_checked(&harness, "#platform-nocloud").await?;
    settle().await;
    report.push(("cloud (nocloud)".into(), axe_violations(&harness).await?));

    click(&harness, "#target-sbc").await?;
    click(&harness, "#board-rpi_generic").await?;
    wait_checked(&harness, "#board-rpi_generic").await?;
    harness.wait_for("#overlay-options").await?;
    settle().await;
    report.push((
        "sbc with overlay options".into(),
        axe_violations(&harness).await?,
    ));

    harness
        .wait_for("#extension-search")
        .await?
        .send_keys("nvidia")
        .await?;
    harness
        .wait_for("#ext-siderolabs-nvidia-open-gpu-kernel-modules-production")
        .await?
        .click()
        .await?;
    settle().await;
    report.push((
        "extensions searched and one selected".into(),
        axe_violations(&harness).await?,
    ));

    click(&harness, "#import-heading").await?;
    harness
        .wait_for("#import-text")
        .await?
        .send_keys("customization: [")
        .await?;
    click(&harness, "#import-button").await?;
    harness.wait_for("#import-error").await?;
    settle().await;
    report.push(("import error shown".into(), axe_violations(&harness).await?));

    click(&harness, ".settings-panel > summary").await?;
    harness.wait_for("#setting-factory").await?;
    settle().await;
    report.push(("settings open".into(), axe_violations(&harness).await?));

    // Back to cloud → nocloud so that every tab (Proxmox included) is offered.
    click(&harness, "#target-cloud").await?;
    click(&harness, "#platform-nocloud").await?;
    wait_checked(&harness, "#platform-nocloud").await?;
    click(&harness, "#create-button").await?;
    harness
        .wait_for_text("#creation-status", |text| text.starts_with("Confirmed"))
        .await?;
    let tabs = harness
        .eval("return Array.from(document.querySelectorAll('[role=tab]')).map(t => t.id.replace(/^tab-/, ''));")
        .await?;
    let tabs: Vec<String> = serde_json::from_value(tabs)?;
    assert!(tabs.iter().any(|tab| tab == "proxmox"), "tabs: {tabs:?}");
    for tab in tabs.iter().filter(|tab| *tab != "links") {
        click(&harness, &format!("#tab-{tab}")).await?;
        harness.wait_for(&format!("#tabpanel-{tab}")).await?;
        settle().await;
        report.push((
            format!("created, tab {tab}"),
            axe_violations(&harness).await?,
        ));
    }
    click(&harness, "#tab-links").await?;

    harness.client.execute("document.querySelector('#theme-select').value = 'dark'; document.querySelector('#theme-select').dispatchEvent(new Event('change'));", vec![]).await?;
    let theme = harness
        .eval("return document.documentElement.dataset.theme;")
        .await?;
    assert_eq!(theme, json!("dark"));
    settle().await;
    report.push((
        "dark theme, created, links".into(),
        axe_violations(&harness).await?,
    ));

    harness
        .standin
        .set_fault(Route::Versions, Some(Fault::Status(503)));
    harness.open("").await?;
    harness.wait_for("#offline-notice").await?;
    harness.wait_for("#extension-groups li").await?;
    settle().await;
    report.push((
        "offline notice (dark)".into(),
        axe_violations(&harness).await?,
    ));
    harness.client.execute("document.querySelector('#theme-select').value = 'light'; document.querySelector('#theme-select').dispatchEvent(new Event('change'));", vec![]).await?;
    settle().await;
    report.push((
        "offline notice (light)".into(),
        axe_violations(&harness).await?,
    ));

    // The upgrade planner, an extension across releases, the META notes and Talos 1.14 with
    // SecureBoot.
    harness.standin.clear_faults();
    harness
        .open("target=metal&upgrade-from=1.11.6&version=1.14.0-rc.1&secureboot=true&extensions=siderolabs%2Famd-ucode&meta=0%3Ax&meta=10%3Ay")
        .await?;
    harness.wait_for("#upgrade-hops li").await?;
    harness.wait_for("#upgrade-extensions").await?;
    click(&harness, "#ext-siderolabs-amd-ucode-across").await?;
    harness.wait_for(".extension-across tbody tr").await?;
    crate::builder::click(&harness, "#advanced-options > summary").await?;
    harness.wait_for("#meta-note-0").await?;
    settle().await;
    report.push((
        "upgrade planner, across releases, META notes".into(),
        axe_violations(&harness).await?,
    ));

    let mut text = String::new();
    for (state, violations) in &report {
        text.push_str(&format!("{state}: {} violation(s)\n", violations.len()));
        for violation in violations {
            text.push_str(&format!("  - {violation}\n"));
        }
    }
    let _ = std::fs::write(artifacts_dir().join("axe-report.txt"), &text);
    eprintln!("{text}");
    let total: usize = report.iter().map(|(_, v)| v.len()).sum();
    assert_eq!(total, 0, "axe-core violations:\n{text}");
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn live_regions_announce_the_id_and_the_creation_status() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    let regions = harness
        .eval("return ['#id-live', '#creation-status', '#catalog-status'].map(s => { const e = document.querySelector(s); return e && (e.getAttribute('aria-live') || e.getAttribute('role')); });")
        .await?;
    assert_eq!(regions, json!(["polite", "polite", "status"]));
    let before = harness
        .wait_for_text("#id-live", |text| !text.is_empty())
        .await?;
    // The tiers are folded until searched: search as a person would.
    harness
        .wait_for("#extension-search")
        .await?
        .send_keys("iscsi")
        .await?;
    click(&harness, "#ext-siderolabs-iscsi-tools").await?;
    let after = harness
        .wait_for_text("#id-live", |text| !text.is_empty() && text != before)
        .await?;
    assert!(after.starts_with("Computed in your browser"), "{after}");
    harness.close().await
}

/// The whole flow with the keyboard alone: Tab to the hardware type, arrows to "Cloud
/// server", Tab and arrows to nocloud, Tab to the search, type, Tab to the extension, Space,
/// Tab to "Create on factory", Enter.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_whole_flow_works_with_the_keyboard_alone() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#extension-groups li").await?;

    // The first Tab lands on the skip link or the first control; then on to the hardware type.
    press_until_focused(&harness, Key::Tab, "target-metal", 80).await?;
    press_until_focused(&harness, Key::Down, "target-cloud", 3).await?;
    wait_checked(&harness, "#target-cloud").await?;

    // Into the platform group: its checked (or first) radio takes the focus.
    harness.wait_for("#platform-nocloud").await?;
    let mut presses = 0;
    while !focused_id(&harness).await?.starts_with("platform-") {
        press(&harness, &[Key::Tab]).await?;
        presses += 1;
        if presses > 20 {
            harness.dump("keyboard-platform").await;
            return Err("Tab never reached the cloud platform list".into());
        }
    }
    press_until_focused(&harness, Key::Down, "platform-nocloud", 40).await?;
    wait_checked(&harness, "#platform-nocloud").await?;

    press_until_focused(&harness, Key::Tab, "extension-search", 80).await?;
    type_text(&harness, "qemu").await?;
    harness
        .wait_for_text("#extension-groups", |text| {
            text.contains("qemu-guest-agent") && !text.contains("iscsi-tools")
        })
        .await?;
    press_until_focused(&harness, Key::Tab, "ext-siderolabs-qemu-guest-agent", 10).await?;
    press(&harness, &[Key::Space]).await?;
    wait_checked(&harness, "#ext-siderolabs-qemu-guest-agent").await?;
    settle().await;
    assert_eq!(
        focused_id(&harness).await?,
        "ext-siderolabs-qemu-guest-agent",
        "the focus stays on the extension just toggled"
    );
    assert!(is_checked(&harness, "#platform-nocloud").await?);

    press_until_focused(&harness, Key::Tab, "create-button", 120).await?;
    press(&harness, &[Key::Enter]).await?;
    let status = harness
        .wait_for_text("#creation-status", |text| text.starts_with("Confirmed"))
        .await?;
    let id = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    let id = id.as_str().unwrap_or("").to_string();
    assert!(status.starts_with("Confirmed"), "{status}");
    let stored: Vec<Value> = harness
        .standin
        .schematics()
        .into_iter()
        .map(|(stored, _)| json!(stored))
        .collect();
    assert_eq!(stored, vec![json!(id)]);
    harness.close().await
}
