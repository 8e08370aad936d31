//! The Content-Security-Policy holds through a full flow (no violation, nothing blocked), and
//! untrusted text, from the factory's catalog or from a pasted schematic, is shown as text
//! and runs nothing.

use std::time::Duration;

use factory_standin::{StandIn, serve_static};
use fantoccini::Locator;
use serde_json::{Value, json};

use super::{FixtureCopy, browser_log, copy_dir, on_new_document, wait_checked};
use crate::harness::{Harness, TestResult, dist_dir};

/// Collects every CSP violation of the page from its first moment, and traps script injection.
const WATCH: &str = r#"
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"#;

const EXTENSION_PAYLOAD: &str =
    "<img src=x onerror=window.__xss=1><script>window.__xss=2</script> QEMU guest agent";
const KERNEL_ARG_PAYLOAD: &str = "<img src=x onerror=window.__xss=3>";
const META_PAYLOAD: &str = "<script>window.__xss=4</script><img src=y onerror=window.__xss=5>";

/// Puts the payload into the description of `siderolabs/qemu-guest-agent` in every version's
/// extension list.
fn poison_catalog(copy: &FixtureCopy) -> TestResult {
    let dir = copy.dir.join("extensions");
    let mut poisoned = 0;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let mut list: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        for item in &mut list {
            if item["name"] == json!("siderolabs/qemu-guest-agent") {
                item["description"] = json!(EXTENSION_PAYLOAD);
                poisoned += 1;
            }
        }
        std::fs::write(&path, serde_json::to_string(&list)?)?;
    }
    assert!(poisoned > 0, "no fixture lists siderolabs/qemu-guest-agent");
    Ok(())
}

