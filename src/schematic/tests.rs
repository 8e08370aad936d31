//! Unit tests of the schematic API: a `check` per entry point; the full vector suites live in
//! `tests/it/vectors.rs`.

use super::test_support::on_small_stack;
use super::{
    Cause, Change, CopyError, Hint, Schematic, SchematicId, SchematicIdError, Value, YamlLibrary,
};
use crate::i18n::{BUILT_FILES, Locale, Messages};

/// The messages of a built locale file.
fn messages(tag: &str) -> Messages {
    let (_, json) = BUILT_FILES.iter().find(|(t, _)| *t == tag).expect("built");
    Messages::from_json(Locale::from_tag(tag).expect("a locale"), json, false)
        .expect("readable")
        .0
}

#[test]
fn release_ranges_read_as_before_in_english() {
    let releases: Vec<String> = YamlLibrary::ALL
        .iter()
        .map(|l| crate::i18n::Messages::english().render(&l.releases_text()))
        .collect();
    assert_eq!(
        releases,
        [
            "image-factory v1.5.0 and later",
            "image-factory v1.1.0 to v1.4.0",
            "image-factory v0.9.0 to v1.0.3",
            "image-factory v0.8.4 and earlier",
        ]
    );
    assert_eq!(
        messages("ru").render(&YamlLibrary::YamlV3.releases_text()),
        "image-factory v0.8.4 и более ранние"
    );
}

#[test]
fn errors_keep_go_yaml_words_inside_the_language_shown() {
    let error = Schematic::from_text("customization:\n    foo: 1\n").unwrap_err();
    assert_eq!(
        error.cause,
        Cause::Explained(
            "field foo not found in type schematic.Customization".to_owned(),
            Hint::KnownFields(&[
                "embeddedMachineConfiguration",
                "extraKernelArgs",
                "meta",
                "systemExtensions",
                "bootloader",
                "secureboot",
                "diskImage",
            ])
        )
    );
    let english = Messages::english().render(&error.text());
    assert_eq!(english, error.to_string());
    assert!(
        english.starts_with(
            "customization.foo: field foo not found in type schematic.Customization (known fields: "
        ),
        "{english}"
    );
    assert!(english.ends_with(" (line 2, column 5)"), "{english}");
    let french = messages("fr").render(&error.text());
    assert!(
        french.starts_with("customization.foo\u{a0}: field foo not found in type schematic.Customization (champs connus"),
        "{french}"
    );
    assert!(french.ends_with(" (ligne 2, colonne 5)"), "{french}");
    let polish = messages("pl").render(&Cause::NothingPasted.text());
    assert!(polish.starts_with("najpierw wklej"), "{polish}");
}

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

#[test]
fn pasted_text_may_be_json_or_yaml() {
    let from_json = Schematic::from_text("{\"customization\":{\"extraKernelArgs\":[\"a\"]}}");
    let from_yaml = Schematic::from_text("customization: {extraKernelArgs: [a]}");
    assert_eq!(from_json.unwrap(), from_yaml.unwrap());
    let error = Schematic::from_text("{\"customization\":{\"foo\":1}}").unwrap_err();
    assert_eq!(error.path(), "customization.foo");
}

#[test]
fn schematic_ids_parse_and_explain_rejections() {
    let id = Schematic::default().id();
    assert_eq!(id.as_str().parse::<SchematicId>().unwrap(), id);
    let error = "ABC".parse::<SchematicId>().unwrap_err();
    assert_eq!(
        error,
        SchematicIdError::Character {
            character: 'A',
            index: 0
        }
    );
    assert!(error.to_string().contains("lowercase hex"), "{error}");
    assert!(error.to_string().contains("'A' at position 1"), "{error}");
    let error = "abc".parse::<SchematicId>().unwrap_err();
    assert_eq!(error, SchematicIdError::Length(3));
    assert!(error.to_string().contains("this one has 3"), "{error}");
}

#[test]
fn post_body_escapes_what_go_yaml_would_misread() {
    let mut schematic = Schematic::default();
    schematic.customization.extra_kernel_args = vec![
        "a\u{85}b\u{2028}c\u{2029}/é😀\"\\".to_owned(),
        "\u{7f}\u{feff}".to_owned(),
    ];
    let body = schematic.to_json();
    assert_eq!(
        body,
        "{\"customization\":{\"extraKernelArgs\":[\"a\\u0085b\\u2028c\\u2029/é😀\\\"\\\\\",\"\\u007f\\ufeff\"]}}"
    );
    assert_eq!(Schematic::from_json(&body).unwrap(), schematic);
}

