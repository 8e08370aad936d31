use std::num::NonZeroU64;

use super::{en, strings, v};
use crate::outputs::ProxmoxOptions;
use crate::platforms::{Arch, TargetKind};
use crate::schematic::MetaValue;
use crate::selection::{
    BootloaderChoice, CustomOverlay, ExtensionOrder, LinkProblem, QueryNotice, Selection,
    decode_query, encode_component,
};

fn parse(query: &str) -> Selection {
    let (selection, notices) = Selection::from_query(query);
    assert!(notices.is_empty(), "{query}: {notices:?}");
    selection
}

fn notices(query: &str) -> Vec<QueryNotice> {
    Selection::from_query(query).1
}

fn single_notice(query: &str, parameter: &str, message_part: &str) {
    let found = notices(query);
    assert_eq!(found.len(), 1, "{query}: {found:?}");
    assert_eq!(found[0].parameter, parameter, "{query}");
    let message = en(&found[0].message);
    assert!(message.contains(message_part), "{query}: {message}");
}

#[test]
fn decodes_like_url_search_params() {
    assert_eq!(
        decode_query("?a=1&b=x+y&c=%2F%zz%4&&d&=e&f=%E2%82%AC&g=%FF"),
        [
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "x y".to_string()),
            ("c".to_string(), "/%zz%4".to_string()),
            ("d".to_string(), String::new()),
            (String::new(), "e".to_string()),
            ("f".to_string(), "€".to_string()),
            ("g".to_string(), "\u{fffd}".to_string()),
        ]
    );
    assert_eq!(
        decode_query("a=b=c"),
        [("a".to_string(), "b=c".to_string())]
    );
}

#[test]
fn encodes_like_url_search_params() {
    assert_eq!(
        encode_component("siderolabs/amd-ucode"),
        "siderolabs%2Famd-ucode"
    );
    assert_eq!(encode_component("a b+c*._-~é"), "a+b%2Bc*._-%7E%C3%A9");
}

#[test]
fn reads_factory_wizard_links() {
    let selection = parse(
        "arch=amd64&bootloader=auto&cmdline-set=true&extensions=-&extensions=siderolabs%2Fiscsi-tools&extensions=siderolabs%2Ftailscale&platform=metal&target=metal&version=1.12.0",
    );
    assert_eq!(selection.target, TargetKind::Metal);
    assert_eq!(selection.version, Some(v("1.12.0")));
    assert_eq!(
        selection.extensions,
        strings(&["siderolabs/iscsi-tools", "siderolabs/tailscale"])
    );
    assert_eq!(
        selection.platform.name, "aws",
        "metal is not a cloud platform"
    );
    let cloud = parse(
        "arch=amd64&cmdline-set=true&extensions=-&extensions=siderolabs%2Fqemu-guest-agent&platform=nocloud&secureboot=false&target=cloud&version=1.9.5",
    );
    assert_eq!(cloud.target, TargetKind::Cloud);
    assert_eq!(cloud.platform.name, "nocloud");
    assert!(!cloud.secureboot);
    let sbc = parse("target=sbc&version=1.10.2&board=rpi_5&arch=arm64&secureboot=true");
    assert_eq!(sbc.board.param, "rpi_5");
    assert_eq!(sbc.arch, Arch::Arm64);
    assert!(sbc.secureboot);
}

#[test]
fn version_accepts_a_leading_v() {
    assert_eq!(
        parse("version=v1.14.0-rc.1").version,
        Some(v("1.14.0-rc.1"))
    );
}

#[test]
fn cmdline_uses_the_factory_split_and_arg_is_exact() {
    let selection = parse("cmdline=+console%3DttyS0++talos.dashboard.disabled%3D1+&arg=a+b&arg=");
    assert_eq!(
        selection.kernel_args,
        strings(&["console=ttyS0", "", "talos.dashboard.disabled=1", "a b", ""])
    );
    assert!(parse("cmdline=").kernel_args.is_empty());
}

#[test]
fn extensions_dash_means_none_and_duplicates_collapse() {
    assert!(parse("extensions=-").extensions.is_empty());
    single_notice(
        "extensions=siderolabs%2Fzfs&extensions=siderolabs%2Fzfs",
        "extensions",
        "twice",
    );
    single_notice("extensions=", "extensions", "not an extension name");
    single_notice("extensions=a+b", "extensions", "not an extension name");
}

