//! Property tests: no query string makes `from_query` panic, invalid parameters always get a
//! notice, and `to_query` → `from_query` gives back the selection.

use std::num::NonZeroU64;

use proptest::prelude::*;

use crate::outputs::ProxmoxOptions;
use crate::platforms::{Arch, BOARDS, CLOUD_PLATFORMS, DISK_FORMATS, TargetKind};
use crate::schematic::MetaValue;
use crate::selection::{
    BootloaderChoice, CustomOverlay, ENROLL_KEYS_VALUES, ExtensionOrder, QUERY_PARAMETERS,
    Selection, Settings, decode_query, encode_component, options_text_is_blank,
    parse_overlay_options,
};
use crate::version::TalosVersion;

/// Parameter names: mostly known ones, some random.
fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(QUERY_PARAMETERS).prop_map(str::to_string),
        1 => "[a-z-]{0,12}",
        1 => any::<String>(),
    ]
}

/// Raw (already encoded) values: garbage of every kind.
fn raw_value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[%0-9a-fA-FzZ+=&]{0,12}",
        "(metal|cloud|sbc|amd64|arm64|true|false|auto|grub|given|-|v?1\\.[0-9]{1,2}\\.[0-9](-rc\\.1)?|[0-9]{1,4}:.{0,8})",
        (any::<char>(), 1..20_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
        any::<String>().prop_map(|text| encode_component(&text)),
    ]
}

fn query_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            (name_strategy(), raw_value_strategy(), any::<bool>()),
            0..12
        )
        .prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(name, value, with_equals)| {
                    if with_equals {
                        format!("{name}={value}")
                    } else {
                        name
                    }
                })
                .collect::<Vec<_>>()
                .join("&")
        }),
    ]
}

/// Closed value sets: a value outside them must produce a notice.
fn valid_closed_value(name: &str, value: &str) -> Option<bool> {
    let valid: &[&str] = match name {
        "target" => &["metal", "cloud", "sbc"],
        "arch" => &["amd64", "arm64"],
        "secureboot" | "well-known-certs" => &["true", "false"],
        "order" => &["sorted", "given"],
        "bootloader" => &["auto", "sd-boot", "grub", "dual-boot"],
        "enroll-keys" => &ENROLL_KEYS_VALUES,
        _ => return None,
    };
    Some(valid.contains(&value))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_query_is_read_without_panic_and_invalid_parameters_get_notices(query in query_strategy()) {
        let (selection, notices) = Selection::from_query(&query);
        let pairs = decode_query(&query);
        for (name, value) in &pairs {
            let noticed = notices.iter().any(|notice| &notice.parameter == name && &notice.value == value);
            if !QUERY_PARAMETERS.contains(&name.as_str()) {
                prop_assert!(noticed, "unknown {name:?} without notice");
            }
            if valid_closed_value(name, value) == Some(false) {
                prop_assert!(noticed, "invalid {name}={value:?} without notice");
            }
            if name == "embedded-config" {
                prop_assert!(noticed);
            }
        }
        for notice in &notices {
            prop_assert!(!crate::i18n::Messages::english().render(&notice.message).is_empty());
            prop_assert!(pairs.iter().any(|(name, _)| name == &notice.parameter));
        }
        prop_assert!(selection.embedded_config.is_empty());
        // What was read is written back and read again identically.
        let (again, renotices) = Selection::from_query(&selection.to_query());
        prop_assert_eq!(&again, &selection);
        prop_assert!(renotices.is_empty(), "{:?}", renotices);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Text the page treats as blank (the ID computed without the decoder) decodes to no
    /// options: the shortcut is taken only where the decoder agrees.
    #[test]
    fn blank_options_text_decodes_to_no_options(text in prop_oneof![
        "\u{feff}?[ \n\r]{0,16}",
        "\u{feff}?[ \n\r\t#~a:{}-]{0,12}",
    ]) {
        if options_text_is_blank(&text) {
            prop_assert_eq!(parse_overlay_options(&text), Ok(Vec::new()), "{:?}", text);
        }
    }
}

fn version_strategy() -> impl Strategy<Value = Option<TalosVersion>> {
    proptest::option::of(
        (
            0u64..3,
            0u64..20,
            0u64..20,
            proptest::option::of((0usize..3, 0u64..5)),
        )
            .prop_map(|(major, minor, patch, pre)| {
                let mut text = format!("{major}.{minor}.{patch}");
                if let Some((kind, number)) = pre {
                    text.push_str(&format!("-{}.{number}", ["alpha", "beta", "rc"][kind]));
                }
                TalosVersion::lit(&text)
            }),
    )
}

fn extension_name_strategy() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}/[a-zA-Z0-9._-]{1,12}"
}

