//! Unit tests of the schematic API: a `check` per entry point; the full vector suites live in
//! `tests/it/vectors.rs`.

use super::{Schematic, SchematicId, YamlLibrary};

fn check_json(body: &str, expected_yaml: &str) {
    let schematic = Schematic::from_json(body).unwrap();
    assert_eq!(schematic.canonical_yaml(), expected_yaml);
    assert_eq!(
        schematic.id().to_string(),
        SchematicId::of_yaml(expected_yaml).to_string()
    );
}

#[test]
fn empty_schematic_has_the_well_known_id() {
    check_json("{}", "customization: {}\n");
    assert_eq!(
        Schematic::default().id().as_str(),
        "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
    );
}

#[test]
fn kernel_args_are_a_non_compact_sequence() {
    check_json(
        r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#,
        "customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n",
    );
}

#[test]
fn bool_words_are_single_quoted_now_and_double_quoted_before() {
    let schematic =
        Schematic::from_json(r#"{"customization":{"secureboot":{"enrollKeys":"off"}}}"#).unwrap();
    assert!(schematic.canonical_yaml().contains("enrollKeys: 'off'"));
    assert!(
        schematic
            .legacy_canonical_yaml()
            .contains("enrollKeys: \"off\"")
    );
    assert!(schematic.legacy_differs());
    assert_eq!(schematic.ids_across_releases().len(), 2);
    assert_eq!(
        schematic.canonical_yaml_with(YamlLibrary::GoYamlV4Rc4),
        schematic.legacy_canonical_yaml()
    );
}
