//! What the seven user tasks cost on the page: clicks, keystrokes and scrolling, counted as a
//! person would do them (every element is brought to the middle of the screen before it is
//! used, and the scrolling that takes is summed over the page and any inner scroll box).
//! Not a pass/fail test: run it by hand against any build, e.g. the previous release:
//!
//! ```sh
//! STUDIO_TASK_COSTS=1 cargo test --test e2e -- --ignored --nocapture task_costs
//! STUDIO_TASK_COSTS=1 STUDIO_DIST=/path/to/old/dist STUDIO_TASKS_LABEL=before \
//!     cargo test --test e2e -- --ignored --nocapture task_costs
//! ```
//!
//! Without `STUDIO_TASK_COSTS` (as in `scripts/test.sh`) it measures nothing.
//!
//! The table goes to stdout and to `tests/e2e-artifacts/task-costs-<label>.txt`.

use serde_json::json;

use crate::harness::{Harness, TestResult, artifacts_dir};
use crate::ship::emulate_viewport;

/// Brings `css` to the middle of the screen, clicks it when asked, and returns the scrolling
/// it took (page and inner scroll boxes), or -1 when there is no such element.
const USE: &str = r#"
const [css, click] = arguments;
const el = document.querySelector(css);
if (!el) return -1;
const boxes = [];
for (let e = el.parentElement; e; e = e.parentElement) {
  if (/(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight) boxes.push(e);
}
const before = boxes.map(b => b.scrollTop);
const pageBefore = window.scrollY;
const r = el.getBoundingClientRect();
const visible = r.top >= 0 && r.bottom <= innerHeight && boxes.every(b => {
  const br = b.getBoundingClientRect(); return r.top >= br.top && r.bottom <= br.bottom; });
const covered = (() => { const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y); return top && top !== el && !el.contains(top) && !top.contains(el); })();
if (!visible || covered) el.scrollIntoView({ block: 'center' });
let moved = Math.abs(window.scrollY - pageBefore);
boxes.forEach((b, i) => { moved += Math.abs(b.scrollTop - before[i]); });
if (click) el.click();
return moved;
"#;

#[derive(Default)]
struct Meter {
    clicks: u32,
    keys: u32,
    scrolled: f64,
}

impl Meter {
    async fn bring(&mut self, harness: &Harness, css: &str, click: bool) -> TestResult {
        let value = harness
            .client
            .execute(USE, vec![json!(css), json!(click)])
            .await?;
        let moved = value.as_f64().unwrap_or(-1.0);
        if moved < 0.0 {
            return Err(format!("no {css}").into());
        }
        self.scrolled += moved;
        Ok(())
    }

    async fn click(&mut self, harness: &Harness, css: &str) -> TestResult {
        self.bring(harness, css, true).await?;
        self.clicks += 1;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        Ok(())
    }

    /// Clicks into a field and types `text` (replacing what it held).
    async fn type_in(&mut self, harness: &Harness, css: &str, text: &str) -> TestResult {
        self.click(harness, css).await?;
        let script = format!(
            "const el = document.querySelector({}); const had = el.value.length; el.value = arguments[0]; el.dispatchEvent(new Event('input', {{ bubbles: true }})); el.dispatchEvent(new Event('change', {{ bubbles: true }})); return had;",
            json!(css)
        );
        let had = harness.client.execute(&script, vec![json!(text)]).await?;
        // Select-all first when the field held something.
        if had.as_u64().unwrap_or(0) > 0 {
            self.keys += 2;
        }
        self.keys += u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        Ok(())
    }

    /// Pastes `text` into a field (Ctrl+V: two keys).
    async fn paste(&mut self, harness: &Harness, css: &str, text: &str) -> TestResult {
        self.click(harness, css).await?;
        let script = format!(
            "const el = document.querySelector({}); el.value = arguments[0]; el.dispatchEvent(new Event('input', {{ bubbles: true }})); return 0;",
            json!(css)
        );
        harness.client.execute(&script, vec![json!(text)]).await?;
        self.keys += 2;
        Ok(())
    }

    /// Opens a select and picks a value (two clicks).
    async fn choose(&mut self, harness: &Harness, css: &str, value: &str) -> TestResult {
        self.bring(harness, css, false).await?;
        let script = format!(
            "const el = document.querySelector({}); el.value = arguments[0]; el.dispatchEvent(new Event('change', {{ bubbles: true }})); return el.value;",
            json!(css)
        );
        harness.client.execute(&script, vec![json!(value)]).await?;
        self.clicks += 2;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        Ok(())
    }

