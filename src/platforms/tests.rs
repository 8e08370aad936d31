//! The tables row by row, their gates on both sides, and the disk format choices.

use super::*;

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

/// A platform row as one line: `name | label | arches | min version | suffix | boot methods |
/// SecureBoot | documentation`, `-` for an absent value.
fn platform_row(platform: &CloudPlatform) -> String {
    let arches: Vec<&str> = platform.arches.iter().map(|arch| arch.as_str()).collect();
    let methods: Vec<&str> = platform
        .boot_methods
        .iter()
        .map(|method| method.as_str())
        .collect();
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        platform.name,
        platform.label,
        arches.join(","),
        platform.min_version.unwrap_or("-"),
        platform.disk_suffix.unwrap_or("-"),
        methods.join(","),
        if platform.secureboot { "yes" } else { "-" },
        platform.documentation.unwrap_or("-"),
    )
}

#[test]
fn cloud_platforms_match_the_factory_table_in_order() {
    let expected = "\
aws | Amazon Web Services (AWS) | amd64,arm64 | - | raw.xz | disk-image | - | /platform-specific-installations/cloud-platforms/aws
gcp | Google Cloud (GCP) | amd64,arm64 | - | raw.tar.gz | disk-image | - | /platform-specific-installations/cloud-platforms/gcp
equinixMetal | Equinix Metal | amd64,arm64 | - | - | pxe | - | /platform-specific-installations/bare-metal-platforms/equinix-metal
azure | Microsoft Azure | amd64,arm64 | - | vhd.xz | disk-image | yes | /platform-specific-installations/cloud-platforms/azure
digital-ocean | Digital Ocean | amd64 | - | raw.gz | disk-image | - | /platform-specific-installations/cloud-platforms/digitalocean
nocloud | Nocloud | amd64,arm64 | - | raw.xz | disk-image,iso,pxe | yes | /platform-specific-installations/cloud-platforms/nocloud
openstack | OpenStack | amd64,arm64 | - | raw.xz | disk-image,iso,pxe | - | /platform-specific-installations/cloud-platforms/openstack
vmware | VMWare | amd64,arm64 | - | ova | disk-image,iso | - | /platform-specific-installations/virtualized-platforms/vmware
akamai | Akamai | amd64 | 1.7.0 | raw.gz | disk-image | - | /platform-specific-installations/cloud-platforms/akamai
cloudstack | Apache CloudStack | amd64,arm64 | 1.8.0-alpha.2 | raw.gz | disk-image | yes | /platform-specific-installations/cloud-platforms/cloudstack
hcloud | Hetzner | amd64 | - | raw.xz | disk-image | - | /platform-specific-installations/cloud-platforms/hetzner
oracle | Oracle Cloud | amd64,arm64 | - | qcow2 | disk-image | - | /platform-specific-installations/cloud-platforms/oracle
upcloud | UpCloud | amd64 | - | raw.xz | disk-image | - | /platform-specific-installations/cloud-platforms/upcloud
vultr | Vultr | amd64 | - | - | iso,pxe | - | /platform-specific-installations/cloud-platforms/vultr
exoscale | Exoscale | amd64,arm64 | 1.3.0 | qcow2 | disk-image | - | /platform-specific-installations/cloud-platforms/exoscale
opennebula | OpenNebula | amd64,arm64 | 1.7.0 | raw.zst | disk-image,iso | - | /platform-specific-installations/virtualized-platforms/opennebula
scaleway | Scaleway | amd64,arm64 | - | raw.zst | disk-image,iso | - | /platform-specific-installations/cloud-platforms/scaleway
alibabacloud | AlibabaCloud | amd64,arm64 | 1.14.0-beta.2 | qcow2 | disk-image | - | -
";
    let actual: String = CLOUD_PLATFORMS
        .iter()
        .map(|platform| platform_row(platform) + "\n")
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn metal_row() {
    assert_eq!(
        platform_row(&METAL),
        "metal | Bare Metal | amd64,arm64 | - | raw.zst | iso,disk-image,pxe | yes | /platform-specific-installations/bare-metal-platforms/bootloader"
    );
    assert!(METAL.not_only_disk_image());
    assert!(cloud_platform("metal").is_none());
}

#[test]
fn descriptions_are_the_factory_texts() {
    let english = |platform: &CloudPlatform| {
        crate::i18n::Messages::english()
            .render(&platform.description())
            .to_string()
    };
    assert_eq!(
        cloud_platform("nocloud").map(english).as_deref(),
        Some(
            "Runs on various hypervisors supporting 'nocloud' metadata (Proxmox, Oxide Computer, etc.)"
        )
    );
    assert_eq!(
        cloud_platform("akamai").map(english).as_deref(),
        Some("Runs on Akamai Cloud (Linode) virtual machines")
    );
    assert_eq!(english(&METAL), "Runs on bare-metal servers");
    let mut seen = std::collections::BTreeSet::new();
    for platform in CLOUD_PLATFORMS.iter().chain([&METAL]) {
        let text = english(platform);
        assert!(text.starts_with("Runs on"), "{}: {text:?}", platform.name);
        assert!(
            seen.insert(text),
            "{}: a description of its own",
            platform.name
        );
    }
}

#[test]
fn not_only_disk_image_is_the_factory_list() {
    let names: Vec<&str> = CLOUD_PLATFORMS
        .iter()
        .filter(|platform| platform.not_only_disk_image())
        .map(|platform| platform.name)
        .collect();
    assert_eq!(
        names,
        [
            "equinixMetal",
            "nocloud",
            "openstack",
            "vmware",
            "vultr",
            "opennebula",
            "scaleway"
        ]
    );
}

#[test]
fn every_gate_parses() {
    for gate in CLOUD_PLATFORMS
        .iter()
        .map(|platform| platform.min_version)
        .chain(BOARDS.iter().map(|board| board.min_version))
        .flatten()
    {
        assert!(gate.parse::<TalosVersion>().is_ok(), "{gate}");
    }
}

#[test]
fn platform_gates_are_strict_on_both_sides() {
    let cases = [
        ("akamai", "1.6.9", false),
        ("akamai", "1.7.0-rc.1", false),
        ("akamai", "1.7.0", true),
        ("cloudstack", "1.8.0-alpha.1", false),
        ("cloudstack", "1.8.0-alpha.2", true),
        ("cloudstack", "1.7.6", false),
        ("exoscale", "1.2.9", false),
        ("exoscale", "1.3.0", true),
        ("opennebula", "1.7.0-beta.0", false),
        ("opennebula", "1.7.1", true),
        ("alibabacloud", "1.14.0-beta.1", false),
        ("alibabacloud", "1.14.0-beta.2", true),
        ("alibabacloud", "1.14.0", true),
        ("aws", "1.2.0", true),
    ];
    for (name, version, expected) in cases {
        let platform = cloud_platform(name).expect(name);
        assert_eq!(
            platform.is_available(&v(version)),
            expected,
            "{name} at {version}"
        );
        assert_eq!(
            available_platforms(&v(version))
                .iter()
                .any(|platform| platform.name == name),
            expected,
            "{name} listed at {version}"
        );
    }
}

#[test]
fn available_platforms_keep_display_order() {
    let names: Vec<&str> = available_platforms(&v("1.2.0"))
        .iter()
        .map(|platform| platform.name)
        .collect();
    assert_eq!(
        names,
        [
            "aws",
            "gcp",
            "equinixMetal",
            "azure",
            "digital-ocean",
            "nocloud",
            "openstack",
            "vmware",
            "hcloud",
            "oracle",
            "upcloud",
            "vultr",
            "scaleway"
        ]
    );
    assert_eq!(
        available_platforms(&v("1.14.0")).len(),
        CLOUD_PLATFORMS.len()
    );
}

#[test]
fn boards_match_the_factory_table_in_order() {
    type BoardRow<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let rows: Vec<BoardRow> = BOARDS
        .iter()
        .map(|board| {
            (
                board.param,
                board.overlay_name,
                board.overlay_image,
                board.label,
                board.min_version,
                board.documentation,
            )
        })
        .collect();
    let sbc = |path: &'static str| Some(path);
    let expected = vec![
        (
            "rpi_5",
            "rpi_5",
            "siderolabs/sbc-raspberrypi",
            "Raspberry Pi 5",
            Some("1.12.3"),
            None,
        ),
        (
            "rpi_generic",
            "rpi_generic",
            "siderolabs/sbc-raspberrypi",
            "Raspberry Pi Series",
            None,
            sbc("/platform-specific-installations/single-board-computers/rpi_generic"),
        ),
        (
            "revpi_generic",
            "revpi_generic",
            "siderolabs/sbc-raspberrypi",
            "Revolution Pi Series",
            Some("1.10.0-beta.0"),
            None,
        ),
        (
            "bananapi_m64",
            "bananapi_m64",
            "siderolabs/sbc-allwinner",
            "Banana Pi M64",
            None,
            sbc("/platform-specific-installations/single-board-computers/bananapi_m64"),
        ),
        (
            "nanopi_r4s",
            "nanopi-r4s",
            "siderolabs/sbc-rockchip",
            "Friendlyelec Nano PI R4S",
            Some("1.3.0"),
            sbc("/platform-specific-installations/single-board-computers/nanopi_r4s"),
        ),
        (
            "nanopi_r5s",
            "nanopi-r5s",
            "siderolabs/sbc-rockchip",
            "Friendlyelec Nano PI R5S",
            Some("1.8.0-alpha.2"),
            None,
        ),
        (
            "jetson_nano",
            "jetson_nano",
            "siderolabs/sbc-jetson",
            "Jetson Nano",
            None,
            sbc("/platform-specific-installations/single-board-computers/jetson_nano"),
        ),
        (
            "libretech_all_h3_cc_h5",
            "libretech_all_h3_cc_h5",
            "siderolabs/sbc-allwinner",
            "Libre Computer Board ALL-H3-CC",
            None,
            sbc("/platform-specific-installations/single-board-computers/libretech_all_h3_cc_h5"),
        ),
        (
            "orangepi_r1_plus_lts",
            "orangepi-r1-plus-lts",
            "siderolabs/sbc-rockchip",
            "Orange Pi R1 Plus LTS",
            Some("1.7.0"),
            sbc("/platform-specific-installations/single-board-computers/orangepi_r1_plus_lts"),
        ),
        (
            "pine64",
            "pine64",
            "siderolabs/sbc-allwinner",
            "Pine64",
            None,
            sbc("/platform-specific-installations/single-board-computers/pine64"),
        ),
        (
            "rock64",
            "rock64",
            "siderolabs/sbc-rockchip",
            "Pine64 Rock64",
            None,
            sbc("/platform-specific-installations/single-board-computers/rock64"),
        ),
        (
            "rock4cplus",
            "rock4cplus",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK 4C Plus",
            Some("1.7.0"),
            sbc("/platform-specific-installations/single-board-computers/rock4cplus"),
        ),
        (
            "rock4se",
            "rock4se",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK 4SE",
            Some("1.8.0-alpha.1"),
            None,
        ),
        (
            "rock5a",
            "rock5a",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK 5A",
            Some("1.10.0-beta.0"),
            sbc("/platform-specific-installations/single-board-computers/rock5b"),
        ),
        (
            "rock5b",
            "rock5b",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK 5B",
            Some("1.9.2"),
            sbc("/platform-specific-installations/single-board-computers/rock5b"),
        ),
        (
            "rockpi_4",
            "rockpi4",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK PI 4",
            None,
            sbc("/platform-specific-installations/single-board-computers/rockpi_4"),
        ),
        (
            "rockpi_4c",
            "rockpi4c",
            "siderolabs/sbc-rockchip",
            "Radxa ROCK PI 4C",
            None,
            sbc("/platform-specific-installations/single-board-computers/rockpi_4c"),
        ),
        (
            "helios64",
            "helios64",
            "siderolabs/sbc-rockchip",
            "Kobol Helios64",
            Some("1.8.0-alpha.2"),
            None,
        ),
        (
            "turingrk1",
            "turingrk1",
            "siderolabs/sbc-rockchip",
            "Turing RK1",
            Some("1.9.0-beta.0"),
            sbc("/platform-specific-installations/single-board-computers/turing_rk1"),
        ),
        (
            "orangepi-5",
            "orangepi-5",
            "siderolabs/sbc-rockchip",
            "Orange Pi 5",
            Some("1.9.2"),
            sbc("/platform-specific-installations/single-board-computers/orangepi_5"),
        ),
        (
            "orangepi-5-plus",
            "orangepi-5-plus",
            "siderolabs/sbc-rockchip",
            "Orange Pi 5 Plus",
            Some("1.10.0-beta.0"),
            None,
        ),
        (
            "rockpro64",
            "rockpro64",
            "siderolabs/sbc-rockchip",
            "Pine64 RockPro64",
            Some("1.10.0-beta.0"),
            None,
        ),
        (
            "odroid-m1",
            "odroid-m1",
            "siderolabs/sbc-rockchip",
            "Odroid M1",
            Some("1.12.0-beta.0"),
            None,
        ),
        (
            "radxa-zero-3e",
            "radxa-zero-3e",
            "siderolabs/sbc-rockchip",
            "Radxa Zero 3E",
            Some("1.12.0-beta.0"),
            None,
        ),
        (
            "rock3b",
            "rock3b",
            "siderolabs/sbc-rockchip",
            "Rock 3B",
            Some("1.12.0-beta.0"),
            None,
        ),
        (
            "orangepi-5-max",
            "orangepi-5-max",
            "siderolabs/sbc-rockchip",
            "Orange Pi 5 Max",
            Some("1.12.0-beta.0"),
            None,
        ),
        (
            "rock5t",
            "rock5t",
            "siderolabs/sbc-rockchip",
            "Rock 5T",
            Some("1.12.0-beta.0"),
            None,
        ),
        (
            "friendlyelec-cm3588-nas",
            "friendlyelec-cm3588-nas",
            "siderolabs/sbc-rockchip",
            "FriendlyELEC CM3588 NAS",
            Some("1.13.0-alpha.1"),
            None,
        ),
        (
            "rock5b-plus",
            "rock5b-plus",
            "siderolabs/sbc-rockchip",
            "Rock 5B Plus",
            Some("1.13.0-alpha.1"),
            None,
        ),
    ];
    assert_eq!(rows, expected);
}

#[test]
fn board_gates_are_strict_on_both_sides() {
    let cases = [
        ("rpi_generic", "1.6.7", false),
        ("rpi_generic", "1.7.0-alpha.1", false),
        ("rpi_generic", "1.7.0", true),
        ("nanopi_r4s", "1.7.0", true),
        ("rpi_5", "1.12.2", false),
        ("rpi_5", "1.12.3", true),
        ("revpi_generic", "1.10.0-alpha.1", false),
        ("revpi_generic", "1.10.0-beta.0", true),
        ("rock5b", "1.9.1", false),
        ("rock5b", "1.9.2", true),
        ("turingrk1", "1.9.0-alpha.3", false),
        ("turingrk1", "1.9.0-beta.0", true),
        ("rock5b-plus", "1.13.0-alpha.0", false),
        ("rock5b-plus", "1.13.0-alpha.1", true),
    ];
    for (param, version, expected) in cases {
        let found = board(param).expect(param);
        assert_eq!(
            found.is_available(&v(version)),
            expected,
            "{param} at {version}"
        );
        assert_eq!(
            available_boards(&v(version))
                .iter()
                .any(|board| board.param == param),
            expected,
            "{param} listed at {version}"
        );
    }
    assert!(available_boards(&v("1.6.0")).is_empty());
    assert_eq!(available_boards(&v("1.14.0")).len(), BOARDS.len());
}

#[test]
fn board_lookup_is_by_param_not_overlay_name() {
    assert_eq!(
        board("nanopi_r4s").map(|board| board.overlay_name),
        Some("nanopi-r4s")
    );
    assert!(board("nanopi-r4s").is_none());
    assert!(board("").is_none());
}

#[test]
fn secureboot_toggle_rules() {
    let cases = [
        (TargetKind::Metal, None, "1.4.9", false),
        (TargetKind::Metal, None, "1.5.0-rc.0", false),
        (TargetKind::Metal, None, "1.5.0", true),
        (TargetKind::Cloud, Some("azure"), "1.5.0", true),
        (TargetKind::Cloud, Some("nocloud"), "1.4.0", false),
        (TargetKind::Cloud, Some("nocloud"), "1.9.0", true),
        (TargetKind::Cloud, Some("cloudstack"), "1.9.0", true),
        (TargetKind::Cloud, Some("aws"), "1.9.0", false),
        (TargetKind::Cloud, Some("nowhere"), "1.9.0", false),
        (TargetKind::Cloud, None, "1.9.0", false),
        (TargetKind::Sbc, None, "1.9.0", false),
    ];
    for (kind, platform, version, expected) in cases {
        assert_eq!(
            secureboot_available(kind, platform, &v(version)),
            expected,
            "{kind:?} {platform:?} {version}"
        );
    }
}

#[test]
fn single_arch_platforms_pick_their_arch() {
    assert_eq!(
        cloud_platform("hcloud").and_then(CloudPlatform::only_arch),
        Some(Arch::Amd64)
    );
    assert_eq!(
        cloud_platform("aws").and_then(CloudPlatform::only_arch),
        None
    );
    assert!(!cloud_platform("vultr").is_some_and(|platform| platform.supports_arch(Arch::Arm64)));
}

fn defaults(choices: &[DiskFormatChoice]) -> Vec<&'static str> {
    choices
        .iter()
        .filter(|choice| choice.is_default)
        .map(|choice| choice.suffix)
        .collect()
}

