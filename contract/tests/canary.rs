//! `scripts/factory-canary.sh` against the in-repo factory stand-in: every check passes on the
//! stand-in as it is, and each injected drift (the fetched files changed between the fetch and
//! the check phase) is reported.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

use factory_contract::vectors;
use factory_standin::StandIn;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh empty directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("factory-contract-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `POST /schematics` with a raw HTTP/1.1 request (the stand-in closes every connection).
fn post_schematic(base_url: &str, yaml: &str) {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /schematics HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/yaml\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{yaml}",
        yaml.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

/// The stand-in, holding the canary's recorded schematics (it keeps schematics only once
/// they were POSTed).
fn seeded_standin() -> StandIn {
    let standin = StandIn::start(&root().join("tests/data/factory")).unwrap();
    for vector in vectors::canary().unwrap() {
        post_schematic(&standin.base_url(), &vector.canonical_yaml);
    }
    standin
}

/// Runs the script; returns (exit code, stdout, stderr).
fn canary(url: &str, dir: &Path, phase: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new("bash");
    command
        .current_dir(root())
        .arg("scripts/factory-canary.sh")
        .arg(url)
        .env("FACTORY_CONTRACT", env!("CARGO_BIN_EXE_factory-contract"))
        .env("CANARY_DIR", dir)
        .env_remove("CANARY_FETCH_ONLY")
        .env_remove("CANARY_CHECK_ONLY");
    if let Some(phase) = phase {
        command.env(phase, "1");
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Fetches once from a seeded stand-in into `dir`.
fn fetch_into(dir: &Path) {
    let standin = seeded_standin();
    let (code, out, err) = canary(&standin.base_url(), dir, Some("CANARY_FETCH_ONLY"));
    assert_eq!(code, 0, "{out}{err}");
}

/// Checks `dir` as it is (no fetch); returns (exit code, report).
fn check(dir: &Path) -> (i32, String) {
    let (code, out, err) = canary("http://127.0.0.1:9", dir, Some("CANARY_CHECK_ONLY"));
    assert_ne!(code, 2, "{err}");
    (code, out)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_standin_passes_every_check() {
    let standin = seeded_standin();
    let dir = TempDir::new("pass");
    let (code, out, err) = canary(&standin.base_url(), &dir.0, None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("factory contract canary: 17 checks, no drift"),
        "{out}"
    );
    assert!(
        out.contains("ok    GET /versions: decodes, ascending"),
        "{out}"
    );
    assert!(out.contains("ok    GET /version/v1.13.9/extensions/official: decodes, wire shape"));
    assert!(out.contains("ok    GET /version/v1.13.9/overlays/official: CORS"));
    assert_eq!(
        out.matches(": body\n").count(),
        vectors::CANARY_IDS.len(),
        "{out}"
    );
    // The stand-in serves no /openapi.yaml (the factory added it in v1.7).
    assert!(out.contains("skip  GET /openapi.yaml"), "{out}");
    // Every request was a GET with an Origin header (read-only; CORS is checked as a page
    // would see it): versions, 2 catalogs, the schematics, openapi.
    let gets: Vec<_> = standin
        .request_log()
        .into_iter()
        .filter(|request| request.method != "POST")
        .collect();
    assert_eq!(gets.len(), 4 + vectors::CANARY_IDS.len(), "{gets:?}");
    for request in &gets {
        assert_eq!(request.method, "GET", "{request:?}");
        assert!(request.origin.is_some(), "{request:?}");
    }
}

#[test]
fn an_unseeded_schematic_is_reported() {
    let standin = StandIn::start(&root().join("tests/data/factory")).unwrap();
    let dir = TempDir::new("unseeded");
    let (code, out, _) = canary(&standin.base_url(), &dir.0, None);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("DRIFT GET /schematics/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba: status")
            && out.contains("expected 200, got 404: \"schematic not found\\n\""),
        "{out}"
    );
}

#[test]
fn each_injected_drift_is_reported() {
    let fetched = TempDir::new("drift-source");
    fetch_into(&fetched.0);
    let copy = |name: &str| {
        let dir = TempDir::new(name);
        for entry in std::fs::read_dir(&fetched.0).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.0.join(entry.file_name())).unwrap();
        }
        dir
    };
    let (code, report) = check(&copy("unchanged").0);
    assert_eq!(code, 0, "{report}");

    // A renamed JSON field in a catalog (the app's decoder would default it silently).
    let dir = copy("field");
    edit(&dir.0.join("extensions.body"), "\"ref\":", "\"reference\":");
    let (code, report) = check(&dir.0);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("1 DRIFTED"), "{report}");
    assert!(
        report.contains("DRIFT GET /version/v1.13.9/extensions/official: decodes, wire shape"),
        "{report}"
    );
    assert!(
        report.contains("item 0 (siderolabs/amazon-ena): expected the keys name, ref, digest, author, description; missing: ref; unexpected: reference"),
        "{report}"
    );

    // A changed value type in the overlay catalog: the app's decoder refuses it.
    let dir = copy("type");
    edit(
        &dir.0.join("overlays.body"),
        "\"name\":\"",
        "\"name\":7,\"x\":\"",
    );
    let (code, report) = check(&dir.0);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("DRIFT GET /version/v1.13.9/overlays/official: decodes, wire shape")
            && report.contains("invalid overlay list"),
        "{report}"
    );

    // A missing CORS header.
    let dir = copy("cors");
    edit(
        &dir.0.join("versions.headers"),
        "Access-Control-Allow-Origin: *\r\n",
        "",
    );
    let (code, report) = check(&dir.0);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("DRIFT GET /versions: CORS"), "{report}");
    assert!(
        report.contains(
            "expected an Access-Control-Allow-Origin header (the request sent Origin), got none"
        ),
        "{report}"
    );

    // A schematic body that hashes to another ID, with its diff.
    let id = vectors::CANARY_IDS[0];
    let dir = copy("schematic");
    let body = dir.0.join(format!("schematic-{id}.body"));
    edit(
        &body,
        "customization: {}\n",
        "customization:\n    extraKernelArgs:\n        - quiet\n",
    );
    let (code, report) = check(&dir.0);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!("DRIFT GET /schematics/{id}: body")),
        "{report}"
    );
    assert!(
        report.contains(&format!("expected the body to hash (sha256) to {id}, got ")),
        "{report}"
    );
    assert!(
        report.contains("--- expected")
            && report.contains("-customization: {}")
            && report.contains("+    extraKernelArgs:"),
        "{report}"
    );

    // Versions out of order.
    let dir = copy("order");
    edit(
        &dir.0.join("versions.body"),
        "\"v1.2.0\",\"v1.2.1\"",
        "\"v1.2.1\",\"v1.2.0\"",
    );
    let (code, report) = check(&dir.0);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("expected ascending semver order, got v1.2.0 at entry 1 after v1.2.1"),
        "{report}"
    );
}