async fn click(harness: &Harness, css: &str) -> TestResult {
    super::pointer_click(harness, css).await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_full_flow_breaks_no_csp_rule_and_untrusted_text_stays_text() -> TestResult {
    let copy = FixtureCopy::new("csp")?;
    poison_catalog(&copy)?;
    let mut harness = Harness::start().await?;
    harness.standin = StandIn::start(&copy.dir)?;
    on_new_document(&harness, WATCH).await?;
    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;

    // The policy is in place: only this site's files may run, and the page has no inline
    // script (the post_build hook moved Trunk's loader into its own file).
    let policy = harness
        .eval("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : '';")
        .await?;
    let policy = policy.as_str().unwrap_or("").to_string();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{policy}"
    );
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("'sha256-"),
        "{policy}"
    );
    let inline_scripts = harness
        .eval("return Array.from(document.querySelectorAll('script:not([src])')).map(s => s.outerHTML);")
        .await?;
    assert_eq!(inline_scripts, json!([]), "inline scripts in the page");
    // Every built asset carries Subresource Integrity, the loader script included.
    let unprotected = harness
        .eval("return Array.from(document.querySelectorAll('link[rel=stylesheet], link[rel=modulepreload], link[rel=preload], script[src]')).filter(l => !/^sha384-/.test(l.integrity)).map(l => l.href || l.src);")
        .await?;
    assert_eq!(unprotected, json!([]), "assets without integrity");
    let loaders = harness
        .eval("return Array.from(document.querySelectorAll('script[src]')).map(s => new URL(s.src).pathname);")
        .await?;
    assert!(
        loaders.as_array().is_some_and(|list| list.len() == 1
            && list[0]
                .as_str()
                .is_some_and(|path| path.starts_with("/talos-image-studio/loader-"))),
        "one loader script under the public URL: {loaders}"
    );
    // The main wasm was fetched once, through the loader's integrity-checked fetch that
    // reuses the preload; each chunk the flow needed, once.
    let wasm_fetches = harness
        .eval("const names = performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(n => n.endsWith('.wasm')); return [names.filter(n => n.endsWith('_bg.wasm')).length, names.length, new Set(names).size];")
        .await?;
    let counts: Vec<u64> = serde_json::from_value(wasm_fetches)?;
    assert_eq!(counts[0], 1, "the main wasm is downloaded exactly once");
    assert!(counts[1] > 1, "the flow loaded no chunk: {counts:?}");
    assert_eq!(
        counts[1], counts[2],
        "a chunk was downloaded twice: {counts:?}"
    );
    // Every link that opens elsewhere keeps the opener and referrer to itself.
    let leaky = harness
        .eval("return Array.from(document.querySelectorAll('a[href^=\"http\"], a[target]')).filter(a => !(a.relList.contains('noopener') && a.relList.contains('noreferrer')) && new URL(a.href).origin !== location.origin).map(a => a.href);")
        .await?;
    assert_eq!(
        leaky,
        json!([]),
        "external links without rel=noopener noreferrer"
    );

    // A full flow: cloud → nocloud, an extension from the poisoned catalog, a pasted
    // schematic with markup in a kernel argument and a META value, create, every tab.
    click(&harness, "#target-cloud").await?;
    click(&harness, "#platform-nocloud").await?;
    wait_checked(&harness, "#platform-nocloud").await?;
    let search = harness.wait_for("#extension-search").await?;
    search.send_keys("qemu").await?;
    harness
        .wait_for_text("#extension-groups", |text| {
            text.contains("onerror=window.__xss=1")
        })
        .await?;
    click(&harness, "#ext-siderolabs-qemu-guest-agent").await?;
    wait_checked(&harness, "#ext-siderolabs-qemu-guest-agent").await?;

    let pasted = format!(
        "customization:\n    extraKernelArgs:\n        - {kernel}\n    meta:\n        - key: 10\n          value: {meta}\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/qemu-guest-agent\n",
        kernel = json!(KERNEL_ARG_PAYLOAD),
        meta = json!(META_PAYLOAD),
    );
    click(&harness, "#import-heading").await?;
    harness
        .wait_for("#import-text")
        .await?
        .send_keys(&pasted)
        .await?;
    click(&harness, "#import-button").await?;
    harness.wait_for("#import-done").await?;
    harness
        .wait_for_text("#kernel-args-list", |text| {
            text.contains(KERNEL_ARG_PAYLOAD)
        })
        .await?;

    click(&harness, "#create-button").await?;
    let status = harness.wait_for("#creation-status").await?;
    for _ in 0..200 {
        if status.attr("data-state").await?.as_deref() == Some("confirmed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        status.attr("data-state").await?.as_deref(),
        Some("confirmed"),
        "{}",
        status.text().await?
    );
    for tab in ["commands", "proxmox", "profiles", "script", "diff", "links"] {
        click(&harness, &format!("#tab-{tab}")).await?;
        harness.wait_for(&format!("#tabpanel-{tab}")).await?;
    }
    click(&harness, ".settings-panel > summary").await?;

    // Untrusted text is text: visible literally, no element made from it, nothing ran.
    let body_text = harness.eval("return document.body.innerText;").await?;
    let body_text = body_text.as_str().unwrap_or("");
    for literal in [
        "<img src=x onerror=window.__xss=1><script>window.__xss=2</script>",
        KERNEL_ARG_PAYLOAD,
    ] {
        assert!(
            body_text.contains(literal),
            "{literal:?} is not shown as text"
        );
    }
    let yaml_text = harness
        .eval("return Array.from(document.querySelectorAll('pre')).map(p => p.textContent).join('\\n');")
        .await?;
    assert!(
        yaml_text.as_str().unwrap_or("").contains("window.__xss=4"),
        "the META value is not in the canonical YAML shown"
    );
    let injected = harness
        .eval("return { xss: window.__xss === undefined ? null : window.__xss, images: document.querySelectorAll('img').length, scripts: Array.from(document.scripts).filter(s => !s.src && !s.type).length };")
        .await?;
    assert_eq!(injected, json!({ "xss": null, "images": 0, "scripts": 0 }));
    assert!(
        harness
            .client
            .find_all(Locator::Css("#extension-groups img, #kernel-args-list img"))
            .await?
            .is_empty()
    );

    // No violation anywhere: neither seen by the page nor logged by the browser.
    let violations = harness.eval("return window.__cspViolations;").await?;
    assert_eq!(violations, json!([]), "CSP violations during the flow");
    let log = browser_log(&harness).await?;
    let refused: Vec<&String> = log
        .iter()
        .filter(|line| line.contains("Content Security Policy") || line.contains("Refused to"))
        .collect();
    assert!(refused.is_empty(), "browser log: {refused:#?}");
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_tampered_wasm_is_refused_by_its_integrity_digest() -> TestResult {
    // One bit flipped in the last byte.
    refuses_tampered(
        |name| name.ends_with("_bg.wasm"),
        |bytes| flip_last_bit(bytes),
        "the wasm",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_tampered_chunk_is_refused_and_the_page_says_so_and_keeps_working() -> TestResult {
    // The outputs tabs' chunk, one bit flipped: the page starts, the rest of it works, and
    // where the tabs would be it says what failed and offers a retry.
    let site = FixtureCopy::empty("tampered-chunk")?;
    copy_dir(&dist_dir(), &site.dir)?;
    let tampered = tamper_files(
        &site.dir,
        |name| name.starts_with("split_outputs_tabs-") && name.ends_with(".wasm"),
        |bytes| flip_last_bit(bytes),
    )?;
    assert_eq!(tampered, 1, "dist/ holds one chunk of the outputs tabs");
    let mut harness = Harness::start().await?;
    harness.site = serve_static(&site.dir, "/talos-image-studio/")?;
    harness.open("?extensions=siderolabs/iscsi-tools").await?;
    let notice = harness.wait_for("#deferred-error").await?.text().await?;
    assert!(
        notice.contains("could not be loaded") && notice.contains("images, commands and snippets"),
        "the failed chunk's notice: {notice}"
    );
    harness.wait_for("#deferred-error button").await?;
    assert!(
        absent(&harness, "#outputs-heading").await?,
        "the tampered tabs rendered"
    );
    // The rest of the page: the ID follows a toggle.
    let before = harness.wait_for("#schematic-id").await?.text().await?;
    click(&harness, "#ext-siderolabs-iscsi-tools").await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let now = harness.wait_for("#schematic-id").await?.text().await?;
        if now != before && now.len() == 64 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the ID did not follow the toggle"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_integrity_failure_logged(&harness).await?;
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_tampered_loader_is_refused_by_its_integrity_digest() -> TestResult {
    // Still valid JavaScript, so only the digest can stop it.
    refuses_tampered(
        |name| name.starts_with("loader-") && name.ends_with(".js"),
        |bytes| bytes.extend_from_slice(b"\nwindow.__tampered = true;\n"),
        "the loader script",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_chunk_that_cannot_be_fetched_offers_a_retry_that_loads_it() -> TestResult {
    // The outputs tabs' chunk missing from the server (a network fault, a half-finished
    // deployment): the notice and its Retry; once the file is back, Retry shows the tabs.
    let site = FixtureCopy::empty("missing-chunk")?;
    copy_dir(&dist_dir(), &site.dir)?;
    let chunk = std::fs::read_dir(&site.dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().to_string())
                .is_some_and(|name| {
                    name.starts_with("split_outputs_tabs-") && name.ends_with(".wasm")
                })
        })
        .ok_or("dist/ holds no chunk of the outputs tabs")?;
    let kept = site.dir.join("kept-chunk");
    std::fs::rename(&chunk, &kept)?;
    let mut harness = Harness::start().await?;
    harness.site = serve_static(&site.dir, "/talos-image-studio/")?;
    harness.open("").await?;
    harness.wait_for("#deferred-error").await?;
    std::fs::rename(&kept, &chunk)?;
    click(&harness, "#deferred-error button").await?;
    harness.wait_for("#outputs-heading").await?;
    assert!(
        absent(&harness, "#deferred-error").await?,
        "the notice stayed after the tabs loaded"
    );
    harness.close().await
}

/// Changes, by `tamper`, every file of `dir` whose name `is_target` picks; how many.
fn tamper_files(
    dir: &std::path::Path,
    is_target: fn(&str) -> bool,
    tamper: fn(&mut Vec<u8>),
) -> Result<usize, Box<dyn std::error::Error>> {
    let mut tampered = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or_default();
        if is_target(&name) {
            let mut bytes = std::fs::read(&path)?;
            tamper(&mut bytes);
            std::fs::write(&path, bytes)?;
            tampered += 1;
        }
    }
    Ok(tampered)
}

/// Fails unless the browser log reports a failed integrity digest.
async fn assert_integrity_failure_logged(harness: &Harness) -> TestResult {
    let log = browser_log(harness).await?;
    assert!(
        log.iter()
            .any(|line| line.contains("integrity") && line.contains("digest")),
        "no integrity failure in the browser log: {log:#?}"
    );
    Ok(())
}

/// Whether nothing in the page matches `css`.
async fn absent(harness: &Harness, css: &str) -> Result<bool, Box<dyn std::error::Error>> {
    Ok(harness.client.find_all(Locator::Css(css)).await?.is_empty())
}

fn flip_last_bit(bytes: &mut [u8]) {
    if let Some(last) = bytes.last_mut() {
        *last ^= 0x01;
    }
}

/// Serves a copy of `dist/` in which the one file `is_target` picks is changed by `tamper`,
/// and checks that the app does not start and the browser reports the integrity failure.
async fn refuses_tampered(
    is_target: fn(&str) -> bool,
    tamper: fn(&mut Vec<u8>),
    what: &str,
) -> TestResult {
    let site = FixtureCopy::empty("tampered-site")?;
    copy_dir(&dist_dir(), &site.dir)?;
    let tampered = tamper_files(&site.dir, is_target, tamper)?;
    assert_eq!(tampered, 1, "dist/ holds one file that is {what}");
    let mut harness = Harness::start().await?;
    harness.site = serve_static(&site.dir, "/talos-image-studio/")?;
    on_new_document(&harness, "window.__started = false; window.__tampered = false; addEventListener('TrunkApplicationStarted', () => { window.__started = true; });").await?;
    harness.open("").await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let started = harness
        .eval("return [window.__started, window.__tampered];")
        .await?;
    assert_eq!(
        started,
        json!([false, false]),
        "the app (or the tampered code) ran although {what} fails its digest"
    );
    let rendered = harness
        .client
        .find_all(Locator::Css("#catalog-status"))
        .await?;
    assert!(
        rendered.is_empty(),
        "the app rendered although {what} was tampered with"
    );
    assert_integrity_failure_logged(&harness).await?;
    harness.close().await
}
