//! Import rules of spec §3.2/§3.6: one `check_yaml`/`check_error` per behaviour.

use crate::schematic::test_support::on_small_stack;
use crate::schematic::{Bootloader, Schematic, SchematicError, Value};

fn check_yaml(body: &str, expected_yaml: &str) {
    let schematic = Schematic::from_yaml(body).unwrap();
    assert_eq!(schematic.canonical_yaml(), expected_yaml, "{body:?}");
}

fn check_error(body: &str, message_part: &str, path: &str) -> SchematicError {
    let error = Schematic::from_yaml(body).unwrap_err();
    assert!(
        error.to_string().contains(message_part),
        "{body:?}: {error} does not mention {message_part:?}"
    );
    assert_eq!(error.path(), path, "{body:?}: {error}");
    error
}

#[test]
fn unknown_fields_are_rejected_with_their_type() {
    let error = check_error(
        r#"{"customization":{"foo":1}}"#,
        "field foo not found in type schematic.Customization",
        "customization.foo",
    );
    assert_eq!((error.line(), error.column()), (Some(1), Some(19)));
    check_error("ownr: x", "not found in type schematic.Schematic", "ownr");
    check_error(
        "customization:\n  meta:\n    - key: 1\n      val: x\n",
        "not found in type schematic.MetaValue",
        "customization.meta[0].val",
    );
}

#[test]
fn yaml_errors_carry_line_and_column() {
    let error = check_error(
        "customization:\n  extraKernelArgs: [a\n",
        "yaml: while parsing a flow sequence: did not find expected ',' or ']'",
        "",
    );
    assert_eq!(error.line(), Some(3));
    let error = check_error(
        "customization:\n  meta:\n    - key: 300\n",
        "into uint8",
        "customization.meta[0].key",
    );
    assert_eq!((error.line(), error.column()), (Some(3), Some(12)));
}

#[test]
fn duplicate_keys_are_rejected() {
    check_error(
        "customization: {}\ncustomization: {}\n",
        "already defined at line 1",
        "",
    );
    check_error(
        "overlay:\n  options:\n    a: 1\n    a: 2\n",
        "\"a\" already defined",
        "overlay.options",
    );
}

