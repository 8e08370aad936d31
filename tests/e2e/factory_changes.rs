//! What the page says about newer Talos and factory behaviour: for Talos 1.14 with SecureBoot
//! one signed installer and no forced `lockdown=confidentiality`, with the older wording on
//! 1.13; and the META editor's notes on keys Talos itself reads or writes.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::builder::{choose_version, click, set_value};
use crate::harness::{Harness, TestResult};

/// The `textContent` of `css` once `check` holds (hidden elements too), within 15 s.
async fn content_when(
    harness: &Harness,
    css: &str,
    check: impl Fn(&str) -> bool,
) -> Result<String, Box<dyn std::error::Error>> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let script = format!(
        "const el = document.querySelector({}); return el ? el.textContent : null;",
        json!(css)
    );
    loop {
        let text = harness.eval(&script).await?;
        let text = text.as_str().unwrap_or("").to_string();
        if check(&text) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            harness.dump("content-when").await;
            return Err(format!("{css}: {text:?} never matched").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn talos_1_14_secureboot_says_one_signed_installer_and_no_forced_lockdown() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=metal&version=1.14.0-rc.1&arch=amd64&secureboot=true&cmdline=console%3DttyS0&cmdline-set=true")
        .await?;
    let installer = content_when(&harness, "#section-installer", |text| {
        text.contains("metal-installer-secureboot/")
    })
    .await?;
    assert!(
        installer
            .contains("installer and installer-secureboot references give the same signed image"),
        "{installer}"
    );
    assert!(
        installer.contains("no longer add lockdown=confidentiality"),
        "{installer}"
    );
    let field = content_when(&harness, "#kernel-args-note", |text| !text.is_empty()).await?;
    assert!(field.contains("signed into the image"), "{field}");
    assert!(
        field.contains("no longer add lockdown=confidentiality"),
        "{field}"
    );

    // On 1.13 the installer references differ and SecureBoot forces lockdown.
    choose_version(&harness, "v1.13.9").await?;
    let installer = content_when(&harness, "#section-installer", |text| {
        text.contains(":v1.13.9") && text.contains("before 1.14 add lockdown=confidentiality")
    })
    .await?;
    assert!(!installer.contains("same signed image"), "{installer}");
    content_when(&harness, "#kernel-args-note", |text| {
        text.contains("before 1.14 add lockdown=confidentiality")
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_meta_editor_warns_about_keys_talos_uses() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=metal&version=1.13.9&meta=0%3Alost&meta=10%3Anetwork&meta=12%3Amine")
        .await?;
    // The click is a script: wait until the section exists (it once ran before the first render).
    harness.wait_for("#advanced-options > summary").await?;
    click(&harness, "#advanced-options > summary").await?;
    let zero = content_when(&harness, "#meta-note-0", |text| !text.is_empty()).await?;
    assert!(zero.contains("Talos stops reading there"), "{zero}");
    let kind = |index: usize| {
        format!(
            "const el = document.querySelector('#meta-note-{index}'); return el ? el.dataset.kind : null;"
        )
    };
    assert_eq!(harness.eval(&kind(0)).await?, json!("warning"));
    let network = content_when(&harness, "#meta-note-1", |text| !text.is_empty()).await?;
    assert!(network.contains("MetalNetworkPlatformConfig"), "{network}");
    assert_eq!(harness.eval(&kind(1)).await?, json!("info"));
    // A key kept for the user's own data gets no note; the key input points at its note.
    assert_eq!(harness.eval(&kind(2)).await?, json!(null));
    assert_eq!(
        harness
            .eval("return document.querySelector('#meta-key-0').getAttribute('aria-describedby');")
            .await?,
        json!("meta-note-0")
    );

    // Changing a key to one Talos owns brings its warning.
    set_value(&harness, "#meta-key-2", "16").await?;
    let token = content_when(&harness, "#meta-note-2", |text| !text.is_empty()).await?;
    assert!(token.contains("UniqueMachineToken"), "{token}");
    assert_eq!(harness.eval(&kind(2)).await?, json!("warning"));
    Ok(())
}
