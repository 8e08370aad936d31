use super::super::Value;
use super::{Step, Walk};
use crate::schematic::test_support::{deep_value as deep, on_small_stack};

#[test]
fn debug_is_the_derived_format() {
    let value = Value::Map(vec![
        (
            "a".to_owned(),
            Value::Seq(vec![Value::Int(1), Value::Str("x".into())]),
        ),
        ("b".to_owned(), Value::Map(Vec::new())),
        ("c".to_owned(), Value::Float(1.5)),
        (
            "d".to_owned(),
            Value::Seq(vec![Value::Map(vec![("e".into(), Value::Null)])]),
        ),
    ]);
    assert_eq!(
        format!("{value:?}"),
        r#"Map([("a", Seq([Int(1), Str("x")])), ("b", Map([])), ("c", Float(1.5)), ("d", Seq([Map([("e", Null)])]))])"#
    );
    assert_eq!(
        format!("{:?}", Value::Timestamp("t".into())),
        r#"Timestamp("t")"#
    );
    assert_eq!(
        format!("{:?}", Value::Uint(u64::MAX)),
        "Uint(18446744073709551615)"
    );
}

#[test]
fn clone_and_eq_follow_the_structure() {
    let value = deep(7);
    let copy = value.clone();
    assert_eq!(copy, value);
    assert_eq!(format!("{copy:?}"), format!("{value:?}"));
    assert_ne!(deep(7), deep(6));
    assert_ne!(
        Value::Seq(vec![Value::Int(1)]),
        Value::Seq(vec![Value::Int(1), Value::Int(2)])
    );
    assert_ne!(
        Value::Map(vec![("a".into(), Value::Int(1))]),
        Value::Map(vec![("b".into(), Value::Int(1))])
    );
    assert_ne!(Value::Float(f64::NAN), Value::Float(f64::NAN));
    assert_ne!(Value::Str("a".into()), Value::Timestamp("a".into()));
}

#[test]
fn walk_yields_keys_values_and_ends_in_order() {
    let value = Value::Map(vec![("a".into(), Value::Seq(vec![Value::Int(1)]))]);
    let steps: Vec<String> = Walk::new(&value)
        .map(|step| match step {
            Step::Value(Value::Map(_)) => "map".to_owned(),
            Step::Value(Value::Seq(_)) => "seq".to_owned(),
            Step::Value(other) => format!("{other:?}"),
            Step::Key(key) => format!("key {key}"),
            Step::End => "end".to_owned(),
        })
        .collect();
    assert_eq!(steps, ["map", "key a", "seq", "Int(1)", "end", "end"]);
}

/// Far deeper than go-yaml's 10,000 (aliases nest further), on a wasm-sized stack.
#[test]
fn deep_values_clone_compare_format_and_drop_on_a_small_stack() {
    on_small_stack(|| {
        let value = deep(200_000);
        let copy = value.clone();
        assert!(copy == value);
        let text = format!("{copy:?}");
        assert!(
            text.starts_with(r#"Map([("k", Seq([Null, Map([("k", "#),
            "{}",
            &text[..40]
        );
        assert_eq!(text.matches("Int(1)").count(), 1);
        drop(copy);
        drop(value);
    });
}