#[test]
fn meta_keys_are_integers_from_0_to_255() {
    let key = |body: &str| Schematic::from_yaml(body).map(|s| s.customization.meta[0].key);
    assert_eq!(key("customization: {meta: [{key: 0xa}]}").unwrap(), 10);
    assert_eq!(
        key(r#"{"customization":{"meta":[{"key":10.0}]}}"#).unwrap(),
        10
    );
    assert_eq!(key("customization: {meta: [{key: 255}]}").unwrap(), 255);
    for bad in ["\"10\"", "10.7", "true", "256", "-1", "[1]"] {
        let body = format!("customization: {{meta: [{{key: {bad}}}]}}");
        check_error(&body, "into uint8", "customization.meta[0].key");
    }
}

#[test]
fn bootloader_is_case_insensitive_and_auto_is_explained() {
    let bootloader = |word: &str| {
        Schematic::from_yaml(&format!("customization: {{bootloader: {word}}}"))
            .map(|s| s.customization.bootloader)
    };
    assert_eq!(bootloader("GRUB").unwrap(), Bootloader::Grub);
    assert_eq!(bootloader("Dual-Boot").unwrap(), Bootloader::DualBoot);
    assert_eq!(bootloader("sd-boot").unwrap(), Bootloader::SdBoot);
    assert_eq!(bootloader("none").unwrap(), Bootloader::None);
    assert_eq!(bootloader("null").unwrap(), Bootloader::None);
    let error = check_error(
        "customization: {bootloader: auto}",
        "auto does not belong to BootloaderKind values",
        "customization.bootloader",
    );
    assert!(error.message().contains("leaving the bootloader out"));
    check_error(
        "customization: {bootloader: uefi}",
        "uefi does not belong",
        "customization.bootloader",
    );
}

#[test]
fn null_means_absent_and_scalars_keep_their_text_in_string_fields() {
    check_yaml(r#"{"customization":null}"#, "customization: {}\n");
    check_yaml("null", "customization: {}\n");
    check_yaml(
        r#"{"customization":{"extraKernelArgs":[],"systemExtensions":{}},"overlay":{}}"#,
        "customization: {}\n",
    );
    check_yaml(
        // The null item is dropped (go-yaml v4.0.0-rc.6 `Constructor.sequence`).
        r#"{"customization":{"extraKernelArgs":[1,true,null,1.50]}}"#,
        "customization:\n    extraKernelArgs:\n        - \"1\"\n        - \"true\"\n        - \"1.50\"\n",
    );
}

#[test]
fn empty_bodies_are_errors() {
    for body in ["", "\u{feff}", "  \n", "# only a comment\n"] {
        check_error(body, "factory answers EOF", "");
    }
}

#[test]
fn only_the_first_document_counts_and_a_bom_is_skipped() {
    check_yaml(
        "\u{feff}customization: {extraKernelArgs: [a]}\n---\nfoo: bar\n",
        "customization:\n    extraKernelArgs:\n        - a\n",
    );
}

#[test]
fn json_traps_are_rejected_like_the_factory() {
    check_error(
        r#"{"customization":{"extraKernelArgs":["a\/b"]}}"#,
        "unknown escape character",
        "",
    );
    check_error(
        r#"{"customization":{"extraKernelArgs":["\ud83d\ude00"]}}"#,
        "invalid Unicode character escape",
        "",
    );
    // go-yaml v4.0.0-rc.6 `reader.go` accepts DEL and the C1 block (U+007F–U+009F).
    check_yaml(
        "{\"customization\":{\"extraKernelArgs\":[\"a\u{7f}\"]}}",
        "customization:\n    extraKernelArgs:\n        - \"a\\x7F\"\n",
    );
    check_error(
        "{\"customization\":{\"extraKernelArgs\":[\"a\u{1}\"]}}",
        "control characters are not allowed",
        "",
    );
}

#[test]
fn timestamps_into_strings_and_sector_sizes_from_2_pow_64_are_refused() {
    check_error(
        "customization:\n  extraKernelArgs: [2001-12-14]\n",
        "cannot construct !!timestamp `2001-12-14` into string",
        "customization.extraKernelArgs[0]",
    );
    check_error(
        "customization:\n  diskImage:\n    sectorSize: 18446744073709551616\n",
        "into uint",
        "customization.diskImage.sectorSize",
    );
    check_yaml(
        "customization:\n  extraKernelArgs: [\"2001-12-14\", ~, a]\n  meta: [~, {key: 1, value: x}]\n",
        "customization:\n    extraKernelArgs:\n        - \"2001-12-14\"\n        - a\n    meta:\n        - key: 1\n          value: x\n",
    );
}

#[test]
fn a_block_scalar_that_ends_the_text_has_no_final_line_break() {
    // go-yaml v4.0.0-rc.6 `scanner.go` `scanBlockScalar`: no break after the last line.
    check_yaml(
        "customization:\n  embeddedMachineConfiguration: |\n    a\n    b",
        "customization:\n    embeddedMachineConfiguration: |-\n        a\n        b\n",
    );
    check_yaml(
        "overlay:\n name: x\n options:\n  k: >+\n    x",
        "overlay:\n    image: \"\"\n    name: x\n    options:\n        k: x\ncustomization: {}\n",
    );
    check_yaml(
        "customization:\n  embeddedMachineConfiguration: |\n    a\n",
        "customization:\n    embeddedMachineConfiguration: |\n        a\n",
    );
}

#[test]
fn raw_line_breaks_are_read_as_the_factory_reads_them() {
    // A raw NEL inside a JSON string is a line break to go-yaml: folded to a space.
    check_yaml(
        "{\"customization\":{\"extraKernelArgs\":[\"a\u{85}b\"]}}",
        "customization:\n    extraKernelArgs:\n        - a b\n",
    );
    // CR LF in YAML text is a plain line break.
    check_yaml(
        "customization:\r\n  embeddedMachineConfiguration: |\r\n    a: b\r\n",
        "customization:\n    embeddedMachineConfiguration: |\n        a: b\n",
    );
}

#[test]
fn unreproducible_option_keys_are_rejected_with_the_reason() {
    let long_key = "k".repeat(129);
    let error = check_error(
        &format!("overlay: {{options: {{{long_key}: 1}}}}"),
        "over 128 bytes",
        &format!("overlay.options.{long_key}"),
    );
    assert!(error.message().contains("129 bytes"));
    check_error(
        "overlay:\n  options:\n    \"a\\nb\": 1\n",
        "line break",
        "overlay.options.a\nb",
    );
    check_error(
        "overlay:\n  options:\n    a: {1: x}\n",
        "nested map",
        "overlay.options.a",
    );
}

#[test]
fn options_are_typed_by_yaml_rules() {
    let options = |text: &str| {
        Schematic::from_yaml(&format!("overlay:\n  options:\n    {text}\n"))
            .unwrap()
            .overlay
            .options
    };
    assert_eq!(options("a: 0x1f")[0].1, Value::Int(31));
    assert_eq!(options("a: 1e3")[0].1, Value::Float(1000.0));
    assert_eq!(
        options("a: 2001-12-14")[0].1,
        Value::Timestamp("2001-12-14T00:00:00Z".into())
    );
    assert_eq!(
        options("a: !!binary aGVsbG8=")[0].1,
        Value::Str("hello".into())
    );
    assert_eq!(options("a: '1'")[0].1, Value::Str("1".into()));
    assert_eq!(options("1: a")[0].0, "1");
    assert!(Schematic::from_yaml("overlay: {options: {a: !!int x}}").is_err());
}

#[test]
fn aliases_are_expanded_within_bounds() {
    check_yaml(
        "overlay:\n  options:\n    a: &x [1]\n    b: *x\n",
        "overlay:\n    image: \"\"\n    name: \"\"\n    options:\n        a:\n            - 1\n        b:\n            - 1\ncustomization: {}\n",
    );
    let mut bomb =
        String::from("overlay:\n  options:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..8 {
        let previous = level - 1;
        bomb.push_str(&format!(
            "    a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"
        ));
    }
    check_error(&bomb, "excessive aliasing", "");
}

/// `overlay: {options: {a: …}}` around `depth` collections: the document's own flow
/// collections are flow levels 1 and 2 (its root is a block mapping).
fn flow_nested(depth: usize, open: &str, inner: &str, close: &str) -> String {
    format!(
        "overlay: {{options: {{a: {}{inner}{}}}}}",
        open.repeat(depth),
        close.repeat(depth)
    )
}

/// `a:` in block options holding `depth` block sequences (`- - - x`), then `inner`: the
/// document's mappings are indentation levels 1 to 3.
fn block_nested(depth: usize, inner: &str) -> String {
    format!(
        "overlay:\n  options:\n    a:\n      {}{inner}\n",
        "- ".repeat(depth)
    )
}

/// go-yaml reads collections nested up to 10,000 flow levels and, apart, 10,000 block
/// indentation levels (`options.go` `DefaultDepthCheck`, checked in `scanner.go`
/// `increaseFlowLevel` and `rollIndent`), and fails past that, as the reader here does; at
/// every depth in between the options decode (on a wasm-sized stack), and their canonical
/// YAML is go-yaml's (`tests/data/vectors/deep-nesting.json` holds the Go oracle's IDs).
#[test]
fn options_decode_down_to_the_readers_limit_and_fail_past_it() {
    on_small_stack(|| {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let deepest = Schematic::from_yaml(&flow_nested(9_998, open, "1", close)).unwrap();
            let mut value = &deepest.overlay.options[0].1;
            let mut depth = 0;
            loop {
                value = match value {
                    Value::Map(entries) => &entries[0].1,
                    Value::Seq(items) => &items[0],
                    _ => break,
                };
                depth += 1;
            }
            assert_eq!((depth, value), (9_998, &Value::Int(1)));
            // Go: "… (while increasing flow level) at L1.C10022: exceeded max depth of 10000",
            // at the 9,999th `[` (`{`).
            let error = Schematic::from_yaml(&flow_nested(9_999, open, "1", close)).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "yaml: while increasing flow level: exceeded max depth of 10000 (line 1, column {})",
                    24 + 9_998 * open.len()
                )
            );
        }
        assert!(Schematic::from_yaml(&block_nested(9_997, "x")).is_ok());
        let error = Schematic::from_yaml(&block_nested(9_998, "x")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("yaml: while increasing indent level: exceeded max depth of 10000"),
            "{error}"
        );
        // Block and flow levels are counted apart: 9,997 + 10,000 collections.
        let mixed = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let schematic = Schematic::from_yaml(&block_nested(9_997, &mixed)).unwrap();
        assert!(
            schematic
                .canonical_yaml()
                .ends_with(&format!("{}1\ncustomization: {{}}\n", "- ".repeat(19_997)))
        );
        let mixed = format!("{}1{}", "[".repeat(10_001), "]".repeat(10_001));
        assert!(Schematic::from_yaml(&block_nested(9_997, &mixed)).is_err());
    });
}

