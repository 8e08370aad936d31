//! go-yaml's implicit typing of plain scalars (go.yaml.in/yaml/v4 v4.0.0-rc.6
//! `internal/libyaml/resolver.go`), used twice: to type free-form overlay options when a body
//! is decoded, and to decide whether a string must be quoted when it is emitted.

/// What a plain scalar means.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// A timestamp, already written as Go's RFC 3339 (nanosecond) text.
    Timestamp(String),
    /// `<<`, the merge key.
    Merge,
    Str,
}

/// Resolves a plain scalar the way rc.6 does.
pub fn resolve(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" => return Resolved::Float(-0.0),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    let Some(first) = text.chars().next() else {
        return Resolved::Null;
    };
    match first {
        '.' => float_dot(text).map_or(Resolved::Str, Resolved::Float),
        '0'..='9' | '+' | '-' => {
            if let Some(stamp) = timestamp(text) {
                return Resolved::Timestamp(stamp);
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(int) = go_parse_int(&plain) {
                return int;
            }
            float_plain(&plain).map_or(Resolved::Str, Resolved::Float)
        }
        _ => Resolved::Str,
    }
}

/// `^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$`, finite.
fn float_dot(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('.')?;
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let underscored_digits = |part: &str| {
        !part.is_empty()
            && part.starts_with(|c: char| c.is_ascii_digit())
            && part.ends_with(|c: char| c.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            && !part.contains("__")
    };
    if !underscored_digits(mantissa) {
        return None;
    }
    let mut number = format!("0.{}", mantissa.replace('_', ""));
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if !underscored_digits(digits) {
            return None;
        }
        number.push('e');
        number.push_str(&exponent.replace('_', ""));
    }
    number.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, finite.
fn float_plain(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Go's `strconv.ParseInt(text, 0, 64)`, then `ParseUint(text, 0, 64)`.
fn go_parse_int(text: &str) -> Option<Resolved> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if negative {
        if magnitude <= 1u128 << 63 {
            // Two's complement: -(2^63) is i64::MIN.
            let value = i128::try_from(magnitude).ok()?;
            return i64::try_from(-value).ok().map(Resolved::Int);
        }
        return None;
    }
    if let Ok(value) = i64::try_from(magnitude) {
        return Some(Resolved::Int(value));
    }
    u64::try_from(magnitude).ok().map(Resolved::Uint)
}

/// One or two decimal digits.
fn small(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The four layouts rc.6 tries (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`,
/// `2006-1-2 15:4:5.999999999`, `2006-1-2`), written back as Go's `time.RFC3339Nano`.
/// `None` when the text is not a timestamp.
pub fn timestamp(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    let year: u32 = text[..4].parse().ok()?;
    let (date, time, zone_allowed) = if let Some(at) = text.find(['T', 't']) {
        (&text[..at], Some(&text[at + 1..]), true)
    } else if let Some(at) = text.find(' ') {
        (&text[..at], Some(&text[at + 1..]), false)
    } else {
        (text, None, false)
    };
    let mut parts = date[5..].splitn(2, '-');
    let month = small(parts.next()?)?;
    let day = small(parts.next()?)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let Some(time) = time else {
        return Some(format!("{year:04}-{month:02}-{day:02}T00:00:00Z"));
    };
    let (clock, zone) = if zone_allowed {
        if let Some(clock) = time.strip_suffix('Z') {
            (clock, "Z".to_string())
        } else if let Some(at) = time.rfind(['+', '-']) {
            let offset = &time[at + 1..];
            let (hours, minutes) = offset.split_once(':')?;
            if hours.len() != 2 || minutes.len() != 2 {
                return None;
            }
            let (hours, minutes) = (small(hours)?, small(minutes)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let zone = if hours == 0 && minutes == 0 {
                "Z".to_string()
            } else {
                format!("{}{hours:02}:{minutes:02}", &time[at..=at])
            };
            (&time[..at], zone)
        } else {
            return None;
        }
    } else {
        (time, "Z".to_string())
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let mut units = hms.split(':');
    let (Some(hour), Some(minute), Some(second), None) =
        (units.next(), units.next(), units.next(), units.next())
    else {
        return None;
    };
    let (hour, minute, second) = (small(hour)?, small(minute)?, small(second)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut nanos = String::new();
    if let Some(fraction) = fraction {
        if fraction.is_empty()
            || fraction.len() > 9
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let trimmed = fraction.trim_end_matches('0');
        if !trimmed.is_empty() {
            nanos = format!(".{trimmed}");
        }
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{nanos}{zone}"
    ))
}

#[cfg(test)]
mod tests {
    use super::{Resolved, resolve};

    #[test]
    fn resolves_like_go_yaml() {
        assert_eq!(resolve("1"), Resolved::Int(1));
        assert_eq!(resolve("0xa"), Resolved::Int(10));
        assert_eq!(resolve("1_000"), Resolved::Int(1000));
        assert_eq!(resolve("007"), Resolved::Int(7));
        assert_eq!(resolve("08"), Resolved::Float(8.0));
        assert_eq!(resolve("0o8"), Resolved::Str);
        assert_eq!(resolve("1e400"), Resolved::Str);
        assert_eq!(resolve("1:60"), Resolved::Str);
        assert_eq!(resolve("tRUE"), Resolved::Str);
        assert_eq!(resolve(".5"), Resolved::Float(0.5));
        assert_eq!(resolve(".5e400"), Resolved::Str);
        assert_eq!(resolve("18446744073709551615"), Resolved::Uint(u64::MAX));
        assert_eq!(
            resolve("2000-02-29"),
            Resolved::Timestamp("2000-02-29T00:00:00Z".into())
        );
        assert_eq!(resolve("2001-02-29"), Resolved::Str);
        assert_eq!(
            resolve("2001-12-14t21:59:43.10-05:00"),
            Resolved::Timestamp("2001-12-14T21:59:43.1-05:00".into())
        );
    }
}
