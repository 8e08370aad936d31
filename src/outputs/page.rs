//! The factory UI's final page ("Schematic Ready", `wizard-final.html`): every section, label,
//! link and note, with the factory's version gates.

use super::commands::{booter_command, kernel_args_notes, local_cluster_command};
use super::links::{self, docs_root, image_url, pxe_script_url};
use super::{DocLink, Item, ItemKind, Resolved, Section, SectionId};
use crate::platforms::{BOARD_DISK_IMAGE_PATH, BootMethod};
use crate::version::TalosVersion;

/// "Production Cluster Guide" (strict gate).
const PRODUCTION_GUIDE_MIN_VERSION: TalosVersion = TalosVersion::new(1, 5, 0);
/// "Troubleshooting Guide" (strict gate).
const TROUBLESHOOTING_MIN_VERSION: TalosVersion = TalosVersion::new(1, 6, 0);
/// "SBOM (SPDX)" (strict gate).
const SBOM_MIN_VERSION: TalosVersion = TalosVersion::new(1, 11, 0);
/// "VEX" and "Vulnerability Scan" (strict gate).
const VEX_MIN_VERSION: TalosVersion = TalosVersion::new(1, 13, 0);

const ENTERPRISE_URL: &str =
    "https://docs.siderolabs.com/talos/latest/learn-more/enterprise-image-factory";
const BOOTER_URL: &str = "https://github.com/siderolabs/booter";

fn link(label: &str, url: String) -> Item {
    Item {
        label: label.to_string(),
        kind: ItemKind::Link,
        value: url,
        doc: None,
    }
}

fn doc(label: &str, url: String) -> Option<DocLink> {
    Some(DocLink {
        label: label.to_string(),
        url,
    })
}

fn section(id: SectionId, title: &str, intro: String, items: Vec<Item>) -> Section {
    Section {
        id,
        title: title.to_string(),
        intro,
        links: Vec::new(),
        items,
        notes: Vec::new(),
    }
}

/// The page's sections in the factory UI's order.
pub fn page(resolved: &Resolved, installer: &str) -> Vec<Section> {
    let version = resolved.version();
    let mut sections = vec![schematic_section(resolved), first_boot(resolved)];
    let kernel_notes = if resolved
        .request
        .schematic
        .customization
        .extra_kernel_args
        .is_empty()
    {
        Vec::new()
    } else {
        kernel_args_notes(version, resolved.secureboot)
    };
    if resolved.is_metal() || (resolved.is_cloud() && resolved.platform.not_only_disk_image()) {
        let mut installation = section(
            SectionId::InitialInstallation,
            "Initial Installation",
            "For the initial installation of Talos Linux (not applicable for disk image boot), add the following installer image to the machine configuration:".to_string(),
            vec![Item { label: "Installer Image".to_string(), kind: ItemKind::Copy, value: installer.to_string(), doc: None }],
        );
        installation.notes.clone_from(&kernel_notes);
        sections.push(installation);
    }
    let mut upgrading = section(
        SectionId::Upgrading,
        "Upgrading Talos Linux",
        "To upgrade Talos Linux on the machine, use the following image:".to_string(),
        vec![Item {
            label: "Installer Image".to_string(),
            kind: ItemKind::Copy,
            value: installer.to_string(),
            doc: None,
        }],
    );
    upgrading.links.push(DocLink {
        label: "upgrade".to_string(),
        url: format!(
            "{}/configure-your-talos-cluster/lifecycle-management/upgrading-talos/",
            docs_root(version)
        ),
    });
    upgrading.notes = kernel_notes;
    sections.push(upgrading);
    if let Some(command) = local_cluster_command(resolved) {
        sections.push(section(
            SectionId::LocalTestCluster,
            "Local Test Cluster",
            "To create a local Talos Linux test cluster from this schematic on macOS (Apple Silicon) or Linux, run:".to_string(),
            vec![Item { label: "Command".to_string(), kind: ItemKind::Code, value: command, doc: None }],
        ));
    }
    let mut booter = section(
        SectionId::Booter,
        "PXE Boot with booter",
        "To easily PXE boot bare-metal machines using booter with this schematic, run the following command on a host in the same subnet:".to_string(),
        vec![Item { label: "Command".to_string(), kind: ItemKind::Code, value: booter_command(resolved), doc: None }],
    );
    booter.links.push(DocLink {
        label: "booter".to_string(),
        url: BOOTER_URL.to_string(),
    });
    sections.push(booter);
    sections.push(documentation(resolved));
    if resolved.is_metal() {
        sections.push(extra_assets(resolved));
    }
    if version.at_least(&SBOM_MIN_VERSION) {
        sections.push(enterprise(
            SectionId::Sbom,
            "SBOM (SPDX)",
            "SBOM (SPDX) bundle is only available through the Talos Linux Image Factory Enterprise.",
        ));
    }
    if version.at_least(&VEX_MIN_VERSION) {
        sections.push(enterprise(
            SectionId::Vex,
            "VEX (Vulnerability Exploitability eXchange)",
            "VEX (Vulnerability Exploitability eXchange) data is only available through the Talos Linux Image Factory Enterprise.",
        ));
        sections.push(enterprise(
            SectionId::VulnerabilityScan,
            "Vulnerability Scan",
            "Vulnerability scans are only available through the Talos Linux Image Factory Enterprise.",
        ));
    }
    sections
}

