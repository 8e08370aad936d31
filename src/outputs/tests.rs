//! The final page rule by rule (every cloud platform, boards, metal with and without
//! SecureBoot, versions on both sides of every gate), the extra outputs, and the generated
//! shell and YAML checked by the tools that will read them.

mod generated;

use super::*;
use crate::platforms::{BootMethod, CLOUD_PLATFORMS};

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
        out.push_str(&format!("## {}\n", section.title));
        if !section.intro.is_empty() {
            out.push_str(&format!("{}\n", section.intro));
        }
        for link in &section.links {
            out.push_str(&format!("[{}]({})\n", link.label, link.url));
        }
        for item in &section.items {
            let kind = match item.kind {
                ItemKind::Link => "link",
                ItemKind::Copy => "copy",
                ItemKind::Code => "code",
            };
            out.push_str(&format!(
                "- {} ({kind}): {}",
                item.label,
                item.value.trim_end()
            ));
            if let Some(doc) = &item.doc {
                out.push_str(&format!(" [{}]({})", doc.label, doc.url));
            }
            out.push('\n');
        }
        for note in &section.notes {
            out.push_str(&format!("note: {note}\n"));
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
        .map(|section| {
            section
                .items
                .iter()
                .map(|item| item.label.clone())
                .collect()
        })
        .unwrap_or_default()
}

