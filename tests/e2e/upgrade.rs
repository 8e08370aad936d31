//! The upgrade planner against the stand-in: a deep link with `upgrade-from` shows the hops
//! with their exact commands, each selected extension's tag in both versions as the recorded
//! catalogs give them, a flag for an extension the target lacks, and a catalog fault that
//! leaves the rest of the plan in place with a retry.

use std::time::{Duration, Instant};

use factory_standin::{Fault, Route};
use serde_json::{Value, json};

use crate::builder::click;
use crate::harness::{Harness, TestResult};

/// The tag of `name` in the recorded catalog of `version` (the bytes the stand-in serves).
fn recorded_tag(version: &str, name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/data/factory/extensions/{version}.json"));
    let catalog: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    catalog
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"] == json!(name))
        .and_then(|entry| entry["ref"].as_str())
        .and_then(|reference| reference.rsplit(':').next())
        .unwrap_or_else(|| panic!("{name} in {version}"))
        .to_string()
}

/// Polls `script` until it returns something `done` accepts, within 15 s.
async fn eval_until(
    harness: &Harness,
    script: &str,
    done: impl Fn(&Value) -> bool,
) -> Result<Value, Box<dyn std::error::Error>> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let value = harness.eval(script).await?;
        if done(&value) {
            return Ok(value);
        }
        if Instant::now() > deadline {
            harness.dump("upgrade").await;
            return Err(format!("never happened: {script} (last {value})").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const HOPS: &str = "return Array.from(document.querySelectorAll('#upgrade-hops > li')).map(li => ({ version: li.dataset.version, command: li.querySelector('code').textContent, findings: Array.from(li.querySelectorAll('.upgrade-hop__findings li')).map(f => f.textContent) }));";
const TAGS: &str = "return Array.from(document.querySelectorAll('#upgrade-extensions tbody tr')).map(tr => Array.from(tr.children).map(c => c.textContent));";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn an_upgrade_link_shows_hops_commands_tags_and_what_the_target_lacks() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=metal&upgrade-from=1.11.6&version=1.13.9&extensions=siderolabs%2Famd-ucode&extensions=siderolabs%2Fiscsi-tools&extensions=example%2Fgone")
        .await?;
    let id = harness
        .wait_for_text("#schematic-id", |text| text.len() == 64)
        .await?;
    let host = harness
        .standin
        .base_url()
        .trim_start_matches("http://")
        .to_string();
    let hops = eval_until(&harness, HOPS, |hops| {
        hops.as_array().is_some_and(|hops| {
            hops.len() == 2
                && hops
                    .iter()
                    .all(|hop| !hop["findings"].as_array().unwrap().is_empty())
        })
    })
    .await?;
    for (index, version) in ["v1.12.11", "v1.13.9"].iter().enumerate() {
        assert_eq!(hops[index]["version"], json!(version));
        assert_eq!(
            hops[index]["command"],
            json!(format!(
                "talosctl upgrade --nodes \"$NODE\" --image {host}/metal-installer/{id}:{version}"
            ))
        );
        let findings = hops[index]["findings"].to_string();
        assert!(findings.contains("example/gone"), "{findings}");
        assert!(!findings.contains("amd-ucode"), "{findings}");
    }
    let tags = eval_until(&harness, TAGS, |tags| {
        tags.as_array().is_some_and(|t| t.len() == 3)
    })
    .await?;
    for (row, name) in [(0, "siderolabs/amd-ucode"), (1, "siderolabs/iscsi-tools")] {
        assert_eq!(tags[row][0], json!(name));
        assert_eq!(tags[row][1], json!(recorded_tag("v1.11.6", name)), "{name}");
        assert_eq!(tags[row][2], json!(recorded_tag("v1.13.9", name)), "{name}");
    }
    assert_eq!(tags[0][3], json!("updated"));
    assert_eq!(tags[1][3], json!("same"));
    assert_eq!(tags[2][3], json!("in neither catalog"));
    // The plan copies as a script that names every hop.
    let script = harness
        .eval("return Array.from(document.querySelectorAll('#upgrade-planner .copy-block__text')).map(e => e.textContent);")
        .await?;
    let script = script[0].as_str().unwrap_or("");
    assert!(script.starts_with("#!/bin/sh"), "{script}");
    assert_eq!(
        script.matches("talosctl upgrade --nodes").count(),
        2,
        "{script}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_catalog_fault_in_the_plan_names_its_version_and_keeps_the_rest() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs%2Famd-ucode")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#ext-siderolabs-amd-ucode").await?;
    // Now every catalog request fails: the page's own catalog is already in.
    harness
        .standin
        .set_fault(Route::Extensions, Some(Fault::Status(503)));
    click(&harness, "#upgrade-details > summary").await?;
    // The planner is a chunk of its own: its controls appear once it has arrived.
    harness.wait_for("#upgrade-from").await?;
    let choose = "const s = document.querySelector('#upgrade-from'); s.value = 'v1.11.2'; s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;";
    eval_until(&harness, choose, |value| *value == json!("v1.11.2")).await?;
    let error = harness
        .wait_for_text("#upgrade-catalog-error-1\\.11\\.2", |text| !text.is_empty())
        .await?;
    assert!(
        error.contains("v1.11.2") && error.contains("503"),
        "{error}"
    );
    // The hops and their commands are there all the same.
    let hops = eval_until(&harness, HOPS, |hops| {
        hops.as_array().is_some_and(|h| h.len() == 3)
    })
    .await?;
    assert_eq!(hops[0]["version"], json!("v1.11.6"));
    assert!(
        hops[2]["command"]
            .as_str()
            .unwrap_or("")
            .ends_with(":v1.13.9"),
        "{hops}"
    );
    // Retry once the factory answers again: the errors go, the tags arrive.
    harness.standin.clear_faults();
    click(&harness, "#upgrade-catalog-error-1\\.11\\.2 .notice__retry").await?;
    eval_until(&harness, TAGS, |tags| {
        tags.as_array().is_some_and(|t| t.len() == 1)
    })
    .await?;
    eval_until(
        &harness,
        "return document.querySelectorAll('[id^=upgrade-catalog-error]').length;",
        |count| *count == json!(0),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn one_extension_across_releases_lists_one_tag_per_minor() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("target=metal&version=1.13.9").await?;
    harness.wait_for("#ext-siderolabs-amd-ucode").await?;
    click(&harness, "#ext-siderolabs-amd-ucode-across").await?;
    let rows = eval_until(
        &harness,
        "return Array.from(document.querySelectorAll('.extension-across tbody tr')).map(tr => [tr.dataset.version, tr.querySelector('td').textContent]);",
        |rows| {
            rows.as_array().is_some_and(|rows| {
                rows.len() == 8 && rows.iter().all(|row| row[1] != json!("catalog not loaded"))
            })
        },
    )
    .await?;
    let rows = rows.as_array().unwrap();
    // The latest release of each of the newest eight minors, newest first, one each.
    let versions: Vec<&str> = rows.iter().map(|row| row[0].as_str().unwrap()).collect();
    assert_eq!(
        versions,
        [
            "v1.13.9", "v1.12.11", "v1.11.6", "v1.10.9", "v1.9.6", "v1.8.4", "v1.7.7", "v1.6.8"
        ]
    );
    // Where the stand-in serves a recorded catalog, the tag is the recorded one.
    for (row, version) in [
        (0, "v1.13.9"),
        (1, "v1.12.11"),
        (2, "v1.11.6"),
        (3, "v1.10.9"),
    ] {
        assert_eq!(
            rows[row][1],
            json!(recorded_tag(version, "siderolabs/amd-ucode")),
            "{version}"
        );
    }
    assert_eq!(
        harness
            .eval("return document.querySelector('#ext-siderolabs-amd-ucode-across').getAttribute('aria-expanded');")
            .await?,
        json!("true")
    );
    // A second click closes it.
    click(&harness, "#ext-siderolabs-amd-ucode-across").await?;
    eval_until(
        &harness,
        "return document.querySelectorAll('.extension-across').length;",
        |count| *count == json!(0),
    )
    .await?;
    Ok(())
}
