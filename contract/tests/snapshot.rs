//! The shipped offline catalog (`public/catalog-snapshot.json`): the app parses it, and it
//! carries no made-up digests.

use std::path::{Path, PathBuf};

use factory_contract::snapshot;
use talos_image_studio::catalog::CatalogSnapshot;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shipped() -> String {
    std::fs::read_to_string(root().join("public/catalog-snapshot.json")).unwrap()
}

#[test]
fn no_shipped_digest_is_the_sha256_of_its_ref() {
    assert_eq!(
        snapshot::synthetic_digests(&shipped()).unwrap(),
        Vec::<String>::new()
    );
    // The writer drops digests altogether (the app never reads them).
    assert!(!shipped().contains("\"digest\""));
}

#[test]
fn the_check_finds_synthetic_digests() {
    // The recorded catalogs carry synthetic digests for most versions (tests/data/README.md);
    // serialized with them, the check must name them.
    let built = snapshot::build(&root().join("tests/data/factory"), "2026-08-21").unwrap();
    let with_digests = serde_json::to_string(&built).unwrap();
    let found = snapshot::synthetic_digests(&with_digests).unwrap();
    assert!(
        found
            .iter()
            .any(|entry| entry.contains("ghcr.io/siderolabs/amazon-ena:")),
        "{found:?}"
    );
}

#[test]
fn the_app_parses_the_shipped_snapshot_as_the_writer_writes_it() {
    let text = shipped();
    let parsed = CatalogSnapshot::parse(&text).unwrap();
    assert_eq!(parsed.catalogs.len(), 4);
    assert!(
        parsed
            .catalogs
            .iter()
            .all(|catalog| !catalog.extensions.is_empty())
    );
    assert!(parsed.catalogs.iter().all(|catalog| {
        catalog
            .extensions
            .iter()
            .all(|extension| extension.digest.is_empty() && !extension.reference.is_empty())
    }));
    assert_eq!(snapshot::to_json(&parsed).unwrap(), text);
}

#[test]
fn the_recorded_data_makes_the_shipped_catalogs() {
    let built = snapshot::build(&root().join("tests/data/factory"), "2026-08-21").unwrap();
    let shipped = CatalogSnapshot::parse(&shipped()).unwrap();
    assert_eq!(
        snapshot::needed(&root().join("tests/data/factory")).unwrap(),
        ["v1.14.0-rc.1", "v1.13.9", "v1.12.11", "v1.11.6"]
    );
    for (built, shipped) in built.catalogs.iter().zip(&shipped.catalogs) {
        assert_eq!(built.version, shipped.version);
        let names = |catalog: &talos_image_studio::catalog::VersionCatalog| {
            catalog
                .extensions
                .iter()
                .map(|extension| extension.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(built), names(shipped));
    }
}

#[test]
fn a_drifted_catalog_is_not_written() {
    let dir =
        std::env::temp_dir().join(format!("factory-contract-snapshot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["extensions", "overlays"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let data = root().join("tests/data/factory");
    std::fs::copy(data.join("versions.json"), dir.join("versions.json")).unwrap();
    for version in snapshot::needed(&data).unwrap() {
        for sub in ["extensions", "overlays"] {
            let name = format!("{sub}/{version}.json");
            std::fs::copy(data.join(&name), dir.join(&name)).unwrap();
        }
    }
    assert!(snapshot::build(&dir, "2026-12-01").is_ok());
    let path = dir.join("extensions/v1.13.9.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"author\":", "\"maintainer\":", 1)).unwrap();
    let error = snapshot::build(&dir, "2026-12-01").unwrap_err();
    assert!(
        error.contains("missing: author; unexpected: maintainer"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