#[test]
fn disk_formats_mark_the_platform_default() {
    assert_eq!(defaults(&METAL.disk_formats()), ["raw.zst"]);
    for platform in CLOUD_PLATFORMS {
        let choices = platform.disk_formats();
        match platform.disk_suffix {
            Some(suffix) => {
                assert_eq!(defaults(&choices), [suffix], "{}", platform.name);
                assert_eq!(choices.len(), DISK_FORMATS.len(), "{}", platform.name);
            }
            None => assert!(choices.is_empty(), "{}", platform.name),
        }
    }
    let board_choices = BOARDS[0].disk_formats();
    assert_eq!(defaults(&board_choices), ["raw.xz"]);
    let suffixes: Vec<&str> = board_choices.iter().map(|choice| choice.suffix).collect();
    assert_eq!(suffixes, ["raw", "raw.xz", "raw.zst", "raw.gz"]);
}

#[test]
fn disk_format_suffixes_follow_the_factory_grammar() {
    for format in DISK_FORMATS {
        let (disk, compression) = format.suffix.split_once('.').unwrap_or((format.suffix, ""));
        assert!(
            ["raw", "qcow2", "vhd", "ova"].contains(&disk),
            "{}",
            format.suffix
        );
        assert!(
            ["", "xz", "gz", "zst", "tar.gz"].contains(&compression),
            "{}",
            format.suffix
        );
    }
    assert_eq!(
        disk_format("vhd.xz").map(|format| format.label),
        Some(DiskFormatLabel::Compressed("VHD", "xz"))
    );
    assert!(disk_format("vmdk").is_none());
}