fn schematic_section(resolved: &Resolved) -> Section {
    section(
        SectionId::Schematic,
        "Schematic Ready",
        String::new(),
        vec![
            Item {
                label: "Your image schematic ID is:".to_string(),
                kind: ItemKind::Copy,
                value: resolved.id().to_string(),
                doc: None,
            },
            Item {
                label: "Schematic".to_string(),
                kind: ItemKind::Code,
                value: resolved.request.canonical_yaml.clone(),
                doc: None,
            },
        ],
    )
}

fn first_boot(resolved: &Resolved) -> Section {
    let version = resolved.version();
    let docs = docs_root(version);
    let secureboot_doc = || {
        doc(
            "SecureBoot documentation",
            format!("{docs}/platform-specific-installations/bare-metal-platforms/secureboot/"),
        )
    };
    let (platform, arch, secureboot, metal) = (
        resolved.platform,
        resolved.arch,
        resolved.secureboot,
        resolved.is_metal(),
    );
    let mut items = Vec::new();
    let intro = if let Some(board) = resolved.board {
        items.push(link(
            "Disk Image",
            image_url(resolved, BOARD_DISK_IMAGE_PATH),
        ));
        format!("Use the following disk image for {}:", board.label)
    } else {
        for method in platform.boot_methods {
            match method {
                BootMethod::DiskImage => {
                    let Some(suffix) = platform.disk_suffix else {
                        continue;
                    };
                    if secureboot {
                        let path = links::disk_image_path(platform.name, arch, true, suffix);
                        let mut item = link("SecureBoot Disk Image", image_url(resolved, &path));
                        if metal {
                            item.doc = secureboot_doc();
                        }
                        items.push(item);
                    } else if metal {
                        items.push(link(
                            "Disk Image (raw)",
                            image_url(
                                resolved,
                                &links::disk_image_path("metal", arch, false, suffix),
                            ),
                        ));
                        items.push(link(
                            "Disk Image (qcow2)",
                            image_url(
                                resolved,
                                &links::disk_image_path("metal", arch, false, "qcow2"),
                            ),
                        ));
                    } else {
                        items.push(link(
                            "Disk Image",
                            image_url(
                                resolved,
                                &links::disk_image_path(platform.name, arch, false, suffix),
                            ),
                        ));
                    }
                }
                BootMethod::Iso => {
                    let url =
                        image_url(resolved, &links::iso_path(platform.name, arch, secureboot));
                    if secureboot {
                        let mut item = link("SecureBoot ISO", url);
                        item.doc = secureboot_doc();
                        items.push(item);
                    } else {
                        let mut item = link("ISO", url);
                        if metal {
                            item.doc = doc(
                                "ISO documentation",
                                format!(
                                    "{docs}/platform-specific-installations/bare-metal-platforms/iso/"
                                ),
                            );
                        }
                        items.push(item);
                    }
                }
                BootMethod::Pxe => {
                    let label = if secureboot {
                        "SecureBoot PXE (iPXE script)"
                    } else {
                        "PXE boot (iPXE script)"
                    };
                    let mut item = Item {
                        label: label.to_string(),
                        kind: ItemKind::Copy,
                        value: pxe_script_url(resolved),
                        doc: None,
                    };
                    if metal {
                        item.doc = doc(
                            "PXE documentation",
                            format!(
                                "{docs}/platform-specific-installations/bare-metal-platforms/pxe/"
                            ),
                        );
                    }
                    items.push(item);
                }
            }
        }
        if metal {
            "Here are the options for the initial boot of Talos Linux on a bare-metal machine or a generic virtual machine:".to_string()
        } else {
            format!(
                "Here are the options for the initial boot of Talos Linux on {}:",
                platform.label
            )
        }
    };
    section(SectionId::FirstBoot, "First Boot", intro, items)
}