fn url_strategy() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "https://[a-z]{1,8}\\.example\\.com(:[0-9]{2,4})?(/[a-z]{1,5})?",
        "http://(localhost|127\\.0\\.0\\.1)(:[0-9]{2,4})?",
    ])
}

/// A Proxmox name or path: mostly the default, otherwise any text without control
/// characters (spaces, quotes, `&`, `=`, non-ASCII included).
fn proxmox_name_strategy(default: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![Just(default.to_string()), "[^\\p{Cc}]{1,16}",]
}

fn proxmox_number_strategy(default: u32) -> impl Strategy<Value = u32> {
    prop_oneof![Just(default), 1..=u32::MAX]
}

prop_compose! {
    fn proxmox_strategy()(
        vm_id in proxmox_number_strategy(9000),
        vm_name in proxmox_name_strategy("talos"),
        storage in proxmox_name_strategy("local-lvm"),
        bridge in proxmox_name_strategy("vmbr0"),
        download_dir in proxmox_name_strategy("/tmp"),
        memory_mib in proxmox_number_strategy(4096),
        cores in proxmox_number_strategy(2),
        disk_size_gib in proxmox_number_strategy(20),
    ) -> ProxmoxOptions {
        ProxmoxOptions { vm_id, vm_name, storage, bridge, download_dir, memory_mib, cores, disk_size_gib }
    }
}

prop_compose! {
    fn selection_strategy()(
        target in proptest::sample::select(vec![TargetKind::Metal, TargetKind::Cloud, TargetKind::Sbc]),
        version in version_strategy(),
        platform in proptest::sample::select(CLOUD_PLATFORMS.iter().map(|p| p.name).collect::<Vec<_>>()),
        board in proptest::sample::select(BOARDS.iter().map(|b| b.param).collect::<Vec<_>>()),
        arch in proptest::sample::select(vec![Arch::Amd64, Arch::Arm64]),
        secureboot in any::<bool>(),
        extensions in proptest::collection::btree_set(extension_name_strategy(), 0..6),
        shuffle in any::<bool>(),
        order in proptest::sample::select(vec![ExtensionOrder::Sorted, ExtensionOrder::AsGiven]),
        kernel_args in proptest::collection::vec(any::<String>(), 0..5),
        overlay_options in any::<String>(),
        custom_overlay in proptest::option::of((any::<String>(), any::<String>())),
        meta in proptest::collection::vec((any::<u8>(), any::<String>()), 0..4),
        bootloader in proptest::sample::select(BootloaderChoice::ALL.to_vec()),
        enroll_keys in proptest::sample::select(vec!["", "off", "manual", "if-safe", "force"]),
        well_known in any::<bool>(),
        sector_size in prop_oneof![Just(0u64), Just(512), Just(4096), any::<u64>()].prop_map(NonZeroU64::new),
        proxmox in proxmox_strategy(),
        disk_format in proptest::option::of(proptest::sample::select(DISK_FORMATS.iter().map(|f| f.suffix).collect::<Vec<_>>())),
        factory_url in url_strategy(),
        registry_host in proptest::option::of("[a-z]{1,8}\\.example\\.com(:[0-9]{2,4})?"),
        pxe_url in url_strategy(),
        (pending, upgrade_from) in (proptest::option::of("[0-9a-f]{64}"), version_strategy()),
    ) -> Selection {
        let mut extensions: Vec<String> = extensions.into_iter().collect();
        if shuffle {
            extensions.reverse();
        }
        Selection {
            target,
            version,
            platform: crate::platforms::cloud_platform(platform).expect("a table row"),
            board: crate::platforms::board(board).expect("a table row"),
            arch,
            secureboot,
            extensions,
            extension_order: order,
            kernel_args,
            overlay_options,
            custom_overlay: custom_overlay.map(|(name, image)| CustomOverlay { name, image }),
            meta: meta.into_iter().map(|(key, value)| MetaValue { key, value }).collect(),
            bootloader,
            enroll_keys: crate::selection::EnrollKeys::from_schematic(enroll_keys),
            include_well_known_certificates: well_known,
            sector_size,
            embedded_config: String::new(),
            disk_format: disk_format.map(str::to_string),
            proxmox,
            settings: Settings { factory_url, registry_host, pxe_url },
            pending_schematic_id: pending.map(|id| id.parse().expect("64 hex digits")),
            upgrade_from,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn to_query_then_from_query_round_trips(selection in selection_strategy()) {
        let query = selection.to_query();
        let (again, notices) = Selection::from_query(&query);
        prop_assert_eq!(again, selection);
        prop_assert!(notices.iter().all(|notice| notice.parameter == "overlay-options"), "{:?}", notices);
    }
}
