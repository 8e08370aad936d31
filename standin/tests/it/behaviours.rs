//! Later factory behaviours (off by default): OpenAPI contract validation and
//! `GET /openapi.yaml` (image-factory PR #532).

use factory_standin::{Behaviour, Options, StandIn};

use crate::client::*;

const DEFAULT_ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

#[test]
fn behaviours_are_off_by_default() {
    let standin = standin();
    let base = standin.base_url();
    assert!(standin.behaviours().is_empty());
    assert_error(&get(&base, "/openapi.yaml"), 404, "404 page not found\n");
    assert_error(
        &get(&base, "/version/1.2/extensions/official"),
        500,
        "internal server error\n",
    );
    assert_error(&get(&base, "/schematics/abc"), 404, "schematic not found\n");
}

#[test]
fn contract_validation_rejects_malformed_path_values() {
    let standin = standin();
    let base = standin.base_url();
    standin.set_behaviour(Behaviour::ContractValidation, true);
    let version_error = "validate OpenAPI request: parameter \"version\" in path has an error: string doesn't match the regular expression \"^v?[0-9]+\\\\.[0-9]+\\\\.[0-9]+(?:-[0-9A-Za-z.-]+)?$\"\n";
    let schematic_error = "validate OpenAPI request: parameter \"schematic\" in path has an error: string doesn't match the regular expression \"^[0-9a-f]{64}$\"\n";
    for path in [
        "/version/1.2/extensions/official",
        "/version/v1.10.9+x/overlays/official",
        "/talosctl/latest",
        "/talosctl/vv1.11.0/talosctl-linux-amd64",
    ] {
        assert_error(&get(&base, path), 400, version_error);
    }
    assert_error(&get(&base, "/schematics/abc"), 400, schematic_error);
    assert_error(
        &get(&base, &format!("/schematics/{}", DEFAULT_ID.to_uppercase())),
        400,
        schematic_error,
    );
    // The schematic comes first on asset routes, then the version.
    assert_error(
        &get(&base, "/image/abc/1.2/metal-amd64.iso"),
        400,
        schematic_error,
    );
    assert_error(
        &get(&base, &format!("/pxe/{DEFAULT_ID}/1.2/metal-amd64")),
        400,
        version_error,
    );
    // Well-formed values still reach the handlers, with their own answers.
    assert_error(
        &get(&base, &format!("/schematics/{}", "0".repeat(64))),
        404,
        "schematic not found\n",
    );
    assert_error(
        &get(&base, "/version/1.99.0/extensions/official"),
        404,
        "version 1.99.0 is not available\n",
    );
    assert_eq!(
        get(&base, "/version/v1.10.9/extensions/official").status,
        200
    );
    // Unknown routes and wrong methods are unchanged.
    assert_error(&get(&base, "/nope"), 404, "404 page not found\n");
    let reply = send(&base, "HEAD", "/versions", &[], b"");
    assert_eq!(reply.status, 405);
    let reply = send(&base, "DELETE", "/schematics/abc", &[], b"");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.text(), "Method Not Allowed\n");

    standin.set_behaviour(Behaviour::ContractValidation, false);
    assert_error(
        &get(&base, "/talosctl/latest"),
        500,
        "internal server error\n",
    );
}

#[test]
fn the_openapi_document_is_served_when_switched_on() {
    let mut options = Options::new(&data_dir());
    options.behaviours = vec![Behaviour::OpenApiDocument];
    let standin = StandIn::start_with("127.0.0.1:0".parse().unwrap(), options).unwrap();
    let base = standin.base_url();
    let reply = get(&base, "/openapi.yaml");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/yaml"));
    let text = reply.text();
    assert!(text.starts_with("openapi: 3."), "{text}");
    for route in [
        "/versions:",
        "/version/{version}/extensions/official:",
        "/version/{version}/overlays/official:",
        "/schematics:",
        "/schematics/{schematic}:",
        "/image/{schematic}/{version}/{path}:",
        "/pxe/{schematic}/{version}/{path}:",
        "/talosctl/{version}:",
        "/talosctl/{version}/{path}:",
        "/openapi.yaml:",
    ] {
        assert!(text.contains(&format!("\n  {route}\n")), "{route}");
    }
    for field in [
        "extraKernelArgs:",
        "meta:",
        "officialExtensions:",
        "includeWellKnownCertificates:",
        "enrollKeys:",
        "bootloader:",
        "embeddedMachineConfiguration:",
        "options:",
        "sectorSize:",
    ] {
        assert!(text.contains(field), "{field}");
    }
    assert_eq!(send(&base, "POST", "/openapi.yaml", &[], b"").status, 405);
    standin.set_behaviour(Behaviour::OpenApiDocument, false);
    assert_eq!(get(&base, "/openapi.yaml").status, 404);
}

#[test]
fn behaviours_switch_over_http() {
    let standin = standin();
    let base = standin.base_url();
    let reply = send(
        &base,
        "POST",
        "/__standin/behaviour?name=openapi-document&on=true",
        &[],
        b"",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(standin.behaviours(), vec![Behaviour::OpenApiDocument]);
    assert_eq!(
        get(&base, "/__standin/behaviours").text(),
        "[\"openapi-document\"]\n"
    );
    assert_eq!(get(&base, "/openapi.yaml").status, 200);
    for bad in ["name=nope&on=true", "name=openapi-document&on=yes"] {
        let reply = send(
            &base,
            "POST",
            &format!("/__standin/behaviour?{bad}"),
            &[],
            b"",
        );
        assert_eq!(reply.status, 400, "{bad}");
    }
    send(
        &base,
        "POST",
        "/__standin/behaviour?name=openapi-document&on=false",
        &[],
        b"",
    );
    assert!(standin.behaviours().is_empty());
}
