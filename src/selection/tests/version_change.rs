use std::path::PathBuf;

use super::v;
use crate::catalog::{ExtensionInfo, OverlayInfo, parse_extensions, parse_overlays};
use crate::platforms::TargetKind;
use crate::selection::{
    BootloaderChoice, CustomOverlay, GatedOption, Selection, VersionFinding, extension_replacement,
    supports_bootloader, supports_embedded_config, supports_overlay, supports_secureboot,
    version_change_findings,
};

fn fixture(kind: &str, version: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/data/factory/{kind}/{version}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn catalogs(version: &str) -> (Vec<ExtensionInfo>, Vec<OverlayInfo>) {
    (
        parse_extensions(&fixture("extensions", version)).unwrap(),
        parse_overlays(&fixture("overlays", version)).unwrap(),
    )
}

fn findings(selection: &Selection, version: &str) -> Vec<VersionFinding> {
    let (extensions, overlays) = catalogs(version);
    version_change_findings(selection, &v(version), Some(&extensions), Some(&overlays))
}

fn gated(option: GatedOption) -> VersionFinding {
    VersionFinding::OptionUnsupported { option }
}

#[test]
fn gates_use_the_factory_comparisons() {
    assert!(!supports_secureboot(&v("1.5.0-rc.0")));
    assert!(supports_secureboot(&v("1.5.0")));
    assert!(supports_overlay(&v("1.7.0-alpha.0")));
    assert!(!supports_overlay(&v("1.6.7")));
    assert!(supports_embedded_config(&v("1.12.0-alpha.1")));
    assert!(!supports_embedded_config(&v("1.11.6")));
    assert!(!supports_bootloader(&v("1.12.0-alpha.1")));
    assert!(supports_bootloader(&v("1.12.0-alpha.2")));
    assert!(supports_bootloader(&v("1.12.0")));
}

#[test]
fn a_compatible_change_has_no_findings() {
    let selection = Selection {
        extensions: vec![
            "siderolabs/amd-ucode".into(),
            "siderolabs/iscsi-tools".into(),
        ],
        ..Selection::default()
    };
    assert_eq!(findings(&selection, "v1.13.9"), []);
    assert_eq!(findings(&selection, "v1.10.9"), []);
}

#[test]
fn missing_extensions_are_listed_with_renames() {
    let (extensions, _) = catalogs("v1.14.0-rc.1");
    assert_eq!(
        extension_replacement("siderolabs/v4l-uvc", &extensions).as_deref(),
        Some("siderolabs/v4l-uvc-drivers")
    );
    let (old_extensions, _) = catalogs("v1.5.5");
    let old_names: Vec<&str> = old_extensions.iter().map(|e| e.name.as_str()).collect();
    let selection = Selection {
        extensions: vec!["siderolabs/v4l-uvc".into(), "siderolabs/not-a-thing".into()],
        ..Selection::default()
    };
    let found = findings(&selection, "v1.14.0-rc.1");
    assert_eq!(
        found,
        [
            VersionFinding::ExtensionMissing {
                name: "siderolabs/v4l-uvc".into(),
                replacement: Some("siderolabs/v4l-uvc-drivers".into())
            },
            VersionFinding::ExtensionMissing {
                name: "siderolabs/not-a-thing".into(),
                replacement: None
            },
        ]
    );
    assert_eq!(
        found[0].document_text(),
        "extension siderolabs/v4l-uvc is not in this version's catalog; it is called siderolabs/v4l-uvc-drivers there"
    );
    // Going back: a new name that an old catalog only knows under its old name.
    if old_names.contains(&"siderolabs/gasket") {
        assert_eq!(
            extension_replacement("siderolabs/gasket-driver", &old_extensions).as_deref(),
            Some("siderolabs/gasket")
        );
    }
    assert_eq!(extension_replacement("siderolabs/zfs", &extensions), None);
}

#[test]
fn boards_and_platforms_follow_their_min_versions() {
    let pi5 = Selection {
        target: TargetKind::Sbc,
        board: crate::platforms::board("rpi_5").unwrap(),
        ..Selection::default()
    };
    assert_eq!(
        findings(&pi5, "v1.11.6"),
        [
            VersionFinding::BoardUnavailable {
                board: "rpi_5".into()
            },
            VersionFinding::OverlayMissing {
                name: "rpi_5".into()
            },
        ]
    );
    assert_eq!(findings(&pi5, "v1.13.9"), []);
    let pi = Selection {
        target: TargetKind::Sbc,
        ..Selection::default()
    };
    assert_eq!(
        findings(&pi, "v1.6.7"),
        [
            VersionFinding::BoardUnavailable {
                board: "rpi_generic".into()
            },
            gated(GatedOption::Overlay),
        ]
    );
    let alibaba = Selection {
        target: TargetKind::Cloud,
        platform: crate::platforms::cloud_platform("alibabacloud").unwrap(),
        ..Selection::default()
    };
    assert_eq!(
        findings(&alibaba, "v1.13.9"),
        [VersionFinding::PlatformUnavailable {
            platform: "alibabacloud".into()
        }]
    );
    assert_eq!(findings(&alibaba, "v1.14.0-rc.1"), []);
}

#[test]
fn custom_overlays_are_checked_against_the_overlay_catalog() {
    let selection = Selection {
        custom_overlay: Some(CustomOverlay {
            name: "my-board".into(),
            image: "example/sbc".into(),
        }),
        ..Selection::default()
    };
    assert_eq!(
        findings(&selection, "v1.13.9"),
        [VersionFinding::OverlayMissing {
            name: "my-board".into()
        }]
    );
    assert_eq!(
        version_change_findings(&selection, &v("1.13.9"), None, None),
        []
    );
}

#[test]
fn gated_options_are_reported() {
    let selection = Selection {
        secureboot: true,
        embedded_config: "version: v1alpha1\n".into(),
        bootloader: BootloaderChoice::SdBoot,
        ..Selection::default()
    };
    assert_eq!(
        findings(&selection, "v1.11.6"),
        [
            gated(GatedOption::EmbeddedConfig),
            gated(GatedOption::Bootloader)
        ]
    );
    assert_eq!(findings(&selection, "v1.12.11"), []);
    assert_eq!(
        version_change_findings(&selection, &v("1.4.8"), None, None),
        [
            gated(GatedOption::SecureBoot),
            gated(GatedOption::EmbeddedConfig),
            gated(GatedOption::Bootloader)
        ]
    );
    assert_eq!(
        gated(GatedOption::Bootloader).document_text(),
        "the bootloader choice needs Talos 1.12.0-alpha.2 or later"
    );
    assert_eq!(
        gated(GatedOption::EmbeddedConfig).document_text(),
        "the embedded machine configuration needs Talos 1.12.0 or later (pre-releases of it count)"
    );
}

/// The extension names of every listed version (`catalog-names-by-version.json`).
fn catalog_names() -> Vec<(String, Vec<ExtensionInfo>)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/factory/catalog-names-by-version.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let by_version = value["extensions"].as_object().unwrap();
    by_version
        .iter()
        .map(|(version, names)| {
            let infos = names
                .as_array()
                .unwrap()
                .iter()
                .map(|name| ExtensionInfo {
                    name: name.as_str().unwrap().to_string(),
                    reference: String::new(),
                    digest: String::new(),
                    author: String::new(),
                    description: String::new(),
                })
                .collect();
            (version.clone(), infos)
        })
        .collect()
}

#[test]
fn every_renamed_extension_is_offered_its_catalog_name_both_ways() {
    use crate::selection::{CATALOG_RENAMES, EXTENSION_ALIASES};
    let catalogs = catalog_names();
    let lists =
        |catalog: &[ExtensionInfo], name: &str| catalog.iter().any(|info| info.name == name);
    let newest = catalogs
        .iter()
        .max_by_key(|(version, _)| v(version))
        .unwrap();
    for &(old, _) in EXTENSION_ALIASES.iter().chain(CATALOG_RENAMES) {
        let Some((old_version, old_catalog)) =
            catalogs.iter().find(|(_, catalog)| lists(catalog, old))
        else {
            continue;
        };
        // The newest catalog offers a name it lists, and that name leads back to the old one.
        let new = extension_replacement(old, &newest.1).unwrap_or_else(|| {
            panic!(
                "{old} (listed in {old_version}) gets no replacement in {}",
                newest.0
            )
        });
        assert!(lists(&newest.1, &new));
        if !lists(old_catalog, &new) {
            assert_eq!(
                extension_replacement(&new, old_catalog).as_deref(),
                Some(old),
                "{new} back to {old_version}"
            );
        }
    }
}
