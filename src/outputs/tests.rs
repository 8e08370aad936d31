//! The final page rule by rule (every cloud platform, boards, metal with and without
//! SecureBoot, versions on both sides of every gate), the extra outputs, and the generated
//! shell and YAML checked by the tools that will read them.

pub(crate) mod generated;

use super::*;
use crate::platforms::{BOARDS, BootMethod, CLOUD_PLATFORMS};

/// A text in English (the page's source language).
fn en(text: &Text) -> String {
    Messages::english().render(text)
}

/// The warnings in English.
fn english(texts: &[Text]) -> Vec<String> {
    Messages::english().render_all(texts)
}

const ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

fn request(target: Target, arch: Arch, version: &str) -> OutputRequest {
    OutputRequest::new(
        target,
        arch,
        v(version),
        Schematic::default(),
        "customization: {}\n".to_string(),
        ID.to_string(),
    )
}

fn metal(version: &str) -> OutputRequest {
    request(Target::Metal, Arch::Amd64, version)
}

fn cloud(platform: &str, version: &str) -> OutputRequest {
    request(
        Target::Cloud {
            platform: platform.to_string(),
        },
        Arch::Amd64,
        version,
    )
}

fn sbc(board: &str, version: &str) -> OutputRequest {
    request(
        Target::Sbc {
            board: board.to_string(),
        },
        Arch::Arm64,
        version,
    )
}

fn secureboot(mut request: OutputRequest) -> OutputRequest {
    request.secureboot = true;
    request
}

fn derive(request: &OutputRequest) -> Outputs {
    match outputs(request) {
        Ok(outputs) => outputs,
        Err(error) => panic!("{error}"),
    }
}

/// The page as text: `## Title`, intro, `[link](url)`, `- label (kind): value [doc](url)`,
/// `note: …`.
fn render(sections: &[Section]) -> String {
    let mut out = String::new();
    for section in sections {
        out.push_str(&format!("## {}\n", en(&section.title)));
        if let Some(intro) = &section.intro {
            out.push_str(&format!("{}\n", en(intro)));
        }
        for link in &section.links {
            out.push_str(&format!("[{}]({})\n", en(&link.label), link.url));
        }
        for item in &section.items {
            let kind = match item.kind {
                ItemKind::Link => "link",
                ItemKind::Copy => "copy",
                ItemKind::Code => "code",
            };
            out.push_str(&format!(
                "- {} ({kind}): {}",
                en(&item.label),
                item.value.trim_end()
            ));
            if let Some(doc) = &item.doc {
                out.push_str(&format!(" [{}]({})", en(&doc.label), doc.url));
            }
            out.push('\n');
        }
        for note in &section.notes {
            out.push_str(&format!("note: {}\n", en(note)));
        }
    }
    out
}

/// `expected` with the spec's notation expanded: `$IMG`, `$PXE`, `$DOC`, `$ID`, `$V`.
fn expand(expected: &str, version: &TalosVersion) -> String {
    expected
        .replace(
            "$IMG",
            &format!("https://factory.talos.dev/image/{ID}/{version}"),
        )
        .replace(
            "$PXE",
            &format!("https://pxe.factory.talos.dev/pxe/{ID}/{version}"),
        )
        .replace("$DOC", &docs_root(version))
        .replace("$ID", ID)
        .replace("$V", &version.to_string())
}

fn check(request: &OutputRequest, expected: &str) {
    let actual = render(&derive(request).page);
    assert_eq!(actual, expand(expected, &request.version));
}

fn section_ids(request: &OutputRequest) -> Vec<SectionId> {
    derive(request)
        .page
        .iter()
        .map(|section| section.id)
        .collect()
}

fn section(outputs: &Outputs, id: SectionId) -> Option<&Section> {
    outputs.page.iter().find(|section| section.id == id)
}

fn labels(outputs: &Outputs, id: SectionId) -> Vec<String> {
    section(outputs, id)
        .map(|section| section.items.iter().map(|item| en(&item.label)).collect())
        .unwrap_or_default()
}

/// The page shows each thing once and labels it well: no schematic ID or YAML (the result
/// header has them), exactly one installer reference, every item value once, no label equal to
/// its section title or a bare generic word, no one-word intro links, docs under the root.
fn check_each_thing_once(request: &OutputRequest, outputs: &Outputs) {
    let context = format!(
        "{:?} {} secureboot={}",
        request.target, request.version, request.secureboot
    );
    let page = &outputs.page;
    let docs = docs_root(&request.version);
    let mut values = std::collections::HashSet::new();
    let mut installers = 0;
    for section in page {
        assert_ne!(en(&section.title), "Schematic Ready", "{context}");
        for item in &section.items {
            assert_ne!(
                item.value, ID,
                "{context}: the bare schematic ID is not repeated"
            );
            assert!(
                !item.value.starts_with("customization:"),
                "{context}: the schematic YAML is not repeated"
            );
            assert!(
                values.insert(item.value.as_str()),
                "{context}: {} shown twice",
                item.value
            );
            installers += usize::from(item.value == outputs.installer_image);
            assert_ne!(item.label, section.title, "{context}");
            let label = en(&item.label);
            assert!(
                !["Command", "Schematic", "Installer Image"].contains(&label.as_str()),
                "{context}: generic label {label}"
            );
            let urls = std::iter::once(item.value.as_str())
                .chain(item.doc.iter().map(|doc| doc.url.as_str()));
            for url in urls.filter(|url| url.contains("docs.siderolabs.com")) {
                assert!(url.starts_with(&docs), "{context}: {url}");
            }
        }
        for link in &section.links {
            let label = en(&link.label);
            assert!(label.contains(' '), "{context}: one-word link {label:?}");
            if link.url.contains("docs.siderolabs.com") {
                assert!(link.url.starts_with(&docs), "{context}: {}", link.url);
            }
        }
    }
    assert_eq!(installers, 1, "{context}: one installer reference");
    assert_eq!(
        page.iter()
            .filter(|section| section.id == SectionId::Installer)
            .count(),
        1,
        "{context}"
    );
}

