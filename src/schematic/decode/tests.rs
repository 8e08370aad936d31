//! Import rules of spec §3.2/§3.6: one `check_yaml`/`check_error` per behaviour.

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
    assert!(error.message.contains("leaving the bootloader out"));
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
    assert!(error.message.contains("129 bytes"));
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

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Past go-yaml's limit the reader refuses, as the factory does (`options.go`
    // `DefaultDepthCheck`); below it, options nested deeper than this client decodes are
    // refused with the reason.
    for (depth, expected) in [
        (300, "overlay options nest deeper than"),
        (9_997, "overlay options nest deeper than"),
        (10_001, "exceeded max depth of 10000"),
    ] {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let body = format!(
                "overlay: {{options: {{a: {}{}}}}}",
                open.repeat(depth),
                close.repeat(depth)
            );
            let error = Schematic::from_yaml(&body).unwrap_err().to_string();
            assert!(error.contains(expected), "{depth}: {error}");
        }
        let body = format!(
            "{}x\n",
            (0..depth)
                .map(|level| format!("{}- \n", " ".repeat(level * 2)))
                .collect::<String>()
        );
        assert!(Schematic::from_yaml(&body).is_err());
    }
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
