use super::{strings, v};
use crate::outputs::{self, OutputRequest, ProxmoxOptions, Target};
use crate::platforms::{Arch, TargetKind};
use crate::selection::{Selection, Settings};

/// The request for `selection` at 1.13.9 with the schematic it makes.
fn request(selection: &Selection) -> OutputRequest {
    let schematic = selection.to_schematic().unwrap();
    let yaml = schematic.canonical_yaml();
    let id = schematic.id().to_string();
    selection.output_request(v("1.13.9"), schematic, yaml, id)
}

#[test]
fn a_nocloud_selection_maps_every_field() {
    let proxmox = ProxmoxOptions {
        vm_id: 120,
        vm_name: "worker".into(),
        storage: "ceph".into(),
        bridge: "vmbr2".into(),
        download_dir: "/var/tmp".into(),
        memory_mib: 2048,
        cores: 8,
        disk_size_gib: 40,
    };
    let selection = Selection {
        target: TargetKind::Cloud,
        version: Some(v("1.13.9")),
        platform: crate::platforms::cloud_platform("nocloud").unwrap(),
        arch: Arch::Arm64,
        secureboot: true,
        extensions: strings(&["siderolabs/qemu-guest-agent"]),
        disk_format: Some("qcow2".into()),
        proxmox: proxmox.clone(),
        settings: Settings {
            factory_url: Some("https://f.example.com".into()),
            registry_host: Some("r.example.com".into()),
            pxe_url: None,
        },
        ..Selection::default()
    };
    let schematic = selection.to_schematic().unwrap();
    let yaml = schematic.canonical_yaml();
    let id = schematic.id().to_string();
    let mut expected = OutputRequest::new(
        Target::Cloud {
            platform: "nocloud".into(),
        },
        Arch::Arm64,
        v("1.13.9"),
        schematic,
        yaml,
        id,
    );
    expected.settings = outputs::Settings {
        factory_url: "https://f.example.com".into(),
        registry_host: "r.example.com".into(),
        // No PXE URL of its own: a custom factory serves PXE too.
        pxe_url: "https://f.example.com".into(),
    };
    expected.secureboot = true;
    expected.disk_format = Some("qcow2".into());
    expected.proxmox = proxmox;
    assert_eq!(request(&selection), expected);
}

#[test]
fn boards_are_arm64_and_single_arch_platforms_use_their_arch() {
    let board = Selection {
        target: TargetKind::Sbc,
        board: crate::platforms::board("rock5b").unwrap(),
        arch: Arch::Amd64,
        ..Selection::default()
    };
    let board_request = request(&board);
    assert_eq!(
        board_request.target,
        Target::Sbc {
            board: "rock5b".into()
        }
    );
    assert_eq!(board_request.arch, Arch::Arm64);
    let metal = request(&Selection::default());
    assert_eq!(metal.target, Target::Metal);
    assert_eq!(metal.arch, Arch::Amd64);
    assert_eq!(metal.settings, outputs::Settings::default());
    assert_eq!(metal.proxmox, ProxmoxOptions::default());
    assert!(!metal.secureboot);
    assert_eq!(metal.disk_format, None);
    assert!(metal.downloads.is_empty() && metal.node.is_empty());
    assert_eq!(metal.talosctl_files, None);
    let platform = crate::platforms::CLOUD_PLATFORMS
        .iter()
        .find(|platform| platform.only_arch().is_some())
        .unwrap();
    let single = Selection {
        target: TargetKind::Cloud,
        platform,
        arch: Arch::Arm64,
        ..Selection::default()
    };
    assert_eq!(platform.only_arch(), Some(Arch::Amd64));
    assert_eq!(
        request(&single).arch,
        Arch::Amd64,
        "the chosen arm64 does not apply"
    );
}

#[test]
fn the_request_makes_outputs() {
    let selection = Selection {
        target: TargetKind::Cloud,
        platform: crate::platforms::cloud_platform("nocloud").unwrap(),
        ..Selection::default()
    };
    let outputs = outputs::outputs(&request(&selection)).unwrap();
    assert!(outputs.proxmox.is_some());
}
