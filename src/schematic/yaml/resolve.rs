//! `resolve`: what a plain YAML scalar means (go-yaml `resolve.go`, rc.6): null, bool, int,
//! float, timestamp, the merge key, or a string. The emitter quotes strings that would resolve
//! to something else; the importer types plain scalars inside `overlay.options` with it.

use super::YamlLibrary;

/// The meaning of a plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    /// Above `i64::MAX`.
    Uint(u64),
    Float(f64),
    /// RFC 3339 text of the parsed time, as Go's `time.Time` marshals it.
    Timestamp(String),
    Merge,
    Str,
}

/// `resolve` of go-yaml v4 rc.6 for an untagged plain scalar.
pub(crate) fn resolve(text: &str) -> Resolved {
    resolve_with(text, YamlLibrary::GoYamlV4Rc6, true)
}

/// `resolve` for a given library; `timestamps` is false when an explicit tag other than
/// `!!timestamp` was given (Go only tries timestamps for untagged scalars).
pub(crate) fn resolve_with(text: &str, library: YamlLibrary, timestamps: bool) -> Resolved {
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" if library != YamlLibrary::YamlV3 => return Resolved::Float(-0.0),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    let Some(first) = text.bytes().next() else {
        return Resolved::Null;
    };
    match first {
        b'.' => {
            if is_dot_float(text)
                && let Some(value) = parse_finite(&text.replace('_', ""))
            {
                return Resolved::Float(value);
            }
            Resolved::Str
        }
        b'0'..=b'9' | b'+' | b'-' => {
            if timestamps && let Some(time) = parse_timestamp(text) {
                return Resolved::Timestamp(time);
            }
            let plain = text.replace('_', "");
            if let Some(value) = parse_go_int(&plain) {
                return Resolved::Int(value);
            }
            if let Some(value) = parse_go_uint(&plain) {
                return Resolved::Uint(value);
            }
            if is_yaml_style_float(&plain)
                && let Some(value) = parse_finite(&plain)
            {
                return Resolved::Float(value);
            }
            Resolved::Str
        }
        _ => Resolved::Str,
    }
}

/// A finite `f64` (Go's `ParseFloat` reports out-of-range values as errors; underflow is 0).
fn parse_finite(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

fn digits_with_underscores(bytes: &[u8], mut index: usize) -> Option<usize> {
    // `[0-9](_?[0-9])*`
    if !bytes.get(index).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    index += 1;
    loop {
        match (bytes.get(index), bytes.get(index + 1)) {
            (Some(b'_'), Some(next)) if next.is_ascii_digit() => index += 2,
            (Some(digit), _) if digit.is_ascii_digit() => index += 1,
            _ => return Some(index),
        }
    }
}

/// `^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$` (what Go's `ParseFloat` accepts after a dot).
fn is_dot_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(mut index) = digits_with_underscores(bytes, 1) else {
        return false;
    };
    if matches!(bytes.get(index), Some(b'e' | b'E')) {
        index += 1;
        if matches!(bytes.get(index), Some(b'-' | b'+')) {
            index += 1;
        }
        match digits_with_underscores(bytes, index) {
            Some(end) => index = end,
            None => return false,
        }
    }
    index == bytes.len()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    let digits = |index: &mut usize| {
        let start = *index;
        while bytes.get(*index).is_some_and(u8::is_ascii_digit) {
            *index += 1;
        }
        *index - start
    };
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        index += 1;
    }
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        if digits(&mut index) == 0 {
            return false;
        }
    } else {
        if digits(&mut index) == 0 {
            return false;
        }
        if bytes.get(index) == Some(&b'.') {
            index += 1;
            digits(&mut index);
        }
    }
    if matches!(bytes.get(index), Some(b'e' | b'E')) {
        index += 1;
        if matches!(bytes.get(index), Some(b'-' | b'+')) {
            index += 1;
        }
        if digits(&mut index) == 0 {
            return false;
        }
    }
    index == bytes.len()
}

