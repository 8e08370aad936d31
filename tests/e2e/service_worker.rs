//! The service worker (scripts/service-worker.js, written to sw.js by scripts/post-build.mjs):
//! a repeat visit works with no network at all, a new deployment is offered and then runs
//! alone, and a deployment with a file that does not match its digest is refused.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use sha2::{Digest, Sha384};

use crate::harness::{Harness, TestResult, dist_dir};

/// Waits until `script` (the body of an async function; it calls `done(value)`) gives
/// `true`.
async fn wait_until(harness: &Harness, what: &str, script: &str) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = harness.client.execute_async(script, vec![]).await?;
        if value == json!(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            harness.dump("service-worker").await;
            let state = harness
                .client
                .execute_async(STATE, vec![])
                .await
                .unwrap_or_default();
            return Err(format!("{what}: never happened (last answer {value}; {state})").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The registration's workers and the caches, for failure messages.
const STATE: &str = "const done = arguments[arguments.length - 1]; Promise.all([navigator.serviceWorker.getRegistration(), caches.keys()]).then(([r, keys]) => done({ active: r && r.active && r.active.state, waiting: !!(r && r.waiting), installing: r && r.installing && r.installing.state, controller: navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL, keys, log: (window.__swlog || []) }));";

const CONTROLLED: &str = "arguments[arguments.length - 1](!!navigator.serviceWorker && !!navigator.serviceWorker.controller);";

/// The build's app cache name from the page (`studio-app-<build>`), or "" when none.
/// Screenshots of the top of the page at 375 and 1280 px, light and dark, for review
/// (`tests/e2e-artifacts/<name>-<theme>-<width>.png`); ends at 1280 px, light.
async fn shoot_both(harness: &Harness, name: &str) -> TestResult {
    let theme = |theme: &str| {
        format!(
            "const s = document.querySelector('#theme-select'); s.value = '{theme}'; s.dispatchEvent(new Event('change')); window.scrollTo(0, 0); return 0;"
        )
    };
    for width in [375, 1280] {
        crate::ship::emulate_viewport(harness, width, if width < 600 { 812 } else { 900 }).await?;
        for name_of_theme in ["light", "dark"] {
            harness.eval(&theme(name_of_theme)).await?;
            tokio::time::sleep(Duration::from_millis(80)).await;
            harness
                .screenshot(&format!("{name}-{name_of_theme}-{width}"))
                .await?;
        }
    }
    harness.eval(&theme("light")).await?;
    Ok(())
}

async fn app_caches(harness: &Harness) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let value = harness
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.keys().then(keys => done(keys.filter(k => k.startsWith('studio-app-'))));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// A copy of the release build in a fresh directory.
fn copy_of_dist(name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("studio-sw-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(dist_dir())? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name()))?;
        }
    }
    Ok(dir)
}

/// Standard base64 (RFC 4648), for Subresource Integrity digests.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

/// Deploys a new build into `dir`: index.html gains a marker naming `build`, and sw.js gets
/// a new build name and index.html's new digest (as scripts/post-build.mjs would write).
fn deploy(dir: &Path, build: &str) -> TestResult {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let old = sri(html.as_bytes());
    let at = html
        .find("<meta charset")
        .ok_or("index.html has no charset meta")?;
    let html = format!(
        "{}<meta name=\"studio-test-build\" content=\"{build}\">{}",
        &html[..at],
        &html[at..]
    );
    std::fs::write(&index, &html)?;
    std::fs::write(dir.join("404.html"), &html)?;
    rename_build(dir, build, Some((&old, &sri(html.as_bytes()))))
}

/// Gives sw.js a new build name (and replaces one digest), as a new deployment would.
fn rename_build(dir: &Path, build: &str, digest: Option<(&str, &str)>) -> TestResult {
    let path = dir.join("sw.js");
    let sw = std::fs::read_to_string(&path)?;
    let first_line = sw.lines().next().unwrap_or_default().to_string();
    if !first_line.starts_with("const BUILD = ") {
        return Err(format!("sw.js starts with {first_line:?}").into());
    }
    let mut sw = sw.replacen(&first_line, &format!("const BUILD = \"{build}\";"), 1);
    if let Some((old, new)) = digest {
        if !sw.contains(old) {
            return Err("sw.js does not list index.html's digest".into());
        }
        sw = sw.replacen(old, new, 1);
    }
    std::fs::write(&path, sw)?;
    Ok(())
}

/// After a visit, with the site and the factory both gone, a reload shows the app, the
/// same ID and its links, and says the catalog is the copy this browser saved.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the release build and chromedriver (scripts/test.sh)"]
async fn a_repeat_visit_works_with_no_network() -> TestResult {
    let mut harness = Harness::start().await?;
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs/iscsi-tools")
        .await?;
    let id = harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    wait_until(&harness, "the service worker controls the page", CONTROLLED).await?;
    // The first visit's catalogs were fetched before the worker took over; the second
    // visit's go through it and are saved.
    harness.client.refresh().await?;
    harness
        .wait_for_text("#schematic-id", |text| text == id)
        .await?;
    wait_until(
        &harness,
        "the catalogs are saved",
        "const done = arguments[arguments.length - 1]; caches.open('studio-catalogs-v1').then(c => c.keys()).then(keys => done(keys.length >= 3));",
    )
    .await?;
    // No network at all: neither the site nor the factory answers.
    harness.site.shutdown();
    harness.standin.shutdown();
    harness.client.refresh().await?;
    harness
        .wait_for_text("#schematic-id", |text| text == id)
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| {
            // The time it was saved, as a date a person reads (not the raw ISO stamp).
            text.rsplit("saved in this browser ")
                .next()
                .is_some_and(|stamp| {
                    stamp.len() == "2026-12-01 19:44 UTC".len()
                        && stamp.as_bytes()[10] == b' '
                        && stamp.ends_with(" UTC")
                })
        })
        .await?;
    harness.wait_for("#ext-siderolabs-iscsi-tools").await?;
    harness
        .wait_for_text("#catalog-saved", |text| text.contains("saved"))
        .await?;
    harness
        .wait_for_text("#offline-notice", |text| {
            text.contains("could not reach") && text.contains("saved")
        })
        .await?;
    let links = harness
        .eval("return document.querySelectorAll('#section-firstboot [data-output]').length;")
        .await?;
    assert!(
        links.as_u64().unwrap_or(0) > 0,
        "the first boot media are listed offline: {links}"
    );
    shoot_both(&harness, "sw-saved-catalog").await?;
    harness.close().await
}

