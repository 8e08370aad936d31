//! The Proxmox path: a nocloud image without the QEMU guest agent is flagged where the
//! extensions are chosen, and one click adds it.

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
    let expected = crate::expected::expected_json(
        r#"{"customization":{"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent"]}}}"#,
    )?
    .id;
    harness
        .wait_for_text("#schematic-id", |text| text == expected)
        .await?;
    let gone = harness
        .eval("return document.querySelector('#guest-agent-warning') === null;")
        .await?;
    assert_eq!(gone, serde_json::json!(true));
    harness
        .wait_for_url(|url| url.as_str().contains("qemu-guest-agent"))
        .await
        .map_err(|e| format!("the link carries it: {e}"))?;

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

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_proxmox_recipe_follows_the_edited_vm_settings() -> TestResult {
    let harness = Harness::start().await?;
    harness
        .open("target=cloud&platform=nocloud&extensions=siderolabs%2Fqemu-guest-agent")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    crate::ship::pointer_click(&harness, "#tab-proxmox").await?;
    let script = harness
        .wait_for_text("#tabpanel-proxmox .copy-block__text", |text| {
            text.contains("VMID=9000")
        })
        .await?;
    assert!(script.contains("--agent enabled=1"), "{script}");
    assert!(script.contains("qm template \"$VMID\""), "{script}");
    assert!(script.contains("nocloud-amd64.raw.xz"), "{script}");

    for (field, value) in [
        ("#proxmox-vmid", "123"),
        ("#proxmox-storage", "ceph-pool"),
        ("#proxmox-bridge", "vmbr1"),
        ("#proxmox-dir", "/var/tmp/talos"),
    ] {
        let input = harness.wait_for(field).await?;
        input.clear().await?;
        input.send_keys(value).await?;
        // Edits apply on change (blur).
        harness
            .eval(&format!(
                "document.querySelector('{field}').dispatchEvent(new Event('change', {{bubbles: true}}));"
            ))
            .await?;
    }
    let script = harness
        .wait_for_text("#tabpanel-proxmox .copy-block__text", |text| {
            text.contains("VMID=123")
        })
        .await?;
    assert!(script.contains("STORAGE=ceph-pool"), "{script}");
    assert!(script.contains("BRIDGE=vmbr1"), "{script}");
    assert!(script.contains("DIR=/var/tmp/talos"), "{script}");
    assert!(!script.contains("9000"), "{script}");
    harness.screenshot("proxmox-tab-1280").await?;

    // A bad VM id is refused with a message, and the recipe keeps the last good one.
    let input = harness.wait_for("#proxmox-vmid").await?;
    input.clear().await?;
    input.send_keys("abc").await?;
    harness
        .eval("document.querySelector('#proxmox-vmid').dispatchEvent(new Event('change', {bubbles: true}));")
        .await?;
    let page = harness
        .wait_for_text("#tabpanel-proxmox", |text| {
            text.contains("not a positive whole number")
        })
        .await?;
    assert!(page.contains("VMID=123"), "the last good VM id stays");

    crate::ship::pointer_click(&harness, "#tab-commands").await?;
    harness
        .wait_for_text("#tabpanel-commands", |text| {
            text.contains("talosctl upgrade")
        })
        .await?;
    harness.screenshot("commands-tab-1280").await?;
    harness.close().await
}
