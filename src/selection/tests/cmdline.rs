use super::{en, strings};
use crate::selection::{
    CmdlineError, join_cmdline_shell, split_cmdline_factory, split_cmdline_shell, splits_differ,
};

fn check_factory(text: &str, expected: &[&str]) {
    assert_eq!(split_cmdline_factory(text), strings(expected), "{text:?}");
}

fn check_shell(text: &str, expected: &[&str]) {
    assert_eq!(split_cmdline_shell(text), Ok(strings(expected)), "{text:?}");
}

#[test]
fn factory_split_is_go_strings_split_on_single_spaces() {
    check_factory("", &[]);
    check_factory("   ", &[]);
    check_factory("\t\n", &[]);
    check_factory("console=tty0", &["console=tty0"]);
    check_factory(
        " -console  console=tty0 ",
        &["-console", "", "console=tty0"],
    );
    check_factory("a\tb c", &["a\tb", "c"]);
    check_factory("\u{a0}a b\u{3000}", &["a", "b"]);
    check_factory("quoted=\"a b\"", &["quoted=\"a", "b\""]);
}

#[test]
fn shell_split_handles_quotes_and_escapes() {
    check_shell("", &[]);
    check_shell("  a   b\tc\nd  ", &["a", "b", "c", "d"]);
    check_shell("name='a b' x", &["name=a b", "x"]);
    check_shell("name=\"a b\"", &["name=a b"]);
    check_shell(r#""say \"hi\"""#, &["say \"hi\""]);
    check_shell(r#""back\\slash" "keep\n""#, &["back\\slash", "keep\\n"]);
    check_shell(r"a\ b", &["a b"]);
    check_shell("a\\\nb", &["ab"]);
    check_shell("'' x", &["", "x"]);
    check_shell("\"\"", &[""]);
    check_shell("'it'\\''s'", &["it's"]);
    check_shell("é='ü ß'", &["é=ü ß"]);
}

#[test]
fn shell_split_reports_unterminated_quotes_with_position() {
    let error = split_cmdline_shell("a 'b c").unwrap_err();
    assert_eq!(
        error,
        CmdlineError::UnterminatedQuote {
            quote: '\'',
            position: 2
        }
    );
    assert_eq!(
        en(&error.text()),
        "unterminated single quote opened at character 3"
    );
    let error = split_cmdline_shell("x=\"y").unwrap_err();
    assert_eq!(
        en(&error.text()),
        "unterminated double quote opened at character 3"
    );
    assert_eq!(
        split_cmdline_shell("a\\"),
        Err(CmdlineError::TrailingBackslash)
    );
}

#[test]
fn join_is_read_back_by_the_shell_split() {
    for args in [
        strings(&[]),
        strings(&["console=tty0", "-console"]),
        strings(&[
            "a b",
            "",
            "it's",
            "q\"uote",
            "back\\slash",
            "tab\there",
            "line\nbreak",
        ]),
    ] {
        let text = join_cmdline_shell(&args);
        assert_eq!(split_cmdline_shell(&text), Ok(args.clone()), "{text:?}");
    }
    assert_eq!(join_cmdline_shell(&strings(&["a", "b c"])), "a 'b c'");
}

#[test]
fn differences_between_the_two_rules_are_detected() {
    assert!(!splits_differ(""));
    assert!(!splits_differ("console=tty0 talos.platform=metal"));
    assert!(!splits_differ("  leading and trailing  ".trim()));
    assert!(
        splits_differ("a  b"),
        "double space makes an empty factory argument"
    );
    assert!(splits_differ("x='a b'"), "quotes");
    assert!(
        splits_differ("a\tb"),
        "tab separates only in the shell rule"
    );
    assert!(splits_differ("'open"), "shell error");
}