/// A new deployment is offered ("reload"), never mixed in: until the user accepts, the page
/// runs the build it started with; after, only the new one (the old cache is gone).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the release build and chromedriver (scripts/test.sh)"]
async fn a_new_deployment_is_offered_and_then_runs_alone() -> TestResult {
    let dir = copy_of_dist("update")?;
    let harness = Harness::start_with(&dir).await?;
    harness.open("").await?;
    harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    wait_until(&harness, "the service worker controls the page", CONTROLLED).await?;
    let before = app_caches(&harness).await?;
    assert_eq!(before.len(), 1, "{before:?}");

    deploy(&dir, "b")?;
    harness.client.refresh().await?;
    harness.wait_for("#update-reload").await?;
    shoot_both(&harness, "sw-update-notice").await?;
    let marker = "const m = document.querySelector('meta[name=studio-test-build]'); return m ? m.content : null;";
    assert_eq!(
        harness.eval(marker).await?,
        json!(null),
        "until the user accepts, the page runs the build it started with"
    );
    harness.wait_for("#update-reload").await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while harness.eval(marker).await.unwrap_or(json!(null)) != json!("b") {
        if Instant::now() > deadline {
            harness.dump("service-worker-update").await;
            let state = harness
                .client
                .execute_async(STATE, vec![])
                .await
                .unwrap_or_default();
            let log = crate::ship::browser_log(&harness).await.unwrap_or_default();
            return Err(format!("the new build never ran after Reload: {state}; {log:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    assert_eq!(
        app_caches(&harness).await?,
        vec!["studio-app-b".to_string()]
    );
    let offered = harness
        .eval("return document.querySelector('#update-notice') !== null;")
        .await?;
    assert_eq!(offered, json!(false), "nothing more to offer");
    harness.close().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// A deployment whose wasm does not match the digest its sw.js lists is refused: nothing is
/// offered and the page keeps running the build it has.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the release build and chromedriver (scripts/test.sh)"]
async fn a_tampered_deployment_is_refused() -> TestResult {
    let dir = copy_of_dist("tampered")?;
    let harness = Harness::start_with(&dir).await?;
    harness.open("").await?;
    let id = harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    wait_until(&harness, "the service worker controls the page", CONTROLLED).await?;
    let before = app_caches(&harness).await?;

    let wasm = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .ok_or("no wasm in the build")?;
    let mut bytes = std::fs::read(&wasm)?;
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&wasm, bytes)?;
    rename_build(&dir, "tampered", None)?;

    harness.client.refresh().await?;
    // The install of the new worker fetches every file with its digest and fails.
    harness
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => done(true), () => done(false));",
            vec![],
        )
        .await?;
    wait_until(
        &harness,
        "the install of the tampered build ends",
        "const done = arguments[arguments.length - 1]; navigator.serviceWorker.getRegistration().then(r => done(!r.installing && !r.waiting));",
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let offered = harness
        .eval("return document.querySelector('#update-notice') !== null;")
        .await?;
    assert_eq!(offered, json!(false), "a tampered build is never offered");
    assert_eq!(app_caches(&harness).await?, before);
    harness
        .wait_for_text("#schematic-id", |text| text == id)
        .await?;
    harness.close().await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
