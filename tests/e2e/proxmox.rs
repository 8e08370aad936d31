//! The Proxmox path: a nocloud image without the QEMU guest agent is flagged where the
//! extensions are chosen, and one click adds it.

use talos_image_studio::schematic::Schematic;

use crate::harness::{Harness, TestResult};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn nocloud_without_the_guest_agent_is_flagged_and_fixed_in_one_click() -> TestResult {
    let harness = Harness::start().await?;
    harness.open("target=cloud&platform=nocloud").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    let warning = harness
        .wait_for_text("#guest-agent-warning", |text| !text.is_empty())
        .await?;
    assert!(warning.contains("siderolabs/qemu-guest-agent"), "{warning}");
    harness.wait_for("#add-guest-agent").await?.click().await?;
    let expected = Schematic::from_json(
        r#"{"customization":{"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent"]}}}"#,
    )?
    .id()
    .to_string();
    harness
        .wait_for_text("#schematic-id", |text| text == expected)
        .await?;
    let gone = harness
        .eval("return document.querySelector('#guest-agent-warning') === null;")
        .await?;
    assert_eq!(gone, serde_json::json!(true));
    let url = harness.client.current_url().await?.to_string();
    assert!(
        url.contains("qemu-guest-agent"),
        "the link carries it: {url}"
    );

    // Other platforms are not nagged.
    harness.open("target=cloud&platform=aws").await?;
    harness.wait_for("#schematic-id").await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    let absent = harness
        .eval("return document.querySelector('#guest-agent-warning') === null;")
        .await?;
    assert_eq!(absent, serde_json::json!(true));
    harness.close().await
}
