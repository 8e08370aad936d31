use crate::platforms::{Arch, TargetKind};
use crate::selection::{PRESETS, preset};

#[test]
fn presets_parse_without_notices_and_round_trip() {
    assert!(PRESETS.len() >= 3);
    for preset in PRESETS {
        let (selection, notices) = preset.selection();
        assert!(notices.is_empty(), "{}: {notices:?}", preset.id);
        assert_eq!(selection.version, None, "{}", preset.id);
        let (again, _) = crate::selection::Selection::from_query(&selection.to_query());
        assert_eq!(again, selection, "{}", preset.id);
    }
}

#[test]
fn presets_hold_what_they_promise() {
    let (proxmox, _) = preset("proxmox").unwrap().selection();
    assert_eq!(proxmox.target, TargetKind::Cloud);
    assert_eq!(proxmox.platform, "nocloud");
    assert_eq!(proxmox.effective_arch(), Arch::Amd64);
    assert_eq!(proxmox.extensions, ["siderolabs/qemu-guest-agent"]);
    let (metal, _) = preset("bare-metal").unwrap().selection();
    assert_eq!(metal.target, TargetKind::Metal);
    assert!(metal.has_extension("siderolabs/intel-ucode"));
    assert!(metal.has_extension("siderolabs/amd-ucode"));
    let (pi, _) = preset("raspberry-pi").unwrap().selection();
    assert_eq!(pi.target, TargetKind::Sbc);
    assert_eq!(pi.board, "rpi_generic");
    assert_eq!(pi.effective_arch(), Arch::Arm64);
    assert!(preset("nothing").is_none());
}
