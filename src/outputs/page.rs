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
use crate::i18n::Text;
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

fn link(label: Text, url: String) -> Item {
    Item {
        label,
        kind: ItemKind::Link,
        value: url,
        doc: None,
    }
}

fn doc(label: Text, url: String) -> Option<DocLink> {
    Some(DocLink { label, url })
}

fn section(id: SectionId, title: Text, intro: Option<Text>, items: Vec<Item>) -> Section {
    Section {
        id,
        title,
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
            Text::out_local_cluster_title(),
            Some(Text::out_local_cluster_intro()),
            vec![Item {
                label: Text::out_local_cluster_command(),
                kind: ItemKind::Code,
                value: command,
                doc: None,
            }],
        ));
    }
    let mut booter = section(
        SectionId::Booter,
        Text::out_booter_title(),
        Some(Text::out_booter_intro()),
        vec![Item {
            label: Text::out_booter_command(),
            kind: ItemKind::Code,
            value: booter_command(resolved),
            doc: None,
        }],
    );
    booter.links.push(DocLink {
        label: Text::out_booter_github(),
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
        Text::out_installer_intro_initial()
    } else {
        Text::out_installer_intro_upgrade()
    };
    let mut installer_section = section(
        SectionId::Installer,
        Text::out_installer_title(),
        Some(intro),
        vec![Item {
            label: Text::out_installer_image(),
            kind: ItemKind::Copy,
            value: installer.to_string(),
            doc: None,
        }],
    );
    installer_section.links.push(DocLink {
        label: Text::out_upgrade_guide(),
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
        installer_section.notes.push(note);
    }
    installer_section
}

pub(crate) fn first_boot(resolved: &Resolved) -> Section {
    let version = resolved.version();
    let bare_metal = |page: &str| docs_url(version, &format!("{BARE_METAL_DOCS}/{page}/"));
    let secureboot_doc = || doc(Text::out_secureboot_docs(), bare_metal("secureboot"));
    let (platform, arch, secureboot, metal) = (
        resolved.platform,
        resolved.arch,
        resolved.secureboot,
        resolved.is_metal(),
    );
    let mut items = Vec::new();
    let intro = if let Some(board) = resolved.board {
        items.push(link(
            Text::out_disk_image(),
            image_url(resolved, BOARD_DISK_IMAGE_PATH),
        ));
        Text::out_first_boot_board(board.label)
    } else {
        for method in platform.boot_methods {
            match method {
                BootMethod::DiskImage => {
                    let Some(suffix) = platform.disk_suffix else {
                        continue;
                    };
                    if secureboot {
                        let path = links::disk_image_path(platform.name, arch, true, suffix);
                        let mut item = link(
                            Text::out_secureboot_disk_image(),
                            image_url(resolved, &path),
                        );
                        if metal {
                            item.doc = secureboot_doc();
                        }
                        items.push(item);
                    } else if metal {
                        items.push(link(
                            Text::out_disk_image_format("raw"),
                            image_url(
                                resolved,
                                &links::disk_image_path("metal", arch, false, suffix),
                            ),
                        ));
                        items.push(link(
                            Text::out_disk_image_format("qcow2"),
                            image_url(
                                resolved,
                                &links::disk_image_path("metal", arch, false, "qcow2"),
                            ),
                        ));
                    } else {
                        items.push(link(
                            Text::out_disk_image(),
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
                        let mut item = link(Text::out_secureboot_iso(), url);
                        item.doc = secureboot_doc();
                        items.push(item);
                    } else {
                        let mut item = link(Text::out_iso(), url);
                        if metal {
                            item.doc = doc(Text::out_iso_docs(), bare_metal("iso"));
                        }
                        items.push(item);
                    }
                }
                BootMethod::Pxe => {
                    let label = if secureboot {
                        Text::out_secureboot_pxe()
                    } else {
                        Text::out_pxe()
                    };
                    let mut item = Item {
                        label,
                        kind: ItemKind::Copy,
                        value: pxe_script_url(resolved),
                        doc: None,
                    };
                    if metal {
                        item.doc = doc(Text::out_pxe_docs(), bare_metal("pxe"));
                    }
                    items.push(item);
                }
            }
        }
        if metal {
            Text::out_first_boot_metal()
        } else {
            Text::out_first_boot_platform(platform.label)
        }
    };
    section(
        SectionId::FirstBoot,
        Text::out_first_boot_title(),
        Some(intro),
        items,
    )
}

fn documentation(resolved: &Resolved) -> Section {
    let version = resolved.version();
    let short = format!("v{}", version.short());
    let mut items = vec![
        link(Text::out_whats_new(&short), whats_new_url(version)),
        link(
            Text::out_support_matrix(&short),
            support_matrix_url(version),
        ),
        link(
            Text::out_getting_started(),
            docs_url(version, "/getting-started/getting-started/"),
        ),
    ];
    if resolved.is_metal() {
        items.push(link(
            Text::out_metal_network(),
            docs_url(version, &format!("{BARE_METAL_DOCS}/network-config/")),
        ));
    } else {
        let documentation = match resolved.board {
            Some(board) => board.documentation,
            None => resolved.platform.documentation,
        };
        items.push(link(
            Text::out_target_guide(resolved.target_label()),
            platform_docs_url(version, documentation),
        ));
    }
    if resolved.secureboot {
        items.push(link(
            Text::out_secureboot_guide(),
            docs_url(version, &format!("{BARE_METAL_DOCS}/secureboot/")),
        ));
    }
    if version.at_least(&PRODUCTION_GUIDE_MIN_VERSION) {
        items.push(link(
            Text::out_production_guide(),
            docs_url(version, "/getting-started/prodnotes/"),
        ));
    }
    if version.at_least(&TROUBLESHOOTING_MIN_VERSION) {
        items.push(link(
            Text::out_troubleshooting_guide(),
            docs_url(version, "/troubleshooting/troubleshooting/"),
        ));
    }
    section(
        SectionId::Documentation,
        Text::out_documentation_title(),
        None,
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
        .map(|asset| link(asset.label, asset.url))
        .collect();
    section(
        SectionId::ExtraAssets,
        Text::out_extra_assets_title(),
        None,
        items,
    )
}
