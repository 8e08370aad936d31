//! Quoting for the three languages the outputs are written in: POSIX sh words and here-documents,
//! YAML double-quoted scalars and HCL strings. Every function is total: any input text comes out
//! as one literal token of the target language.

/// A shell word that the shell reads back as exactly `text`: bare when every character is safe,
/// otherwise single-quoted (a `'` inside becomes `'\''`).
pub fn shell_word(text: &str) -> String {
    let is_safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !text.is_empty() && text.chars().all(is_safe) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A here-document delimiter (`EOF`, else `EOF_1`, `EOF_2`, …) that is not a line of `body`, so
/// the here-document ends exactly where it should.
pub fn heredoc_delimiter(body: &str) -> String {
    delimiter_avoiding(body, "EOF")
}

/// `base`, else `base_1`, `base_2`, …: the first that no line of `body` equals, even with
/// surrounding whitespace (HCL allows an indented closing marker).
pub fn delimiter_avoiding(body: &str, base: &str) -> String {
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut delimiter = base.to_string();
    let mut counter = 0_u32;
    while lines.contains(&delimiter.as_str()) {
        counter += 1;
        delimiter = format!("{base}_{counter}");
    }
    delimiter
}

/// `text` with a final newline (a here-document body must end with one).
pub fn with_final_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// A YAML double-quoted scalar holding exactly `text` (YAML 1.1 and 1.2 read it the same way).
pub fn yaml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                quoted.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// An HCL quoted string holding exactly `text` (template sequences `${` and `%{` escaped).
pub fn hcl_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                quoted.push(c);
                quoted.push(c);
            }
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The body of an HCL here-document holding exactly `text`: template sequences escaped.
pub fn hcl_heredoc_body(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("/tmp"), "/tmp");
        assert_eq!(shell_word("local-lvm"), "local-lvm");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(
            shell_word("https://f.example/image/x/v1.0.0/metal-amd64.iso"),
            "https://f.example/image/x/v1.0.0/metal-amd64.iso"
        );
    }

    #[test]
    fn heredoc_delimiter_avoids_body_lines() {
        assert_eq!(heredoc_delimiter("customization: {}\n"), "EOF");
        assert_eq!(heredoc_delimiter("a: |\n  EOF\n"), "EOF_1");
        assert_eq!(heredoc_delimiter("EOF\nEOF_1\n"), "EOF_2");
        assert_eq!(heredoc_delimiter("EOFX\n"), "EOF");
    }

    #[test]
    fn yaml_strings() {
        assert_eq!(yaml_string("plain"), "\"plain\"");
        assert_eq!(yaml_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(yaml_string("\u{1}\u{2028}"), "\"\\u0001\\u2028\"");
        assert_eq!(yaml_string("yes"), "\"yes\"");
    }

    #[test]
    fn hcl_strings() {
        assert_eq!(hcl_string("v1.10.0"), "\"v1.10.0\"");
        assert_eq!(hcl_string("${x} %{y} $z"), "\"$${x} %%{y} $z\"");
        assert_eq!(hcl_heredoc_body("a: ${b}\n"), "a: $${b}\n");
    }
}
