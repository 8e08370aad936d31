//! The "Images & links" page, after the factory UI's final page
//! (`internal/frontend/http/templates/wizard-final.html` of siderolabs/image-factory): its
//! sections, labels, links and version gates, each thing once. The schematic ID and YAML are
//! left to the result header; the installer reference appears once for installation and
//! upgrades.

use super::commands::{
    booter_command, kernel_args_notes, local_cluster_command, signed_installer_note,
};
use super::links::{
    self, docs_url, image_url, platform_docs_url, pxe_script_url, support_matrix_url, whats_new_url,
};
use super::{DocLink, Item, ItemKind, Resolved, Section, SectionId};
use crate::platforms::{BOARD_DISK_IMAGE_PATH, BootMethod};
use crate::version::TalosVersion;

/// "Production Cluster Guide" (strict gate).
const PRODUCTION_GUIDE_MIN_VERSION: TalosVersion = TalosVersion::new(1, 5, 0);
/// "Troubleshooting Guide" (strict gate).
const TROUBLESHOOTING_MIN_VERSION: TalosVersion = TalosVersion::new(1, 6, 0);
const BOOTER_URL: &str = "https://github.com/siderolabs/booter";
/// The upgrade guide under the docs root.
const UPGRADE_GUIDE_PATH: &str =
    "/configure-your-talos-cluster/lifecycle-management/upgrading-talos/";
/// The bare-metal guides under the docs root.
const BARE_METAL_DOCS: &str = "/platform-specific-installations/bare-metal-platforms";

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

/// The page's sections in the factory UI's order (`wizard-final.html`), each thing once: no
/// schematic ID or YAML (the result header shows them), one installer section for installation
/// and upgrades, no vendor notices.
pub fn page(resolved: &Resolved, installer: &str) -> Vec<Section> {
    let mut sections = vec![first_boot(resolved), installer_section(resolved, installer)];
    if let Some(command) = local_cluster_command(resolved) {
        sections.push(section(
            SectionId::LocalTestCluster,
            "Local Test Cluster",
            "To create a local Talos Linux test cluster from this schematic on macOS (Apple Silicon) or Linux, run:".to_string(),
            vec![Item { label: "talosctl cluster create command".to_string(), kind: ItemKind::Code, value: command, doc: None }],
        ));
    }
    let mut booter = section(
        SectionId::Booter,
        "PXE Boot with booter",
        "To easily PXE boot bare-metal machines using booter with this schematic, run the following command on a host in the same subnet:".to_string(),
        vec![Item { label: "booter command".to_string(), kind: ItemKind::Code, value: booter_command(resolved), doc: None }],
    );
    booter.links.push(DocLink {
        label: "booter on GitHub".to_string(),
        url: BOOTER_URL.to_string(),
    });
    sections.push(booter);
    sections.push(documentation(resolved));
    if resolved.is_metal() {
        sections.push(extra_assets(resolved));
    }
    sections
}

/// The First Boot section of `sections` (the page always has one).
pub fn first_boot_section(sections: &[Section]) -> Option<&Section> {
    sections
        .iter()
        .find(|section| section.id == SectionId::FirstBoot)
}

/// The factory UI's "Initial Installation" and "Upgrading Talos Linux" merged: both show the
/// same installer image. The initial installation applies where the factory shows it (metal,
/// and cloud platforms that do not boot only from a disk image); the kernel argument notes of
/// the customization step apply to both, so they appear once.
fn installer_section(resolved: &Resolved, installer: &str) -> Section {
    let initial_installation =
        resolved.is_metal() || (resolved.is_cloud() && resolved.platform.not_only_disk_image());
    let intro = if initial_installation {
        "For the initial installation (not needed when booting a disk image), set this installer image in the machine configuration (machine.install.image); upgrade with the same image:"
    } else {
        "To upgrade Talos Linux on the machine, use this installer image:"
    };
    let mut installer_section = section(
        SectionId::Installer,
        "Installation and upgrades",
        intro.to_string(),
        vec![Item {
            label: "Installer image".to_string(),
            kind: ItemKind::Copy,
            value: installer.to_string(),
            doc: None,
        }],
    );
    installer_section.links.push(DocLink {
        label: "Upgrading Talos Linux guide".to_string(),
        url: docs_url(resolved.version(), UPGRADE_GUIDE_PATH),
    });
    if !resolved
        .request
        .schematic
        .customization
        .extra_kernel_args
        .is_empty()
    {
        installer_section.notes = kernel_args_notes(resolved.version(), resolved.secureboot);
    }
    if let Some(note) = signed_installer_note(resolved.version(), resolved.secureboot) {
        installer_section.notes.push(note.to_string());
    }
    installer_section
}

pub(crate) fn first_boot(resolved: &Resolved) -> Section {
    let version = resolved.version();
    let bare_metal = |page: &str| docs_url(version, &format!("{BARE_METAL_DOCS}/{page}/"));
    let secureboot_doc = || doc("SecureBoot documentation", bare_metal("secureboot"));
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
                            item.doc = doc("ISO documentation", bare_metal("iso"));
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
                        item.doc = doc("PXE documentation", bare_metal("pxe"));
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
    let short = format!("v{}", version.short());
    let mut items = vec![
        link(
            &format!("What's New in Talos {short}"),
            whats_new_url(version),
        ),
        link(
            &format!("Support Matrix for {short}"),
            support_matrix_url(version),
        ),
        link(
            "Getting Started Guide",
            docs_url(version, "/getting-started/getting-started/"),
        ),
    ];
    if resolved.is_metal() {
        items.push(link(
            "Bare-metal Network Configuration",
            docs_url(version, &format!("{BARE_METAL_DOCS}/network-config/")),
        ));
    } else {
        let documentation = match resolved.board {
            Some(board) => board.documentation,
            None => resolved.platform.documentation,
        };
        items.push(link(
            &format!("{} Guide", resolved.target_label()),
            platform_docs_url(version, documentation),
        ));
    }
    if resolved.secureboot {
        items.push(link(
            "SecureBoot Guide",
            docs_url(version, &format!("{BARE_METAL_DOCS}/secureboot/")),
        ));
    }
    if version.at_least(&PRODUCTION_GUIDE_MIN_VERSION) {
        items.push(link(
            "Production Cluster Guide",
            docs_url(version, "/getting-started/prodnotes/"),
        ));
    }
    if version.at_least(&TROUBLESHOOTING_MIN_VERSION) {
        items.push(link(
            "Troubleshooting Guide",
            docs_url(version, "/troubleshooting/troubleshooting/"),
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
