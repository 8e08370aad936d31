//! The result-first page (issue 10): no download link is clickable while the factory lacks the
//! schematic, and all of them are once "Create" has run; the ID appears once; the ID stays in
//! view at the top and halfway down the page (wide: the sticky result header; phone: the
//! bottom bar); the first boot link needs no scrolling at 1280×900; only the page scrolls;
//! the latest stable version is the default; link problems and version findings are shown
//! where the user looks; a shared link keeps its version after a newer release.

use serde_json::{Value, json};

use crate::builder::{choose_version, click};
use crate::harness::{Harness, TestResult};
use crate::ship::emulate_viewport;

/// Links to factory assets (`/image/<id>/…`, `/pxe/<id>/…`) that a user could click now.
const LIVE_ASSET_LINKS: &str = r#"
const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
  && getComputedStyle(e).visibility !== 'hidden'; };
return Array.from(document.querySelectorAll('a[href]'))
  .filter(a => /\/(image|pxe)\/[0-9a-f]{64}\//.test(a.href))
  .filter(a => visible(a) && a.getAttribute('aria-disabled') !== 'true')
  .map(a => a.href);
"#;

/// Asset links shown as not yet available.
const PENDING_ASSET_LINKS: &str = r#"
return Array.from(document.querySelectorAll('[data-href]'))
  .filter(e => /\/(image|pxe)\/[0-9a-f]{64}\//.test(e.dataset.href)).map(e => e.dataset.href);
"#;

/// Text nodes that are exactly the schematic ID.
const ID_TEXTS: &str = r#"
const id = document.querySelector('#schematic-id').textContent.trim();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let count = 0;
while (walker.nextNode()) { if (walker.currentNode.nodeValue.trim() === id) count++; }
return count;
"#;

/// Whether `css` is inside the viewport after scrolling the page to `fraction` of its height.
const IN_VIEW_AT: &str = r#"
const [css, fraction] = arguments;
const max = document.documentElement.scrollHeight - innerHeight;
window.scrollTo(0, Math.round(max * fraction));
const e = document.querySelector(css);
if (!e) return 'missing';
const r = e.getBoundingClientRect();
return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight ? 'in view' : `out of view: top ${Math.round(r.top)} of ${innerHeight}`;
"#;

/// Elements other than the page that scroll (code and text boxes aside).
const INNER_SCROLLERS: &str = r#"
return Array.from(document.querySelectorAll('body *'))
  .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1)
  .filter(e => !e.closest('pre, textarea, .copy-block__text, select'))
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + Array.from(e.classList).join('.'));
"#;

async fn strings(
    harness: &Harness,
    script: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    Ok(serde_json::from_value(harness.eval(script).await?)?)
}

