use std::path::PathBuf;

use serde::Deserialize;

use super::{en, strings, v};
use crate::platforms::{Arch, TargetKind};
use crate::schematic::test_support::on_small_stack;
use crate::schematic::{Bootloader, MetaValue, Schematic, Value};
use crate::selection::{
    BootloaderChoice, CustomOverlay, ExtensionOrder, Selection, SelectionError,
    overlay_options_text, parse_overlay_options,
};

fn data(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

/// A factory wizard link (its query) gives the schematic ID the factory UI shows.
fn check_link(query: &str, expected_id: &str) {
    let (selection, notices) = Selection::from_query(query);
    assert!(notices.is_empty(), "{query}: {notices:?}");
    let schematic = selection.to_schematic().unwrap();
    assert_eq!(
        schematic.id().as_str(),
        expected_id,
        "{query}\n{}",
        schematic.canonical_yaml()
    );
}

#[test]
fn factory_wizard_links_give_the_factory_ids() {
    // Empty schematic: a cloud image without extensions (public Packer template link).
    check_link(
        "arch=amd64&cmdline-set=true&extensions=-&platform=scaleway&target=cloud&version=1.12.6",
        "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
    );
    // Metal with one extension (Talos Proxmox guide ID).
    check_link(
        "arch=amd64&cmdline-set=true&extensions=-&extensions=siderolabs%2Fqemu-guest-agent&platform=metal&target=metal&version=1.9.4",
        "ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515",
    );
    // Cloud (nocloud) with two extensions; link and ID from a public Pulumi program.
    check_link(
        "arch=amd64&cmdline-set=true&extensions=-&extensions=siderolabs%2Fiscsi-tools&extensions=siderolabs%2Fqemu-guest-agent&platform=nocloud&target=cloud&version=1.9.5",
        "dc7b152cb3ea99b821fcb7340ce7168313ce393d663740b791c36f6e95fc8586",
    );
    // Bootloader auto is left out; link and ID from a public install guide.
    check_link(
        "arch=amd64&bootloader=auto&cmdline-set=true&extensions=-&extensions=siderolabs%2Fiscsi-tools&extensions=siderolabs%2Ftailscale&platform=metal&target=metal&version=1.12.0",
        "e2e3b54334c85fdef4d78e88f880d185e0ce0ba0c9b5861bb5daa1cd6574db9b",
    );
    // Extensions picked out of order are sorted byte-wise.
    check_link(
        "target=metal&version=1.10.9&extensions=siderolabs%2Fintel-ucode&extensions=siderolabs%2Famd-ucode",
        "9f14d3d939d420f57d8ee3e64c4c2cd29ecb6fa10da4e1c8ac99da4b04d5e463",
    );
    // Pre-release version.
    check_link(
        "target=metal&version=1.14.0-rc.1&extensions=siderolabs%2Fgvisor",
        "d9ff89777e246792e7642abd3220a616afb4e49822382e4213a2e528ab826fe5",
    );
    // SecureBoot changes links, not the schematic.
    check_link(
        "target=metal&version=1.10.0&secureboot=true",
        "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
    );
    // Kernel arguments split on spaces.
    check_link(
        "target=metal&version=1.10.0&cmdline=noapic+nolapic",
        "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c",
    );
    check_link(
        "target=metal&version=1.11.0&cmdline=net.ifnames%3D0&extensions=siderolabs%2Fintel-ucode&extensions=siderolabs%2Fgvisor",
        "b8e8fbbe1b520989e6c52c8dc8303070cb42095997e76e812fa8892393e1d176",
    );
    // Bootloader where the version supports it, dropped where it does not.
    check_link(
        "target=metal&version=1.12.0&bootloader=grub",
        "39d496b2cbdb6265d3b714514c5334bf010f1b4d31b23b9e38c80fb2f3ad7ecb",
    );
    check_link(
        "target=metal&version=1.12.0-alpha.2&bootloader=sd-boot",
        "9ed5fecdacb36b5c5427b87d409f1065cfb2df69b0f71c58b868d9d466d8dab3",
    );
    check_link(
        "target=metal&version=1.11.6&bootloader=grub",
        "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
    );
    // Boards: overlay name and image from the board table (param ≠ overlay name for some).
    check_link(
        "target=sbc&version=1.11.0&board=rpi_generic&arch=arm64",
        "ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
    );
    check_link(
        "target=sbc&version=1.11.0&board=nanopi_r4s",
        "5f74a09891d5830f0b36158d3d9ea3b1c9cc019848ace08ff63ba255e38c8da4",
    );
    check_link(
        "target=sbc&version=1.11.0&board=rockpi_4",
        "25d2690bb48685de5939edd6dee83a0e09591311e64ad03c550de00f8a521f51",
    );
    // Board with overlay options.
    check_link(
        "target=sbc&version=1.10.0&board=rpi_generic&overlay-options=a%3A+1",
        "52e5d101b9a63051a27770fc100d5396a5072b10ab3c54192621e3ddbab96339",
    );
}

#[test]
fn extra_parameters_reproduce_other_tools_ids() {
    // Extension order kept as given (as talhelper and terraform submit it).
    check_link(
        "target=metal&order=given&extensions=siderolabs%2Fi915-ucode&extensions=siderolabs%2Famdgpu-firmware",
        "838b9b4504a5600db14dbbb2abc128c32b3fc3c145781adf8ce23b2d79e4246e",
    );
    check_link(
        "target=metal&meta=10%3Afoo",
        "d308a2a5ee2277bed5fbaa104fcbc8d59122abfa737df987a95b4ca763459a7f",
    );
    check_link(
        "target=metal&well-known-certs=true",
        "fa8e05f142a851d3ee568eb0a8e5841eaf6b0ebc8df9a63df16ac5ed2c04f3e6",
    );
    check_link(
        "target=metal&sector-size=4096",
        "92833e9ddd9bb9e11b2464fa5525429f01866306d52ebd882ee08d7918f6d1ea",
    );
}

#[derive(Deserialize)]
struct OptionsFile {
    vectors: Vec<OptionsVector>,
}

#[derive(Deserialize)]
struct OptionsVector {
    options_yaml_text: String,
    id: Option<String>,
    server_error: Option<String>,
}

#[test]
fn overlay_options_typed_as_yaml_give_the_factory_ids() {
    let file: OptionsFile =
        serde_json::from_str(&data("tests/data/vectors/overlay-options-yaml.json")).unwrap();
    assert_eq!(file.vectors.len(), 82);
    let mut checked = 0;
    for vector in &file.vectors {
        let selection = Selection {
            target: TargetKind::Sbc,
            version: Some(v("1.10.0")),
            overlay_options: vector.options_yaml_text.clone(),
            ..Selection::default()
        };
        match (&vector.id, &vector.server_error) {
            (Some(id), _) => match selection.to_schematic() {
                Ok(schematic) => {
                    assert_eq!(
                        schematic.id().as_str(),
                        id,
                        "{:?}",
                        vector.options_yaml_text
                    );
                    checked += 1;
                }
                // The schematic module refuses shapes whose bytes it cannot reproduce; those
                // must say so rather than give a wrong ID.
                Err(error) => assert!(
                    matches!(error, SelectionError::OverlayOptions { .. }),
                    "{:?}: {error:?}",
                    vector.options_yaml_text
                ),
            },
            (None, Some(_)) => assert!(
                selection.to_schematic().is_err(),
                "{:?} should be rejected",
                vector.options_yaml_text
            ),
            (None, None) => panic!("vector without id or error"),
        }
    }
    assert!(checked >= 75, "only {checked} option vectors checked");
}

#[test]
fn option_errors_point_into_the_options_text() {
    let error = parse_overlay_options("a: 1\nb: [unclosed\n").unwrap_err();
    let SelectionError::OverlayOptions { line, message, .. } = &error;
    assert!(line.is_some_and(|line| line <= 3), "{error:?}");
    assert!(!en(message).is_empty());
    let shown = en(&error.text());
    assert!(shown.starts_with("invalid overlay options: "), "{shown}");
    assert!(shown.ends_with(")"), "{shown}");
    let error = parse_overlay_options("  - a\n  - b\n").unwrap_err();
    assert!(
        matches!(error, SelectionError::OverlayOptions { .. }),
        "{error:?}"
    );
    let error = parse_overlay_options("a: 1\nkey: value\n\tbad: tab\n").unwrap_err();
    if let SelectionError::OverlayOptions {
        line: Some(line), ..
    } = error
    {
        assert!(line >= 2, "line {line}");
    }
}

#[test]
fn empty_or_null_options_give_no_options() {
    for text in ["", "\n\n", "# just a comment\n", "null", "~", "{}"] {
        assert_eq!(parse_overlay_options(text), Ok(Vec::new()), "{text:?}");
    }
    assert_eq!(
        parse_overlay_options("\u{feff}a: 1\r\nb: x\r\n"),
        Ok(vec![
            ("a".to_string(), Value::Int(1)),
            ("b".to_string(), Value::Str("x".into()))
        ])
    );
    assert_eq!(
        parse_overlay_options("{\"configTxt\": \"dtoverlay=x\"}"),
        Ok(vec![(
            "configTxt".to_string(),
            Value::Str("dtoverlay=x".into())
        )])
    );
}

#[test]
fn options_are_kept_only_where_the_version_supports_overlays() {
    let selection = Selection {
        target: TargetKind::Sbc,
        overlay_options: "a: 1".into(),
        ..Selection::default()
    };
    assert_eq!(
        selection.to_schematic().unwrap().overlay.options.len(),
        1,
        "no version: kept"
    );
    assert_eq!(selection.overlay_options_to_decode(), Some("a: 1"));
    let old = Selection {
        version: Some(v("1.6.7")),
        ..selection.clone()
    };
    let schematic = old.to_schematic().unwrap();
    assert!(schematic.overlay.options.is_empty());
    assert_eq!(old.overlay_options_to_decode(), None, "nothing to decode");
    assert_eq!(schematic.overlay.name, "rpi_generic");
    let metal = Selection {
        target: TargetKind::Metal,
        ..selection
    };
    assert_eq!(
        metal.to_schematic().unwrap().overlay,
        Default::default(),
        "metal has no overlay"
    );
    assert_eq!(metal.overlay_options_to_decode(), None);
}

#[test]
fn options_decoded_elsewhere_give_the_same_schematic() {
    let board = Selection {
        target: TargetKind::Sbc,
        overlay_options: "configTxt: |\n  dtparam=audio=on\nn: 1\n".into(),
        ..Selection::default()
    };
    let custom = Selection {
        target: TargetKind::Metal,
        custom_overlay: Some(CustomOverlay {
            name: "x".into(),
            image: "example/overlay".into(),
        }),
        ..board.clone()
    };
    let blank = Selection {
        overlay_options: " \r\n".into(),
        ..board.clone()
    };
    for selection in [board, custom, blank] {
        let options = match selection.overlay_options_to_decode() {
            Some(text) => parse_overlay_options(text).unwrap(),
            None => Vec::new(),
        };
        assert_eq!(
            selection.to_schematic_with(options),
            selection.to_schematic().unwrap()
        );
    }
    let broken = Selection {
        target: TargetKind::Sbc,
        overlay_options: "a: [".into(),
        ..Selection::default()
    };
    assert_eq!(broken.overlay_options_to_decode(), Some("a: ["));
    assert!(broken.to_schematic().is_err());
}

#[test]
fn gated_fields_follow_the_version() {
    let selection = Selection {
        embedded_config: "apiVersion: v1alpha1\nkind: HostnameConfig\n".into(),
        bootloader: BootloaderChoice::DualBoot,
        ..Selection::default()
    };
    let kept = selection.to_schematic().unwrap().customization;
    assert_eq!(kept.bootloader, Bootloader::DualBoot);
    assert!(!kept.embedded_machine_configuration.is_empty());
    let at = |version: &str| {
        Selection {
            version: Some(v(version)),
            ..selection.clone()
        }
        .to_schematic()
        .unwrap()
        .customization
    };
    assert!(at("1.11.6").embedded_machine_configuration.is_empty());
    assert_eq!(at("1.11.6").bootloader, Bootloader::None);
    assert!(
        !at("1.12.0-alpha.1")
            .embedded_machine_configuration
            .is_empty(),
        "quirk gate"
    );
    assert_eq!(
        at("1.12.0-alpha.1").bootloader,
        Bootloader::None,
        "strict gate"
    );
    assert_eq!(at("1.12.0-alpha.2").bootloader, Bootloader::DualBoot);
}

#[test]
fn custom_overlays_apply_to_other_targets() {
    let selection = Selection {
        target: TargetKind::Metal,
        custom_overlay: Some(CustomOverlay {
            name: "rpi_generic".into(),
            image: "ghcr.io/siderolabs/sbc-raspberrypi:v0.1.0".into(),
        }),
        kernel_args: strings(&["noapic", "nolapic"]),
        ..Selection::default()
    };
    let schematic = selection.to_schematic().unwrap();
    assert_eq!(
        schematic.overlay.image,
        "ghcr.io/siderolabs/sbc-raspberrypi:v0.1.0"
    );
    assert_eq!(
        Selection::from_schematic(&schematic)
            .to_schematic()
            .unwrap(),
        schematic
    );
}

#[derive(Deserialize)]
struct FactoryVector {
    canonical_yaml: String,
}

#[test]
fn every_factory_vector_imports_and_rebuilds_identically() {
    let vectors: Vec<FactoryVector> =
        serde_json::from_str(&data("tests/data/vectors/factory-tests.json")).unwrap();
    for vector in &vectors {
        let schematic = Schematic::from_yaml(&vector.canonical_yaml).unwrap();
        let selection = Selection::from_schematic(&schematic);
        let rebuilt = selection.to_schematic().unwrap();
        assert_eq!(rebuilt.canonical_yaml(), vector.canonical_yaml);
        let (from_link, _) = Selection::from_query(&selection.to_query());
        assert_eq!(
            Selection {
                embedded_config: selection.embedded_config.clone(),
                ..from_link
            }
            .to_schematic()
            .unwrap()
            .canonical_yaml(),
            vector.canonical_yaml,
            "through the link"
        );
    }
}

#[test]
fn importing_sets_target_board_and_order() {
    let schematic = Schematic::from_yaml(
        "overlay:\n  name: nanopi-r4s\n  image: siderolabs/sbc-rockchip\n  options:\n    b: 2\n    a: [x]\ncustomization:\n  systemExtensions:\n    officialExtensions: [siderolabs/zfs, siderolabs/amd-ucode]\n  meta:\n    - {key: 12, value: \"x\"}\n  bootloader: grub\n  secureboot: {enrollKeys: force}\n",
    )
    .unwrap();
    let selection = Selection::from_schematic(&schematic);
    assert_eq!(selection.target, TargetKind::Sbc);
    assert_eq!(selection.board.param, "nanopi_r4s");
    assert_eq!(selection.arch, Arch::Arm64);
    assert_eq!(selection.extension_order, ExtensionOrder::AsGiven);
    assert_eq!(
        selection.meta,
        [MetaValue {
            key: 12,
            value: "x".into()
        }]
    );
    assert_eq!(selection.bootloader, BootloaderChoice::Grub);
    assert_eq!(
        selection.enroll_keys,
        Some(crate::selection::EnrollKeys::Force)
    );
    assert_eq!(selection.overlay_options, "a:\n    - x\nb: 2\n");
    assert_eq!(selection.to_schematic().unwrap().id(), schematic.id());
    let sorted = Schematic::from_yaml(
        "customization:\n  systemExtensions:\n    officialExtensions: [siderolabs/amd-ucode, siderolabs/zfs]\n",
    )
    .unwrap();
    let current = Selection {
        target: TargetKind::Sbc,
        version: Some(v("1.12.0")),
        pending_schematic_id: Some("0".repeat(64).parse().unwrap()),
        ..Selection::default()
    };
    let imported = current.with_schematic(&sorted);
    assert_eq!(imported.extension_order, ExtensionOrder::Sorted);
    assert_eq!(
        imported.target,
        TargetKind::Metal,
        "no board overlay: leaves the board target"
    );
    assert_eq!(imported.version, Some(v("1.12.0")), "version kept");
    assert_eq!(imported.pending_schematic_id, None);
}

#[test]
fn options_text_round_trips() {
    let options = vec![
        (
            "z".to_string(),
            Value::Seq(vec![Value::Int(1), Value::Str("on".into())]),
        ),
        (
            "a".to_string(),
            Value::Map(vec![("k".to_string(), Value::Bool(true))]),
        ),
    ];
    let text = overlay_options_text(&options);
    let parsed = parse_overlay_options(&text).unwrap();
    assert_eq!(overlay_options_text(&parsed), text);
    assert_eq!(overlay_options_text(&[]), "");
}

/// An imported schematic's options, however deep go-yaml reads them (aliases nest them past
/// the reader's limit), go through the options text and come back identical, with the same
/// ID, on a 1 MiB (wasm) stack; past what any text can carry (19,997 levels) the options
/// field reports the reader's error.
#[test]
fn deep_imported_options_round_trip_through_the_selection() {
    on_small_stack(|| {
        for depth in [200, 9_997, 9_998, 19_997, 19_998] {
            let mut value = Value::Map(vec![("leaf".into(), Value::Str("a: b".into()))]);
            for _ in 1..depth {
                value = Value::Seq(vec![value]);
            }
            let mut schematic = Schematic::default();
            schematic.overlay.options = vec![("k".into(), value), ("n".into(), Value::Int(1))];
            let rebuilt = Selection::from_schematic(&schematic).to_schematic();
            if depth <= 19_997 {
                let rebuilt = rebuilt.unwrap();
                assert!(rebuilt == schematic, "{depth}");
                assert_eq!(rebuilt.id(), schematic.id());
            } else {
                assert!(en(&rebuilt.unwrap_err().text()).contains("exceeded max depth of 10000"));
            }
        }
    });
}

#[test]
fn an_imported_enroll_keys_value_outside_the_offered_ones_is_kept() {
    use crate::schematic::Schematic;
    use crate::selection::{EnrollKeys, Selection};
    let schematic =
        Schematic::from_yaml("customization:\n    secureboot:\n        enrollKeys: later\n")
            .unwrap();
    let selection = Selection::default().with_schematic(&schematic);
    assert_eq!(
        selection.enroll_keys,
        Some(EnrollKeys::Other("later".into()))
    );
    assert_eq!(selection.to_schematic().unwrap().id(), schematic.id());
    assert_eq!(EnrollKeys::from_schematic(""), None);
    assert_eq!(
        EnrollKeys::from_schematic("if-safe"),
        Some(EnrollKeys::IfSafe)
    );
}