#[test]
fn a_served_openapi_document_is_checked() {
    let fetched = TempDir::new("openapi");
    fetch_into(&fetched.0);
    let headers = "HTTP/1.1 200 OK\r\nContent-Type: application/yaml\r\nAccess-Control-Allow-Origin: *\r\n\r\n";
    std::fs::write(fetched.0.join("openapi.headers"), headers).unwrap();
    let mut document = String::from("components:\n  schemas:\n    Schematic:\n      properties:\n");
    for name in [
        "overlay",
        "image",
        "name",
        "options",
        "customization",
        "extraKernelArgs",
        "meta",
        "key",
        "value",
        "systemExtensions",
        "officialExtensions",
        "enrollKeys",
        "includeWellKnownCertificates",
        "bootloader",
        "sectorSize",
        "embeddedMachineConfiguration",
    ] {
        document.push_str(&format!("        {name}:\n          type: string\n"));
    }
    std::fs::write(fetched.0.join("openapi.body"), &document).unwrap();
    let (code, report) = check(&fetched.0);
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("ok    GET /openapi.yaml: schematic fields"),
        "{report}"
    );

    std::fs::write(
        fetched.0.join("openapi.body"),
        document.replace("sectorSize:", "blockSize:"),
    )
    .unwrap();
    let (code, report) = check(&fetched.0);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("missing: customization.diskImage.sectorSize"),
        "{report}"
    );
}