const BOOTER: &str = "## PXE Boot with booter
To easily PXE boot bare-metal machines using booter with this schematic, run the following command on a host in the same subnet:
[booter on GitHub](https://github.com/siderolabs/booter)
- booter command (code): docker run --rm --network host ghcr.io/siderolabs/booter:v0.3.0 --talos-version=$V --schematic-id=$ID
";

const INSTALL_INTRO: &str = "For the initial installation (not needed when booting a disk image), set this installer image in the machine configuration (machine.install.image); upgrade with the same image:";
const UPGRADE_INTRO: &str = "To upgrade Talos Linux on the machine, use this installer image:";

/// The installer section: `intro` and the installer reference `image` (`$ID`, `$V` expanded).
fn installer(intro: &str, image: &str) -> String {
    format!(
        "## Installation and upgrades
{intro}
[Upgrading Talos Linux guide]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer image (copy): factory.talos.dev/{image}/$ID:$V
"
    )
}

const LOCAL_CLUSTER: &str = "## Local Test Cluster
To create a local Talos Linux test cluster from this schematic on macOS (Apple Silicon) or Linux, run:
- talosctl cluster create command (code): talosctl cluster create qemu --schematic-id=$ID --talos-version=$V
";

#[test]
fn metal_page_on_1_10() {
    let expected = "## First Boot
Here are the options for the initial boot of Talos Linux on a bare-metal machine or a generic virtual machine:
- ISO (link): $IMG/metal-amd64.iso [ISO documentation]($DOC/platform-specific-installations/bare-metal-platforms/iso/)
- Disk Image (raw) (link): $IMG/metal-amd64.raw.zst
- Disk Image (qcow2) (link): $IMG/metal-amd64.qcow2
- PXE boot (iPXE script) (copy): $PXE/metal-amd64 [PXE documentation]($DOC/platform-specific-installations/bare-metal-platforms/pxe/)
"
        .to_string()
        + &installer(INSTALL_INTRO, "metal-installer")
        + BOOTER
        + "## Documentation
- What's New in Talos v1.10 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.10 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Bare-metal Network Configuration (link): $DOC/platform-specific-installations/bare-metal-platforms/network-config/
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
## Extra Assets
- Kernel Image (link): $IMG/kernel-amd64
- Kernel Command Line (link): $IMG/cmdline-metal-amd64
- Initramfs Image (link): $IMG/initramfs-amd64.xz
- UKI (link): $IMG/metal-amd64-uki.efi
";
    check(&metal("1.10.2"), &expected);
}

#[test]
fn metal_secureboot_page_on_1_13() {
    let expected = "## First Boot
Here are the options for the initial boot of Talos Linux on a bare-metal machine or a generic virtual machine:
- SecureBoot ISO (link): $IMG/metal-amd64-secureboot.iso [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot Disk Image (link): $IMG/metal-amd64-secureboot.raw.zst [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot PXE (iPXE script) (copy): $PXE/metal-amd64-secureboot [PXE documentation]($DOC/platform-specific-installations/bare-metal-platforms/pxe/)
"
        .to_string()
        + &installer(INSTALL_INTRO, "metal-installer-secureboot")
        + LOCAL_CLUSTER
        + BOOTER
        + "## Documentation
- What's New in Talos v1.13 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.13 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Bare-metal Network Configuration (link): $DOC/platform-specific-installations/bare-metal-platforms/network-config/
- SecureBoot Guide (link): $DOC/platform-specific-installations/bare-metal-platforms/secureboot/
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
## Extra Assets
- SecureBoot UKI (link): $IMG/metal-amd64-secureboot-uki.efi
";
    check(&secureboot(metal("1.13.0")), &expected);
}

#[test]
fn metal_page_on_1_11_ends_with_talosctl_and_no_vendor_notices() {
    let mut request = request(Target::Metal, Arch::Arm64, "1.11.0");
    request.talosctl_files = Some(vec![
        "https://factory.talos.dev/talosctl/v1.11.0/talosctl-linux-arm64".to_string(),
        "talosctl-darwin-arm64".to_string(),
    ]);
    let outputs = derive(&request);
    // Extra Assets is the last section: the factory's SBOM notice (from 1.11.0) is not shown.
    let extra = render(&outputs.page[outputs.page.len() - 1..]);
    let expected = "## Extra Assets
- Kernel Image (link): $IMG/kernel-arm64
- Kernel Command Line (link): $IMG/cmdline-metal-arm64
- Initramfs Image (link): $IMG/initramfs-arm64.xz
- UKI (link): $IMG/metal-arm64-uki.efi
- Talosctl CLI (link): https://factory.talos.dev/talosctl/$V/talosctl-darwin-arm64
- Talosctl CLI (link): https://factory.talos.dev/talosctl/$V/talosctl-linux-arm64
";
    assert_eq!(extra, expand(expected, &request.version));
}

#[test]
fn nocloud_secureboot_page_on_1_12() {
    let expected = "## First Boot
Here are the options for the initial boot of Talos Linux on Nocloud:
- SecureBoot Disk Image (link): $IMG/nocloud-amd64-secureboot.raw.xz
- SecureBoot ISO (link): $IMG/nocloud-amd64-secureboot.iso [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot PXE (iPXE script) (copy): $PXE/nocloud-amd64-secureboot
"
        .to_string()
        + &installer(INSTALL_INTRO, "nocloud-installer-secureboot")
        + LOCAL_CLUSTER
        + BOOTER
        + "## Documentation
- What's New in Talos v1.12 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.12 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Nocloud Guide (link): $DOC/platform-specific-installations/cloud-platforms/nocloud
- SecureBoot Guide (link): $DOC/platform-specific-installations/bare-metal-platforms/secureboot/
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
";
    check(&secureboot(cloud("nocloud", "1.12.0")), &expected);
}

#[test]
fn aws_page_on_1_9_has_no_initial_installation() {
    let expected = "## First Boot
Here are the options for the initial boot of Talos Linux on Amazon Web Services (AWS):
- Disk Image (link): $IMG/aws-amd64.raw.xz
"
    .to_string()
        + &installer(UPGRADE_INTRO, "installer")
        + BOOTER
        + "## Documentation
- What's New in Talos v1.9 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.9 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Amazon Web Services (AWS) Guide (link): $DOC/platform-specific-installations/cloud-platforms/aws
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
";
    check(&secureboot(cloud("aws", "1.9.6")), &expected);
}

#[test]
fn board_page_on_1_9() {
    let expected = "## First Boot
Use the following disk image for Raspberry Pi Series:
- Disk Image (link): $IMG/metal-arm64.raw.xz
"
        .to_string()
        + &installer(UPGRADE_INTRO, "installer")
        + BOOTER
        + "## Documentation
- What's New in Talos v1.9 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.9 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Raspberry Pi Series Guide (link): $DOC/platform-specific-installations/single-board-computers/rpi_generic
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
";
    check(&sbc("rpi_generic", "1.9.0"), &expected);
}

#[test]
fn boards_use_metal_arm64_and_their_guide() {
    for (board, version, installer, guide) in [
        (
            "rpi_5",
            "1.12.3",
            "metal-installer",
            "Raspberry Pi 5 Guide (link): $DOC",
        ),
        (
            "orangepi-5",
            "1.10.0",
            "metal-installer",
            "Orange Pi 5 Guide (link): $DOC/platform-specific-installations/single-board-computers/orangepi_5",
        ),
        (
            "rock5a",
            "1.10.0-beta.0",
            "metal-installer",
            "Radxa ROCK 5A Guide (link): $DOC/platform-specific-installations/single-board-computers/rock5b",
        ),
        (
            "jetson_nano",
            "1.7.0",
            "installer",
            "Jetson Nano Guide (link): $DOC/platform-specific-installations/single-board-computers/jetson_nano",
        ),
    ] {
        // The request's arch is ignored: boards are arm64.
        let request = request(
            Target::Sbc {
                board: board.to_string(),
            },
            Arch::Amd64,
            version,
        );
        let outputs = derive(&request);
        let page = render(&outputs.page);
        let expand = |text: &str| expand(text, &request.version);
        assert!(
            page.contains(&expand("- Disk Image (link): $IMG/metal-arm64.raw.xz\n")),
            "{board}"
        );
        assert!(page.contains(&expand(guide)), "{board}: {page}");
        assert_eq!(
            outputs.installer_image,
            expand(&format!("factory.talos.dev/{installer}/$ID:$V")),
            "{board}"
        );
        // No initial installation (a board boots its disk image) and no Extra Assets.
        assert_eq!(
            section(&outputs, SectionId::Installer)
                .and_then(|section| section.intro.as_ref())
                .map(en)
                .as_deref(),
            Some(UPGRADE_INTRO),
            "{board}"
        );
        assert!(
            section(&outputs, SectionId::ExtraAssets).is_none(),
            "{board}"
        );
        assert!(
            outputs.warnings.is_empty(),
            "{board}: {:?}",
            outputs.warnings
        );
    }
}

#[test]
fn secureboot_is_ignored_for_boards() {
    let outputs = derive(&secureboot(sbc("rpi_generic", "1.12.0")));
    assert!(!outputs.secureboot);
    assert_eq!(
        outputs.installer_image,
        format!("factory.talos.dev/metal-installer/{ID}:v1.12.0")
    );
    assert_eq!(
        english(&outputs.warnings),
        [
            "SecureBoot is not offered for Raspberry Pi Series on Talos v1.12.0; showing the plain images"
        ]
    );
}

/// The first boot labels the factory UI shows for a platform's boot methods.
fn expected_first_boot(platform: &CloudPlatform, secureboot: bool) -> Vec<String> {
    platform
        .boot_methods
        .iter()
        .map(|method| {
            match (method, secureboot) {
                (BootMethod::DiskImage, false) => "Disk Image",
                (BootMethod::DiskImage, true) => "SecureBoot Disk Image",
                (BootMethod::Iso, false) => "ISO",
                (BootMethod::Iso, true) => "SecureBoot ISO",
                (BootMethod::Pxe, false) => "PXE boot (iPXE script)",
                (BootMethod::Pxe, true) => "SecureBoot PXE (iPXE script)",
            }
            .to_string()
        })
        .collect()
}

#[test]
fn every_cloud_platform_follows_the_final_page_rules() {
    let versions = [
        "1.5.0",
        "1.9.6",
        "1.10.0-alpha.0",
        "1.10.0",
        "1.12.0-alpha.2",
        "1.14.0",
    ];
    for platform in CLOUD_PLATFORMS {
        for version in versions {
            for asked in [false, true] {
                let mut request = cloud(platform.name, version);
                request.secureboot = asked;
                let outputs = derive(&request);
                let context = format!("{} {version} secureboot={asked}", platform.name);
                let secureboot = asked && platform.secureboot;
                assert_eq!(outputs.secureboot, secureboot, "{context}");

                // First Boot: the platform's boot methods in order, plain or SecureBoot.
                assert_eq!(
                    labels(&outputs, SectionId::FirstBoot),
                    expected_first_boot(platform, secureboot),
                    "{context}"
                );
                let first_boot = section(&outputs, SectionId::FirstBoot)
                    .and_then(|section| section.intro.clone());
                assert_eq!(
                    first_boot,
                    Some(Text::out_first_boot_platform(platform.label))
                );
                assert_eq!(
                    first_boot.as_ref().map(en),
                    Some(format!(
                        "Here are the options for the initial boot of Talos Linux on {}:",
                        platform.label
                    ))
                );
                let sb = if secureboot { "-secureboot" } else { "" };
                for item in &section(&outputs, SectionId::FirstBoot)
                    .expect("first boot")
                    .items
                {
                    let expected = match en(&item.label).as_str() {
                        "Disk Image" | "SecureBoot Disk Image" => format!(
                            "https://factory.talos.dev/image/{ID}/v{version}/{}-amd64{sb}.{}",
                            platform.name,
                            platform.disk_suffix.unwrap_or("")
                        ),
                        "ISO" | "SecureBoot ISO" => format!(
                            "https://factory.talos.dev/image/{ID}/v{version}/{}-amd64{sb}.iso",
                            platform.name
                        ),
                        _ => format!(
                            "https://pxe.factory.talos.dev/pxe/{ID}/v{version}/{}-amd64{sb}",
                            platform.name
                        ),
                    };
                    assert_eq!(item.value, expected, "{context}");
                    // Cloud platforms get documentation links only for the SecureBoot ISO.
                    assert_eq!(
                        item.doc.is_some(),
                        item.label == Text::out_secureboot_iso(),
                        "{context}: {:?}",
                        item.label
                    );
                }

                // Installer: platform name from 1.10.0 (quirk), plain `installer` below.
                let image = if v(version).quirk_at_least(&v("1.10.0")) {
                    format!("{}-installer{sb}", platform.name)
                } else {
                    format!("installer{sb}")
                };
                assert_eq!(
                    outputs.installer_image,
                    format!("factory.talos.dev/{image}/{ID}:v{version}"),
                    "{context}"
                );

                // One installer section; it speaks of the initial installation only when the
                // platform does not boot only from a disk image. No Extra Assets.
                let ids = section_ids(&request);
                let installer = section(&outputs, SectionId::Installer).expect("installer");
                let intro = if platform.not_only_disk_image() {
                    INSTALL_INTRO
                } else {
                    UPGRADE_INTRO
                };
                assert_eq!(
                    installer.intro.as_ref().map(en).as_deref(),
                    Some(intro),
                    "{context}"
                );
                assert_eq!(
                    labels(&outputs, SectionId::Installer),
                    ["Installer image"],
                    "{context}"
                );
                assert_eq!(installer.items[0].value, outputs.installer_image);
                assert!(ids.contains(&SectionId::Booter), "{context}");
                assert!(!ids.contains(&SectionId::ExtraAssets), "{context}");
                check_each_thing_once(&request, &outputs);

                // Documentation: the platform guide, the SecureBoot guide when in effect.
                let docs = labels(&outputs, SectionId::Documentation);
                let guide_url = format!(
                    "https://docs.siderolabs.com/talos/v{}{}",
                    v(version).short(),
                    platform.documentation.unwrap_or("")
                );
                let guide = section(&outputs, SectionId::Documentation)
                    .and_then(|section| {
                        section
                            .items
                            .iter()
                            .find(|item| item.label == Text::out_target_guide(platform.label))
                    })
                    .map(|item| item.value.clone());
                assert_eq!(guide, Some(guide_url), "{context}");
                assert_eq!(
                    docs.contains(&"SecureBoot Guide".to_string()),
                    secureboot,
                    "{context}"
                );
            }
        }
    }
}

#[test]
fn platforms_without_disk_images_have_no_disk_formats() {
    for name in ["equinixMetal", "vultr"] {
        let outputs = derive(&cloud(name, "1.10.0"));
        assert!(
            outputs.disk_formats.is_empty() && outputs.disk_image.is_none(),
            "{name}"
        );
    }
    let vultr = derive(&cloud("vultr", "1.10.0"));
    let files: Vec<&str> = vultr
        .downloads
        .iter()
        .map(|asset| asset.file_name.as_str())
        .collect();
    assert_eq!(files, ["vultr-amd64.iso"]);
    assert!(
        derive(&cloud("equinixMetal", "1.10.0"))
            .downloads
            .is_empty()
    );
}

#[test]
fn equinix_metal_installer_keeps_its_upper_case_name() {
    assert_eq!(
        derive(&cloud("equinixMetal", "1.10.0")).installer_image,
        format!("factory.talos.dev/equinixMetal-installer/{ID}:v1.10.0")
    );
}

#[test]
fn secureboot_gate_is_strict_1_5_0() {
    for (version, expected) in [
        ("1.4.8", false),
        ("1.5.0-alpha.3", false),
        ("1.5.0", true),
        ("1.9.0", true),
    ] {
        let outputs = derive(&secureboot(metal(version)));
        assert_eq!(outputs.secureboot, expected, "{version}");
        assert_eq!(
            outputs.installer_image.contains("-secureboot/"),
            expected,
            "{version}"
        );
        assert_eq!(
            labels(&outputs, SectionId::FirstBoot)
                .iter()
                .any(|label| label.starts_with("SecureBoot")),
            expected
        );
        assert_eq!(
            outputs.warnings.is_empty(),
            expected,
            "{version}: {:?}",
            outputs.warnings
        );
    }
    assert!(derive(&secureboot(cloud("azure", "1.5.0"))).secureboot);
    assert!(derive(&secureboot(cloud("cloudstack", "1.8.0"))).secureboot);
    assert!(!derive(&secureboot(cloud("gcp", "1.8.0"))).secureboot);
}

#[test]
fn production_guide_from_1_5_0_troubleshooting_from_1_6_0() {
    for (version, production, troubleshooting) in [
        ("1.4.8", false, false),
        ("1.5.0-beta.0", false, false),
        ("1.5.0", true, false),
        ("1.5.5", true, false),
        ("1.6.0-alpha.1", true, false),
        ("1.6.0", true, true),
    ] {
        let docs = labels(&derive(&metal(version)), SectionId::Documentation);
        assert_eq!(
            docs.contains(&"Production Cluster Guide".to_string()),
            production,
            "{version}"
        );
        assert_eq!(
            docs.contains(&"Troubleshooting Guide".to_string()),
            troubleshooting,
            "{version}"
        );
    }
}

#[test]
fn unified_installer_gate_is_a_quirk_at_1_10_0() {
    for (version, image) in [
        ("1.9.6", "installer"),
        ("1.10.0-alpha.0", "metal-installer"),
        ("1.10.0-beta.1", "metal-installer"),
        ("1.10.0", "metal-installer"),
    ] {
        let outputs = derive(&metal(version));
        assert_eq!(
            outputs.installer_image,
            format!("factory.talos.dev/{image}/{ID}:v{version}"),
            "{version}"
        );
        assert_eq!(
            outputs.commands.upgrade,
            format!(
                "talosctl upgrade --nodes \"$NODE_IP\" --image factory.talos.dev/{image}/{ID}:v{version}"
            )
        );
    }
    let old = derive(&secureboot(cloud("nocloud", "1.9.0")));
    assert_eq!(
        old.installer_image,
        format!("factory.talos.dev/installer-secureboot/{ID}:v1.9.0")
    );
}

#[test]
fn talosctl_gate_is_a_quirk_at_1_11_0_alpha_3() {
    for (version, expected) in [
        ("1.10.9", false),
        ("1.11.0-alpha.0", true),
        ("1.11.0-alpha.3", true),
        ("1.11.0", true),
    ] {
        let extra = labels(&derive(&metal(version)), SectionId::ExtraAssets);
        let talosctl = extra
            .iter()
            .filter(|label| *label == "Talosctl CLI")
            .count();
        assert_eq!(
            talosctl,
            if expected {
                DEFAULT_TALOSCTL_FILES.len()
            } else {
                0
            },
            "{version}"
        );
    }
    // SecureBoot shows only the SecureBoot UKI.
    assert_eq!(
        labels(
            &derive(&secureboot(metal("1.11.0"))),
            SectionId::ExtraAssets
        ),
        ["SecureBoot UKI"]
    );
}

#[test]
fn local_cluster_from_1_12_0_alpha_2_and_no_vendor_notices() {
    for (version, local) in [
        ("1.10.9", false),
        ("1.11.0", false),
        ("1.12.0-alpha.1", false),
        ("1.12.0-alpha.2", true),
        ("1.13.0-beta.1", true),
        ("1.13.0", true),
        ("1.14.0", true),
    ] {
        let outputs = derive(&cloud("aws", version));
        assert_eq!(
            section(&outputs, SectionId::LocalTestCluster).is_some(),
            local,
            "{version}"
        );
        assert_eq!(outputs.commands.local_cluster.is_some(), local, "{version}");
        // The factory's Enterprise notices (SBOM from 1.11.0, VEX and scans from 1.13.0) are
        // not shown at any version.
        let page = render(&outputs.page);
        for vendor in ["Enterprise", "SBOM", "VEX", "Vulnerability", "Learn more"] {
            assert!(!page.contains(vendor), "{version}: {vendor} in {page}");
        }
    }
}

#[test]
fn section_order_is_the_factory_order() {
    assert_eq!(
        section_ids(&metal("1.13.0")),
        [
            SectionId::FirstBoot,
            SectionId::Installer,
            SectionId::LocalTestCluster,
            SectionId::Booter,
            SectionId::Documentation,
            SectionId::ExtraAssets,
        ]
    );
    assert_eq!(
        section_ids(&sbc("rpi_generic", "1.11.0")),
        [
            SectionId::FirstBoot,
            SectionId::Installer,
            SectionId::Booter,
            SectionId::Documentation,
        ]
    );
}

#[test]
fn kernel_argument_notes() {
    let with_args = |mut request: OutputRequest| {
        request.schematic.customization.extra_kernel_args = vec!["console=ttyS0".to_string()];
        request
    };
    let ignored = "Kernel command line customization is only accepted for the initial boot images (ISO, PXE, disk image) and is ignored for installer images on Talos below v1.10.0. For upgrade/install command line customization, use the machine.install.extraKernelArgs machine configuration field.";
    let signed = "With SecureBoot, the kernel command line is signed and cannot be modified, so this is the only opportunity to customize it.";
    let lockdown_forced = "SecureBoot images of Talos before 1.14 add lockdown=confidentiality to the kernel command line.";
    let lockdown_dropped = "From Talos 1.14, SecureBoot images no longer add lockdown=confidentiality to the kernel command line (the kernel's default lockdown=integrity applies); add lockdown=confidentiality to the extra kernel arguments to keep the stricter mode.";
    let same_installer = "From Talos 1.14, an Image Factory that holds SecureBoot keys (factory.talos.dev does) signs every installer image: this schematic's installer and installer-secureboot references give the same signed image.";
    let notes = |request: &OutputRequest| {
        let outputs = derive(request);
        // The notes appear once on the page, in the installer section.
        let mut noted = outputs
            .page
            .iter()
            .filter(|section| !section.notes.is_empty())
            .map(|section| section.id);
        let first = noted.next();
        assert!(noted.next().is_none(), "notes in more than one section");
        if let Some(id) = first {
            assert_eq!(id, SectionId::Installer);
        }
        section(&outputs, SectionId::Installer).map(|section| english(&section.notes))
    };
    assert_eq!(
        notes(&with_args(metal("1.9.6"))),
        Some(vec![ignored.to_string()])
    );
    assert_eq!(notes(&with_args(metal("1.10.0-alpha.0"))), Some(vec![]));
    assert_eq!(
        notes(&with_args(secureboot(metal("1.9.6")))),
        Some(vec![signed.to_string(), lockdown_forced.to_string()])
    );
    // Talos 1.14 (quirk gate: its pre-releases too): no forced lockdown, one signed installer.
    for version in ["1.14.0-alpha.1", "1.14.0", "1.15.2"] {
        assert_eq!(
            notes(&with_args(secureboot(metal(version)))),
            Some(vec![
                signed.to_string(),
                lockdown_dropped.to_string(),
                same_installer.to_string()
            ]),
            "{version}"
        );
        assert_eq!(
            notes(&secureboot(metal(version))),
            Some(vec![same_installer.to_string()]),
            "{version}"
        );
        assert_eq!(notes(&metal(version)), Some(vec![]), "{version}");
    }
    assert_eq!(notes(&secureboot(metal("1.13.9"))), Some(vec![]));
    assert_eq!(notes(&metal("1.9.6")), Some(vec![]));
    // Boards and disk-image-only platforms get the notes too: upgrades need them as well.
    assert_eq!(
        notes(&with_args(sbc("rpi_generic", "1.9.6"))),
        Some(vec![ignored.to_string()])
    );
    assert_eq!(
        notes(&with_args(cloud("aws", "1.9.6"))),
        Some(vec![ignored.to_string()])
    );
    assert_eq!(
        notes(&with_args(secureboot(cloud("nocloud", "1.12.0")))),
        Some(vec![signed.to_string(), lockdown_forced.to_string()])
    );
    assert_eq!(english(&kernel_args_notes(&v("1.9.6"), false)), [ignored]);
    assert_eq!(
        kernel_args_notes(&v("1.9.6"), false),
        [Text::out_note_cmdline_ignored()]
    );
    assert_eq!(
        english(&kernel_args_notes(&v("1.12.0"), true)),
        [signed, lockdown_forced]
    );
    assert_eq!(
        kernel_args_notes(&v("1.14.0"), true),
        [Text::out_note_cmdline_signed(), lockdown_note(&v("1.14.0"))]
    );
    assert_eq!(
        english(&kernel_args_notes(&v("1.14.0"), true)),
        [signed, lockdown_dropped]
    );
    assert!(kernel_args_notes(&v("1.12.0"), false).is_empty());

    // Below 1.10 the install patch carries the arguments the installer would ignore.
    let patch = derive(&with_args(metal("1.9.6"))).install_patch;
    assert_eq!(
        patch,
        format!(
            "machine:\n  install:\n    image: \"factory.talos.dev/installer/{ID}:v1.9.6\"\n    extraKernelArgs:\n      - \"console=ttyS0\"\n"
        )
    );
    let patch = derive(&with_args(metal("1.10.0"))).install_patch;
    assert_eq!(
        patch,
        format!(
            "machine:\n  install:\n    image: \"factory.talos.dev/metal-installer/{ID}:v1.10.0\"\n"
        )
    );
}

#[test]
fn disk_format_choice_and_link() {
    let mut request = metal("1.10.0");
    let outputs = derive(&request);
    let defaults: Vec<&str> = outputs
        .disk_formats
        .iter()
        .filter(|choice| choice.is_default)
        .map(|choice| choice.suffix)
        .collect();
    assert_eq!(defaults, ["raw.zst"]);
    assert_eq!(
        outputs.disk_image.map(|asset| asset.file_name),
        Some("metal-amd64.raw.zst".to_string())
    );

    request.disk_format = Some("qcow2".to_string());
    request.secureboot = true;
    let outputs = derive(&request);
    assert_eq!(
        outputs.disk_image.map(|asset| asset.url),
        Some(format!(
            "https://factory.talos.dev/image/{ID}/v1.10.0/metal-amd64-secureboot.qcow2"
        ))
    );
    // The factory page keeps its own links whatever the chosen format.
    assert!(render(&outputs.page).contains("metal-amd64-secureboot.raw.zst"));

    request.disk_format = Some("vmdk".to_string());
    let outputs = derive(&request);
    assert_eq!(
        outputs.disk_image.map(|asset| asset.file_name),
        Some("metal-amd64-secureboot.raw.zst".to_string())
    );
    assert_eq!(
        english(&outputs.warnings),
        ["disk image format \"vmdk\" is not offered for Bare Metal; using the default"]
    );

    let mut board = sbc("rpi_generic", "1.10.0");
    board.disk_format = Some("raw.zst".to_string());
    assert_eq!(
        derive(&board).disk_image.map(|asset| asset.file_name),
        Some("metal-arm64.raw.zst".to_string())
    );
    board.disk_format = Some("qcow2".to_string());
    assert_eq!(
        derive(&board).disk_image.map(|asset| asset.file_name),
        Some("metal-arm64.raw.xz".to_string())
    );
}

#[test]
fn downloads_follow_the_selection() {
    let mut request = metal("1.11.0");
    let files = |request: &OutputRequest| -> Vec<String> {
        derive(request)
            .downloads
            .into_iter()
            .map(|asset| asset.file_name)
            .collect()
    };
    assert_eq!(files(&request), ["metal-amd64.iso", "metal-amd64.raw.zst"]);
    request.downloads = vec![
        AssetKind::Kernel,
        AssetKind::Initramfs,
        AssetKind::Talosctl("talosctl-linux-amd64".to_string()),
    ];
    assert_eq!(
        files(&request),
        ["kernel-amd64", "initramfs-amd64.xz", "talosctl-linux-amd64"]
    );
    assert_eq!(
        derive(&request).commands.download,
        format!(
            "curl -fL -o kernel-amd64 https://factory.talos.dev/image/{ID}/v1.11.0/kernel-amd64\ncurl -fL -o initramfs-amd64.xz https://factory.talos.dev/image/{ID}/v1.11.0/initramfs-amd64.xz\ncurl -fL -o talosctl-linux-amd64 https://factory.talos.dev/talosctl/v1.11.0/talosctl-linux-amd64\n"
        )
    );
}

#[test]
fn ipxe_chain_where_the_target_pxe_boots() {
    assert_eq!(
        derive(&metal("1.10.0")).ipxe_chain,
        Some(format!(
            "#!ipxe\ndhcp\nchain --autofree https://pxe.factory.talos.dev/pxe/{ID}/v1.10.0/metal-amd64\n"
        ))
    );
    assert!(derive(&cloud("aws", "1.10.0")).ipxe_chain.is_none());
    assert!(derive(&sbc("rpi_generic", "1.10.0")).ipxe_chain.is_none());
    let mut custom = cloud("equinixMetal", "1.10.0");
    custom.arch = Arch::Arm64;
    custom.settings.pxe_url = "https://pxe.example.com".to_string();
    assert_eq!(
        derive(&custom).ipxe_chain,
        Some(format!(
            "#!ipxe\ndhcp\nchain --autofree https://pxe.example.com/pxe/{ID}/v1.10.0/equinixMetal-arm64\n"
        ))
    );
}

#[test]
fn settings_change_every_host() {
    let mut request = metal("1.10.0");
    request.settings = Settings {
        factory_url: "https://factory.example.com".to_string(),
        registry_host: "registry.example.com:5000".to_string(),
        pxe_url: "https://pxe.example.com".to_string(),
    };
    let outputs = derive(&request);
    assert_eq!(
        outputs.installer_image,
        format!("registry.example.com:5000/metal-installer/{ID}:v1.10.0")
    );
    assert!(
        outputs
            .assets
            .iter()
            .all(|asset| asset.url.starts_with("https://factory.example.com/"))
    );
    assert!(!render(&outputs.page).contains("factory.talos.dev"));
}

#[test]
fn request_problems_become_warnings_or_errors() {
    assert_eq!(
        outputs(&cloud("nowhere", "1.10.0")),
        Err(OutputsError::UnknownPlatform("nowhere".to_string()))
    );
    assert_eq!(
        outputs(&sbc("nothing", "1.10.0")),
        Err(OutputsError::UnknownBoard("nothing".to_string()))
    );
    assert_eq!(
        OutputsError::UnknownBoard("x".to_string()).to_string(),
        "unknown single-board computer \"x\""
    );
    let mut arm_hetzner = cloud("hcloud", "1.10.0");
    arm_hetzner.arch = Arch::Arm64;
    assert_eq!(
        derive(&arm_hetzner).warnings,
        [Text::out_arch_unsupported(Arch::Arm64, "Hetzner")]
    );
    assert_eq!(
        english(&derive(&arm_hetzner).warnings),
        ["Hetzner does not support arm64"]
    );
    assert_eq!(
        english(&derive(&cloud("akamai", "1.6.0")).warnings),
        ["Akamai is not offered for Talos v1.6.0"]
    );
    assert_eq!(
        english(&derive(&sbc("rpi_5", "1.12.2")).warnings),
        ["Raspberry Pi 5 is not offered for Talos v1.12.2"]
    );
    assert_eq!(
        OutputsError::UnknownPlatform("x".to_string()).text(),
        Text::out_unknown_platform("x")
    );
}

#[test]
fn proxmox_template_for_nocloud() {
    let mut request = cloud("nocloud", "1.10.0");
    request
        .schematic
        .customization
        .system_extensions
        .official_extensions = vec![proxmox::QEMU_GUEST_AGENT.to_string()];
    let proxmox = derive(&request)
        .proxmox
        .expect("nocloud has proxmox commands");
    let expected = format!(
        "#!/bin/sh
# Run on the Proxmox VE host.
set -eu

VMID=9000
STORAGE=local-lvm
BRIDGE=vmbr0
DIR=/tmp

curl -fL -o \"$DIR/nocloud-amd64.raw.xz\" https://factory.talos.dev/image/{ID}/v1.10.0/nocloud-amd64.raw.xz
xz -d -f \"$DIR/nocloud-amd64.raw.xz\"
qm create \"$VMID\" --name talos --memory 4096 --cores 2 --cpu host --ostype l26 \\
  --scsihw virtio-scsi-single --net0 \"virtio,bridge=$BRIDGE\" \\
  --serial0 socket --agent enabled=1
qm importdisk \"$VMID\" \"$DIR/nocloud-amd64.raw\" \"$STORAGE\"
DISK=$(qm config \"$VMID\" | sed -n 's/^unused0: //p')
qm set \"$VMID\" --scsi0 \"$DISK\" --boot order=scsi0 --ide2 \"$STORAGE:cloudinit\"
qm resize \"$VMID\" scsi0 20G
qm template \"$VMID\"
"
    );
    assert_eq!(proxmox.script, expected);
    assert!(proxmox.warnings.is_empty(), "{:?}", proxmox.warnings);
    assert!(derive(&cloud("aws", "1.10.0")).proxmox.is_none());
    assert!(derive(&metal("1.10.0")).proxmox.is_none());
}

#[test]
fn proxmox_options_formats_and_warnings() {
    let mut request = secureboot(cloud("nocloud", "1.10.0"));
    request.arch = Arch::Arm64;
    request.disk_format = Some("vhd".to_string());
    request.proxmox = ProxmoxOptions {
        vm_id: 123,
        vm_name: "my talos".to_string(),
        storage: "ceph pool".to_string(),
        bridge: "vmbr1".to_string(),
        download_dir: "/var/tmp/it's here".to_string(),
        memory_mib: 8192,
        cores: 4,
        disk_size_gib: 64,
    };
    let proxmox = derive(&request)
        .proxmox
        .expect("nocloud has proxmox commands");
    for expected in [
        "VMID=123\n",
        "STORAGE='ceph pool'\n",
        "DIR='/var/tmp/it'\\''s here'\n",
        "--name 'my talos' --memory 8192 --cores 4",
        "nocloud-arm64-secureboot.raw.xz",
        "--bios ovmf",
        "qm resize \"$VMID\" scsi0 64G\n",
    ] {
        assert!(
            proxmox.script.contains(expected),
            "{expected:?} in {}",
            proxmox.script
        );
    }
    assert_eq!(
        english(&proxmox.warnings),
        [
            "Proxmox cannot import a vhd image directly; the Proxmox commands use raw.xz",
            "SecureBoot: the VM boots with OVMF (UEFI) and no pre-enrolled keys; enroll the factory's SecureBoot keys as the SecureBoot documentation describes",
            "siderolabs/qemu-guest-agent is not among the extensions: Proxmox will not see the VM's IP addresses or shut it down cleanly",
            "arm64 images need an arm64 Proxmox host (qm create --arch aarch64 --bios ovmf)",
        ]
    );
    request.disk_format = Some("qcow2".to_string());
    let script = derive(&request).proxmox.expect("proxmox").script;
    assert!(
        script.contains(
            "qm importdisk \"$VMID\" \"$DIR/nocloud-arm64-secureboot.qcow2\" \"$STORAGE\"\n"
        ),
        "{script}"
    );
    assert!(!script.contains("xz -d"));
}

#[test]
fn installer_change_and_diff() {
    use crate::schematic::{Bootloader, Overlay, Value};
    let mut current = Schematic::default();
    current.customization.system_extensions.official_extensions =
        vec!["siderolabs/a".to_string(), "siderolabs/b".to_string()];
    current.customization.extra_kernel_args = vec!["quiet".to_string()];
    let mut other = current.clone();
    assert!(diff(&current, &other).is_empty());

    other.customization.system_extensions.official_extensions =
        vec!["siderolabs/b".to_string(), "siderolabs/c".to_string()];
    other.customization.extra_kernel_args = vec!["console=ttyS0".to_string()];
    other.customization.bootloader = Bootloader::SdBoot;
    other.overlay = Overlay {
        image: "siderolabs/sbc-raspberrypi".to_string(),
        name: "rpi_generic".to_string(),
        options: vec![],
    };
    let changes = diff(&current, &other);
    assert_eq!(changes.added_extensions, ["siderolabs/c"]);
    assert_eq!(changes.removed_extensions, ["siderolabs/a"]);
    assert!(!changes.extensions_reordered);
    assert_eq!(
        changes.summary()[0],
        Text::diff_extension_added("siderolabs/c")
    );
    assert_eq!(
        english(&changes.summary()),
        [
            "+ extension siderolabs/c",
            "- extension siderolabs/a",
            "+ kernel argument console=ttyS0",
            "- kernel argument quiet",
            "~ overlay none → rpi_generic (siderolabs/sbc-raspberrypi)",
            "~ bootloader",
        ]
    );

    let mut reordered = current.clone();
    reordered
        .customization
        .system_extensions
        .official_extensions
        .reverse();
    let changes = diff(&current, &reordered);
    assert!(changes.extensions_reordered && changes.added_extensions.is_empty());
    assert_eq!(changes.summary(), [Text::diff_extensions_reordered()]);
    assert_eq!(english(&changes.summary()), ["~ extensions reordered"]);

    let mut options = other.clone();
    options.overlay.options = vec![("configTxt".to_string(), Value::Str("x".to_string()))];
    assert_eq!(
        english(&diff(&other, &options).summary()),
        ["~ overlay options of rpi_generic (siderolabs/sbc-raspberrypi)"]
    );

    let other_id = "a".repeat(64);
    let change = installer_change(&secureboot(metal("1.10.0")), &other_id);
    assert_eq!(
        change,
        Ok(InstallerChange {
            before: format!("factory.talos.dev/metal-installer-secureboot/{ID}:v1.10.0"),
            after: format!("factory.talos.dev/metal-installer-secureboot/{other_id}:v1.10.0"),
        })
    );
}

#[test]
fn every_page_shows_each_thing_once() {
    let with_args = |mut request: OutputRequest| {
        request.schematic.customization.extra_kernel_args = vec!["console=ttyS0".to_string()];
        request
    };
    let mut requests = Vec::new();
    for version in [
        "1.5.0",
        "1.9.6",
        "1.10.0",
        "1.11.0",
        "1.12.0-alpha.2",
        "1.13.0",
    ] {
        requests.push(metal(version));
        requests.push(with_args(secureboot(metal(version))));
        requests.push(with_args(metal(version)));
        for board in BOARDS {
            requests.push(with_args(sbc(board.param, version)));
        }
    }
    for request in &requests {
        let outputs = derive(request);
        let context = format!("{:?} {}", request.target, request.version);
        check_each_thing_once(request, &outputs);
        // Renamed labels: the commands say what they run.
        let booter = section(&outputs, SectionId::Booter).expect("booter");
        assert_eq!(labels(&outputs, SectionId::Booter), ["booter command"]);
        assert_eq!(booter.links.len(), 1);
        assert_eq!(booter.links[0].label, Text::out_booter_github());
        assert_eq!(en(&booter.links[0].label), "booter on GitHub");
        if section(&outputs, SectionId::LocalTestCluster).is_some() {
            assert_eq!(
                labels(&outputs, SectionId::LocalTestCluster),
                ["talosctl cluster create command"]
            );
        }
        let installer = section(&outputs, SectionId::Installer).expect("installer");
        assert_eq!(en(&installer.title), "Installation and upgrades");
        assert_eq!(
            installer.links,
            [DocLink {
                label: Text::out_upgrade_guide(),
                url: docs_url(
                    &request.version,
                    "/configure-your-talos-cluster/lifecycle-management/upgrading-talos/"
                ),
            }]
        );
        let intro = if matches!(request.target, Target::Metal) {
            INSTALL_INTRO
        } else {
            UPGRADE_INTRO
        };
        assert_eq!(
            installer.intro.as_ref().map(en).as_deref(),
            Some(intro),
            "{context}"
        );
        assert_eq!(
            first_boot_section(&outputs.page).map(|section| section.id),
            Some(SectionId::FirstBoot)
        );
    }
    assert!(first_boot_section(&[]).is_none());
}

#[test]
fn docs_urls_share_the_versioned_root() {
    let version = v("1.12.3");
    let root = "https://docs.siderolabs.com/talos/v1.12";
    assert_eq!(docs_root(&version), root);
    assert_eq!(docs_url(&version, ""), root);
    assert_eq!(docs_url(&version, "/a/b/"), format!("{root}/a/b/"));
    assert_eq!(
        whats_new_url(&version),
        format!("{root}/getting-started/what's-new-in-talos/")
    );
    assert_eq!(
        support_matrix_url(&version),
        format!("{root}/getting-started/support-matrix/")
    );
    assert_eq!(
        kernel_reference_url(&version),
        format!("{root}/reference/kernel/")
    );
    assert_eq!(
        embedded_config_url(&version),
        format!(
            "{root}/configure-your-talos-cluster/system-configuration/acquire#embedded-configuration"
        )
    );
    assert_eq!(
        platform_docs_url(
            &version,
            Some("/platform-specific-installations/cloud-platforms/aws")
        ),
        format!("{root}/platform-specific-installations/cloud-platforms/aws")
    );
    assert_eq!(platform_docs_url(&version, None), root);
    // Pre-releases link the docs of their minor version.
    assert_eq!(
        docs_root(&v("1.13.0-alpha.1")),
        "https://docs.siderolabs.com/talos/v1.13"
    );
    // The page's documentation section uses the same helpers.
    let outputs = derive(&metal("1.12.3"));
    let docs: Vec<String> = section(&outputs, SectionId::Documentation)
        .expect("documentation")
        .items
        .iter()
        .map(|item| item.value.clone())
        .collect();
    assert_eq!(docs[0], whats_new_url(&version));
    assert_eq!(docs[1], support_matrix_url(&version));
}

#[test]
fn items_that_need_the_schematic_on_the_factory() {
    let mut request = metal("1.11.0");
    request.settings.pxe_url = "https://pxe.example.com".to_string();
    let outputs = derive(&request);
    let needing: Vec<(String, bool)> = outputs
        .page
        .iter()
        .flat_map(|section| section.items.iter())
        .filter(|item| item.needs_schematic())
        .map(|item| (en(&item.label), item.kind == ItemKind::Link))
        .collect();
    let mut expected: Vec<(String, bool)> = [
        "ISO",
        "Disk Image (raw)",
        "Disk Image (qcow2)",
        "Kernel Image",
        "Kernel Command Line",
        "Initramfs Image",
        "UKI",
    ]
    .iter()
    .map(|label| (label.to_string(), true))
    .collect();
    // The PXE script URL is a Copy item, and answers 404 too until the schematic exists.
    expected.insert(3, ("PXE boot (iPXE script)".to_string(), false));
    assert_eq!(needing, expected);

    let not_needing: Vec<&Item> = outputs
        .page
        .iter()
        .flat_map(|section| section.items.iter())
        .filter(|item| !item.needs_schematic())
        .collect();
    // Docs links, talosctl downloads, the installer reference and the commands.
    for item in &not_needing {
        let ok = item.value.starts_with(&docs_root(&request.version))
            || item.value.contains("/talosctl/")
            || item.value == outputs.installer_image
            || item.kind == ItemKind::Code;
        assert!(ok, "{:?}: {}", item.label, item.value);
    }
    assert!(
        not_needing
            .iter()
            .any(|item| item.label == Text::out_talosctl())
    );
    assert!(
        not_needing
            .iter()
            .any(|item| item.value == outputs.installer_image)
    );

    // SecureBoot, cloud and board pages: every image and PXE link needs it.
    for request in [
        secureboot(metal("1.13.0")),
        cloud("nocloud", "1.12.0"),
        cloud("equinixMetal", "1.10.0"),
        sbc("rpi_generic", "1.10.0"),
    ] {
        let outputs = derive(&request);
        for item in outputs.page.iter().flat_map(|section| section.items.iter()) {
            let names_id = item.value.starts_with("https://")
                && (item.value.contains(&format!("/image/{ID}/"))
                    || item.value.contains(&format!("/pxe/{ID}/")));
            assert_eq!(
                item.needs_schematic(),
                names_id,
                "{:?}: {}",
                item.label,
                item.value
            );
        }
        let first_boot = first_boot_section(&outputs.page).expect("first boot");
        assert!(first_boot.items.iter().all(Item::needs_schematic));
    }

    // Not fooled by look-alikes.
    let item = |kind, value: &str| Item {
        label: Text::out_iso(),
        kind,
        value: value.to_string(),
        doc: None,
    };
    assert!(
        !item(
            ItemKind::Link,
            "https://factory.talos.dev/image/short/v1.10.0/x.iso"
        )
        .needs_schematic()
    );
    assert!(
        !item(
            ItemKind::Link,
            &format!("https://factory.talos.dev/talosctl/v1.11.0/{ID}")
        )
        .needs_schematic()
    );
    assert!(
        !item(
            ItemKind::Copy,
            &format!("factory.talos.dev/metal-installer/{ID}:v1.10.0")
        )
        .needs_schematic()
    );
    assert!(
        !item(
            ItemKind::Code,
            &format!("curl https://factory.talos.dev/image/{ID}/v1.10.0/x.iso")
        )
        .needs_schematic()
    );
    assert!(
        item(
            ItemKind::Link,
            &format!("https://factory.example.com/base/image/{ID}/v1.10.0/x.iso")
        )
        .needs_schematic()
    );
}

#[test]
fn assets_that_need_the_schematic_on_the_factory() {
    let outputs = derive(&metal("1.11.0"));
    assert!(outputs.assets.len() > DEFAULT_TALOSCTL_FILES.len());
    for asset in &outputs.assets {
        let talosctl = matches!(asset.kind, AssetKind::Talosctl(_));
        assert_eq!(asset.needs_schematic(), !talosctl, "{}", asset.file_name);
        // The kind agrees with the URL: only image assets name the schematic.
        assert_eq!(asset.url.contains(ID), !talosctl, "{}", asset.url);
    }
    for request in [
        secureboot(metal("1.13.0")),
        cloud("aws", "1.10.0"),
        sbc("rpi_5", "1.13.0"),
    ] {
        let outputs = derive(&request);
        assert!(!outputs.assets.is_empty());
        assert!(outputs.assets.iter().all(Asset::needs_schematic));
        assert!(outputs.disk_image.iter().all(Asset::needs_schematic));
    }
}

/// A new schematic ID changes the values of the page, never the keys of its items: the view
/// keeps one row per key (and keys are unique within a section, else rows would merge).
#[test]
fn item_keys_survive_a_new_schematic_id_and_are_unique() {
    const OTHER: &str = "ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515";
    let requests = [
        metal("1.12.0"),
        secureboot(metal("1.12.0")),
        cloud("nocloud", "1.11.3"),
        cloud("aws", "1.12.0"),
        sbc("rpi_generic", "1.12.0"),
    ];
    for request in requests {
        let mut moved = request.clone();
        moved.schematic_id = OTHER.to_string();
        let (before, after) = (derive(&request), derive(&moved));
        assert_ne!(before.page, after.page, "the ID must show in the page");
        assert_eq!(before.page.len(), after.page.len());
        for (a, b) in before.page.iter().zip(&after.page) {
            assert_eq!(a.id, b.id);
            let keys = |s: &Section| {
                keyed_items(&s.items)
                    .into_iter()
                    .map(|(key, _)| key)
                    .collect::<Vec<_>>()
            };
            assert_eq!(keys(a), keys(b), "section {:?}", a.id);
            let unique: std::collections::HashSet<_> = keys(a).into_iter().collect();
            assert_eq!(unique.len(), a.items.len(), "duplicate keys in {:?}", a.id);
        }
    }
}

#[test]
fn an_items_output_name_is_its_label_in_english() {
    let section = &derive(&cloud("nocloud", "1.12.0")).page[0];
    for (key, item) in keyed_items(&section.items) {
        assert_eq!(
            key.output_name(),
            english(std::slice::from_ref(&item.label))[0]
        );
        assert!(!key.output_name().is_empty());
    }
}

#[test]
fn first_boot_alone_is_the_pages_first_boot_section() {
    // The result header derives only this section (`first_boot`); it must be the one the
    // whole page has, on every kind of target, arch, SecureBoot and version gate.
    let mut requests = Vec::new();
    for version in [
        "1.5.0",
        "1.9.6",
        "1.10.0",
        "1.12.0-alpha.2",
        "1.13.0",
        "1.14.0",
    ] {
        for arch in [Arch::Amd64, Arch::Arm64] {
            let mut bare = request(Target::Metal, arch, version);
            requests.push(bare.clone());
            bare.secureboot = true;
            requests.push(bare);
        }
        for platform in CLOUD_PLATFORMS {
            requests.push(cloud(platform.name, version));
            requests.push(secureboot(cloud(platform.name, version)));
        }
        for board in BOARDS {
            requests.push(sbc(board.param, version));
        }
    }
    let mut unknown = cloud("aws", "1.10.0");
    unknown.target = Target::Cloud {
        platform: "no-such-cloud".to_string(),
    };
    assert!(
        first_boot(&unknown).is_err(),
        "an unknown platform has no first boot section"
    );
    for request in &requests {
        let whole = derive(request);
        let expected = page::first_boot_section(&whole.page).cloned();
        assert_eq!(
            first_boot(request).ok(),
            expected,
            "{:?} {:?} {} secureboot={}",
            request.target,
            request.arch,
            request.version,
            request.secureboot
        );
    }
    assert!(requests.len() > 200, "{} requests", requests.len());
}
