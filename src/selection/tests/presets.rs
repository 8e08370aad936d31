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
    assert_eq!(proxmox.platform.name, "nocloud");
    assert_eq!(proxmox.effective_arch(), Arch::Amd64);
    assert_eq!(proxmox.extensions, ["siderolabs/qemu-guest-agent"]);
    let (metal, _) = preset("bare-metal").unwrap().selection();
    assert_eq!(metal.target, TargetKind::Metal);
    assert!(metal.has_extension("siderolabs/intel-ucode"));
    assert!(metal.has_extension("siderolabs/amd-ucode"));
    let (pi, _) = preset("raspberry-pi").unwrap().selection();
    assert_eq!(pi.target, TargetKind::Sbc);
    assert_eq!(pi.board.param, "rpi_generic");
    assert_eq!(pi.effective_arch(), Arch::Arm64);
    assert!(preset("nothing").is_none());
}

#[test]
fn applying_a_preset_says_what_it_changed_and_keeps_the_version() {
    let (mut current, _) = crate::selection::Selection::from_query(
        "target=metal&version=1.12.4&extensions=siderolabs%2Fzfs&cmdline=console%3DttyS0",
    );
    current.embedded_config = "kind: HostnameConfig".into();
    let (next, changes) = preset("proxmox").unwrap().apply_to(&current);
    assert_eq!(next.version, current.version);
    assert_eq!(next.embedded_config, current.embedded_config);
    assert_eq!(next.platform.name, "nocloud");
    let changes: Vec<String> = changes.iter().map(super::en).collect();
    assert!(
        changes.contains(&"Target: bare metal → cloud (nocloud)".to_string()),
        "{changes:?}"
    );
    assert!(changes.contains(&"Extensions added: siderolabs/qemu-guest-agent".to_string()));
    assert!(changes.contains(&"Extensions removed: siderolabs/zfs".to_string()));
    assert!(changes.iter().any(|line| line.contains("console=ttyS0")));
    // Applying the same preset again changes nothing.
    let (again, none) = preset("proxmox").unwrap().apply_to(&next);
    assert_eq!(again, next);
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn every_preset_has_its_own_words() {
    use crate::i18n::Text;
    let mut labels = Vec::new();
    for preset in PRESETS {
        let (label, description) = (preset.label(), preset.description());
        assert_ne!(
            label,
            Text::as_is(preset.id),
            "{}: no label message",
            preset.id
        );
        assert_ne!(description, Text::as_is(preset.id), "{}", preset.id);
        assert!(!labels.contains(&label), "{}: label used twice", preset.id);
        labels.push(label);
    }
    assert_eq!(
        super::en(&preset("proxmox").unwrap().label()),
        "Proxmox VM template"
    );
}
