//! META keys: what the editor says of each key, against Talos's own list of constants.

use crate::schematic::MetaValue;
use crate::selection::{MetaKeyLevel, MetaKeyUse, Selection, meta_key_use};

/// `pkg/machinery/meta/constants.go` (siderolabs/talos), in declaration order from
/// `Upgrade = iota + 6`.
const TALOS_CONSTANTS: [&str; 12] = [
    "Upgrade",
    "StagedUpgradeImageRef",
    "StagedUpgradeInstallOptions",
    "StateEncryptionConfig",
    "MetalNetworkPlatformConfig",
    "DownloadURLCode",
    "UserReserved1",
    "UserReserved2",
    "UserReserved3",
    "UUIDOverride",
    "UniqueMachineToken",
    "DiskImageBootloader",
];

#[test]
fn every_talos_key_is_named_as_talos_names_it() {
    for (offset, name) in TALOS_CONSTANTS.iter().enumerate() {
        let key = 6 + offset as u8;
        match meta_key_use(key) {
            MetaKeyUse::TalosOwned { constant, .. } | MetaKeyUse::TalosReads { constant, .. } => {
                assert_eq!(constant, *name, "key {key}")
            }
            MetaKeyUse::UserReserved => assert!(name.starts_with("UserReserved"), "key {key}"),
            other => panic!("key {key} ({name}) is {other:?}"),
        }
    }
}

#[test]
fn key_zero_and_the_format_keys_are_warned_about() {
    for key in 0..=5u8 {
        let (level, text) = meta_key_use(key).note(key).expect("a note");
        let text = super::en(&text);
        assert_eq!(level, MetaKeyLevel::Warning, "key {key}");
        assert!(text.starts_with(&format!("Key {key} ")), "{text}");
    }
    assert!(super::en(&meta_key_use(0).note(0).unwrap().1).contains("stops reading"));
}

#[test]
fn keys_talos_writes_warn_and_keys_it_reads_inform() {
    for key in [6u8, 7, 8, 9, 15, 16, 17] {
        let (level, text) = meta_key_use(key).note(key).expect("a note");
        let text = super::en(&text);
        assert_eq!(level, MetaKeyLevel::Warning, "key {key}");
        assert!(text.contains("Talos's own"), "{text}");
    }
    for key in [10u8, 11] {
        let (level, _) = meta_key_use(key).note(key).expect("a note");
        assert_eq!(level, MetaKeyLevel::Info, "key {key}");
    }
    assert!(super::en(&meta_key_use(10).note(10).unwrap().1).contains("network configuration"));
    assert_eq!(
        super::en(&meta_key_use(11).note(11).unwrap().1),
        "Key 11 (DownloadURLCode) is the ${code} value of a talos.config= download URL."
    );
}

#[test]
fn user_keys_and_free_keys_have_no_note() {
    for key in (12..=14u8).chain(18..=255) {
        assert_eq!(meta_key_use(key).note(key), None, "key {key}");
    }
}

#[test]
fn a_new_entry_takes_the_highest_free_key() {
    let mut selection = Selection::default();
    assert_eq!(selection.next_meta_key(), 255);
    selection.meta.push(MetaValue {
        key: 255,
        value: String::new(),
    });
    assert_eq!(selection.next_meta_key(), 254);
    selection.meta = (1..=255)
        .map(|key| MetaValue {
            key,
            value: String::new(),
        })
        .collect();
    assert_eq!(selection.next_meta_key(), 0);
}
