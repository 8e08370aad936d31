//! The outputs (issue 5): for deep links covering metal, SecureBoot, cloud platforms, a board,
//! pre-1.10 installer naming and a pre-release, the links and references on the "Images &
//! links" tab equal the set computed natively by `talos_image_studio::outputs` and contain the
//! URLs spec §5.5 spells out; and the offline download script from the page, run with `sh`
//! against the stand-in, downloads the assets with a SHA256SUMS that `sha256sum -c` accepts.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use talos_image_studio::i18n::Messages;
use talos_image_studio::outputs::{self, ItemKind, OutputRequest, Outputs, Target};
use talos_image_studio::platforms::Arch;
use talos_image_studio::version::TalosVersion;

use crate::builder::{WizardLink, click, expected_for_link, factory_ui_schematic};
use crate::harness::{Harness, TestResult};

/// One rendered output: element (`a` or `code`), label, value.
type Rendered = (String, String, String);

/// The native outputs for a wizard link on the stand-in (a factory URL set alone makes the
/// registry host and PXE URL follow it).
fn native_outputs(
    harness: &Harness,
    link: &WizardLink,
) -> Result<Outputs, Box<dyn std::error::Error>> {
    let schematic = factory_ui_schematic(link);
    let expected = expected_for_link(link)?;
    let target = match link.target {
        "cloud" => Target::Cloud {
            platform: link.platform.unwrap_or("aws").to_string(),
        },
        "sbc" => Target::Sbc {
            board: link.board.unwrap_or("rpi_generic").to_string(),
        },
        _ => Target::Metal,
    };
    let arch = match (link.target, link.arch) {
        ("sbc", _) | (_, Some("arm64")) => Arch::Arm64,
        _ => Arch::Amd64,
    };
    let version: TalosVersion = link.version.parse().map_err(|e| format!("{e:?}"))?;
    let mut request = OutputRequest::new(
        target,
        arch,
        version,
        schematic.clone(),
        expected.yaml,
        expected.id,
    );
    let base = harness.standin.base_url();
    request.settings = outputs::Settings {
        factory_url: base.clone(),
        registry_host: base.trim_start_matches("http://").to_string(),
        pxe_url: base,
    };
    request.secureboot = link.secureboot;
    Ok(outputs::outputs(&request)?)
}

fn expected_rendered(outputs: &Outputs) -> Vec<Rendered> {
    outputs
        .page
        .iter()
        .flat_map(|section| section.items.iter())
        .filter_map(|item| {
            let element = match item.kind {
                ItemKind::Link => "a",
                ItemKind::Copy => "code",
                ItemKind::Code => return None,
            };
            // `data-output` holds the label in English, whatever the language shown.
            let label = Messages::english().render(&item.label);
            Some((element.to_string(), label, item.value.clone()))
        })
        .collect()
}