#[test]
fn extra_parameters_fill_the_rest() {
    let selection = parse(
        "order=given&bootloader=dual-boot&overlay-options=configTxt%3A+x&overlay-name=custom&overlay-image=example%2Foverlay&meta=10%3Aa%3Ab&meta=0x0b%3Aline1%0Aline2&enroll-keys=if-safe&well-known-certs=true&sector-size=4096&format=qcow2&schematic-id=376567988AD370138AD8B2698212367B8EDCB69B5FD68C80BE1F2EC7D603B4BA&factory=https%3A%2F%2Ff.example.com%2F&registry=r.example.com&pxe=https%3A%2F%2Fpxe.example.com",
    );
    assert_eq!(selection.extension_order, ExtensionOrder::AsGiven);
    assert_eq!(selection.bootloader, BootloaderChoice::DualBoot);
    assert_eq!(selection.overlay_options, "configTxt: x");
    assert_eq!(
        selection.custom_overlay,
        Some(CustomOverlay {
            name: "custom".into(),
            image: "example/overlay".into()
        })
    );
    assert_eq!(
        selection.meta,
        [
            MetaValue {
                key: 10,
                value: "a:b".into()
            },
            MetaValue {
                key: 11,
                value: "line1\nline2".into()
            },
        ]
    );
    assert_eq!(
        selection.enroll_keys,
        Some(crate::selection::EnrollKeys::IfSafe)
    );
    assert!(selection.include_well_known_certificates);
    assert_eq!(selection.sector_size, NonZeroU64::new(4096));
    assert_eq!(selection.disk_format.as_deref(), Some("qcow2"));
    assert_eq!(
        selection
            .pending_schematic_id
            .as_ref()
            .map(|id| id.as_str()),
        Some("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba")
    );
    assert_eq!(
        selection.settings.factory_url.as_deref(),
        Some("https://f.example.com")
    );
    assert_eq!(
        selection.settings.registry_host.as_deref(),
        Some("r.example.com")
    );
    assert_eq!(
        selection.settings.pxe_url.as_deref(),
        Some("https://pxe.example.com")
    );
}

#[test]
fn every_invalid_parameter_gets_a_specific_notice() {
    single_notice("target=desktop", "target", "expected metal, cloud or sbc");
    single_notice("version=1.9", "version", "not a Talos version");
    single_notice("version=latest", "version", "not a Talos version");
    single_notice("platform=moon", "platform", "unknown cloud platform");
    single_notice("board=toaster", "board", "unknown single-board computer");
    single_notice("arch=x86_64", "arch", "amd64 or arm64");
    single_notice("secureboot=yes", "secureboot", "true or false");
    single_notice("order=random", "order", "sorted or given");
    single_notice(
        "bootloader=none",
        "bootloader",
        "auto, sd-boot, grub or dual-boot",
    );
    single_notice("meta=256%3Ax", "meta", "0 to 255");
    single_notice("meta=novalue", "meta", "KEY:VALUE");
    single_notice("meta=%2B1%3Ax", "meta", "0 to 255");
    single_notice(
        "enroll-keys=always",
        "enroll-keys",
        "off, manual, if-safe or force",
    );
    single_notice("well-known-certs=1", "well-known-certs", "true or false");
    single_notice("sector-size=0", "sector-size", "positive number");
    single_notice("sector-size=-512", "sector-size", "positive number");
    single_notice("format=exe", "format", "unknown disk image format");
    single_notice("schematic-id=abc", "schematic-id", "64 hexadecimal digits");
    single_notice(
        "factory=http%3A%2F%2Fevil.example.com",
        "factory",
        "only allowed for localhost",
    );
    single_notice(
        "factory=javascript%3Aalert(1)",
        "factory",
        "must start with https://",
    );
    single_notice(
        "registry=https%3A%2F%2Fr.example.com",
        "registry",
        "no scheme",
    );
    single_notice("pxe=ftp%3A%2F%2Fx", "pxe", "https://");
    single_notice(
        "embedded-config=secret",
        "embedded-config",
        "never read from a link",
    );
    single_notice("colour=blue", "colour", "unknown parameter");
    single_notice("target=cloud&target=sbc", "target", "more than once");
}

#[test]
fn the_rest_of_the_query_still_applies_after_a_notice() {
    let (selection, found) =
        Selection::from_query("arch=risc&target=sbc&version=nope&board=rock5b");
    assert_eq!(found.len(), 2);
    assert_eq!(selection.target, TargetKind::Sbc);
    assert_eq!(selection.board.param, "rock5b");
    assert_eq!(selection.version, None);
    assert_eq!(
        en(&LinkProblem::Parameter(found[0].clone()).text()),
        "Link parameter ignored: arch=“risc”: unknown architecture; expected amd64 or arm64"
    );
}

