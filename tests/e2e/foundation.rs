//! The foundation: the page loads against the stand-in, and the factory's CORS contract
//! (a browser can create a schematic with a no-cors POST but never read the reply) holds.

use serde_json::json;

use crate::builder::click;
use crate::harness::{Harness, TestResult, repo_root};

fn fixture_versions() -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join("tests/data/factory/versions.json"))
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn page_lists_versions_newest_first_with_latest_stable_selected() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    let list =
        "return Array.from(document.querySelectorAll('#version-select option')).map(o => o.value);";
    let mut expected = fixture_versions();
    expected.reverse();
    // Pre-releases are opt-in: the stable ones by default, every version once asked for.
    let stable: Vec<String> = serde_json::from_value(harness.eval(list).await?)?;
    let expected_stable: Vec<String> = expected
        .iter()
        .filter(|version| !version.contains('-'))
        .cloned()
        .collect();
    assert_eq!(stable, expected_stable, "stable versions newest first");
    click(&harness, "#show-prereleases").await?;
    let shown: Vec<String> = serde_json::from_value(harness.eval(list).await?)?;
    assert_eq!(shown, expected, "versions newest first, none missing");
    let selected = harness
        .eval("return document.querySelector('#version-select').value;")
        .await?;
    let latest_stable = expected
        .iter()
        .find(|version| !version.contains('-'))
        .cloned()
        .unwrap_or_default();
    assert_eq!(selected, json!(latest_stable));
    harness.screenshot("home-1280").await?;
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn no_cors_post_creates_the_schematic_found_by_the_locally_computed_id() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness.wait_for("#version-select").await?;
    let body = r#"{"customization":{"extraKernelArgs":["net.ifnames=0"],"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent","siderolabs/iscsi-tools"]}}}"#;
    let expected = crate::expected::expected_json(body)?;
    let id = expected.id.clone();
    let base = harness.standin.base_url();
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        (async () => {{
          const post = await fetch({post}, {{ method: "POST", mode: "no-cors", body: {body} }});
          const get = await fetch({get});
          done({{ postType: post.type, postStatus: post.status, getStatus: get.status, yaml: await get.text() }});
        }})().catch(e => done({{ error: String(e) }}));"#,
        post = json!(format!("{base}/schematics")),
        get = json!(format!("{base}/schematics/{id}")),
        body = json!(body),
    );
    let result = harness.eval_async(&script).await?;
    assert_eq!(result["error"], serde_json::Value::Null, "{result}");
    assert_eq!(
        result["postType"],
        json!("opaque"),
        "no-cors reply is opaque"
    );
    assert_eq!(result["postStatus"], json!(0));
    assert_eq!(result["getStatus"], json!(200));
    assert_eq!(result["yaml"], json!(expected.yaml));
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_browser_cannot_read_the_post_reply_although_the_factory_stores_it() -> TestResult {
    // Keep this test: it is why the app computes schematic IDs itself. Reading the reply
    // of POST /schematics cross-origin is impossible, whatever the request looks like.
    let harness = Harness::start().await?;
    harness.open("").await?;
    harness.wait_for("#version-select").await?;
    let body = r#"{"customization":{"extraKernelArgs":["console=ttyS1"]}}"#;
    let id = crate::expected::expected_json(body)?.id;
    let base = harness.standin.base_url();
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        const results = {{}};
        (async () => {{
          try {{ const r = await fetch({post}, {{ method: "POST", body: {body} }}); results.plain = "read " + r.status; }}
          catch (e) {{ results.plain = e.name; }}
          try {{ const r = await fetch({post}, {{ method: "POST", body: {body}, headers: {{ "Content-Type": "application/json" }} }}); results.json = "read " + r.status; }}
          catch (e) {{ results.json = e.name; }}
          done(results);
        }})();"#,
        post = json!(format!("{base}/schematics")),
        body = json!(body),
    );
    let result = harness.eval_async(&script).await?;
    assert_eq!(
        result["plain"],
        json!("TypeError"),
        "a simple cors POST must be unreadable: {result}"
    );
    assert_eq!(
        result["json"],
        json!("TypeError"),
        "a preflighted POST must be refused: {result}"
    );
    let stored: Vec<String> = harness
        .standin
        .schematics()
        .into_iter()
        .map(|(stored_id, _)| stored_id)
        .collect();
    assert!(
        stored.contains(&id),
        "the simple POST still ran on the server and stored {id}; stored: {stored:?}"
    );
    harness.close().await
}