fn documentation(resolved: &Resolved) -> Section {
    let version = resolved.version();
    let docs = docs_root(version);
    let short = format!("v{}", version.short());
    let mut items = vec![
        link(
            &format!("What's New in Talos {short}"),
            format!("{docs}/getting-started/what's-new-in-talos/"),
        ),
        link(
            &format!("Support Matrix for {short}"),
            format!("{docs}/getting-started/support-matrix/"),
        ),
        link(
            "Getting Started Guide",
            format!("{docs}/getting-started/getting-started/"),
        ),
    ];
    if resolved.is_metal() {
        items.push(link(
            "Bare-metal Network Configuration",
            format!("{docs}/platform-specific-installations/bare-metal-platforms/network-config/"),
        ));
    } else {
        let documentation = match resolved.board {
            Some(board) => board.documentation,
            None => resolved.platform.documentation,
        };
        items.push(link(
            &format!("{} Guide", resolved.target_label()),
            format!("{docs}{}", documentation.unwrap_or("")),
        ));
    }
    if resolved.secureboot {
        items.push(link(
            "SecureBoot Guide",
            format!("{docs}/platform-specific-installations/bare-metal-platforms/secureboot/"),
        ));
    }
    if version.at_least(&PRODUCTION_GUIDE_MIN_VERSION) {
        items.push(link(
            "Production Cluster Guide",
            format!("{docs}/getting-started/prodnotes/"),
        ));
    }
    if version.at_least(&TROUBLESHOOTING_MIN_VERSION) {
        items.push(link(
            "Troubleshooting Guide",
            format!("{docs}/troubleshooting/troubleshooting/"),
        ));
    }
    section(
        SectionId::Documentation,
        "Documentation",
        String::new(),
        items,
    )
}

fn extra_assets(resolved: &Resolved) -> Section {
    let items = links::assets(resolved)
        .into_iter()
        .filter(|asset| {
            !matches!(
                asset.kind,
                links::AssetKind::Iso | links::AssetKind::DiskImage
            )
        })
        .map(|asset| link(&asset.label, asset.url))
        .collect();
    section(SectionId::ExtraAssets, "Extra Assets", String::new(), items)
}

fn enterprise(id: SectionId, title: &str, text: &str) -> Section {
    let mut section = section(id, title, text.to_string(), Vec::new());
    section.links.push(DocLink {
        label: "Learn more.".to_string(),
        url: ENTERPRISE_URL.to_string(),
    });
    section
}
