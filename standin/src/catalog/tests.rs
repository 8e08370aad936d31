use std::path::PathBuf;

use super::*;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/factory")
}

fn catalog() -> Catalog {
    Catalog::load(&data_dir()).unwrap()
}

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

#[test]
fn reencoding_every_fixture_reproduces_its_bytes() {
    // Proves the Go-compatible encoder used for synthesised lists writes what the factory writes.
    for folder in ["extensions", "overlays"] {
        for entry in fs::read_dir(data_dir().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            let file = path.display().to_string();
            let encoded = if folder == "extensions" {
                encode_extensions(&parse_extensions(&bytes, &file).unwrap())
            } else {
                encode_overlays(&parse_overlays(&bytes, &file).unwrap())
            };
            assert_eq!(encoded.as_bytes(), bytes.as_slice(), "{file}");
        }
    }
}

#[test]
fn fixture_versions_are_served_verbatim() {
    let catalog = catalog();
    let file = fs::read(data_dir().join("extensions/v1.10.9.json")).unwrap();
    assert_eq!(
        catalog.extensions(&v("v1.10.9")),
        Some((file.as_slice(), Provenance::Fixture))
    );
    let file = fs::read(data_dir().join("overlays/v1.14.0-rc.1.json")).unwrap();
    assert_eq!(
        catalog.overlays(&v("1.14.0-rc.1")),
        Some((file.as_slice(), Provenance::Fixture))
    );
    assert_eq!(catalog.versions.len(), 108);
    assert_eq!(
        catalog.versions_json,
        fs::read(data_dir().join("versions.json")).unwrap()
    );
}

#[test]
fn listed_versions_without_fixture_are_synthesised_from_the_names() {
    let catalog = catalog();
    let (bytes, provenance) = catalog.extensions(&v("v1.11.3")).unwrap();
    assert_eq!(provenance, Provenance::Synthesised);
    let items = parse_extensions(bytes, "synthesised").unwrap();
    let names: Vec<_> = items.iter().map(|item| item.name.clone()).collect();
    let all: Value = serde_json::from_slice(
        &fs::read(data_dir().join("catalog-names-by-version.json")).unwrap(),
    )
    .unwrap();
    let expected: Vec<String> =
        serde_json::from_value(all["extensions"]["v1.11.3"].clone()).unwrap();
    assert_eq!(names, expected);
    let ena = items
        .iter()
        .find(|item| item.name == "siderolabs/amazon-ena")
        .unwrap();
    assert_eq!(
        ena.reference,
        "ghcr.io/siderolabs/amazon-ena:2.15.0-v1.11.3"
    );
    assert_eq!(ena.digest, sha256_digest(&ena.reference));
    assert!(ena.description.starts_with("[core] "));
    assert_eq!(catalog.extension_names(&v("v1.11.3")), expected.as_slice());
}

#[test]
fn versions_before_descriptions_have_empty_texts() {
    let catalog = catalog();
    let (bytes, _) = catalog.extensions(&v("v1.6.0")).unwrap();
    let items = parse_extensions(bytes, "synthesised").unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|item| item.author.is_empty() && item.description.is_empty())
    );
    let (bytes, _) = catalog.extensions(&v("v1.6.2")).unwrap();
    let items = parse_extensions(bytes, "synthesised").unwrap();
    assert!(items.iter().any(|item| !item.description.is_empty()));
}

#[test]
fn synthesised_overlays_copy_the_nearest_fixture() {
    let catalog = catalog();
    let (bytes, provenance) = catalog.overlays(&v("v1.7.1")).unwrap();
    assert_eq!(provenance, Provenance::Synthesised);
    let fixture = fs::read(data_dir().join("overlays/v1.7.0.json")).unwrap();
    assert_eq!(bytes, fixture.as_slice());
    let (bytes, _) = catalog.overlays(&v("v1.6.0")).unwrap();
    assert_eq!(bytes, b"[]\n");
}

#[test]
fn unlisted_versions_have_no_lists() {
    let catalog = catalog();
    assert!(catalog.extensions(&v("v1.99.0")).is_none());
    assert!(!catalog.is_listed(&v("v1.99.0")));
    assert!(catalog.is_listed(&v("v1.2.0")));
    assert!(catalog.extension_names(&v("v1.99.0")).is_empty());
}

#[test]
fn a_folder_without_names_serves_only_fixtures() {
    let dir = std::env::temp_dir().join(format!("standin-catalog-{}", std::process::id()));
    fs::create_dir_all(dir.join("extensions")).unwrap();
    fs::write(dir.join("versions.json"), "[\"v1.9.5\",\"v1.9.6\"]\n").unwrap();
    fs::copy(
        data_dir().join("extensions/v1.9.5.json"),
        dir.join("extensions/v1.9.5.json"),
    )
    .unwrap();
    let catalog = Catalog::load(&dir).unwrap();
    assert!(catalog.extensions(&v("v1.9.5")).is_some());
    assert!(catalog.extensions(&v("v1.9.6")).is_none());
    assert!(catalog.overlays(&v("v1.9.5")).is_none());
    fs::write(dir.join("versions.json"), "[\"latest\"]").unwrap();
    assert!(Catalog::load(&dir).is_err());
    fs::remove_dir_all(&dir).unwrap();
}
