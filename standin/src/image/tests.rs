use super::*;

fn check(path: &str, version: &str, expected: Result<(OutputKind, &str, &str, &str, bool), &str>) {
    let actual = parse_path(path, &TalosVersion::lit(version)).map(|profile| {
        (
            profile.kind,
            profile.platform.clone(),
            profile.board.clone(),
            profile.arch.clone(),
            profile.secure_boot,
        )
    });
    let expected = expected
        .map(|(kind, platform, board, arch, secure_boot)| {
            (
                kind,
                platform.to_string(),
                board.to_string(),
                arch.to_string(),
                secure_boot,
            )
        })
        .map_err(str::to_string);
    assert_eq!(actual, expected, "{path}");
}

#[test]
fn parses_every_asset_form() {
    use OutputKind::*;
    check(
        "kernel-amd64",
        "v1.9.5",
        Ok((Kernel, "metal", "", "amd64", false)),
    );
    check(
        "kernel-x86_64",
        "v1.9.5",
        Ok((Kernel, "metal", "", "amd64", false)),
    );
    check(
        "cmdline-metal-arm64-secureboot",
        "v1.9.5",
        Ok((Cmdline, "metal", "", "arm64", true)),
    );
    check(
        "initramfs-arm64.xz",
        "v1.9.5",
        Ok((Initramfs, "metal", "", "arm64", false)),
    );
    check(
        "nocloud-amd64-secureboot.iso",
        "v1.9.5",
        Ok((Iso, "nocloud", "", "amd64", true)),
    );
    check(
        "metal-amd64-secureboot-uki.efi",
        "v1.9.5",
        Ok((Uki, "metal", "", "amd64", true)),
    );
    check(
        "installer-arm64-secureboot.tar",
        "v1.9.5",
        Ok((Installer, "metal", "", "arm64", true)),
    );
    check(
        "metal-amd64.raw.zst",
        "v1.5.1",
        Ok((Image, "metal", "", "amd64", false)),
    );
    check(
        "gcp-arm64.raw.tar.gz",
        "v1.9.5",
        Ok((Image, "gcp", "", "arm64", false)),
    );
    check(
        "digital-ocean-amd64.raw.gz",
        "v1.9.5",
        Ok((Image, "digital-ocean", "", "amd64", false)),
    );
    check(
        "azure-amd64-secureboot.vhd.xz",
        "v1.9.5",
        Ok((Image, "azure", "", "amd64", true)),
    );
    check(
        "vmware-arm64.ova",
        "v1.9.5",
        Ok((Image, "vmware", "", "arm64", false)),
    );
    check(
        "metal-rpi_generic-arm64.raw.xz",
        "v1.6.7",
        Ok((Image, "metal", "rpi_generic", "arm64", false)),
    );
}

#[test]
fn rejects_garbage_with_the_factory_messages() {
    check(
        "garbage",
        "v1.9.5",
        Err("invalid profile path: \"garbage\""),
    );
    check(
        "metal.raw.xz",
        "v1.9.5",
        Err("invalid platform-arch: \"metal\""),
    );
    check(
        "metal-riscv.iso",
        "v1.9.5",
        Err("invalid architecture: \"riscv\""),
    );
    check("kernel-arm", "v1.9.5", Err("invalid architecture: \"arm\""));
    check(
        "metal-rpi_generic-arm64.raw.xz",
        "v1.7.0",
        Err("invalid architecture: \"rpi_generic-arm64\""),
    );
}

#[test]
fn content_types_follow_the_factory_table() {
    for (path, expected) in [
        ("metal-amd64-uki.efi", "application/efi"),
        ("metal-amd64.iso", "application/x-iso9660-image"),
        ("initramfs-amd64.xz", "application/x-xz"),
        ("gcp-amd64.raw.tar.gz", "application/gzip"),
        ("metal-amd64.qcow2", "application/x-qemu-disk"),
        ("metal-amd64.raw.zst", "application/octet-stream"),
        ("installer-amd64.tar", "application/octet-stream"),
        ("kernel-amd64", "application/octet-stream"),
    ] {
        assert_eq!(content_type(path), expected, "{path}");
    }
}

#[test]
fn ipxe_scripts_match_the_factory_templates() {
    let version = TalosVersion::lit("v1.10.9");
    let profile = parse_path("cmdline-metal-amd64", &version).unwrap();
    let script = ipxe_script(
        "http://127.0.0.1:1/",
        "abc",
        "v1.10.9",
        &profile,
        &["a=b".to_string()],
    );
    assert_eq!(
        script,
        format!(
            "#!ipxe\n\nimgfree\nkernel http://127.0.0.1:1/image/abc/v1.10.9/kernel-amd64 {}\ninitrd http://127.0.0.1:1/image/abc/v1.10.9/initramfs-amd64.xz\nboot\n",
            cmdline(&profile, &["a=b".to_string()])
        )
    );
    assert!(cmdline(&profile, &["a=b".to_string()]).ends_with(" a=b"));
    let profile = parse_path("cmdline-metal-arm64-secureboot", &version).unwrap();
    let script = ipxe_script("http://h", "abc", "v1.10.9", &profile, &[]);
    assert_eq!(
        script,
        format!(
            "#!ipxe\n\nimgfree\nkernel http://h/image/abc/v1.10.9/metal-arm64-secureboot-uki.efi {}\nboot\n",
            cmdline(&profile, &[])
        )
    );
}

#[test]
fn asset_bodies_are_deterministic_and_distinct() {
    let version = TalosVersion::lit("v1.10.9");
    let iso = parse_path("metal-amd64.iso", &version).unwrap();
    let first = asset_body("abc", "v1.10.9", "metal-amd64.iso", &iso, &[]);
    assert_eq!(
        first,
        asset_body("abc", "v1.10.9", "metal-amd64.iso", &iso, &[])
    );
    assert_ne!(
        first,
        asset_body("abd", "v1.10.9", "metal-amd64.iso", &iso, &[])
    );
    let cmdline_profile = parse_path("cmdline-aws-amd64", &version).unwrap();
    let body = asset_body("abc", "v1.10.9", "cmdline-aws-amd64", &cmdline_profile, &[]);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .starts_with("talos.platform=aws ")
    );
}