#[test]
fn normalize_fixes_line_endings_and_separators() {
    let mut schematic = Schematic::default();
    schematic.customization.embedded_machine_configuration = "a: b\r\nc: d\u{2028}".to_owned();
    schematic.customization.extra_kernel_args = vec!["\u{feff}x\u{85}y".to_owned()];
    let changes = schematic.normalize();
    assert_eq!(
        schematic.customization.embedded_machine_configuration,
        "a: b\nc: d\n"
    );
    assert_eq!(
        schematic.customization.extra_kernel_args,
        vec!["x y".to_owned()]
    );
    let kinds: Vec<Change> = changes.iter().map(|change| change.change).collect();
    assert_eq!(
        kinds,
        [
            Change::LineEndings,
            Change::SeparatorsToBreaks,
            Change::ByteOrderMarks,
            Change::SeparatorsToSpaces,
        ]
    );
    assert_eq!(
        Messages::english().render(&changes[0].text()),
        "customization.embeddedMachineConfiguration: windows line endings (\\r\\n) and lone \\r turned into \\n"
    );
    let paths: Vec<&str> = changes.iter().map(|change| change.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "customization.embeddedMachineConfiguration",
            "customization.embeddedMachineConfiguration",
            "customization.extraKernelArgs[0]",
            "customization.extraKernelArgs[0]",
        ]
    );
    assert!(schematic.normalize().is_empty());
}

#[test]
fn a_fetched_copy_is_checked_against_every_release_id() {
    let yaml = "customization:\n    secureboot:\n        enrollKeys: 'off'\n";
    let schematic = Schematic::from_yaml(yaml).unwrap();
    assert!(schematic.has_id(schematic.id().as_str()));
    assert!(schematic.has_id(schematic.legacy_id().as_str()));
    assert_ne!(schematic.id(), schematic.legacy_id());
    // The first half of the answer still parses as YAML, but is another schematic.
    let truncated = Schematic::from_yaml("customization:\n    secureboot: {}\n").unwrap();
    assert!(!truncated.has_id(schematic.id().as_str()));
    assert!(!schematic.has_id("not an id"));
}

#[test]
fn pasted_text_is_an_id_or_a_schematic_read_one_way() {
    use super::{Pasted, read_pasted};
    let id = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
    assert!(
        matches!(read_pasted(&format!("  {id}\n")), Ok(Pasted::Id(found)) if found.as_str() == id)
    );
    let yaml = "customization:\n    extraKernelArgs:\n        - noapic\n";
    let json = r#"{"customization":{"extraKernelArgs":["noapic"]}}"#;
    let (Ok(Pasted::Schematic(a)), Ok(Pasted::Schematic(b))) =
        (read_pasted(yaml), read_pasted(json))
    else {
        panic!("both should read as schematics");
    };
    assert_eq!(a.id(), b.id());
    assert_eq!(
        read_pasted("   \n").map_err(|error| error.cause),
        Err(Cause::NothingPasted)
    );
    assert!(read_pasted("customization: [").is_err());
}

#[test]
fn a_factory_copy_must_hash_to_the_id_asked_for() {
    use super::read_factory_copy;
    let schematic =
        Schematic::from_yaml("customization:\n    extraKernelArgs:\n        - noapic\n")
            .expect("valid");
    let id = schematic.id().to_string();
    let copy = schematic.canonical_yaml();
    assert_eq!(
        read_factory_copy(&copy, &id).map(|s| s.id()),
        Ok(schematic.id())
    );
    let cut = "customization:\n    extraKernelArgs: []\n";
    let error = read_factory_copy(cut, &id).expect_err("another schematic");
    assert!(
        matches!(&error, CopyError::OtherSchematic { asked, found } if *asked == id && found.as_str() != id),
        "{error:?}"
    );
    assert!(error.to_string().contains("another schematic"), "{error}");
    let garbled = read_factory_copy("customization: [", &id).expect_err("unreadable");
    assert!(
        matches!(&garbled, CopyError::Unreadable { asked, .. } if *asked == id),
        "{garbled:?}"
    );
    assert!(
        garbled.to_string().contains("could not be read"),
        "{garbled}"
    );
}

#[test]
fn a_factory_copy_confirms_its_id_by_hash_or_else_by_decoding() {
    use super::confirm_factory_copy;
    // "on" is quoted differently by older YAML libraries, so its older IDs differ.
    let schematic =
        Schematic::from_yaml("customization:\n    extraKernelArgs:\n        - \"on\"\n")
            .expect("valid");
    let id = schematic.id().to_string();
    // The factory re-marshals with its current library: the answer is the canonical YAML.
    let copy = schematic.canonical_yaml();
    assert_eq!(confirm_factory_copy(&copy, &id), Ok(()));
    let older: Vec<String> = schematic
        .ids_across_releases()
        .into_iter()
        .map(|(_, known)| known.to_string())
        .filter(|known| *known != id)
        .collect();
    assert!(!older.is_empty(), "no older ID differs for this schematic");
    for older_id in &older {
        assert_ne!(SchematicId::of_yaml(&copy).as_str(), older_id);
        assert_eq!(confirm_factory_copy(&copy, older_id), Ok(()), "{older_id}");
    }
    let other = "customization:\n    extraKernelArgs: []\n";
    assert!(matches!(
        confirm_factory_copy(other, &id),
        Err(CopyError::OtherSchematic { .. })
    ));
    assert!(matches!(
        confirm_factory_copy("customization: [", &id),
        Err(CopyError::Unreadable { .. })
    ));
}

