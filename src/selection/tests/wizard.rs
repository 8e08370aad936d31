use super::{en, v};
use crate::catalog::VersionList;
use crate::platforms::TargetKind;
use crate::selection::{BootloaderChoice, CustomOverlay, KernelArgsNote, Selection};

fn list() -> VersionList {
    VersionList::new(
        &[
            v("1.6.7"),
            v("1.7.0-alpha.0"),
            v("1.13.9"),
            v("1.14.0-rc.1"),
        ],
        &[],
    )
}

#[test]
fn boards_get_versions_from_1_7_and_the_latest_stable_by_default() {
    let metal = Selection::default();
    assert_eq!(metal.offered_versions(&list()).len(), 4);
    assert_eq!(metal.resolved_version(&list()), Some(v("1.13.9")));
    let board = Selection {
        target: TargetKind::Sbc,
        ..Selection::default()
    };
    assert_eq!(board.offered_versions(&list()).len(), 2);
    let old_only = VersionList::new(&[v("1.6.7")], &[]);
    assert_eq!(board.resolved_version(&old_only), None);
    let chosen = Selection {
        version: Some(v("1.6.7")),
        ..board
    };
    assert_eq!(chosen.resolved_version(&list()), Some(v("1.6.7")));
}

#[test]
fn optional_fields_follow_target_and_version() {
    let mut selection = Selection::default();
    assert!(selection.offers_secureboot(&v("1.5.0")));
    assert!(!selection.offers_secureboot(&v("1.4.8")));
    selection.target = TargetKind::Cloud;
    assert!(
        !selection.offers_secureboot(&v("1.13.9")),
        "aws has no SecureBoot"
    );
    selection.platform = crate::platforms::cloud_platform("nocloud").unwrap();
    assert!(selection.offers_secureboot(&v("1.13.9")));
    assert!(!selection.offers_overlay_options(&v("1.13.9")));
    selection.custom_overlay = Some(CustomOverlay::default());
    assert!(selection.offers_overlay_options(&v("1.13.9")));
    selection.target = TargetKind::Sbc;
    assert!(!selection.offers_secureboot(&v("1.13.9")));
    assert!(selection.offers_overlay_options(&v("1.7.0-alpha.0")));
    assert!(!selection.offers_overlay_options(&v("1.6.7")));
    assert!(Selection::offers_embedded_config(&v("1.12.0-beta.0")));
    assert!(!Selection::offers_bootloader(&v("1.12.0-alpha.1")));
}

#[test]
fn grub_is_hidden_with_secureboot() {
    let mut selection = Selection::default();
    assert_eq!(selection.bootloader_choices().len(), 4);
    selection.secureboot = true;
    assert!(
        !selection
            .bootloader_choices()
            .contains(&BootloaderChoice::Grub)
    );
}

#[test]
fn kernel_args_notes() {
    let mut selection = Selection::default();
    assert_eq!(selection.kernel_args_note(&v("1.10.0")), None);
    assert_eq!(
        selection.kernel_args_note(&v("1.10.0-rc.1")),
        Some(KernelArgsNote::IgnoredByInstaller)
    );
    assert_eq!(
        selection.kernel_args_notes(&v("1.9.0")),
        [KernelArgsNote::IgnoredByInstaller]
    );
    assert!(selection.kernel_args_notes(&v("1.14.0")).is_empty());
    selection.secureboot = true;
    assert_eq!(
        selection.kernel_args_note(&v("1.13.0")),
        Some(KernelArgsNote::Signed)
    );
    // With SecureBoot, what the image does about lockdown follows (Talos 1.14 dropped the
    // forced lockdown=confidentiality; quirk gate, so its pre-releases too).
    let notes = selection.kernel_args_notes(&v("1.13.9"));
    assert_eq!(
        notes,
        [KernelArgsNote::Signed, KernelArgsNote::LockdownAdded]
    );
    assert!(en(&notes[1].text()).contains("before 1.14 add lockdown=confidentiality"));
    for version in ["1.14.0-beta.0", "1.14.0"] {
        let notes = selection.kernel_args_notes(&v(version));
        assert_eq!(
            notes,
            [KernelArgsNote::Signed, KernelArgsNote::LockdownDropped],
            "{version}"
        );
        assert!(en(&notes[1].text()).contains("no longer add lockdown=confidentiality"));
    }
}
