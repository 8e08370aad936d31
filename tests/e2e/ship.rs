//! Shipping checks on the release build: the GitHub Pages deep link under the sub-path, the
//! Content-Security-Policy through a full flow and untrusted text shown as text (`security`),
//! keyboard-only use and axe-core on every state of the page (`access`), layout from 375 px
//! to wide screens with screenshots for review (`visual`), and the performance benchmark run
//! by `scripts/bench.sh` (`bench`).

pub mod access;
mod bench;
mod security;
mod visual;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use crate::harness::{Harness, TestResult, repo_root};

/// A WebDriver command fantoccini has no method for: `POST session/<id>/<path>` with a JSON
/// body, or `GET` without one.
#[derive(Debug)]
struct RawCommand {
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for RawCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or(""),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        match &self.body {
            Some(body) => (http::Method::POST, Some(body.to_string())),
            None => (http::Method::GET, None),
        }
    }
}

/// Runs `source` in every document the browser opens from now on, before the page's own
/// scripts (Chrome DevTools `Page.addScriptToEvaluateOnNewDocument`; not subject to the page's
/// Content-Security-Policy, which is the point: it sees the page's first moments).
pub async fn on_new_document(harness: &Harness, source: &str) -> TestResult {
    harness
        .client
        .issue_cmd(RawCommand {
            path: "goog/cdp/execute".to_string(),
            body: Some(json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": source },
            })),
        })
        .await?;
    Ok(())
}

/// Runs a Chrome DevTools command.
pub async fn cdp(harness: &Harness, cmd: &str, params: Value) -> TestResult {
    harness
        .client
        .issue_cmd(RawCommand {
            path: "goog/cdp/execute".to_string(),
            body: Some(json!({ "cmd": cmd, "params": params })),
        })
        .await?;
    Ok(())
}

/// The browser console messages since the last call (`level: message` lines).
pub async fn browser_log(harness: &Harness) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let entries = harness
        .client
        .issue_cmd(RawCommand {
            path: "se/log".to_string(),
            body: Some(json!({ "type": "browser" })),
        })
        .await?;
    let lines = entries
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|entry| {
                    format!(
                        "{}: {}",
                        entry["level"].as_str().unwrap_or("?"),
                        entry["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(lines)
}

/// Presses keys on whatever has the focus, like a keyboard would (no element is targeted).
pub async fn press(harness: &Harness, keys: &[Key]) -> TestResult {
    let mut actions = KeyActions::new("keyboard".to_string());
    for key in keys {
        let value: char = (*key).into();
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    harness.client.perform_actions(actions).await?;
    Ok(())
}

/// Types text on whatever has the focus.
pub async fn type_text(harness: &Harness, text: &str) -> TestResult {
    let mut actions = KeyActions::new("keyboard".to_string());
    for value in text.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    harness.client.perform_actions(actions).await?;
    Ok(())
}

/// The focused element's `id` (empty when it has none).
pub async fn focused_id(harness: &Harness) -> Result<String, Box<dyn std::error::Error>> {
    let id = harness
        .eval("return document.activeElement ? (document.activeElement.id || '') : '';")
        .await?;
    Ok(id.as_str().unwrap_or("").to_string())
}

/// Presses `key` until the element with `id` has the focus; fails after `limit` presses.
pub async fn press_until_focused(
    harness: &Harness,
    key: Key,
    id: &str,
    limit: usize,
) -> TestResult {
    for _ in 0..limit {
        if focused_id(harness).await? == id {
            return Ok(());
        }
        press(harness, &[key]).await?;
    }
    if focused_id(harness).await? == id {
        return Ok(());
    }
    harness.dump(&format!("focus-{id}")).await;
    Err(format!("#{id} never got the focus after {limit} presses of {key:?}").into())
}

/// A real pointer click (WebDriver), after scrolling the element to the middle of the
/// viewport as a person would look at it: WebDriver's own scrolling puts an element at the
/// top edge, under the result column's sticky header.
pub async fn pointer_click(harness: &Harness, css: &str) -> TestResult {
    let element = harness.wait_for(css).await?;
    harness
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    element.click().await?;
    Ok(())
}

/// Emulates a viewport of `width` × `height` CSS pixels; below 600 px as a phone (overlay
/// scrollbars, touch), so 375 means a 375 px wide layout.
pub async fn emulate_viewport(harness: &Harness, width: u32, height: u32) -> TestResult {
    cdp(
        harness,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    Ok(())
}

/// Copies the factory fixtures to a fresh temporary folder (removed on drop) so a test can
/// serve a modified catalog.
pub struct FixtureCopy {
    pub dir: PathBuf,
}

impl FixtureCopy {
    pub fn new(name: &str) -> Result<FixtureCopy, Box<dyn std::error::Error>> {
        let copy = FixtureCopy::empty(name)?;
        copy_dir(&repo_root().join("tests/data/factory"), &copy.dir)?;
        Ok(copy)
    }

    /// An empty temporary folder, removed on drop.
    pub fn empty(name: &str) -> Result<FixtureCopy, Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("talos-image-studio-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(FixtureCopy { dir })
    }
}

impl Drop for FixtureCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Whether the radio or checkbox `css` is checked.
pub async fn is_checked(harness: &Harness, css: &str) -> Result<bool, Box<dyn std::error::Error>> {
    let script = format!(
        "const e = document.querySelector({}); return !!(e && e.checked);",
        json!(css)
    );
    Ok(harness.eval(&script).await?.as_bool().unwrap_or(false))
}

/// Waits until the radio or checkbox `css` is checked.
pub async fn wait_checked(harness: &Harness, css: &str) -> TestResult {
    for _ in 0..300 {
        if is_checked(harness, css).await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    harness
        .dump(&format!("unchecked-{}", css.trim_start_matches('#')))
        .await;
    Err(format!("{css} never became checked").into())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_deep_link_under_the_sub_path_boots_the_app_from_404_html() -> TestResult {
    let harness = Harness::start().await?;
    let factory = harness.standin.base_url();
    let url = harness.raw_app_url(&format!(
        "some/deep/path?target=cloud&platform=nocloud&factory={factory}"
    ));
    // GitHub Pages answers an unknown path with 404 and the body of 404.html.
    let probe = format!(
        r#"const done = arguments[arguments.length - 1];
        fetch({url}).then(async r => done({{ status: r.status, body: await r.text() }}))
          .catch(e => done({{ error: String(e) }}));"#,
        url = json!(url)
    );
    harness.client.goto(&harness.raw_app_url("")).await?;
    let answer = harness.eval_async(&probe).await?;
    assert_eq!(answer["status"], json!(404), "{answer}");
    let index = std::fs::read_to_string(crate::harness::dist_dir().join("index.html"))?;
    assert_eq!(answer["body"], json!(index), "404.html is the app itself");

    harness.client.goto(&url).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    wait_checked(&harness, "#target-cloud").await?;
    wait_checked(&harness, "#platform-nocloud").await?;
    let heading = harness
        .wait_for_text("#platform-heading", |text| text.contains("Cloud"))
        .await?;
    assert_eq!(heading, "Cloud platform");
    harness.close().await
}