#[test]
fn notices_shorten_huge_values() {
    let huge = "x".repeat(10_000);
    let found = notices(&format!("target={huge}"));
    assert_eq!(found[0].value.len(), 10_000);
    assert!(en(&LinkProblem::Parameter(found[0].clone()).text()).len() < 200);
}

#[test]
fn writes_factory_names_and_omits_defaults() {
    let selection = Selection {
        target: TargetKind::Cloud,
        version: Some(v("1.10.2")),
        platform: crate::platforms::cloud_platform("nocloud").unwrap(),
        extensions: strings(&["siderolabs/qemu-guest-agent"]),
        kernel_args: strings(&["console=ttyS0", "net.ifnames=0"]),
        ..Selection::default()
    };
    assert_eq!(
        selection.to_query(),
        "target=cloud&version=1.10.2&platform=nocloud&extensions=siderolabs%2Fqemu-guest-agent&cmdline=console%3DttyS0+net.ifnames%3D0"
    );
    assert_eq!(Selection::default().to_query(), "target=metal");
}

#[test]
fn kernel_args_the_factory_split_cannot_carry_go_in_arg() {
    let selection = Selection {
        kernel_args: strings(&["quiet", "msg=hello world"]),
        ..Selection::default()
    };
    assert_eq!(
        selection.to_query(),
        "target=metal&arg=quiet&arg=msg%3Dhello+world"
    );
    assert_eq!(parse(&selection.to_query()), selection);
}

#[test]
fn the_embedded_configuration_is_never_written() {
    let selection = Selection {
        embedded_config: "machine:\n  token: secret\n".into(),
        ..Selection::default()
    };
    assert!(!selection.to_query().contains("secret"));
    assert!(!selection.to_query().contains("embedded"));
}

#[test]
fn everything_else_round_trips() {
    let selection = Selection {
        target: TargetKind::Sbc,
        version: Some(v("1.14.0-beta.1")),
        platform: crate::platforms::cloud_platform("vultr").unwrap(),
        board: crate::platforms::board("orangepi-5").unwrap(),
        arch: Arch::Arm64,
        secureboot: true,
        extensions: strings(&["siderolabs/zfs", "siderolabs/amd-ucode"]),
        extension_order: ExtensionOrder::AsGiven,
        kernel_args: strings(&["a", "", "b"]),
        overlay_options: "a: 1\nb: [x, y]\n".into(),
        custom_overlay: Some(CustomOverlay::default()),
        meta: vec![
            MetaValue {
                key: 0,
                value: String::new(),
            },
            MetaValue {
                key: 255,
                value: "&=+%#".into(),
            },
        ],
        bootloader: BootloaderChoice::Grub,
        enroll_keys: Some(crate::selection::EnrollKeys::Off),
        include_well_known_certificates: true,
        sector_size: NonZeroU64::new(512),
        embedded_config: String::new(),
        disk_format: Some("raw.xz".into()),
        proxmox: ProxmoxOptions {
            vm_id: 100,
            vm_name: "talos cp".into(),
            storage: "ceph-pool".into(),
            bridge: "vmbr1".into(),
            download_dir: "/var/lib/vz/template/iso".into(),
            memory_mib: 8192,
            cores: 4,
            disk_size_gib: 64,
        },
        settings: crate::selection::Settings {
            factory_url: Some("http://localhost:8080".into()),
            registry_host: Some("localhost:5000".into()),
            pxe_url: Some("https://pxe.example.com/x".into()),
        },
        pending_schematic_id: Some("0".repeat(64).parse().unwrap()),
        upgrade_from: Some(v("1.11.6")),
    };
    let query = selection.to_query();
    assert!(query.contains("upgrade-from=1.11.6"), "{query}");
    assert_eq!(parse(&query), selection);
}

#[test]
fn proxmox_options_are_read_from_pve_parameters() {
    let selection = parse(
        "pve-vmid=100&pve-name=talos+cp&pve-storage=ceph-pool&pve-bridge=vmbr1&pve-dir=%2Fvar%2Ftmp&pve-memory=8192&pve-cores=4&pve-disk=64",
    );
    assert_eq!(
        selection.proxmox,
        ProxmoxOptions {
            vm_id: 100,
            vm_name: "talos cp".into(),
            storage: "ceph-pool".into(),
            bridge: "vmbr1".into(),
            download_dir: "/var/tmp".into(),
            memory_mib: 8192,
            cores: 4,
            disk_size_gib: 64,
        }
    );
    assert_eq!(
        parse("pve-vmid=4294967295").proxmox.vm_id,
        u32::MAX,
        "the largest u32"
    );
    assert_eq!(parse("pve-cores=1").proxmox.cores, 1);
}