/// Aliases nest values deeper than the reader's limit (go-yaml's constructor has none):
/// `z` is 15,001 sequences deep, built from anchors in a merge key's mapping whose keys are
/// set already (`Constructor.merge` leaves their values unconstructed).
#[test]
fn aliases_nest_options_beyond_the_readers_limit() {
    let levels = 15_000;
    let mut text = String::from("overlay:\n  options:\n");
    for level in 0..levels {
        text.push_str(&format!("    d{level}: 0\n"));
    }
    text.push_str("    <<:\n      d0: &a0 [x]\n");
    for level in 1..levels {
        text.push_str(&format!("      d{level}: &a{level} [*a{}]\n", level - 1));
    }
    text.push_str(&format!("    z: [*a{}]\n", levels - 1));
    let (depth, yaml) = on_small_stack(move || {
        let schematic = Schematic::from_yaml(&text).unwrap();
        let (_, z) = schematic
            .overlay
            .options
            .iter()
            .find(|(key, _)| key == "z")
            .unwrap();
        let mut value = z;
        let mut depth = 0;
        while let Value::Seq(items) = value {
            value = &items[0];
            depth += 1;
        }
        assert_eq!(value, &Value::Str("x".into()));
        (depth, schematic.canonical_yaml())
    });
    assert_eq!(depth, levels + 1);
    assert!(yaml.ends_with(&format!(
        "\n        z:\n            {}x\ncustomization: {{}}\n",
        "- ".repeat(levels + 1)
    )));
}

