//! `/image` and `/pxe`.

use crate::client::*;

fn setup() -> (factory_standin::StandIn, String) {
    let standin = standin();
    let id = create_schematic(
        &standin.base_url(),
        "customization:\n    extraKernelArgs:\n        - net.ifnames=0\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/amd-ucode\n",
    );
    (standin, id)
}

#[test]
fn images_are_served_with_disposition_length_and_type() {
    let (standin, id) = setup();
    let base = standin.base_url();
    for (path, content_type) in [
        ("metal-amd64.iso", "application/x-iso9660-image"),
        ("metal-amd64.raw.zst", "application/octet-stream"),
        ("metal-arm64.raw.xz", "application/x-xz"),
        ("gcp-amd64.raw.tar.gz", "application/gzip"),
        ("metal-amd64.qcow2", "application/x-qemu-disk"),
        ("metal-amd64-secureboot-uki.efi", "application/efi"),
        ("initramfs-amd64.xz", "application/x-xz"),
        ("kernel-arm64", "application/octet-stream"),
        ("installer-amd64.tar", "application/octet-stream"),
    ] {
        let reply = get(&base, &format!("/image/{id}/v1.10.9/{path}"));
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{path}");
        assert_eq!(
            reply.header("Content-Disposition"),
            Some(format!("attachment; filename=\"{path}\"").as_str())
        );
        assert_eq!(
            reply.header("Content-Length"),
            Some(reply.body.len().to_string().as_str())
        );
        assert!(reply.text().contains(path), "{path}");
        // Deterministic: the same request gives the same bytes.
        assert_eq!(
            get(&base, &format!("/image/{id}/1.10.9/{path}")).body.len(),
            reply.body.len()
        );
    }
    let reply = get(
        &base,
        &format!("/image/{id}/v1.10.9/metal-amd64.iso?filename=talos.iso"),
    );
    assert_eq!(
        reply.header("Content-Disposition"),
        Some("attachment; filename=\"talos.iso\"")
    );
    let reply = get(&base, &format!("/image/{id}/v1.10.9/cmdline-metal-amd64"));
    assert!(reply.text().starts_with("talos.platform=metal "));
    assert!(reply.text().ends_with(" net.ifnames=0"));
}

#[test]
fn head_image_has_headers_and_no_body() {
    let (standin, id) = setup();
    let base = standin.base_url();
    let full = get(&base, &format!("/image/{id}/v1.10.9/metal-amd64.iso"));
    let head = send(
        &base,
        "HEAD",
        &format!("/image/{id}/v1.10.9/metal-amd64.iso"),
        &[],
        b"",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("Content-Length"), full.header("Content-Length"));
    assert_eq!(
        head.header("Content-Disposition"),
        full.header("Content-Disposition")
    );
}

#[test]
fn image_errors_follow_the_factory_order() {
    let (standin, id) = setup();
    let base = standin.base_url();
    let unknown = "0".repeat(64);
    // Checksums and signatures are Enterprise-only, even for unknown schematics.
    for suffix in [".sha256", ".sha512", ".sigstore.json"] {
        let reply = get(
            &base,
            &format!("/image/{unknown}/v1.10.9/metal-amd64.iso{suffix}"),
        );
        assert_eq!(reply.status, 402, "{suffix}");
    }
    assert_error(
        &get(&base, &format!("/image/{unknown}/v1.10.9/metal-amd64.iso")),
        404,
        &format!("schematic ID \"{unknown}\" not found\n"),
    );
    assert_error(
        &get(&base, &format!("/image/{id}/v1.10/metal-amd64.iso")),
        500,
        "internal server error\n",
    );
    assert_error(
        &get(&base, &format!("/image/{id}/v1.10.9/garbage")),
        400,
        "error parsing profile from path: invalid profile path: \"garbage\"\n",
    );
    assert_error(
        &get(&base, &format!("/image/{id}/v1.99.0/metal-amd64.iso")),
        404,
        "version 1.99.0 is not available\n",
    );
    let other = create_schematic(
        &base,
        "customization:\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/not-there\n",
    );
    assert_error(
        &get(&base, &format!("/image/{other}/v1.10.9/metal-amd64.iso")),
        400,
        "error enhancing profile from schematic: official extension \"siderolabs/not-there\" is not available for Talos version v1.10.9\n",
    );
    // The kernel does not carry extensions, so it still builds.
    assert_eq!(
        get(&base, &format!("/image/{other}/v1.10.9/kernel-amd64")).status,
        200
    );
    let overlay = create_schematic(
        &base,
        "overlay:\n    image: siderolabs/sbc-raspberrypi\n    name: rpi_generic\ncustomization: {}\n",
    );
    assert_eq!(
        get(
            &base,
            &format!("/image/{overlay}/v1.6.7/metal-arm64.raw.xz")
        )
        .status,
        400
    );
    assert_eq!(
        get(
            &base,
            &format!("/image/{overlay}/v1.7.0/metal-arm64.raw.xz")
        )
        .status,
        200
    );
}

#[test]
fn pxe_scripts_point_at_the_standin() {
    let (standin, id) = setup();
    let base = standin.base_url();
    let cmdline = get(&base, &format!("/image/{id}/v1.10.9/cmdline-metal-amd64")).text();
    let reply = get(&base, &format!("/pxe/{id}/v1.10.9/metal-amd64"));
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        reply.text(),
        format!(
            "#!ipxe\n\nimgfree\nkernel {base}/image/{id}/v1.10.9/kernel-amd64 {cmdline}\ninitrd {base}/image/{id}/v1.10.9/initramfs-amd64.xz\nboot\n"
        )
    );
    let cmdline = get(
        &base,
        &format!("/image/{id}/v1.10.9/cmdline-metal-arm64-secureboot"),
    )
    .text();
    let reply = get(&base, &format!("/pxe/{id}/1.10.9/metal-arm64-secureboot"));
    assert_eq!(
        reply.text(),
        format!(
            "#!ipxe\n\nimgfree\nkernel {base}/image/{id}/v1.10.9/metal-arm64-secureboot-uki.efi {cmdline}\nboot\n"
        )
    );
    assert_eq!(get(&base, &format!("/pxe/{id}/v1.10.9/metal")).status, 400);
    assert_eq!(
        get(
            &base,
            &format!("/pxe/{}/v1.10.9/metal-amd64", "1".repeat(64))
        )
        .status,
        404
    );
}