#[test]
fn a_default_outside_the_list_is_put_first() {
    let choices = disk_format::choices(BOARD_DISK_FORMATS, "qcow2");
    assert_eq!(choices[0].suffix, "qcow2");
    assert!(choices[0].is_default);
    assert_eq!(defaults(&choices), ["qcow2"]);
}

#[test]
fn every_board_names_its_models() {
    for board in BOARDS {
        assert!(!board.models.is_empty(), "{}", board.param);
        assert_eq!(board.models.trim(), board.models, "{}", board.param);
    }
    let models = |param: &str| board(param).map(|board| board.models);
    assert_eq!(models("rockpi_4"), Some("Rock Pi 4A, Rock Pi 4B (RK3399)"));
    assert_eq!(models("revpi_generic"), Some("Revolution Pi Series"));
    assert!(
        models("rpi_generic").is_some_and(|models| models.contains("4 Model B")
            && models.contains("Compute Module")
            && !models.contains("Pi 5"))
    );
    // Names only: no English word joins them (the list reads the same in every language).
    for board in BOARDS {
        assert!(!board.models.contains(" and "), "{}", board.param);
    }
}

fn params(boards: &[&Board]) -> Vec<&'static str> {
    boards.iter().map(|board| board.param).collect()
}

#[test]
fn boards_filter_on_label_models_and_param() {
    let all: Vec<&Board> = BOARDS.iter().collect();
    assert_eq!(filter_boards(&all, "").len(), BOARDS.len());
    assert_eq!(filter_boards(&all, "  ").len(), BOARDS.len());
    assert_eq!(
        params(&filter_boards(&all, "rock pi 4b")),
        ["rockpi_4"],
        "models"
    );
    assert_eq!(
        params(&filter_boards(&all, "ROCKPI_4C")),
        ["rockpi_4c"],
        "param"
    );
    assert_eq!(
        params(&filter_boards(&all, " jetson ")),
        ["jetson_nano"],
        "label, trimmed"
    );
    assert_eq!(
        params(&filter_boards(&all, "compute module")),
        ["rpi_generic"]
    );
    let rk3568 = params(&filter_boards(&all, "rk3568"));
    assert_eq!(
        rk3568,
        ["nanopi_r5s", "odroid-m1", "rock3b"],
        "SoC, order kept"
    );
    assert!(filter_boards(&all, "toaster").is_empty());
    assert!(filter_boards(&all, "ß").is_empty());
    let some = [board("rock5b").unwrap(), board("rpi_5").unwrap()];
    assert_eq!(params(&filter_boards(&some, "")), ["rock5b", "rpi_5"]);
    assert_eq!(params(&filter_boards(&some, "raspberry")), ["rpi_5"]);
}