/// go-yaml v4.0.0-rc.6 `options.go` `DefaultAliasCheck` at its edges, as recorded from Go (the
/// `limit` plugin's default check): per construct count, the largest alias count that passes
/// and the smallest that fails (`0.99` up to 400,000 constructs, then falling linearly to
/// `0.10` at 4,000,000).
#[test]
fn alias_check_is_go_yamls_at_its_edges() {
    for (constructs, passes, fails) in [
        (1_001, 990, 991),
        (1_002, 991, 992),
        (10_000, 9_900, 9_901),
        (399_999, 395_999, 396_000),
        (400_000, 396_000, 396_001),
        (400_001, 396_000, 396_001),
        (400_002, 396_001, 396_002),
        (1_000_000, 841_666, 841_667),
        (1_234_567, 967_501, 967_502),
        (2_200_000, 1_198_999, 1_199_000),
        (3_999_999, 400_000, 400_001),
        (4_000_000, 400_000, 400_001),
        (4_000_001, 400_000, 400_001),
        (10_000_000, 1_000_000, 1_000_001),
    ] {
        assert!(
            super::alias_check(passes, constructs, (1, 1)).is_ok(),
            "{constructs}"
        );
        let error = super::alias_check(fails, constructs, (1, 1)).unwrap_err();
        assert_eq!(
            error.message(),
            "yaml: document contains excessive aliasing"
        );
    }
    // No check up to 1,000 constructs or 100 aliased ones.
    assert!(super::alias_check(1_000, 1_000, (1, 1)).is_ok());
    assert!(super::alias_check(100, 100_000, (1, 1)).is_ok());
    assert!(super::alias_check(101, 102, (1, 1)).is_ok());
}

