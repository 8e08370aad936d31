//! JSON text exactly as Go's `json.NewEncoder(w).Encode(v)` writes it: compact, HTML-escaped
//! (`<`, `>`, `&` → `\u003c`, `\u003e`, `\u0026`), U+2028/U+2029 escaped, one trailing `\n`.

/// Appends `text` as a Go-encoded JSON string literal (quotes included).
pub fn push_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' => {
                let code = u32::from(character);
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[((code >> shift) & 0xf) as usize]));
                }
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// `["a","b"]\n`.
pub fn string_array(items: &[String]) -> String {
    let mut out = String::from("[");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_string(&mut out, item);
    }
    out.push_str("]\n");
    out
}

/// An array of objects whose values are all strings, keys in the given order, plus `\n`.
pub fn object_array(objects: &[Vec<(&str, &str)>]) -> String {
    let mut out = String::from("[");
    for (index, fields) in objects.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_object(&mut out, fields);
    }
    out.push_str("]\n");
    out
}

/// One object with string values, keys in the given order, plus `\n`.
pub fn object(fields: &[(&str, &str)]) -> String {
    let mut out = String::new();
    push_object(&mut out, fields);
    out.push('\n');
    out
}

fn push_object(out: &mut String, fields: &[(&str, &str)]) {
    out.push('{');
    for (index, (key, value)) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_string(out, key);
        out.push(':');
        push_string(out, value);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, text);
        out
    }

    #[test]
    fn escapes_like_go_encoding_json() {
        assert_eq!(
            string("a<b>&c\"\\\n\r\t\u{8}\u{c}\u{1}\u{2028}\u{2029}é😀"),
            r#""a\u003cb\u003e\u0026c\"\\\n\r\t\b\f\u0001\u2028\u2029é😀""#
        );
    }

    #[test]
    fn arrays_and_objects_are_compact_with_one_newline() {
        assert_eq!(string_array(&[]), "[]\n");
        assert_eq!(
            string_array(&["v1.2.0".to_string(), "v1.3.0".to_string()]),
            "[\"v1.2.0\",\"v1.3.0\"]\n"
        );
        assert_eq!(
            object(&[("id", "x"), ("schematic", "customization: {}\n")]),
            "{\"id\":\"x\",\"schematic\":\"customization: {}\\n\"}\n"
        );
        assert_eq!(
            object_array(&[vec![("name", "a")], vec![("name", "b")]]),
            "[{\"name\":\"a\"},{\"name\":\"b\"}]\n"
        );
    }
}