    /// Looks at `css` (scrolls to it if needed; no click). On a phone, a result that is far
    /// away is reached with the bottom bar's jump (one tap) when the page has one.
    async fn look(&mut self, harness: &Harness, css: &str) -> TestResult {
        harness.wait_for(css).await?;
        let jump = format!(
            "const bar = document.querySelector('.mobile-bar__jump'); const e = document.querySelector({}); if (!bar || !bar.offsetParent || !e.closest('.page__result')) return false; const r = e.getBoundingClientRect(); if (r.top >= 0 && r.bottom <= innerHeight) return false; bar.click(); return true;",
            json!(css)
        );
        if harness.eval(&jump).await? == json!(true) {
            self.clicks += 1;
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        self.bring(harness, css, false).await
    }
}

async fn fresh(harness: &Harness, query: &str) -> TestResult {
    harness.open(query).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#ext-siderolabs-iscsi-tools").await?;
    harness.eval("window.scrollTo(0, 0); return 0;").await?;
    Ok(())
}

async fn create_and_open_first_link(harness: &Harness, meter: &mut Meter) -> TestResult {
    meter.click(harness, "#create-button").await?;
    harness
        .wait_for("#creation-status[data-state=confirmed]")
        .await?;
    meter
        .look(harness, "#section-firstboot a[data-output]")
        .await?;
    meter.clicks += 1;
    Ok(())
}

async fn task(harness: &Harness, number: u32) -> Result<Meter, Box<dyn std::error::Error>> {
    let mut m = Meter::default();
    let h = harness;
    match number {
        1 => {
            fresh(h, "").await?;
            m.click(h, "#target-cloud").await?;
            m.click(h, "#platform-nocloud").await?;
            m.type_in(h, "#extension-search", "qemu").await?;
            m.click(h, "#ext-siderolabs-qemu-guest-agent").await?;
            m.type_in(h, "#extension-search", "iscsi").await?;
            m.click(h, "#ext-siderolabs-iscsi-tools").await?;
            create_and_open_first_link(h, &mut m).await?;
        }
        2 => {
            fresh(h, "").await?;
            m.click(h, "#target-sbc").await?;
            m.click(h, "#board-rpi_generic").await?;
            m.type_in(h, "#extension-search", "tailscale").await?;
            m.click(h, "#ext-siderolabs-tailscale").await?;
            create_and_open_first_link(h, &mut m).await?;
        }
        3 => {
            fresh(h, "").await?;
            m.click(h, "#secureboot").await?;
            m.type_in(h, "#kernel-args", "console=ttyS0,115200").await?;
            create_and_open_first_link(h, &mut m).await?;
        }
        4 => {
            fresh(h, "").await?;
            m.click(h, "#import-details > summary").await?;
            m.paste(
                h,
                "#import-text",
                "customization:\n    extraKernelArgs:\n        - net.ifnames=0\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/iscsi-tools\n",
            )
            .await?;
            m.click(h, "#import-button").await?;
            m.look(h, "#schematic-id").await?;
        }
        5 => {
            fresh(
                h,
                "target=metal&version=1.13.9&extensions=siderolabs/nvme-cli&extensions=siderolabs/iscsi-tools",
            )
            .await?;
            m.choose(h, "#version-select", "v1.7.0").await?;
            m.look(
                h,
                "#version-findings, #selected-extensions li[data-missing=true]",
            )
            .await?;
        }
        6 => {
            fresh(h, "target=metal&extensions=siderolabs/iscsi-tools").await?;
            let bar = "const b = document.querySelector('.mobile-bar__share button'); return !!(b && b.offsetParent);";
            if h.eval(bar).await? == json!(true) {
                m.click(h, ".mobile-bar__share button").await?;
            } else if h.eval("return !!document.querySelector('#share');").await? == json!(true) {
                m.click(h, "#share button").await?;
            } else {
                // No Share button: the address bar (Ctrl+L, Ctrl+C).
                m.keys += 4;
            }
        }
        7 => {
            fresh(h, "").await?;
            m.type_in(h, "#kernel-args", "\"console=tty0").await?;
            m.look(h, "#kernel-args-error").await?;
        }
        _ => return Err("no such task".into()),
    }
    Ok(m)
}

const TASKS: [&str; 7] = [
    "Proxmox template with the guest agent and iscsi-tools, to the disk image link",
    "Raspberry Pi 4 with tailscale, to the disk image link",
    "bare metal, SecureBoot, console=ttyS0,115200, to the ISO link",
    "import a pasted schematic, to its ID",
    "switch to an older version, to the missing-extension warning",
    "share a link",
    "bad input (unterminated quote), to its message",
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, run by hand (see the module doc)"]
async fn task_costs() -> TestResult {
    if std::env::var_os("STUDIO_TASK_COSTS").is_none() {
        eprintln!("task_costs: a measurement; set STUDIO_TASK_COSTS=1 to run it");
        return Ok(());
    }
    let label = std::env::var("STUDIO_TASKS_LABEL").unwrap_or_else(|_| "after".to_string());
    let mut report = format!(
        "# task costs ({label})\n\n| task | width | clicks | keys | scrolled px |\n| --- | --- | --- | --- | --- |\n"
    );
    for (width, height) in [(1280, 900), (390, 844)] {
        let harness = Harness::start().await?;
        emulate_viewport(&harness, width, height).await?;
        for (index, name) in TASKS.iter().enumerate() {
            let number = u32::try_from(index + 1)?;
            let line = match task(&harness, number).await {
                Ok(m) => format!(
                    "| {number}. {name} | {width} | {} | {} | {:.0} |\n",
                    m.clicks, m.keys, m.scrolled
                ),
                Err(e) => format!("| {number}. {name} | {width} | failed: {e} | | |\n"),
            };
            report.push_str(&line);
        }
        harness.close().await?;
    }
    println!("{report}");
    std::fs::write(
        artifacts_dir().join(format!("task-costs-{label}.txt")),
        &report,
    )?;
    Ok(())
}
