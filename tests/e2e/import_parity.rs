//! Import reads a pasted schematic as the factory does: a text whose embedded machine
//! configuration ends it without a final newline gets the factory's ID (recorded with the Go
//! oracle in `tests/data/vectors/import-e2e.json`), and one with `owner` is refused with the
//! public factory's answer, so there is nothing to create.

use serde_json::Value;

use crate::builder::{click, set_value};
use crate::harness::{Harness, TestResult, repo_root};

/// The recorded `(text, id)` pairs, in file order.
fn recorded() -> Vec<(String, String, bool)> {
    let text = std::fs::read_to_string(repo_root().join("tests/data/vectors/import-e2e.json"))
        .expect("tests/data/vectors/import-e2e.json");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    json["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .map(|vector| {
            (
                vector["text"].as_str().unwrap_or("").to_string(),
                vector["id"].as_str().unwrap_or("").to_string(),
                vector["owner"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

async fn paste(harness: &Harness, text: &str) -> TestResult {
    click(harness, "#import-heading").await?;
    harness.wait_for("#import-text").await?;
    set_value(harness, "#import-text", text).await?;
    click(harness, "#import-button").await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_pasted_config_block_at_the_end_of_the_text_gets_the_factorys_id() -> TestResult {
    let (text, id, _) = recorded().into_iter().find(|(_, _, owner)| !owner).unwrap();
    assert!(
        !text.ends_with('\n'),
        "the case is a text without a final newline"
    );
    let harness = Harness::start().await?;
    harness.open("target=metal&version=1.13.9").await?;
    harness
        .wait_for_text("#schematic-id", |shown| shown.len() == 64)
        .await?;
    paste(&harness, &text).await?;
    harness
        .wait_for_text("#schematic-id", |shown| shown == id)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn a_pasted_schematic_with_owner_is_refused_as_the_public_factory_would() -> TestResult {
    let (text, id, _) = recorded().into_iter().find(|(_, _, owner)| *owner).unwrap();
    let harness = Harness::start().await?;
    harness.open("target=metal&version=1.13.9").await?;
    let before = harness
        .wait_for_text("#schematic-id", |shown| shown.len() == 64)
        .await?;
    paste(&harness, &text).await?;
    let error = harness
        .wait_for_text("#import-error", |shown| !shown.is_empty())
        .await?;
    assert!(error.contains("refuses it with 400"), "{error}");
    assert!(
        error.contains(&id),
        "names the ID it would have elsewhere: {error}"
    );
    // Nothing was imported: the page's schematic, and what Create would send, are unchanged.
    let after = harness
        .eval("return document.querySelector('#schematic-id').textContent;")
        .await?;
    assert_eq!(after.as_str(), Some(before.as_str()));
    assert_ne!(before, id);
    Ok(())
}