const BOOTER: &str = "## PXE Boot with booter
To easily PXE boot bare-metal machines using booter with this schematic, run the following command on a host in the same subnet:
[booter](https://github.com/siderolabs/booter)
- Command (code): docker run --rm --network host ghcr.io/siderolabs/booter:v0.3.0 --talos-version=$V --schematic-id=$ID
";

const SCHEMATIC: &str = "## Schematic Ready
- Your image schematic ID is: (copy): $ID
- Schematic (code): customization: {}
";

#[test]
fn metal_page_on_1_10() {
    let expected = SCHEMATIC.to_string()
        + "## First Boot
Here are the options for the initial boot of Talos Linux on a bare-metal machine or a generic virtual machine:
- ISO (link): $IMG/metal-amd64.iso [ISO documentation]($DOC/platform-specific-installations/bare-metal-platforms/iso/)
- Disk Image (raw) (link): $IMG/metal-amd64.raw.zst
- Disk Image (qcow2) (link): $IMG/metal-amd64.qcow2
- PXE boot (iPXE script) (copy): $PXE/metal-amd64 [PXE documentation]($DOC/platform-specific-installations/bare-metal-platforms/pxe/)
## Initial Installation
For the initial installation of Talos Linux (not applicable for disk image boot), add the following installer image to the machine configuration:
- Installer Image (copy): factory.talos.dev/metal-installer/$ID:$V
## Upgrading Talos Linux
To upgrade Talos Linux on the machine, use the following image:
[upgrade]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer Image (copy): factory.talos.dev/metal-installer/$ID:$V
"
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
    let expected = SCHEMATIC.to_string()
        + "## First Boot
Here are the options for the initial boot of Talos Linux on a bare-metal machine or a generic virtual machine:
- SecureBoot ISO (link): $IMG/metal-amd64-secureboot.iso [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot Disk Image (link): $IMG/metal-amd64-secureboot.raw.zst [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot PXE (iPXE script) (copy): $PXE/metal-amd64-secureboot [PXE documentation]($DOC/platform-specific-installations/bare-metal-platforms/pxe/)
## Initial Installation
For the initial installation of Talos Linux (not applicable for disk image boot), add the following installer image to the machine configuration:
- Installer Image (copy): factory.talos.dev/metal-installer-secureboot/$ID:$V
## Upgrading Talos Linux
To upgrade Talos Linux on the machine, use the following image:
[upgrade]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer Image (copy): factory.talos.dev/metal-installer-secureboot/$ID:$V
## Local Test Cluster
To create a local Talos Linux test cluster from this schematic on macOS (Apple Silicon) or Linux, run:
- Command (code): talosctl cluster create qemu --schematic-id=$ID --talos-version=$V
"
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
## SBOM (SPDX)
SBOM (SPDX) bundle is only available through the Talos Linux Image Factory Enterprise.
[Learn more.](https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory)
## VEX (Vulnerability Exploitability eXchange)
VEX (Vulnerability Exploitability eXchange) data is only available through the Talos Linux Image Factory Enterprise.
[Learn more.](https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory)
## Vulnerability Scan
Vulnerability scans are only available through the Talos Linux Image Factory Enterprise.
[Learn more.](https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory)
";
    check(&secureboot(metal("1.13.0")), &expected);
}

#[test]
fn metal_page_on_1_11_lists_talosctl_and_sbom() {
    let mut request = request(Target::Metal, Arch::Arm64, "1.11.0");
    request.talosctl_files = Some(vec![
        "https://factory.talos.dev/talosctl/v1.11.0/talosctl-linux-arm64".to_string(),
        "talosctl-darwin-arm64".to_string(),
    ]);
    let outputs = derive(&request);
    let extra = render(&outputs.page[outputs.page.len() - 2..]);
    let expected = "## Extra Assets
- Kernel Image (link): $IMG/kernel-arm64
- Kernel Command Line (link): $IMG/cmdline-metal-arm64
- Initramfs Image (link): $IMG/initramfs-arm64.xz
- UKI (link): $IMG/metal-arm64-uki.efi
- Talosctl CLI (link): https://factory.talos.dev/talosctl/$V/talosctl-darwin-arm64
- Talosctl CLI (link): https://factory.talos.dev/talosctl/$V/talosctl-linux-arm64
## SBOM (SPDX)
SBOM (SPDX) bundle is only available through the Talos Linux Image Factory Enterprise.
[Learn more.](https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory)
";
    assert_eq!(extra, expand(expected, &request.version));
}

#[test]
fn nocloud_secureboot_page_on_1_12() {
    let expected = SCHEMATIC.to_string()
        + "## First Boot
Here are the options for the initial boot of Talos Linux on Nocloud:
- SecureBoot Disk Image (link): $IMG/nocloud-amd64-secureboot.raw.xz
- SecureBoot ISO (link): $IMG/nocloud-amd64-secureboot.iso [SecureBoot documentation]($DOC/platform-specific-installations/bare-metal-platforms/secureboot/)
- SecureBoot PXE (iPXE script) (copy): $PXE/nocloud-amd64-secureboot
## Initial Installation
For the initial installation of Talos Linux (not applicable for disk image boot), add the following installer image to the machine configuration:
- Installer Image (copy): factory.talos.dev/nocloud-installer-secureboot/$ID:$V
## Upgrading Talos Linux
To upgrade Talos Linux on the machine, use the following image:
[upgrade]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer Image (copy): factory.talos.dev/nocloud-installer-secureboot/$ID:$V
## Local Test Cluster
To create a local Talos Linux test cluster from this schematic on macOS (Apple Silicon) or Linux, run:
- Command (code): talosctl cluster create qemu --schematic-id=$ID --talos-version=$V
"
        + BOOTER
        + "## Documentation
- What's New in Talos v1.12 (link): $DOC/getting-started/what's-new-in-talos/
- Support Matrix for v1.12 (link): $DOC/getting-started/support-matrix/
- Getting Started Guide (link): $DOC/getting-started/getting-started/
- Nocloud Guide (link): $DOC/platform-specific-installations/cloud-platforms/nocloud
- SecureBoot Guide (link): $DOC/platform-specific-installations/bare-metal-platforms/secureboot/
- Production Cluster Guide (link): $DOC/getting-started/prodnotes/
- Troubleshooting Guide (link): $DOC/troubleshooting/troubleshooting/
## SBOM (SPDX)
SBOM (SPDX) bundle is only available through the Talos Linux Image Factory Enterprise.
[Learn more.](https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory)
";
    check(&secureboot(cloud("nocloud", "1.12.0")), &expected);
}

#[test]
fn aws_page_on_1_9_has_no_initial_installation() {
    let expected = SCHEMATIC.to_string()
        + "## First Boot
Here are the options for the initial boot of Talos Linux on Amazon Web Services (AWS):
- Disk Image (link): $IMG/aws-amd64.raw.xz
## Upgrading Talos Linux
To upgrade Talos Linux on the machine, use the following image:
[upgrade]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer Image (copy): factory.talos.dev/installer/$ID:$V
" + BOOTER
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
    let expected = SCHEMATIC.to_string()
        + "## First Boot
Use the following disk image for Raspberry Pi Series:
- Disk Image (link): $IMG/metal-arm64.raw.xz
## Upgrading Talos Linux
To upgrade Talos Linux on the machine, use the following image:
[upgrade]($DOC/configure-your-talos-cluster/lifecycle-management/upgrading-talos/)
- Installer Image (copy): factory.talos.dev/installer/$ID:$V
"
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
        assert!(!outputs.page.iter().any(|section| matches!(
            section.id,
            SectionId::InitialInstallation | SectionId::ExtraAssets
        )));
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
        outputs.warnings,
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
                let first_boot =
                    section(&outputs, SectionId::FirstBoot).map(|section| section.intro.clone());
                assert_eq!(
                    first_boot,
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
                    let expected = match item.label.as_str() {
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
                        item.label == "SecureBoot ISO",
                        "{context}: {}",
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

                // Sections: Initial Installation only when not disk-image only; no Extra Assets.
                let ids = section_ids(&request);
                assert_eq!(
                    ids.contains(&SectionId::InitialInstallation),
                    platform.not_only_disk_image(),
                    "{context}"
                );
                assert!(
                    ids.contains(&SectionId::Upgrading) && ids.contains(&SectionId::Booter),
                    "{context}"
                );
                assert!(!ids.contains(&SectionId::ExtraAssets), "{context}");

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
                            .find(|item| item.label == format!("{} Guide", platform.label))
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
fn sbom_from_1_11_0_local_cluster_from_1_12_0_alpha_2_vex_from_1_13_0() {
    let cases = [
        ("1.10.9", vec![]),
        ("1.11.0-rc.0", vec![]),
        ("1.11.0", vec![SectionId::Sbom]),
        ("1.12.0-alpha.1", vec![SectionId::Sbom]),
        (
            "1.12.0-alpha.2",
            vec![SectionId::LocalTestCluster, SectionId::Sbom],
        ),
        (
            "1.13.0-beta.1",
            vec![SectionId::LocalTestCluster, SectionId::Sbom],
        ),
        (
            "1.13.0",
            vec![
                SectionId::LocalTestCluster,
                SectionId::Sbom,
                SectionId::Vex,
                SectionId::VulnerabilityScan,
            ],
        ),
    ];
    for (version, gated) in cases {
        let ids: Vec<SectionId> = section_ids(&cloud("aws", version))
            .into_iter()
            .filter(|id| {
                matches!(
                    id,
                    SectionId::LocalTestCluster
                        | SectionId::Sbom
                        | SectionId::Vex
                        | SectionId::VulnerabilityScan
                )
            })
            .collect();
        assert_eq!(ids, gated, "{version}");
        assert_eq!(
            derive(&cloud("aws", version))
                .commands
                .local_cluster
                .is_some(),
            gated.contains(&SectionId::LocalTestCluster)
        );
    }
}

#[test]
fn section_order_is_the_factory_order() {
    assert_eq!(
        section_ids(&metal("1.13.0")),
        [
            SectionId::Schematic,
            SectionId::FirstBoot,
            SectionId::InitialInstallation,
            SectionId::Upgrading,
            SectionId::LocalTestCluster,
            SectionId::Booter,
            SectionId::Documentation,
            SectionId::ExtraAssets,
            SectionId::Sbom,
            SectionId::Vex,
            SectionId::VulnerabilityScan,
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
    let notes = |request: &OutputRequest| {
        section(&derive(request), SectionId::Upgrading).map(|section| section.notes.clone())
    };
    assert_eq!(
        notes(&with_args(metal("1.9.6"))),
        Some(vec![ignored.to_string()])
    );
    assert_eq!(notes(&with_args(metal("1.10.0-alpha.0"))), Some(vec![]));
    assert_eq!(
        notes(&with_args(secureboot(metal("1.9.6")))),
        Some(vec![signed.to_string()])
    );
    assert_eq!(notes(&metal("1.9.6")), Some(vec![]));
    assert_eq!(kernel_args_notes(&v("1.9.6"), false), [ignored]);
    assert_eq!(kernel_args_notes(&v("1.12.0"), true), [signed]);
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
        outputs.warnings,
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
        ["Hetzner does not support arm64"]
    );
    assert_eq!(
        derive(&cloud("akamai", "1.6.0")).warnings,
        ["Akamai is not offered for Talos v1.6.0"]
    );
    assert_eq!(
        derive(&sbc("rpi_5", "1.12.2")).warnings,
        ["Raspberry Pi 5 is not offered for Talos v1.12.2"]
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
        proxmox.warnings,
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
        changes.summary(),
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
    assert_eq!(changes.summary(), ["~ extensions reordered"]);

    let mut options = other.clone();
    options.overlay.options = vec![("configTxt".to_string(), Value::Str("x".to_string()))];
    assert_eq!(
        diff(&other, &options).summary(),
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