/// `count` items joined by `, `.
fn items(item: &str, count: usize) -> String {
    vec![item; count].join(", ")
}

/// Alias expansions fail exactly where go-yaml v4.0.0-rc.6 fails. For each document, one
/// alias short of the threshold and at it, Go's `constructCount` and `aliasCount` at the last
/// check (`Constructor.Construct`) and the failing node were recorded from Go with a counting
/// `AliasCheck` (`limit.AliasFunc`): expansions in options (the 0.99 ratio, and the range
/// from 400,000 constructs where it falls), in a `[]string` field, and through a struct
/// merge.
#[test]
fn alias_expansion_fails_where_go_yamls_does() {
    let in_options = |aliases: usize| {
        format!(
            "overlay:\n  options:\n    a: &a [{}]\n    b: [{}]\n",
            items("x", 200),
            items("*a", aliases)
        )
    };
    let padded = |aliases: usize| {
        format!(
            "overlay:\n  options:\n    p: [{}]\n    a: &a [{}]\n    b: [{}]\n",
            items("x", 100_000),
            items("x", 1_000),
            items("*a", aliases)
        )
    };
    // The anchors sit in a merge key's mapping whose keys are set already, so Go never
    // constructs them there (`Constructor.merge`).
    let in_strings = |aliases: usize| {
        format!(
            "overlay:\n  options:\n    s: &s x\n    d: 0\n    <<: {{d: &l [{}]}}\ncustomization:\n  extraKernelArgs: *l\n",
            items("*s", aliases)
        )
    };
    let in_merge = |aliases: usize| {
        format!(
            "overlay:\n  options:\n    s: &s x\n    d: 0\n    e: 0\n    <<: {{d: &l [{}], e: &m {{extraKernelArgs: *l}}}}\ncustomization:\n  <<: *m\n",
            items("*s", aliases)
        )
    };
    type Case<'a> = (
        &'a dyn Fn(usize) -> String,
        usize,
        (usize, usize),
        (usize, usize),
        (usize, usize),
    );
    let cases: [Case<'_>; 4] = [
        (
            &in_options,
            204,
            (41_216, 40_803),
            (41_401, 40_987),
            (3, 558),
        ),
        (
            &padded,
            744,
            (845_498, 743_743),
            (846_046, 744_290),
            (4, 1_647),
        ),
        (&in_strings, 941, (1_900, 1_881), (1_901, 1_882), (5, 3_777)),
        (&in_merge, 1_137, (2_299, 2_276), (2_301, 2_278), (3, 8)),
    ];
    for (text, threshold, below, at, (line, column)) in cases {
        let counts = |trace: &[bool]| {
            (
                trace.len(),
                trace.iter().filter(|aliased| **aliased).count(),
            )
        };
        let (result, trace) = super::decode_traced(&text(threshold - 1));
        assert!(result.is_ok(), "{threshold}: {result:?}");
        assert_eq!(counts(&trace), below, "{threshold}");
        let (result, trace) = super::decode_traced(&text(threshold));
        let error = result.unwrap_err();
        assert_eq!(
            error.message(),
            "yaml: document contains excessive aliasing"
        );
        assert_eq!((error.line(), error.column()), (Some(line), Some(column)));
        assert_eq!(counts(&trace), at, "{threshold}");
    }
}