async fn in_view_at(
    harness: &Harness,
    css: &str,
    fraction: f64,
) -> Result<String, Box<dyn std::error::Error>> {
    let value = harness
        .client
        .execute(IN_VIEW_AT, vec![json!(css), json!(fraction)])
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

async fn open_new_schematic(harness: &Harness, query: &str) -> TestResult {
    harness.open(query).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness
        .wait_for("#creation-status[data-state=not-created]")
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn no_download_link_is_live_before_the_schematic_exists_and_all_are_after() -> TestResult {
    let harness = Harness::start().await?;
    for query in [
        "target=metal&version=1.13.9&extensions=siderolabs/iscsi-tools&cmdline=console%3DttyS0%2C115200",
        "target=cloud&platform=nocloud&version=1.13.9&extensions=siderolabs/qemu-guest-agent&extensions=siderolabs/iscsi-tools",
        "target=sbc&board=rpi_generic&version=1.13.9&extensions=siderolabs/tailscale",
    ] {
        open_new_schematic(&harness, query).await?;
        let live = strings(&harness, LIVE_ASSET_LINKS).await?;
        assert!(
            live.is_empty(),
            "{query}: clickable before creation: {live:?}"
        );
        let pending = strings(&harness, PENDING_ASSET_LINKS).await?;
        assert!(!pending.is_empty(), "{query}: no asset link shown at all");
        assert_eq!(
            harness.eval(ID_TEXTS).await?,
            json!(1),
            "{query}: the ID once"
        );

        click(&harness, "#create-button").await?;
        harness
            .wait_for("#creation-status[data-state=confirmed]")
            .await?;
        harness
            .wait_for_text("#tabpanel-links", |text| {
                !text.contains("available once created")
            })
            .await?;
        let pending_after = strings(&harness, PENDING_ASSET_LINKS).await?;
        assert!(
            pending_after.is_empty(),
            "{query}: still pending: {pending_after:?}"
        );
        let live_after = strings(&harness, LIVE_ASSET_LINKS).await?;
        let mut expected = pending.clone();
        expected.sort();
        let mut live_sorted = live_after.clone();
        live_sorted.sort();
        live_sorted.dedup();
        expected.dedup();
        for url in &expected {
            assert!(
                live_sorted.iter().any(|live| live == url),
                "{query}: {url} did not go live; live: {live_after:?}"
            );
        }
        assert_eq!(
            harness.eval(ID_TEXTS).await?,
            json!(1),
            "{query}: the ID once after creation"
        );
    }
    // A schematic the stand-in already has: its links are live on arrival, without Create.
    open_known(&harness).await?;
    harness.close().await
}

/// Opens the schematic created above in a fresh page load: the presence check finds it.
async fn open_known(harness: &Harness) -> TestResult {
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs/iscsi-tools&cmdline=console%3DttyS0%2C115200")
        .await?;
    harness
        .wait_for("#creation-status[data-state=confirmed]")
        .await?;
    let live = strings(harness, LIVE_ASSET_LINKS).await?;
    assert!(
        !live.is_empty(),
        "a known schematic's links are live at once"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_id_stays_in_view_and_the_first_boot_link_needs_no_scrolling() -> TestResult {
    let harness = Harness::start().await?;
    emulate_viewport(&harness, 1280, 900).await?;
    open_new_schematic(
        &harness,
        "target=metal&version=1.13.9&extensions=siderolabs/iscsi-tools&extensions=siderolabs/intel-ucode",
    )
    .await?;
    click(&harness, "#create-button").await?;
    harness
        .wait_for("#creation-status[data-state=confirmed]")
        .await?;
    harness
        .wait_for("#section-firstboot a[data-output]")
        .await?;
    assert_eq!(
        in_view_at(&harness, "#section-firstboot a[data-output]", 0.0).await?,
        "in view",
        "1280×900: the first boot link without scrolling"
    );
    for fraction in [0.0, 0.5, 1.0] {
        assert_eq!(
            in_view_at(&harness, "#schematic-id", fraction).await?,
            "in view",
            "1280×900: the ID at {fraction} of the page"
        );
    }
    let scrollers = strings(&harness, INNER_SCROLLERS).await?;
    assert!(
        scrollers.is_empty(),
        "1280×900: only the page scrolls: {scrollers:?}"
    );

    emulate_viewport(&harness, 390, 844).await?;
    for fraction in [0.0, 0.5, 1.0] {
        assert_eq!(
            in_view_at(&harness, "#mobile-short-id", fraction).await?,
            "in view",
            "390×844: the short ID at {fraction} of the page"
        );
    }
    let scrollers = strings(&harness, INNER_SCROLLERS).await?;
    assert!(
        scrollers.is_empty(),
        "390×844: only the page scrolls: {scrollers:?}"
    );
    // The jump in the bar leads to the result header.
    click(&harness, ".mobile-bar__jump").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        in_view_at_current(&harness, "#schematic-id").await?,
        "in view"
    );
    harness.close().await
}

async fn in_view_at_current(
    harness: &Harness,
    css: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let script = format!(
        "const e = document.querySelector({}); const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight ? 'in view' : 'top ' + r.top;",
        json!(css)
    );
    Ok(harness
        .eval(&script)
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_default_is_the_latest_stable_and_link_problems_are_named_first() -> TestResult {
    let harness = Harness::start().await?;
    emulate_viewport(&harness, 1280, 900).await?;
    harness.open("target=metal").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#version-select option").await?;
    let chosen = harness
        .eval("return document.querySelector('#version-select').value;")
        .await?;
    assert_eq!(
        chosen,
        json!("v1.13.9"),
        "the latest stable of the stand-in"
    );
    let prereleases = harness
        .eval("return Array.from(document.querySelectorAll('#version-select option')).filter(o => /-(alpha|beta|rc)/.test(o.value)).length;")
        .await?;
    assert_eq!(prereleases, json!(0), "pre-releases are opt-in");

    // An extension the catalog lacks is named, not hashed in silently; a known one is not.
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs/iscsi-tools&extensions=example/not-an-extension&arch=sparc")
        .await?;
    let text = harness
        .wait_for_text("#query-notices", |text| {
            text.contains("example/not-an-extension") && text.contains("arch")
        })
        .await?;
    assert!(!text.contains("siderolabs/iscsi-tools"), "{text}");
    assert_eq!(
        in_view_at(&harness, "#query-notices", 0.0).await?,
        "in view",
        "the link problems in the first screen"
    );
    // A version the factory does not offer: named in the notice and in the control.
    harness
        .open("target=metal&version=1.99.0&extensions=siderolabs/iscsi-tools")
        .await?;
    harness
        .wait_for_text("#query-notices", |text| text.contains("1.99.0"))
        .await?;
    assert_eq!(
        in_view_at(&harness, "#query-notices", 0.0).await?,
        "in view",
        "the version problem in the first screen"
    );
    let option: Value = harness
        .eval("const s = document.querySelector('#version-select'); return s.options[s.selectedIndex]?.textContent ?? null;")
        .await?;
    assert!(
        option
            .as_str()
            .is_some_and(|o| o.contains("1.99.0") && o.contains("not offered")),
        "the control shows the version as not offered: {option}"
    );
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_version_that_lacks_an_extension_says_so_beside_the_version_control() -> TestResult {
    let harness = Harness::start().await?;
    emulate_viewport(&harness, 1280, 900).await?;
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs/nvme-cli&extensions=siderolabs/iscsi-tools")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#ext-siderolabs-nvme-cli").await?;
    harness
        .eval("document.querySelector('#version-select').scrollIntoView({ block: 'start' }); return 0;")
        .await?;
    choose_version(&harness, "v1.7.0").await?;
    let findings = harness
        .wait_for_text("#version-findings", |text| {
            text.contains("siderolabs/nvme-cli")
        })
        .await?;
    assert!(!findings.contains("iscsi-tools"), "{findings}");
    let gap = harness
        .eval("const a = document.querySelector('#version-select').getBoundingClientRect(); const b = document.querySelector('#version-findings').getBoundingClientRect(); return b.bottom - a.top;")
        .await?;
    assert!(
        gap.as_f64().is_some_and(|gap| gap > 0.0 && gap < 900.0),
        "the finding is within the screen around the version control ({gap} px)"
    );
    harness
        .wait_for_text("#result-flag", |text| text.contains("siderolabs/nvme-cli"))
        .await?;
    // Create asks first, and Cancel sends nothing.
    click(&harness, "#create-button").await?;
    harness
        .wait_for_text("#create-caution", |text| {
            text.contains("siderolabs/nvme-cli")
        })
        .await?;
    let before = harness.standin.schematics().len();
    click(&harness, "#create-cancel").await?;
    assert_eq!(harness.standin.schematics().len(), before);
    // Remove all missing: the selection keeps iscsi-tools only, the warnings go.
    click(&harness, "#remove-all-missing").await?;
    harness
        .wait_for_text("#selected-extensions", |text| !text.contains("nvme-cli"))
        .await?;
    let flag = harness
        .eval("return document.querySelector('#result-flag') === null;")
        .await?;
    assert_eq!(flag, json!(true));
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_shared_link_reopens_the_same_image_after_a_newer_release() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("extensions=siderolabs/iscsi-tools&target=cloud&platform=nocloud&pve-vmid=123")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness
        .wait_for("#creation-status[data-state=not-created]")
        .await?;
    let id = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    let shared = harness
        .eval("return document.querySelector('#share').dataset.url;")
        .await?;
    let shared = shared.as_str().ok_or("no share URL")?.to_string();
    assert!(shared.contains("version=1.13.9"), "{shared}");
    assert!(shared.contains("pve-vmid=123"), "{shared}");

    harness.standin.release("v1.15.0");
    harness.client.goto(&shared).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#version-select option").await?;
    let offered = harness
        .eval("return Array.from(document.querySelectorAll('#version-select option')).map(o => o.value).includes('v1.15.0');")
        .await?;
    assert_eq!(offered, json!(true), "the stand-in lists the new release");
    let chosen = harness
        .eval("return document.querySelector('#version-select').value;")
        .await?;
    assert_eq!(
        chosen,
        json!("v1.13.9"),
        "the shared link keeps its version"
    );
    let again = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    assert_eq!(again, id);
    click(&harness, "#tab-proxmox").await?;
    let vmid = harness
        .wait_for("#proxmox-vmid")
        .await?
        .prop("value")
        .await?;
    assert_eq!(
        vmid.as_deref(),
        Some("123"),
        "the Proxmox fields travel in the link"
    );
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_finished_section_folds_to_a_summary_of_its_choice() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=cloud&platform=nocloud&version=1.13.9")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    let id = harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    for (heading, summary) in [
        ("target-heading", "Cloud server: Nocloud"),
        ("version-heading", "Talos 1.13.9"),
        ("platform-heading", "Nocloud · amd64"),
    ] {
        click(&harness, &format!("#{heading} + .step-heading__toggle")).await?;
        let shown = harness
            .wait_for_text(&format!("#{heading}-summary"), |text| !text.is_empty())
            .await?;
        assert!(shown.contains(summary), "{heading}: {shown}");
    }
    let hidden = harness
        .eval("return ['#target-cloud', '#version-select', '#platform-nocloud'].map(s => document.querySelector(s) === null);")
        .await?;
    assert_eq!(
        hidden,
        json!([true, true, true]),
        "the folded controls are gone"
    );
    // Folding changes nothing in the schematic, and Change brings the controls back.
    let again = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    assert_eq!(again, json!(id));
    click(&harness, "#version-heading + .step-heading__toggle").await?;
    harness.wait_for("#version-select").await?;
    harness.close().await
}
