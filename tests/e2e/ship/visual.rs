//! Layout from 375 px to wide screens, light and dark: no horizontal overflow on any state,
//! and screenshots of the main states at 375 px and 1280 px in tests/e2e-artifacts/ for review.

use factory_standin::{Fault, Route};
use serde_json::{Value, json};

use super::{emulate_viewport, wait_checked};
use crate::harness::{Harness, TestResult};

const WIDTHS: [u32; 2] = [375, 1280];

/// Elements that stick out to the right of the viewport (none when the page fits).
const OVERFLOW_SCRIPT: &str = r#"
const width = document.documentElement.clientWidth;
const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
  (e.classList.length ? '.' + Array.from(e.classList).join('.') : '');
const clips = e => /(auto|scroll|hidden)/.test(getComputedStyle(e).overflowX);
const offenders = Array.from(document.querySelectorAll('body *'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 &&
    (r.right > width + 1 || (!clips(e) && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)); })
  .filter(e => !e.closest('pre, textarea, .copy-block__text, .page__result') || !clips(e.closest('pre, textarea, .copy-block__text, .page__result')))
  .filter(e => !e.closest('details:not([open]) > :not(summary)'))
  .slice(0, 12)
  .map(e => `${describe(e)} right=${Math.round(e.getBoundingClientRect().right)}`);
return { scrollWidth: document.documentElement.scrollWidth, width, offenders };
"#;

async fn check_fit(harness: &Harness, state: &str, problems: &mut Vec<String>) -> TestResult {
    let result: Value = harness.eval(OVERFLOW_SCRIPT).await?;
    let scroll = result["scrollWidth"].as_u64().unwrap_or(u64::MAX);
    let width = result["width"].as_u64().unwrap_or(0);
    if scroll > width {
        problems.push(format!(
            "{state}: page is {scroll} px wide in a {width} px viewport; {}",
            result["offenders"]
        ));
    }
    Ok(())
}

/// Screenshots of the top of the page, the extension list and the result panel.
async fn shoot(harness: &Harness, state: &str, width: u32) -> TestResult {
    shoot_at(
        harness,
        state,
        width,
        &[
            ("top", "body"),
            ("version", "#version-heading"),
            ("platform", "#platform-heading"),
            ("extensions", "#extensions-heading"),
            ("result", "#result-heading"),
        ],
    )
    .await
}

/// A screenshot with each of `parts` (name, element) scrolled to the top.
async fn shoot_at(
    harness: &Harness,
    state: &str,
    width: u32,
    parts: &[(&str, &str)],
) -> TestResult {
    for (part, css) in parts {
        let script = format!(
            "const e = document.querySelector({}); if (e) e.scrollIntoView({{ block: 'start' }}); return !!e;",
            json!(css)
        );
        if harness.eval(&script).await? == json!(true) {
            tokio::time::sleep(std::time::Duration::from_millis(60)).await;
            harness
                .screenshot(&format!("{state}-{part}-{width}"))
                .await?;
        }
    }
    harness.eval("window.scrollTo(0, 0); return 0;").await?;
    Ok(())
}

async fn click(harness: &Harness, css: &str) -> TestResult {
    super::pointer_click(harness, css).await
}

