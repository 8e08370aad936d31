//! The image builder (issue 4): factory wizard deep links give the factory UI's schematic ID,
//! every factory test vector imports to its ID, a version switch names the extensions the new
//! version lacks (and offers the rename), and malformed links never break the page.
//!
//! Expected IDs never come from the page: [`factory_ui_schematic`] rebuilds the schematic the
//! way the factory's wizard does (spec §5.1/§3.7), and [`expected_for_link`] takes its ID from
//! the recorded vectors or the stand-in's independent emitter (`expected.rs`), not the app's.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};
use talos_image_studio::schematic::{Bootloader, Schematic};

use crate::expected::{Expected, expected_body};
use crate::harness::{Harness, TestResult, repo_root};

/// A wizard choice of the factory UI, as its URL parameters carry it.
#[derive(Debug, Clone, Default)]
pub struct WizardLink {
    pub target: &'static str,
    pub version: &'static str,
    pub platform: Option<&'static str>,
    pub board: Option<&'static str>,
    pub arch: Option<&'static str>,
    pub secureboot: bool,
    /// In URL order (the factory sorts them).
    pub extensions: Vec<&'static str>,
    /// The text of the kernel-argument input, verbatim.
    pub cmdline: &'static str,
    pub bootloader: Option<&'static str>,
    /// The "Extra overlay options" textarea, verbatim.
    pub overlay_options: &'static str,
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl WizardLink {
    /// The query the factory's wizard puts in its URL for these choices.
    pub fn query(&self) -> String {
        let mut pairs = vec![
            format!("target={}", self.target),
            format!("version={}", self.version),
        ];
        if let Some(platform) = self.platform {
            pairs.push(format!("platform={platform}"));
        }
        if let Some(board) = self.board {
            pairs.push(format!("board={board}"));
        }
        if let Some(arch) = self.arch {
            pairs.push(format!("arch={arch}"));
        }
        if self.secureboot {
            pairs.push("secureboot=true".to_string());
        }
        // The wizard's hidden "none selected" marker always comes first.
        pairs.push("extensions=-".to_string());
        for extension in &self.extensions {
            pairs.push(format!("extensions={}", encode(extension)));
        }
        pairs.push(format!("cmdline={}", encode(self.cmdline)));
        pairs.push("cmdline-set=true".to_string());
        if !self.overlay_options.is_empty() {
            pairs.push(format!("overlay-options={}", encode(self.overlay_options)));
        }
        if let Some(bootloader) = self.bootloader {
            pairs.push(format!("bootloader={bootloader}"));
        }
        pairs.join("&")
    }
}

/// `overlay.name` and `overlay.image` of a board, copied from the factory's SBC table
/// (spec §5.4), not from the app's own table.
fn board_overlay(board: &str) -> Option<(&'static str, &'static str)> {
    Some(match board {
        "rpi_generic" => ("rpi_generic", "siderolabs/sbc-raspberrypi"),
        "rpi_5" => ("rpi_5", "siderolabs/sbc-raspberrypi"),
        "nanopi_r4s" => ("nanopi-r4s", "siderolabs/sbc-rockchip"),
        "rockpi_4" => ("rockpi4", "siderolabs/sbc-rockchip"),
        "jetson_nano" => ("jetson_nano", "siderolabs/sbc-jetson"),
        "orangepi-5" => ("orangepi-5", "siderolabs/sbc-rockchip"),
        "pine64" => ("pine64", "siderolabs/sbc-allwinner"),
        _ => return None,
    })
}

/// The expected ID and YAML of a wizard link. Overlay options are sent as the YAML text the
/// user typed, so that the stand-in, not the app's decoder, types them.
pub fn expected_for_link(link: &WizardLink) -> Result<Expected, String> {
    expected_body(&link_body(link), factory_standin::YamlLibrary::default())
}

/// The request body of a wizard link: JSON, or YAML when it has overlay options.
pub fn link_body(link: &WizardLink) -> String {
    let schematic = factory_ui_schematic(link);
    if schematic.overlay.options.is_empty() {
        return schematic.to_json();
    }
    let options: String = link
        .overlay_options
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect();
    let customization: serde_json::Value =
        serde_json::from_str(&schematic.to_json()).unwrap_or_default();
    format!(
        "overlay:\n    name: {}\n    image: {}\n    options:\n{options}customization: {}\n",
        json!(schematic.overlay.name),
        json!(schematic.overlay.image),
        customization["customization"],
    )
}

/// The schematic the factory's wizard builds (`WizardParams.ToSchematic` + `wizardFinal`):
/// extensions sorted byte-wise, `strings.Split(strings.TrimSpace(cmdline), " ")` (omitted when
/// empty), the board's overlay with the YAML-decoded options for `sbc` only, bootloader
/// omitted for "auto". SecureBoot does not change the schematic.
pub fn factory_ui_schematic(link: &WizardLink) -> Schematic {
    let mut schematic = Schematic::default();
    let mut extensions: Vec<String> = link.extensions.iter().map(|e| e.to_string()).collect();
    extensions.sort();
    schematic
        .customization
        .system_extensions
        .official_extensions = extensions;
    let cmdline = link.cmdline.trim();
    if !cmdline.is_empty() {
        schematic.customization.extra_kernel_args =
            cmdline.split(' ').map(ToString::to_string).collect();
    }
    if link.target == "sbc" {
        let board = link.board.unwrap_or("rpi_generic");
        let (name, image) = board_overlay(board).unwrap_or(("", ""));
        schematic.overlay.name = name.to_string();
        schematic.overlay.image = image.to_string();
        if !link.overlay_options.trim().is_empty() {
            let indented: String = link
                .overlay_options
                .lines()
                .map(|line| format!("    {line}\n"))
                .collect();
            let wrapper = format!("overlay:\n  options:\n{indented}");
            schematic.overlay.options = Schematic::from_yaml(&wrapper)
                .map(|parsed| parsed.overlay.options)
                .unwrap_or_default();
        }
    }
    schematic.customization.bootloader = match link.bootloader {
        Some("sd-boot") => Bootloader::SdBoot,
        Some("grub") => Bootloader::Grub,
        Some("dual-boot") => Bootloader::DualBoot,
        _ => Bootloader::None,
    };
    schematic
}

/// Sets a textarea's or input's value as typing would (an `input` event).
pub async fn set_value(harness: &Harness, css: &str, value: &str) -> TestResult {
    let script = format!(
        "const el = document.querySelector({css}); el.value = arguments[0]; el.dispatchEvent(new Event('input', {{ bubbles: true }})); el.dispatchEvent(new Event('change', {{ bubbles: true }}));",
        css = json!(css)
    );
    harness.client.execute(&script, vec![json!(value)]).await?;
    Ok(())
}

/// Chooses a Talos version in `#version-select` (value with `v`).
pub async fn choose_version(harness: &Harness, version: &str) -> TestResult {
    let script = "const el = document.querySelector('#version-select'); el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true })); return el.value;";
    let value = harness.client.execute(script, vec![json!(version)]).await?;
    assert_eq!(value, json!(version), "#version-select offers {version}");
    Ok(())
}

/// Clicks an element by script (works for elements inside closed `<details>`), once it is
/// there: as a person waits for a part of the page that is still loading (its chunk).
pub async fn click(harness: &Harness, css: &str) -> TestResult {
    let script = format!(
        "const el = document.querySelector({css}); if (!el) return false; el.click(); return true;",
        css = json!(css)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if harness.eval(&script).await? == json!(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            harness.dump("click-missing").await;
            return Err(format!("nothing to click at {css}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The deep-link cases: metal, cloud, SBC (with overlay options), SecureBoot, pre-releases,
/// bootloader, and the factory's quirks (double spaces, unsorted extensions, padding).
pub fn wizard_cases() -> Vec<WizardLink> {
    vec![
        WizardLink {
            target: "metal",
            version: "1.13.9",
            arch: Some("amd64"),
            ..WizardLink::default()
        },
        WizardLink {
            target: "metal",
            version: "1.13.9",
            arch: Some("amd64"),
            extensions: vec![
                "siderolabs/util-linux-tools",
                "siderolabs/iscsi-tools",
                "siderolabs/amd-ucode",
            ],
            cmdline: "net.ifnames=0  console=ttyS0,115200",
            ..WizardLink::default()
        },
        WizardLink {
            target: "metal",
            version: "1.12.11",
            arch: Some("arm64"),
            secureboot: true,
            extensions: vec!["siderolabs/qemu-guest-agent", "siderolabs/gvisor"],
            ..WizardLink::default()
        },
        WizardLink {
            target: "metal",
            version: "1.13.9",
            arch: Some("amd64"),
            extensions: vec!["siderolabs/intel-ucode", "siderolabs/i915"],
            cmdline: "-console console=tty0",
            bootloader: Some("sd-boot"),
            ..WizardLink::default()
        },
        WizardLink {
            target: "cloud",
            version: "1.13.9",
            platform: Some("aws"),
            arch: Some("arm64"),
            extensions: vec![
                "siderolabs/amazon-ena",
                "siderolabs/ecr-credential-provider",
            ],
            ..WizardLink::default()
        },
        WizardLink {
            target: "cloud",
            version: "1.11.6",
            platform: Some("nocloud"),
            arch: Some("amd64"),
            extensions: vec!["siderolabs/qemu-guest-agent"],
            cmdline: "  talos.dashboard.disabled=1 ",
            ..WizardLink::default()
        },
        WizardLink {
            target: "cloud",
            version: "1.10.9",
            platform: Some("vmware"),
            arch: Some("amd64"),
            extensions: vec!["siderolabs/vmtoolsd-guest-agent"],
            cmdline: "a=1   b=2",
            ..WizardLink::default()
        },
        WizardLink {
            target: "sbc",
            version: "1.13.9",
            board: Some("rpi_generic"),
            ..WizardLink::default()
        },
        WizardLink {
            target: "sbc",
            version: "1.12.11",
            board: Some("nanopi_r4s"),
            extensions: vec!["siderolabs/iscsi-tools"],
            overlay_options: "configTxtAppend: dtoverlay=disable-bt\nboot_delay: 3\nhdmi: on",
            ..WizardLink::default()
        },
        WizardLink {
            target: "sbc",
            version: "1.9.5",
            board: Some("rockpi_4"),
            cmdline: "console=ttyS2,1500000n8",
            overlay_options: "{\"zeta\": [1, 2], \"alpha\": {\"nested\": true}}",
            ..WizardLink::default()
        },
        WizardLink {
            target: "metal",
            version: "1.14.0-rc.1",
            arch: Some("amd64"),
            extensions: vec!["siderolabs/nvme-cli", "siderolabs/drbd"],
            bootloader: Some("dual-boot"),
            ..WizardLink::default()
        },
        WizardLink {
            target: "cloud",
            version: "1.14.0-alpha.1",
            platform: Some("gcp"),
            arch: Some("amd64"),
            extensions: vec!["siderolabs/gvisor"],
            cmdline: "console=ttyS0",
            bootloader: Some("auto"),
            ..WizardLink::default()
        },
    ]
}

async fn schematic_id_text(harness: &Harness) -> String {
    match harness.client.find(Locator::Css("#schematic-id")).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn factory_wizard_links_give_the_factory_ui_schematic_id() -> TestResult {
    let harness = Harness::start().await?;
    let cases = wizard_cases();
    assert!(cases.len() >= 10);
    let mut seen_ids = Vec::new();
    for link in &cases {
        let Expected {
            id: expected,
            yaml: expected_yaml,
            ..
        } = expected_for_link(link)?;
        harness.open(&link.query()).await?;
        let shown = harness
            .wait_for_text("#schematic-id", |text| text == expected)
            .await
            .map_err(|e| format!("{}: {e}; expected YAML:\n{expected_yaml}", link.query(),))?;
        assert_eq!(shown, expected);
        let yaml = harness
            .eval("return document.querySelector('#schematic-yaml .copy-block__text').textContent;")
            .await?;
        assert_eq!(yaml, json!(expected_yaml), "{}", link.query());
        // The factory's parameters are all understood: no notice.
        let notices = harness
            .eval("return document.querySelector('#query-notices')?.textContent ?? null;")
            .await?;
        assert_eq!(notices, Value::Null, "{}", link.query());
        seen_ids.push(expected);
    }
    // A link exactly as the factory's wizard form writes it (`+` for spaces, `%2F`).
    let form = "target=metal&version=1.13.9&arch=amd64&secureboot=true&extensions=-&extensions=siderolabs%2Fiscsi-tools&extensions=siderolabs%2Famd-ucode&cmdline=net.ifnames%3D0++console%3Dtty0+&cmdline-set=true&bootloader=auto";
    let expected = factory_ui_schematic(&WizardLink {
        target: "metal",
        version: "1.13.9",
        extensions: vec!["siderolabs/iscsi-tools", "siderolabs/amd-ucode"],
        cmdline: "net.ifnames=0  console=tty0 ",
        ..WizardLink::default()
    });
    assert_eq!(
        expected.customization.extra_kernel_args,
        vec!["net.ifnames=0", "", "console=tty0"]
    );
    let expected = crate::expected::expected(&expected)?.id;
    harness.open(form).await?;
    harness
        .wait_for_text("#schematic-id", |text| text == expected)
        .await
        .map_err(|e| format!("{form}: {e}"))?;
    // The quirk cases really differ from a naive reading.
    let double_space = &cases[1];
    assert_eq!(
        factory_ui_schematic(double_space)
            .customization
            .extra_kernel_args,
        vec!["net.ifnames=0", "", "console=ttyS0,115200"]
    );
    seen_ids.sort();
    seen_ids.dedup();
    assert_eq!(
        seen_ids.len(),
        cases.len(),
        "every case is a different schematic"
    );
    harness.close().await
}

#[derive(Debug, serde::Deserialize)]
struct FactoryVector {
    source: String,
    input: Value,
    input_raw: Option<String>,
    id: String,
    correct_id: Option<String>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn every_factory_test_vector_imports_to_its_id() -> TestResult {
    let text = std::fs::read_to_string(repo_root().join("tests/data/vectors/factory-tests.json"))?;
    let vectors: Vec<FactoryVector> = serde_json::from_str(&text)?;
    assert_eq!(vectors.len(), 54);
    let harness = Harness::start().await?;
    harness.open("").await?;
    click(&harness, "#import-heading").await?;
    harness.wait_for("#import-text").await?;
    for vector in &vectors {
        let input = match &vector.input_raw {
            Some(raw) => raw.clone(),
            None => serde_json::to_string(&vector.input)?,
        };
        let expected = vector
            .correct_id
            .clone()
            .unwrap_or_else(|| vector.id.clone());
        // Clear first: an empty import shows an error and removes the last success notice.
        set_value(&harness, "#import-text", "").await?;
        click(&harness, "#import-button").await?;
        harness.wait_for("#import-error").await?;
        set_value(&harness, "#import-text", &input).await?;
        click(&harness, "#import-button").await?;
        let done = harness
            .wait_for_text("#import-done, #import-error", |text| !text.is_empty())
            .await?;
        assert!(
            done.contains(&expected),
            "{}: import said {done:?}, expected {expected}",
            vector.source
        );
        let shown = harness
            .wait_for_text("#schematic-id", |text| text == expected)
            .await
            .map_err(|e| format!("{}: {e}", vector.source))?;
        assert_eq!(shown, expected, "{}", vector.source);
    }
    harness.close().await
}

/// The `li` texts of `#selected-extensions` with their `data-missing` flag.
async fn selected_extensions(
    harness: &Harness,
) -> Result<Vec<(String, bool)>, Box<dyn std::error::Error>> {
    let value = harness
        .eval(
            "return Array.from(document.querySelectorAll('#selected-extensions > li')).map(li => [li.querySelector('code').textContent, li.dataset.missing === 'true']);",
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

async fn wait_for_selected(
    harness: &Harness,
    expected: &[(&str, bool)],
) -> Result<(), Box<dyn std::error::Error>> {
    let expected: Vec<(String, bool)> = expected
        .iter()
        .map(|(name, missing)| (name.to_string(), *missing))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let shown = selected_extensions(harness).await?;
        if shown == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            harness.dump("selected-extensions").await;
            return Err(format!("#selected-extensions: {shown:?}, expected {expected:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn switching_to_an_older_version_names_the_missing_extensions_and_offers_renames()
-> TestResult {
    let harness = Harness::start().await?;
    // siderolabs/i915 is the new name of siderolabs/i915-ucode (1.7.0 has only the old one);
    // siderolabs/nvme-cli does not exist in 1.7.0 at all; iscsi-tools exists in both.
    harness
        .open("target=metal&version=1.13.9&extensions=siderolabs/nvme-cli&extensions=siderolabs/i915&extensions=siderolabs/iscsi-tools")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/i915", false),
            ("siderolabs/iscsi-tools", false),
            ("siderolabs/nvme-cli", false),
        ],
    )
    .await?;
    let id_before = schematic_id_text(&harness).await;

    choose_version(&harness, "v1.7.0").await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/i915", true),
            ("siderolabs/iscsi-tools", false),
            ("siderolabs/nvme-cli", true),
        ],
    )
    .await?;
    // Flagged, not dropped: the schematic (and ID) still hold all three.
    assert_eq!(schematic_id_text(&harness).await, id_before);
    let replace = harness
        .eval("return Array.from(document.querySelectorAll('#selected-extensions .replace-extension')).map(b => [b.closest('li').querySelector('code').textContent, b.textContent]);")
        .await?;
    assert_eq!(
        replace,
        json!([["siderolabs/i915", "Replace with siderolabs/i915-ucode"]]),
        "only the renamed extension gets a replacement"
    );
    let badges = harness
        .eval("return Array.from(document.querySelectorAll('#selected-extensions li[data-missing=true]')).map(li => li.textContent);")
        .await?;
    for text in badges.as_array().cloned().unwrap_or_default() {
        assert!(
            text.as_str()
                .unwrap_or_default()
                .contains("not in this version"),
            "{text}"
        );
    }

    // Accept the rename: the old name is now in the schematic and nothing else changed.
    click(&harness, "#selected-extensions .replace-extension").await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/i915-ucode", false),
            ("siderolabs/iscsi-tools", false),
            ("siderolabs/nvme-cli", true),
        ],
    )
    .await?;
    let expected = expected_for_link(&WizardLink {
        target: "metal",
        version: "1.7.0",
        extensions: vec![
            "siderolabs/nvme-cli",
            "siderolabs/i915-ucode",
            "siderolabs/iscsi-tools",
        ],
        ..WizardLink::default()
    })?
    .id;
    harness
        .wait_for_text("#schematic-id", |text| text == expected)
        .await?;

    // And back to the newer version: the old name is offered its new one.
    choose_version(&harness, "v1.13.9").await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/i915-ucode", true),
            ("siderolabs/iscsi-tools", false),
            ("siderolabs/nvme-cli", false),
        ],
    )
    .await?;
    let replace = replace_buttons(&harness).await?;
    assert_eq!(replace, json!(["Replace with siderolabs/i915"]));
    let url = harness.settled_url().await?.to_string();
    assert!(url.contains("version=1.13.9"), "{url}");
    assert!(url.contains("i915-ucode"), "{url}");
    harness.close().await
}

/// A tiny deterministic generator (xorshift), so a failing query can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Parameters that must get a notice (unknown names or invalid values).
const INVALID: &[&str] = &[
    "target=moon",
    "arch=x86",
    "arch=",
    "secureboot=maybe",
    "version=banana",
    "version=1.2",
    "bootloader=lilo",
    "order=random",
    "enroll-keys=sometimes",
    "well-known-certs=yes",
    "sector-size=-1",
    "sector-size=4k",
    "meta=999:x",
    "meta=nocolon",
    "board=nope",
    "platform=mars",
    "schematic-id=xyz",
    "embedded-config=secret",
    "registry=not%20a%20host",
    "pxe=ftp://example.com",
    "colour=blue",
    "%FF%FE=%00",
    "%zz=%",
    "=value",
    "%E2%80%A8=1",
    "overlay-options=%5B1%2C2%5D",
    "overlay-options=a%3A%20%5B",
];

/// Parameters that are fine on their own (mixed in to make realistic links).
const VALID: &[&str] = &[
    "target=cloud",
    "target=sbc",
    "platform=aws",
    "board=rpi_generic",
    "arch=arm64",
    "secureboot=true",
    "extensions=-",
    "extensions=siderolabs%2Fiscsi-tools",
    "extensions=%F0%9F%92%A9",
    "cmdline=a%20%20b",
    "cmdline=%22quoted%20arg%22",
    "arg=with%20space",
    "version=1.12.11",
    "order=given",
    "meta=10:hello%0Aworld",
    "sector-size=4096",
    "bootloader=grub",
    "format=qcow2",
    "cmdline-set=true",
    "",
    "&",
    "noequals",
];

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn malformed_links_render_with_a_notice_and_the_page_keeps_working() -> TestResult {
    let harness = Harness::start().await?;
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for round in 0..30 {
        let mut parts = Vec::new();
        for _ in 0..(1 + rng.next() % 4) {
            parts.push(rng.pick(VALID).to_string());
        }
        let invalid = rng.pick(INVALID);
        let position = (rng.next() % (parts.len() as u64 + 1)) as usize;
        parts.insert(position, invalid.to_string());
        if round % 5 == 0 {
            // A very long value too.
            parts.push(format!("cmdline={}", "x%20".repeat(2000)));
        }
        let query = parts.join("&");
        harness.open(&query).await?;
        harness
            .wait_for_text("#schematic-id, #schematic-error", |text| !text.is_empty())
            .await
            .map_err(|e| format!("round {round}, query {query:?}: {e}"))?;
        let notices = harness
            .wait_for_text("#query-notices", |text| {
                text.contains("Link parameter ignored")
            })
            .await
            .map_err(|e| format!("round {round}, query {query:?}: {e}"))?;
        assert!(!notices.is_empty());
        // The app still reacts: choose cloud, and the cloud step and the URL follow.
        harness
            .eval("window.__errors = []; const original = console.error; console.error = (...args) => { window.__errors.push(args.join(' ')); original(...args); }; return true;")
            .await?;
        click(&harness, "#target-cloud").await?;
        harness
            .wait_for("#platform-aws")
            .await
            .map_err(|e| format!("round {round}, query {query:?}: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let url = harness.settled_url().await?.to_string();
            if url.contains("target=cloud") {
                break;
            }
            if Instant::now() > deadline {
                return Err(
                    format!("round {round}, query {query:?}: URL never followed: {url}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let errors = harness.eval("return window.__errors;").await?;
        let panicked = errors
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e.as_str().unwrap_or_default().contains("panicked"));
        assert!(!panicked, "round {round}, query {query:?}: {errors}");
    }
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_nvidia_renames_of_v1_8_are_offered_with_their_catalog_names() -> TestResult {
    // From v1.8.0 the catalogs call these `…-lts`; the factory's build-time alias for
    // fabricmanager spells it `nvidia-fabric-manager-lts`, which no catalog lists.
    let harness = Harness::start().await?;
    harness
        .open("target=metal&version=1.7.7&extensions=siderolabs/nvidia-fabricmanager&extensions=siderolabs/nvidia-container-toolkit")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/nvidia-container-toolkit", false),
            ("siderolabs/nvidia-fabricmanager", false),
        ],
    )
    .await?;
    choose_version(&harness, "v1.13.9").await?;
    wait_for_selected(
        &harness,
        &[
            ("siderolabs/nvidia-container-toolkit", true),
            ("siderolabs/nvidia-fabricmanager", true),
        ],
    )
    .await?;
    let replace = replace_buttons(&harness).await?;
    assert_eq!(
        replace,
        json!([
            "Replace with siderolabs/nvidia-container-toolkit-lts",
            "Replace with siderolabs/nvidia-fabricmanager-lts"
        ])
    );
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn an_older_version_flags_the_board_and_the_bootloader_it_lacks() -> TestResult {
    let harness = Harness::start().await?;
    // Raspberry Pi 5 needs 1.12.3; the bootloader choice needs 1.12.0-alpha.2.
    harness
        .open("target=sbc&version=1.13.9&board=rpi_5&bootloader=sd-boot")
        .await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness.wait_for("#bootloader-sd-boot").await?;
    choose_version(&harness, "v1.11.6").await?;
    harness
        .wait_for_text("#main", |text| {
            text.contains("Raspberry Pi 5 is supported from Talos 1.12.3 on")
                && text.contains("this version predates the choice")
        })
        .await?;
    // Flagged, not silently changed: the board and the bootloader stay in the link.
    let url = harness.settled_url().await?.to_string();
    assert!(url.contains("board=rpi_5"), "{url}");
    assert!(url.contains("bootloader=sd-boot"), "{url}");
    harness.close().await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn back_and_forward_restore_earlier_choices() -> TestResult {
    let harness = Harness::start().await?;
    let first = WizardLink {
        target: "metal",
        version: "1.13.9",
        extensions: vec!["siderolabs/iscsi-tools"],
        ..WizardLink::default()
    };
    let first_id = expected_for_link(&first)?.id;
    harness.open(&first.query()).await?;
    harness
        .wait_for_text("#schematic-id", |text| text == first_id)
        .await?;
    // Edits more than a second apart are separate history entries.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    click(&harness, "#target-sbc").await?;
    let sbc = WizardLink {
        target: "sbc",
        board: Some("rpi_generic"),
        ..first.clone()
    };
    let sbc_id = expected_for_link(&sbc)?.id;
    harness
        .wait_for_text("#schematic-id", |text| text == sbc_id)
        .await?;
    harness
        .wait_for_url(|url| url.query_pairs().any(|(k, v)| k == "target" && v == "sbc"))
        .await?;
    harness.client.back().await?;
    harness
        .wait_for_text("#schematic-id", |text| text == first_id)
        .await?;
    let checked = harness
        .eval("return document.querySelector('#target-metal').checked;")
        .await?;
    assert_eq!(checked, json!(true));
    harness.client.forward().await?;
    harness
        .wait_for_text("#schematic-id", |text| text == sbc_id)
        .await?;
    harness.close().await
}

/// The labels of the "Replace with …" buttons in the selected-extension list.
async fn replace_buttons(
    harness: &Harness,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    harness
        .eval("return Array.from(document.querySelectorAll('#selected-extensions .replace-extension')).map(b => b.textContent);")
        .await
}
