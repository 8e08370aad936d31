use super::strings;
use crate::platforms::{Arch, TargetKind};
use crate::schematic::Bootloader;
use crate::selection::{BootloaderChoice, ExtensionOrder, Selection};

#[test]
fn defaults_are_the_factory_ui_defaults() {
    let selection = Selection::default();
    assert_eq!(selection.target, TargetKind::Metal);
    assert_eq!(selection.version, None);
    assert_eq!(selection.platform.name, "aws");
    assert_eq!(selection.board.param, "rpi_generic");
    assert_eq!(selection.arch, Arch::Amd64);
    assert_eq!(selection.bootloader, BootloaderChoice::Auto);
    assert_eq!(selection.extension_order, ExtensionOrder::Sorted);
}

#[test]
fn effective_arch_is_forced_for_boards_and_single_arch_platforms() {
    let mut selection = Selection {
        arch: Arch::Arm64,
        ..Selection::default()
    };
    assert_eq!(selection.effective_arch(), Arch::Arm64);
    assert!(!selection.is_arch_forced());
    selection.target = TargetKind::Cloud;
    selection.platform = crate::platforms::cloud_platform("hcloud").unwrap();
    assert_eq!(selection.effective_arch(), Arch::Amd64);
    assert!(selection.is_arch_forced());
    selection.platform = crate::platforms::cloud_platform("gcp").unwrap();
    assert_eq!(selection.effective_arch(), Arch::Arm64);
    assert!(!selection.is_arch_forced());
    selection.target = TargetKind::Sbc;
    selection.arch = Arch::Amd64;
    assert_eq!(selection.effective_arch(), Arch::Arm64);
    assert!(selection.is_arch_forced());
}

#[test]
fn platform_name_is_metal_except_for_cloud() {
    let mut selection = Selection::default();
    assert_eq!(selection.platform_name(), "metal");
    selection.target = TargetKind::Sbc;
    assert_eq!(selection.platform_name(), "metal");
    assert_eq!(
        selection.board_info().map(|board| board.overlay_name),
        Some("rpi_generic")
    );
    selection.target = TargetKind::Cloud;
    assert_eq!(selection.platform_name(), "aws");
    assert_eq!(
        selection
            .cloud_platform_info()
            .map(|platform| platform.name),
        Some("aws")
    );
    assert!(selection.board_info().is_none());
}

#[test]
fn extensions_sort_byte_wise_or_keep_their_order() {
    let mut selection = Selection {
        extensions: strings(&[
            "siderolabs/zfs",
            "siderolabs/Zed",
            "siderolabs/amd-ucode",
            "siderolabs/amdgpu",
        ]),
        ..Selection::default()
    };
    assert_eq!(
        selection.ordered_extensions(),
        strings(&[
            "siderolabs/Zed",
            "siderolabs/amd-ucode",
            "siderolabs/amdgpu",
            "siderolabs/zfs"
        ])
    );
    selection.extension_order = ExtensionOrder::AsGiven;
    assert_eq!(selection.ordered_extensions(), selection.extensions);
}

#[test]
fn toggling_adds_then_removes() {
    let mut selection = Selection::default();
    selection.toggle_extension("siderolabs/zfs");
    selection.toggle_extension("siderolabs/gvisor");
    assert_eq!(
        selection.extensions,
        strings(&["siderolabs/zfs", "siderolabs/gvisor"])
    );
    selection.toggle_extension("siderolabs/zfs");
    assert_eq!(selection.extensions, strings(&["siderolabs/gvisor"]));
    assert!(selection.has_extension("siderolabs/gvisor"));
}

#[test]
fn bootloader_choices_map_to_params_and_schematic() {
    for (choice, param, schematic) in [
        (BootloaderChoice::Auto, "auto", Bootloader::None),
        (BootloaderChoice::SdBoot, "sd-boot", Bootloader::SdBoot),
        (BootloaderChoice::Grub, "grub", Bootloader::Grub),
        (
            BootloaderChoice::DualBoot,
            "dual-boot",
            Bootloader::DualBoot,
        ),
    ] {
        assert_eq!(choice.as_param(), param);
        assert_eq!(BootloaderChoice::from_param(param), Some(choice));
        assert_eq!(choice.to_schematic(), schematic);
        assert_eq!(BootloaderChoice::from_schematic(schematic), choice);
    }
    assert_eq!(BootloaderChoice::from_param("none"), None);
}

#[test]
fn version_falls_back_when_none_is_chosen() {
    let latest = super::v("1.13.9");
    let mut selection = Selection::default();
    assert_eq!(selection.version_or(Some(&latest)), Some(&latest));
    selection.version = Some(super::v("1.10.0"));
    assert_eq!(
        selection.version_or(Some(&latest)),
        Some(&super::v("1.10.0"))
    );
}