/// go-yaml builds Go maps: a key set again replaces the value (two keys that differ as nodes
/// but construct into the same string), and a merge key's mapping adds the keys not set yet,
/// compared as Go values (`Constructor.mergedFields` holds the merging mapping's keys
/// constructed into `any`, so an integer `1` does not stop the string `"1"`). The expected
/// YAML was recorded from go-yaml v4.0.0-rc.6.
#[test]
fn maps_are_go_maps() {
    let yaml = |options: &str| {
        format!(
            "overlay:\n    image: \"\"\n    name: \"\"\n    options:\n{options}customization: {{}}\n"
        )
    };
    check_yaml(
        "overlay: {options: {1: a, <<: {1: b}}}\n",
        &yaml("        \"1\": b\n"),
    );
    check_yaml(
        "overlay: {options: {\"1\": a, <<: {1: b}}}\n",
        &yaml("        \"1\": a\n"),
    );
    check_yaml(
        "overlay: {options: {k: {!!binary YQ==: 1, a: 2}}}\n",
        &yaml("        k:\n            a: 2\n"),
    );
    check_yaml(
        "overlay: {options: {k: {a: 2, !!binary YQ==: 1}}}\n",
        &yaml("        k:\n            a: 1\n"),
    );
    check_yaml(
        "overlay: {options: {k: {<<: [{a: 1}, {a: 2, b: 3}], b: 4}}}\n",
        &yaml("        k:\n            a: 1\n            b: 4\n"),
    );
    // `!!merge` constructs into nothing, silently (`constructMerge`).
    for text in [
        "overlay: {options: <<}\n",
        "customization: {extraKernelArgs: <<}\n",
        "overlay: <<\n",
    ] {
        assert_eq!(
            Schematic::from_yaml(text).unwrap().canonical_yaml(),
            "customization: {}\n"
        );
    }
    // A collection as a key: in a map, Go fails; among a merging mapping's keys, Go's map
    // panics (unhashable), which fails too.
    check_error(
        "overlay: {options: {k: {[a]: 1}}}\n",
        "yaml: cannot use a !!seq as a map key",
        "",
    );
    check_error(
        "overlay: {options: {k: {a: 1, <<: {b: 1}, [a]: 2}}}\n",
        "yaml: cannot use a !!seq as a map key",
        "",
    );
    check_error(
        "overlay: {options: {[a]: 1, <<: {b: 1}}}\n",
        "yaml: runtime error: hash of unhashable type []interface {}",
        "",
    );
}

/// JSON validity is syntax only, as Go's `json.Valid`: a number too large for `f64` is valid
/// JSON (the factory's YAML decoder then types it), not "number out of range".
#[test]
fn json_validity_is_syntax_only() {
    let result = Schematic::from_json(
        r#"{"overlay":{"name":"rpi_generic","image":"siderolabs/sbc-raspberrypi","options":{"n":1e400}}}"#,
    );
    if let Err(error) = &result {
        assert!(!error.to_string().starts_with("not valid json"), "{error}");
    }
    for broken in ["{", "{\"a\":}", "[1,]", "{\"a\":1}}", "{\"a\":01}"] {
        let error = Schematic::from_json(broken).unwrap_err();
        assert!(
            error.to_string().starts_with("not valid json"),
            "{broken}: {error}"
        );
    }
}

#[test]
fn json_bodies_must_be_json() {
    assert!(Schematic::from_json("customization: {}").is_err());
    let error = Schematic::from_json("{\"a\":1,}").unwrap_err();
    assert!(error.to_string().starts_with("not valid json"), "{error}");
    assert_eq!(
        Schematic::from_json("{\"customization\":{\"extraKernelArgs\":[\"x\"]}}")
            .unwrap()
            .customization
            .extra_kernel_args,
        vec!["x".to_owned()]
    );
}