async fn set_theme(harness: &Harness, theme: &str) -> TestResult {
    let script = format!(
        "const s = document.querySelector('#theme-select'); s.value = {}; s.dispatchEvent(new Event('change')); return 0;",
        json!(theme)
    );
    harness.eval(&script).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn every_state_fits_from_375_px_up_in_both_themes_with_screenshots() -> TestResult {
    let harness = Harness::start().await?;
    let mut problems = Vec::new();
    for width in WIDTHS {
        emulate_viewport(&harness, width, if width < 600 { 812 } else { 900 }).await?;
        harness.standin.clear_faults();
        harness.open("").await?;
        harness
            .wait_for_text("#catalog-status", |text| text.contains("live"))
            .await?;
        harness.wait_for("#extension-groups li").await?;
        set_theme(&harness, "light").await?;
        check_fit(&harness, &format!("metal {width}"), &mut problems).await?;
        shoot(&harness, "metal-light", width).await?;

        click(&harness, "#target-cloud").await?;
        click(&harness, "#platform-nocloud").await?;
        wait_checked(&harness, "#platform-nocloud").await?;
        harness
            .wait_for("#extension-search")
            .await?
            .send_keys("qemu")
            .await?;
        click(&harness, "#ext-siderolabs-qemu-guest-agent").await?;
        click(&harness, "#create-button").await?;
        harness
            .wait_for_text("#creation-status", |text| text.starts_with("Confirmed"))
            .await?;
        check_fit(&harness, &format!("cloud created {width}"), &mut problems).await?;
        shoot(&harness, "cloud-created-light", width).await?;
        for tab in ["commands", "proxmox", "profiles", "script", "diff"] {
            click(&harness, &format!("#tab-{tab}")).await?;
            harness.wait_for(&format!("#tabpanel-{tab}")).await?;
            check_fit(&harness, &format!("tab {tab} {width}"), &mut problems).await?;
        }
        click(&harness, "#tab-links").await?;

        set_theme(&harness, "dark").await?;
        check_fit(&harness, &format!("cloud dark {width}"), &mut problems).await?;
        shoot(&harness, "cloud-created-dark", width).await?;

        click(&harness, "#target-sbc").await?;
        click(&harness, "#board-rpi_generic").await?;
        harness.wait_for("#overlay-options").await?;
        click(&harness, "#import-heading").await?;
        harness
            .wait_for("#import-text")
            .await?
            .send_keys("customization: [")
            .await?;
        click(&harness, "#import-button").await?;
        harness.wait_for("#import-error").await?;
        click(&harness, ".settings-panel > summary").await?;
        harness.wait_for("#setting-factory").await?;
        check_fit(
            &harness,
            &format!("sbc import settings dark {width}"),
            &mut problems,
        )
        .await?;
        shoot(&harness, "sbc-import-settings-dark", width).await?;

        harness
            .standin
            .set_fault(Route::Versions, Some(Fault::Status(503)));
        harness.open("").await?;
        harness.wait_for("#offline-notice").await?;
        harness.wait_for("#extension-groups li").await?;
        check_fit(&harness, &format!("offline dark {width}"), &mut problems).await?;
        shoot(&harness, "offline-dark", width).await?;
        set_theme(&harness, "light").await?;
        shoot(&harness, "offline-light", width).await?;

        // What a link asks for that cannot be done, and what an older version lacks.
        harness.standin.clear_faults();
        harness
            .open("target=metal&version=1.13.9&extensions=siderolabs/nvme-cli&extensions=example/unknown&arch=sparc")
            .await?;
        harness.wait_for("#query-notices").await?;
        harness.wait_for("#extension-groups li").await?;
        crate::builder::choose_version(&harness, "v1.7.0").await?;
        harness.wait_for("#version-findings").await?;
        for theme in ["light", "dark"] {
            set_theme(&harness, theme).await?;
            check_fit(
                &harness,
                &format!("findings {theme} {width}"),
                &mut problems,
            )
            .await?;
            shoot(&harness, &format!("findings-{theme}"), width).await?;
        }
        set_theme(&harness, "light").await?;

        // Talos 1.14 with SecureBoot (one signed installer, no forced lockdown) and META keys
        // Talos reads or owns.
        harness
            .open("target=metal&version=1.14.0-rc.1&secureboot=true&cmdline=console%3DttyS0&cmdline-set=true&meta=0%3Alost&meta=10%3Anetwork&meta=16%3Atoken")
            .await?;
        harness.wait_for("#extension-groups li").await?;
        click(&harness, "#advanced-options > summary").await?;
        harness.wait_for("#meta-note-0").await?;
        for theme in ["light", "dark"] {
            set_theme(&harness, theme).await?;
            check_fit(
                &harness,
                &format!("advanced {theme} {width}"),
                &mut problems,
            )
            .await?;
            shoot_at(
                &harness,
                &format!("advanced-{theme}"),
                width,
                &[
                    ("kernel", "#kernel-args"),
                    ("meta", "#meta-entries"),
                    ("installer", "#section-installer"),
                ],
            )
            .await?;
        }
        set_theme(&harness, "light").await?;

        // The upgrade planner and one extension across releases.
        harness
            .open("target=metal&upgrade-from=1.11.6&version=1.13.9&extensions=siderolabs%2Famd-ucode&extensions=siderolabs%2Fiscsi-tools&extensions=example%2Fgone")
            .await?;
        harness.wait_for("#upgrade-extensions").await?;
        crate::builder::click(&harness, "#ext-siderolabs-amd-ucode-across").await?;
        harness.wait_for(".extension-across tbody tr").await?;
        for theme in ["light", "dark"] {
            set_theme(&harness, theme).await?;
            check_fit(&harness, &format!("upgrade {theme} {width}"), &mut problems).await?;
            shoot_at(
                &harness,
                &format!("upgrade-{theme}"),
                width,
                &[
                    ("planner", "#upgrade-details"),
                    ("tags", "#upgrade-extensions"),
                    ("across", "#ext-siderolabs-amd-ucode-across"),
                ],
            )
            .await?;
        }
        set_theme(&harness, "light").await?;
    }
    // The dark palette also follows the system preference when the toggle says "system".
    set_theme(&harness, "system").await?;
    let follows = harness
        .eval("return getComputedStyle(document.body).backgroundColor === (matchMedia('(prefers-color-scheme: dark)').matches ? 'rgb(17, 19, 22)' : 'rgb(247, 247, 248)');")
        .await?;
    assert_eq!(
        follows,
        json!(true),
        "theme 'system' follows prefers-color-scheme"
    );
    assert!(
        problems.is_empty(),
        "horizontal overflow:\n{}",
        problems.join("\n")
    );
    harness.close().await
}