#[test]
fn owner_is_refused_by_the_community_factory() {
    let schematic = Schematic::from_text("owner: acme\ncustomization: {}\n").unwrap();
    let reason = schematic.community_factory_refusal().unwrap();
    assert_eq!(reason.key(), crate::i18n::Key::SchematicOwnerRefused);
    let english = crate::i18n::Messages::english().render(&reason);
    assert!(english.contains("owner: \"acme\";"), "{english}");
    assert!(english.contains("refuses it with 400"), "{english}");
    assert!(Schematic::default().community_factory_refusal().is_none());
}

/// `depth` sequences around `inner`.
fn nested_in_seqs(depth: usize, inner: Value) -> Value {
    let mut value = inner;
    for _ in 0..depth {
        value = Value::Seq(vec![value]);
    }
    value
}

fn with_options(options: Vec<(String, Value)>) -> Schematic {
    let mut schematic = Schematic::default();
    schematic.overlay.options = options;
    schematic
}

/// Everything done with a schematic walks its option values with stacks of its own: emitted
/// (every library), hashed, written as a body, normalised, compared, cloned and dropped at
/// a depth far past go-yaml's reader limit, on a 1 MiB (wasm) stack in a debug build.
#[test]
fn deep_options_are_handled_without_recursion() {
    on_small_stack(|| {
        let depth = 50_000;
        let mut schematic = with_options(vec![(
            "k".into(),
            nested_in_seqs(depth, Value::Str("a\r\nb".into())),
        )]);
        let expected = format!(
            "overlay:\n    image: \"\"\n    name: \"\"\n    options:\n        k:\n            {}|-\n{}a\n{}b\ncustomization: {{}}\n",
            "- ".repeat(depth),
            " ".repeat(12 + 2 * depth),
            " ".repeat(12 + 2 * depth),
        );
        assert!(
            schematic
                .canonical_yaml()
                .ends_with("\ncustomization: {}\n")
        );
        assert_eq!(schematic.ids_across_releases().len(), 1);
        let copy = schematic.clone();
        assert!(copy == schematic);
        let changes = schematic.normalize();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].path,
            format!("overlay.options.k{}", "[0]".repeat(depth))
        );
        assert!(copy != schematic);
        assert_eq!(schematic.canonical_yaml(), expected);
        let json = schematic.to_json();
        assert!(json.starts_with(
            "overlay:\n  image: \"\"\n  name: \"\"\n  options:\n    \"k\":\n      - - - "
        ));
        drop(copy);
    });
}

/// The body for the factory and the options text read back as the same options however deep
/// they nest, down to what go-yaml's reader can take at all: JSON down to 9,997 levels (the
/// document's own 3 flow levels and the reader's 10,000), then block YAML for the first
/// 9,997 levels and flow style below them.
#[test]
fn deep_options_read_back_from_the_body_and_the_options_text() {
    use super::json::{MAX_WRITTEN_DEPTH, PLAIN_DEPTH, options_text};
    on_small_stack(|| {
        for depth in [PLAIN_DEPTH, PLAIN_DEPTH + 1, 12_345, MAX_WRITTEN_DEPTH] {
            // Mostly one-item sequences (a line for all of them), every 1,000th level a map
            // or a longer sequence, with scalars of every kind.
            let value = |depth: usize| {
                let mut value = Value::Map(vec![("x".into(), Value::Float(f64::INFINITY))]);
                for level in 1..depth {
                    value = match level % 1_000 {
                        0 => Value::Map(vec![
                            ("k".into(), value),
                            ("t".into(), Value::Timestamp("2001-12-14T00:00:00Z".into())),
                        ]),
                        500 => Value::Seq(vec![
                            value,
                            Value::Str("é \"q\"\n".into()),
                            Value::Uint(u64::MAX),
                        ]),
                        _ => Value::Seq(vec![value]),
                    };
                }
                value
            };
            let schematic =
                with_options(vec![("a".into(), value(depth)), ("b".into(), Value::Null)]);
            let body = schematic.to_json();
            assert_eq!(body.starts_with('{'), depth <= PLAIN_DEPTH, "{depth}");
            assert!(Schematic::from_yaml(&body).unwrap() == schematic, "{depth}");
            let text = options_text(&schematic.overlay.options);
            let document = format!(
                "overlay:\n  options:\n{}",
                text.lines()
                    .map(|line| format!("    {line}\n"))
                    .collect::<String>()
            );
            assert!(
                Schematic::from_yaml(&document).unwrap() == schematic,
                "{depth}"
            );
        }
        // One level more and no text reads back (only aliases build such options).
        let schematic = with_options(vec![(
            "a".into(),
            nested_in_seqs(MAX_WRITTEN_DEPTH + 1, Value::Null),
        )]);
        let error = Schematic::from_yaml(&schematic.to_json()).unwrap_err();
        assert!(
            error.to_string().contains("exceeded max depth of 10000"),
            "{error}"
        );
    });
}