#[test]
fn invalid_pve_values_get_a_notice_and_keep_the_default() {
    for name in ["pve-vmid", "pve-memory", "pve-cores", "pve-disk"] {
        for bad in ["0", "-1", "+4", "4294967296", "1.5", "", "x"] {
            let (selection, found) =
                Selection::from_query(&format!("{name}={}", encode_component(bad)));
            assert_eq!(found.len(), 1, "{name}={bad}: {found:?}");
            let message = en(&found[0].message);
            assert!(message.contains("positive whole number"), "{message}");
            assert_eq!(selection.proxmox, ProxmoxOptions::default());
        }
    }
    for name in ["pve-name", "pve-storage", "pve-bridge", "pve-dir"] {
        for bad in ["", "a\nb", "tab\there", "\u{7f}"] {
            let (selection, found) =
                Selection::from_query(&format!("{name}={}", encode_component(bad)));
            assert_eq!(found.len(), 1, "{name}={bad:?}: {found:?}");
            let message = en(&found[0].message);
            assert!(message.contains("non-empty"), "{message}");
            assert_eq!(selection.proxmox, ProxmoxOptions::default());
        }
    }
    single_notice("pve-vmid=100&pve-vmid=200", "pve-vmid", "more than once");
}

#[test]
fn pve_parameters_are_written_only_when_they_differ_from_the_default() {
    let mut selection = Selection::default();
    selection.proxmox.vm_id = 9000;
    assert_eq!(selection.to_query(), "target=metal");
    selection.proxmox.cores = 6;
    selection.proxmox.vm_name = "a&b=c".into();
    assert_eq!(
        selection.to_query(),
        "target=metal&pve-cores=6&pve-name=a%26b%3Dc"
    );
    assert_eq!(parse(&selection.to_query()), selection);
    // Values the reader would refuse are not written (the default applies instead).
    selection.proxmox.cores = 0;
    selection.proxmox.vm_name = String::new();
    assert_eq!(selection.to_query(), "target=metal");
}

#[test]
fn sector_size_is_none_or_positive() {
    assert_eq!(parse("target=metal").sector_size, None);
    assert_eq!(parse("sector-size=512").sector_size, NonZeroU64::new(512));
    assert_eq!(
        parse("sector-size=18446744073709551615").sector_size,
        NonZeroU64::new(u64::MAX)
    );
    single_notice(
        "sector-size=18446744073709551616",
        "sector-size",
        "positive number",
    );
    single_notice("sector-size=%2B512", "sector-size", "positive number");
    let selection = Selection {
        sector_size: NonZeroU64::new(4096),
        ..Selection::default()
    };
    assert_eq!(selection.to_query(), "target=metal&sector-size=4096");
    assert_eq!(
        selection
            .to_schematic()
            .unwrap()
            .customization
            .disk_image
            .sector_size,
        4096
    );
    assert_eq!(
        Selection::default()
            .to_schematic()
            .unwrap()
            .customization
            .disk_image
            .sector_size,
        0,
        "omitted"
    );
}

#[test]
fn the_enroll_keys_parameter_takes_exactly_the_offered_values() {
    use crate::selection::{ENROLL_KEYS_VALUES, EnrollKeys};
    let offered: Vec<&str> = EnrollKeys::CHOICES.iter().map(EnrollKeys::as_str).collect();
    assert_eq!(offered, ENROLL_KEYS_VALUES);
}

#[test]
fn linked_overlay_options_are_kept_and_checked_after_the_link_is_applied() {
    // `from_query` keeps the value without decoding it (no notice yet, whatever it holds).
    let (selection, found) = Selection::from_query("target=sbc&overlay-options=a%3A+%5B");
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(selection.overlay_options, "a: [");
    let text = selection
        .linked_options_to_check()
        .expect("options to check");
    let error = crate::selection::parse_overlay_options(text).unwrap_err();
    let notice = crate::selection::overlay_options_notice(text, &error);
    assert_eq!(notice.parameter, "overlay-options");
    assert_eq!(notice.value, "a: [");
    let message = en(&notice.message);
    assert!(
        message.starts_with("kept, but the options are invalid: "),
        "{message}"
    );
    assert!(message.contains(&en(&error.text())), "{message}");
    // Checked whatever the target: the link may switch to a board later.
    let (metal, _) = Selection::from_query("target=metal&overlay-options=x%3A+1");
    assert_eq!(metal.linked_options_to_check(), Some("x: 1"));
    // Blank options need no decoding.
    let (blank, _) = Selection::from_query("target=sbc&overlay-options=%0A++%0D%0A");
    assert_eq!(blank.linked_options_to_check(), None);
    assert_eq!(parse("target=sbc").linked_options_to_check(), None);
}