async fn rendered(harness: &Harness) -> Result<Vec<Rendered>, Box<dyn std::error::Error>> {
    let value = harness
        .eval(
            "return Array.from(document.querySelectorAll('#result [data-output], #tabpanel-links [data-output]')).map(el => [el.tagName.toLowerCase(), el.dataset.output, el.tagName === 'A' ? el.getAttribute('href') : el.textContent]);",
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

pub(crate) struct Case {
    pub(crate) link: WizardLink,
    /// Literal values from spec §5.5 (`{base}`, `{host}`, `{id}` filled in).
    literals: Vec<&'static str>,
    /// Values that must not appear (the other side of a version gate).
    absent: Vec<&'static str>,
}

pub(crate) fn cases() -> Vec<Case> {
    let metal = |version: &'static str, arch: &'static str| WizardLink {
        target: "metal",
        version,
        arch: Some(arch),
        extensions: vec!["siderolabs/iscsi-tools"],
        ..WizardLink::default()
    };
    let cloud = |version: &'static str, platform: &'static str, arch: &'static str| WizardLink {
        target: "cloud",
        version,
        platform: Some(platform),
        arch: Some(arch),
        ..WizardLink::default()
    };
    vec![
        Case {
            link: metal("1.13.9", "amd64"),
            literals: vec![
                "{base}/image/{id}/v1.13.9/metal-amd64.iso",
                "{base}/image/{id}/v1.13.9/metal-amd64.raw.zst",
                "{base}/image/{id}/v1.13.9/metal-amd64.qcow2",
                "{base}/pxe/{id}/v1.13.9/metal-amd64",
                "{host}/metal-installer/{id}:v1.13.9",
                "{base}/image/{id}/v1.13.9/kernel-amd64",
                "{base}/image/{id}/v1.13.9/cmdline-metal-amd64",
                "{base}/image/{id}/v1.13.9/initramfs-amd64.xz",
                "{base}/image/{id}/v1.13.9/metal-amd64-uki.efi",
                "{base}/talosctl/v1.13.9/talosctl-linux-amd64",
                "talosctl cluster create qemu --schematic-id={id} --talos-version=v1.13.9",
            ],
            absent: vec![],
        },
        Case {
            link: metal("1.13.9", "arm64"),
            literals: vec![
                "{base}/image/{id}/v1.13.9/metal-arm64.iso",
                "{base}/image/{id}/v1.13.9/metal-arm64.raw.zst",
                "{host}/metal-installer/{id}:v1.13.9",
            ],
            absent: vec![],
        },
        Case {
            link: WizardLink {
                secureboot: true,
                ..metal("1.13.9", "amd64")
            },
            literals: vec![
                "{base}/image/{id}/v1.13.9/metal-amd64-secureboot.iso",
                "{base}/image/{id}/v1.13.9/metal-amd64-secureboot.raw.zst",
                "{base}/pxe/{id}/v1.13.9/metal-amd64-secureboot",
                "{base}/image/{id}/v1.13.9/metal-amd64-secureboot-uki.efi",
                "{host}/metal-installer-secureboot/{id}:v1.13.9",
            ],
            absent: vec![
                "{base}/image/{id}/v1.13.9/metal-amd64.iso",
                "{base}/image/{id}/v1.13.9/kernel-amd64",
            ],
        },
        Case {
            link: WizardLink {
                extensions: vec!["siderolabs/qemu-guest-agent"],
                ..cloud("1.12.11", "nocloud", "amd64")
            },
            literals: vec![
                "{base}/image/{id}/v1.12.11/nocloud-amd64.raw.xz",
                "{base}/image/{id}/v1.12.11/nocloud-amd64.iso",
                "{base}/pxe/{id}/v1.12.11/nocloud-amd64",
                "{host}/nocloud-installer/{id}:v1.12.11",
            ],
            absent: vec![],
        },
        Case {
            link: cloud("1.13.9", "aws", "amd64"),
            literals: vec![
                "{base}/image/{id}/v1.13.9/aws-amd64.raw.xz",
                "{host}/aws-installer/{id}:v1.13.9",
            ],
            absent: vec!["{base}/image/{id}/v1.13.9/aws-amd64.iso"],
        },
        Case {
            link: cloud("1.11.6", "gcp", "arm64"),
            literals: vec![
                "{base}/image/{id}/v1.11.6/gcp-arm64.raw.tar.gz",
                "{host}/gcp-installer/{id}:v1.11.6",
            ],
            absent: vec![],
        },
        Case {
            link: cloud("1.10.9", "vmware", "amd64"),
            literals: vec![
                "{base}/image/{id}/v1.10.9/vmware-amd64.ova",
                "{base}/image/{id}/v1.10.9/vmware-amd64.iso",
                "{host}/vmware-installer/{id}:v1.10.9",
            ],
            absent: vec![],
        },
        Case {
            link: cloud("1.10.9", "equinixMetal", "arm64"),
            literals: vec![
                "{base}/pxe/{id}/v1.10.9/equinixMetal-arm64",
                "{host}/equinixMetal-installer/{id}:v1.10.9",
            ],
            absent: vec![],
        },
        Case {
            link: WizardLink {
                target: "sbc",
                version: "1.13.9",
                board: Some("rpi_generic"),
                ..WizardLink::default()
            },
            literals: vec![
                "{base}/image/{id}/v1.13.9/metal-arm64.raw.xz",
                "{host}/metal-installer/{id}:v1.13.9",
            ],
            absent: vec!["{base}/image/{id}/v1.13.9/metal-arm64.iso"],
        },
        Case {
            link: metal("1.9.5", "amd64"),
            literals: vec![
                "{base}/image/{id}/v1.9.5/metal-amd64.iso",
                "{host}/installer/{id}:v1.9.5",
            ],
            absent: vec![
                "{host}/metal-installer/{id}:v1.9.5",
                "{base}/talosctl/v1.9.5/talosctl-linux-amd64",
            ],
        },
        Case {
            link: WizardLink {
                secureboot: true,
                ..cloud("1.9.5", "nocloud", "amd64")
            },
            literals: vec![
                "{base}/image/{id}/v1.9.5/nocloud-amd64-secureboot.raw.xz",
                "{host}/installer-secureboot/{id}:v1.9.5",
            ],
            absent: vec![],
        },
        Case {
            link: metal("1.14.0-rc.1", "amd64"),
            literals: vec![
                "{base}/image/{id}/v1.14.0-rc.1/metal-amd64.iso",
                "{host}/metal-installer/{id}:v1.14.0-rc.1",
                "talosctl cluster create qemu --schematic-id={id} --talos-version=v1.14.0-rc.1",
            ],
            absent: vec![],
        },
    ]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn deep_links_render_exactly_the_factory_links_and_references() -> TestResult {
    let harness = Harness::start().await?;
    let base = harness.standin.base_url();
    let host = base.trim_start_matches("http://").to_string();
    let cases = cases();
    assert!(cases.len() >= 10);
    for case in &cases {
        let query = case.link.query();
        let native = native_outputs(&harness, &case.link)?;
        let expected = expected_rendered(&native);
        assert!(expected.len() >= 3, "{query}: {expected:?}");
        let id = expected_for_link(&case.link)?.id;
        harness.open(&query).await?;
        harness
            .wait_for_text("#schematic-id", |text| text == id)
            .await?;
        // Download links go live once the factory has the schematic.
        harness
            .wait_for("#creation-status:not([data-state=checking])")
            .await?;
        crate::builder::click(&harness, "#create-button").await?;
        harness
            .wait_for("#creation-status[data-state=confirmed]")
            .await?;
        // The talosctl list arrives after the page; wait until the sets agree.
        let deadline = Instant::now() + Duration::from_secs(10);
        let shown = loop {
            let shown = rendered(&harness).await?;
            if shown == expected || Instant::now() > deadline {
                break shown;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if shown != expected {
            harness.dump("outputs-mismatch").await;
            let missing: Vec<_> = expected.iter().filter(|e| !shown.contains(e)).collect();
            let extra: Vec<_> = shown.iter().filter(|e| !expected.contains(e)).collect();
            return Err(format!(
                "{query}: rendered outputs differ from the native ones\nmissing: {missing:#?}\nextra: {extra:#?}"
            )
            .into());
        }
        let values: Vec<&str> = shown.iter().map(|(_, _, value)| value.as_str()).collect();
        let fill = |template: &str| {
            template
                .replace("{base}", &base)
                .replace("{host}", &host)
                .replace("{id}", &id)
        };
        for literal in &case.literals {
            let literal = fill(literal);
            // The local cluster command is a code block, not a link: look in the whole panel.
            let in_panel = harness
                .eval(&format!(
                    "return document.querySelector('#tabpanel-links').textContent.includes({});",
                    json!(literal)
                ))
                .await?;
            assert!(
                values.contains(&literal.as_str()) || in_panel == json!(true),
                "{query}: {literal} not shown; shown: {values:#?}"
            );
        }
        for absent in &case.absent {
            let absent = fill(absent);
            assert!(
                !values.contains(&absent.as_str()),
                "{query}: {absent} must not be shown"
            );
        }
        assert_eq!(
            native.installer_image,
            values
                .iter()
                .find(|value| value.contains("installer"))
                .copied()
                .unwrap_or_default(),
            "{query}: installer reference"
        );
    }
    harness.close().await
}

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> std::io::Result<Scratch> {
        let path = std::env::temp_dir().join(format!("tis-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_offline_download_script_fetches_the_assets_and_its_checksums_verify() -> TestResult {
    let harness = Harness::start().await?;
    let link = WizardLink {
        target: "metal",
        version: "1.13.9",
        arch: Some("amd64"),
        extensions: vec!["siderolabs/iscsi-tools", "siderolabs/util-linux-tools"],
        cmdline: "console=ttyS0",
        ..WizardLink::default()
    };
    let expected = expected_for_link(&link)?;
    let id = expected.id.clone();
    harness.open(&link.query()).await?;
    harness
        .wait_for_text("#catalog-status", |text| text.contains("live"))
        .await?;
    harness
        .wait_for_text("#schematic-id", |text| text == id)
        .await?;
    click(&harness, "#create-button").await?;
    harness
        .wait_for("#creation-status[data-state=confirmed]")
        .await?;
    click(&harness, "#tab-script").await?;
    let script = harness
        .wait_for_text("#tabpanel-script pre.copy-block__text", |text| {
            text.starts_with("#!/bin/sh")
        })
        .await?;
    let script = harness
        .eval("return document.querySelector('#tabpanel-script pre.copy-block__text').textContent;")
        .await?
        .as_str()
        .map(str::to_string)
        .unwrap_or(script);
    let native = native_outputs(&harness, &link)?;
    assert_eq!(
        script, native.download_script,
        "the page's script is the native one"
    );
    assert!(!native.downloads.is_empty());

    let scratch = Scratch::new("download")?;
    let script_path = scratch.0.join("download.sh");
    std::fs::write(&script_path, &script)?;
    let syntax = Command::new("sh").arg("-n").arg(&script_path).output()?;
    assert!(
        syntax.status.success(),
        "sh -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let check = Command::new("shellcheck")
        .arg("-s")
        .arg("sh")
        .arg(&script_path)
        .output()
        .map_err(|e| format!("shellcheck (scripts/setup.sh installs it): {e}"))?;
    assert!(
        check.status.success(),
        "shellcheck: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let run = Command::new("sh")
        .arg(&script_path)
        .arg("assets")
        .current_dir(&scratch.0)
        .output()?;
    assert!(
        run.status.success(),
        "the script failed: {}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let assets = scratch.0.join("assets");
    for asset in &native.downloads {
        let path = assets.join(&asset.file_name);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "{} was not downloaded", asset.file_name);
        let body = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            body.contains(&id),
            "{} is the stand-in's asset for {id}: {body:?}",
            asset.file_name
        );
    }
    assert_eq!(
        std::fs::read_to_string(assets.join("schematic-id.txt"))?,
        format!("{id}\n")
    );
    assert_eq!(
        std::fs::read_to_string(assets.join("schematic.yaml"))?,
        expected.yaml
    );
    let verify = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&assets)
        .output()?;
    assert!(
        verify.status.success(),
        "sha256sum -c: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let sums = std::fs::read_to_string(assets.join("SHA256SUMS"))?;
    for asset in &native.downloads {
        assert!(
            sums.contains(&asset.file_name),
            "SHA256SUMS lists {}",
            asset.file_name
        );
    }
    // Every download went to the stand-in's image route for this schematic.
    let fetched: Vec<String> = harness
        .standin
        .request_log()
        .iter()
        .filter(|request| request.path.starts_with(&format!("/image/{id}/")))
        .map(|request| request.path.clone())
        .collect();
    assert_eq!(fetched.len(), native.downloads.len(), "{fetched:?}");
    harness.close().await
}

/// The titled copy blocks of the open tab: (title, text).
async fn copy_blocks(
    harness: &Harness,
    tab: &str,
) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let value = harness
        .eval(&format!(
            "return Array.from(document.querySelectorAll('#tabpanel-{tab} .copy-block')).map(b => [b.querySelector('.copy-block__title').textContent, b.querySelector('.copy-block__text').textContent]);"
        ))
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// `sh -n` and `shellcheck -s sh` on one snippet.
fn check_shell(scratch: &Scratch, name: &str, text: &str) -> TestResult {
    let path = scratch.0.join(format!("{name}.sh"));
    std::fs::write(&path, text)?;
    let syntax = Command::new("sh").arg("-n").arg(&path).output()?;
    assert!(
        syntax.status.success(),
        "sh -n {name}: {}\n{text}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let check = Command::new("shellcheck")
        .args(["-s", "sh"])
        .arg(&path)
        .output()
        .map_err(|e| format!("shellcheck (scripts/setup.sh installs it): {e}"))?;
    assert!(
        check.status.success(),
        "shellcheck {name}: {}\n{text}",
        String::from_utf8_lossy(&check.stdout)
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn the_rendered_commands_and_proxmox_script_pass_sh_n_and_shellcheck() -> TestResult {
    let harness = Harness::start().await?;
    let scratch = Scratch::new("shell")?;
    let link = WizardLink {
        target: "cloud",
        version: "1.13.9",
        platform: Some("nocloud"),
        arch: Some("amd64"),
        extensions: vec!["siderolabs/qemu-guest-agent"],
        cmdline: "console=ttyS0 it's=\"quoted\" $HOME",
        ..WizardLink::default()
    };
    let id = expected_for_link(&link)?.id;
    harness.open(&link.query()).await?;
    harness
        .wait_for_text("#schematic-id", |text| text == id)
        .await?;
    click(&harness, "#tab-commands").await?;
    harness.wait_for("#tabpanel-commands .copy-block").await?;
    let blocks = copy_blocks(&harness, "commands").await?;
    let native = native_outputs(&harness, &link)?;
    let mut checked = 0;
    for (index, (title, text)) in blocks.iter().enumerate() {
        if title.contains("patch") {
            assert!(text.contains(&native.installer_image), "{title}: {text}");
            continue;
        }
        check_shell(&scratch, &format!("commands-{index}"), text)?;
        checked += 1;
    }
    assert!(checked >= 4, "{blocks:#?}");
    let register = blocks
        .iter()
        .find(|(title, _)| title.contains("Register"))
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    assert_eq!(register, native.commands.register_schematic);

    click(&harness, "#tab-proxmox").await?;
    harness.wait_for("#tabpanel-proxmox .copy-block").await?;
    let proxmox = copy_blocks(&harness, "proxmox").await?;
    assert_eq!(proxmox.len(), 1, "{proxmox:#?}");
    check_shell(&scratch, "proxmox", &proxmox[0].1)?;
    let native_script = native.proxmox.map(|p| p.script).unwrap_or_default();
    assert_eq!(proxmox[0].1, native_script);
    assert!(proxmox[0].1.contains("qm template"), "{}", proxmox[0].1);

    click(&harness, "#tab-profiles").await?;
    harness.wait_for("#tabpanel-profiles .copy-block").await?;
    let profiles = copy_blocks(&harness, "profiles").await?;
    assert_eq!(profiles.len(), 3, "{profiles:#?}");
    let block = |prefix: &str| {
        profiles
            .iter()
            .find(|(title, _)| title.starts_with(prefix))
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    };
    // The profile names the page's ID; talhelper and terraform carry the schematic itself
    // (they register it and compute the ID on their own).
    let profile = block("Cluster profile");
    assert!(
        profile.contains(&format!("schematic_id: \"{id}\"")) || profile.contains(&id),
        "{profile}"
    );
    let talhelper = block("talhelper");
    assert!(
        talhelper.contains("schematic:") && talhelper.contains("siderolabs/qemu-guest-agent"),
        "{talhelper}"
    );
    let terraform = block("Terraform");
    assert!(
        terraform.contains("talos_image_factory_schematic")
            && terraform.contains("siderolabs/qemu-guest-agent"),
        "{terraform}"
    );
    harness.close().await
}

/// The outputs' section titles, intros, labels and notes come from the message files: with
/// `lang=pl` the Images & links tab reads `locales/pl.json` (its `data-output` names stay
/// English), and it fits a 375 px screen without sideways scrolling (screenshot in
/// tests/e2e-artifacts/).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs dist/ and chromedriver; run by scripts/test.sh"]
async fn outputs_follow_the_language_and_fit_a_phone() -> TestResult {
    let harness = Harness::start().await?;
    crate::ship::emulate_viewport(&harness, 375, 812).await?;
    let path = crate::harness::repo_root().join("locales/pl.json");
    let polish: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let message = |key: &str| -> Result<String, Box<dyn std::error::Error>> {
        polish[key]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("locales/pl.json: no text message {key}").into())
    };
    // SecureBoot with a kernel argument before 1.14: the installer section has both notes.
    let link = WizardLink {
        target: "metal",
        version: "1.13.9",
        arch: Some("amd64"),
        secureboot: true,
        cmdline: "console=ttyS0",
        ..WizardLink::default()
    };
    harness.open(&format!("lang=pl&{}", link.query())).await?;
    let mut problems = Vec::new();
    for (css, key) in [
        ("#section-installer h3", "out_installer_title"),
        ("#section-installer > p", "out_installer_intro_initial"),
        (
            "#section-installer .output-item__label",
            "out_installer_image",
        ),
        ("#section-booter h3", "out_booter_title"),
        ("#section-documentation h3", "out_documentation_title"),
        ("#section-extraassets h3", "out_extra_assets_title"),
    ] {
        let expected = message(key)?;
        let shown = harness
            .wait_for_text(css, |text| text.trim() == expected.trim())
            .await;
        if let Err(error) = shown {
            problems.push(format!("{css}: {error}"));
        }
    }
    let notes = harness
        .eval(
            "return Array.from(document.querySelectorAll('#section-installer p.output-item__note')).map(p => p.textContent);",
        )
        .await?;
    let expected_notes = json!([
        message("out_note_cmdline_signed")?,
        message("out_note_lockdown_forced")?
    ]);
    if notes != expected_notes {
        problems.push(format!(
            "installer notes {notes}, expected {expected_notes}"
        ));
    }
    let output = harness
        .eval(
            "return document.querySelector('#section-installer code[data-output]').dataset.output;",
        )
        .await?;
    if output != json!("Installer image") {
        problems.push(format!("data-output {output}, expected the English label"));
    }
    harness
        .eval("document.querySelector('#tabpanel-links').scrollIntoView({ block: 'start' }); return 0;")
        .await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let width = harness
        .eval(
            r"const root = document.documentElement;
            const wide = Array.from(document.querySelectorAll('body *'))
              .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
              .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className);
            return { scroll: root.scrollWidth, width: root.clientWidth, wide };",
        )
        .await?;
    if width["scroll"].as_u64().unwrap_or(u64::MAX) > width["width"].as_u64().unwrap_or(0) {
        problems.push(format!("wider than 375 px: {width}"));
    }
    harness.screenshot("outputs-pl-375").await?;
    if !problems.is_empty() {
        harness.dump("outputs-pl").await;
        return Err(problems.join("\n").into());
    }
    harness.close().await
}