/// Go `strconv.ParseUint(s, 0, 64)` (no sign allowed).
pub(crate) fn parse_go_uint(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let (radix, digits) = if bytes[0] == b'0' {
        match bytes.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if bytes.len() >= 3 => (2, &text[2..]),
            Some(b'o') if bytes.len() >= 3 => (8, &text[2..]),
            Some(b'x') if bytes.len() >= 3 => (16, &text[2..]),
            _ => (8, &text[1..]),
        }
    } else {
        (10, text)
    };
    let mut value: u64 = 0;
    for ch in digits.chars() {
        let digit = ch.to_digit(radix)?;
        value = value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))?;
    }
    Some(value)
}

/// Go `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_go_int(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_go_uint(unsigned)?;
    if negative {
        if magnitude <= 1 << 63 {
            Some(0i64.wrapping_sub_unsigned(magnitude))
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go `parseTimestamp` (`resolve.go`): the four layouts `2006-1-2T15:4:5.999999999Z07:00`,
/// the same with `t`, `2006-1-2 15:4:5.999999999` and `2006-1-2`, parsed like `time.Parse`.
/// Returns the `time.RFC3339Nano` text of the instant.
pub(crate) fn parse_timestamp(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let year_digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if year_digits != 4 || bytes.get(4) != Some(&b'-') {
        return None;
    }
    let mut cursor = Cursor { bytes, index: 0 };
    let year = cursor.fixed(4)?;
    cursor.literal(b'-')?;
    let month = cursor.number()?;
    cursor.literal(b'-')?;
    let day = cursor.number()?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if cursor.at_end() {
        return Some(format!("{date}T00:00:00Z"));
    }
    let zoned = match cursor.peek() {
        Some(b'T' | b't') => {
            cursor.index += 1;
            true
        }
        Some(b' ') => {
            while cursor.peek() == Some(b' ') {
                cursor.index += 1;
            }
            false
        }
        _ => return None,
    };
    let hour = cursor.number()?;
    cursor.literal(b':')?;
    let minute = cursor.number()?;
    cursor.literal(b':')?;
    let second = cursor.number()?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut nanos = String::new();
    if matches!(cursor.peek(), Some(b'.' | b','))
        && cursor.peek_at(1).is_some_and(|b| b.is_ascii_digit())
    {
        cursor.index += 1;
        while let Some(digit) = cursor.peek().filter(u8::is_ascii_digit) {
            if nanos.len() < 9 {
                nanos.push(char::from(digit));
            }
            cursor.index += 1;
        }
    }
    let nanos = nanos.trim_end_matches('0');
    let fraction = if nanos.is_empty() {
        String::new()
    } else {
        format!(".{nanos}")
    };
    let zone = if zoned {
        match cursor.peek() {
            Some(b'Z') => {
                cursor.index += 1;
                "Z".to_owned()
            }
            Some(sign @ (b'+' | b'-')) => {
                cursor.index += 1;
                let offset_hours = cursor.fixed(2)?;
                cursor.literal(b':')?;
                let offset_minutes = cursor.fixed(2)?;
                if offset_hours > 24 || offset_minutes > 60 {
                    return None;
                }
                if offset_hours == 0 && offset_minutes == 0 {
                    "Z".to_owned()
                } else {
                    format!("{}{offset_hours:02}:{offset_minutes:02}", char::from(sign))
                }
            }
            _ => return None,
        }
    } else {
        "Z".to_owned()
    };
    if !cursor.at_end() {
        return None;
    }
    Some(format!(
        "{date}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"
    ))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    index: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.index + offset).copied()
    }

    fn at_end(&self) -> bool {
        self.index >= self.bytes.len()
    }

    fn literal(&mut self, expected: u8) -> Option<()> {
        (self.peek() == Some(expected)).then(|| self.index += 1)
    }

    /// Exactly `width` digits.
    fn fixed(&mut self, width: usize) -> Option<u32> {
        let mut value = 0;
        for _ in 0..width {
            let digit = self.peek().filter(u8::is_ascii_digit)?;
            value = value * 10 + u32::from(digit - b'0');
            self.index += 1;
        }
        Some(value)
    }

    /// Go `getnum(s, false)`: one digit, or two when the second is a digit.
    fn number(&mut self) -> Option<u32> {
        let first = self.peek().filter(u8::is_ascii_digit)?;
        self.index += 1;
        match self.peek().filter(u8::is_ascii_digit) {
            Some(second) => {
                self.index += 1;
                Some(u32::from(first - b'0') * 10 + u32::from(second - b'0'))
            }
            None => Some(u32::from(first - b'0')),
        }
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
