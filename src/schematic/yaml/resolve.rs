//! `resolve`: what a plain YAML scalar means (go-yaml `resolve.go`, rc.6): null, bool, int,
//! float, timestamp, the merge key, or a string. The emitter quotes strings that would resolve
//! to something else; the importer types plain scalars inside `overlay.options` with it.
//!
//! The emitter only asks *whether* a scalar is a float, never its value, so it resolves with
//! [`IsFloat`] (an exact decimal comparison with the largest finite `f64`) and the ID path
//! carries no float parser; the importer resolves with `f64` values (`str::parse`).

use super::YamlLibrary;

/// The meaning of a plain scalar; `F` is what a float carries (its `f64`, or only
/// [`IsFloat`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved<F = f64> {
    Null,
    Bool(bool),
    Int(i64),
    /// Above `i64::MAX`.
    Uint(u64),
    Float(F),
    /// RFC 3339 text of the parsed time, as Go's `time.Time` marshals it.
    Timestamp(String),
    Merge,
    Str,
}

/// What a resolved float carries.
pub(crate) trait FloatValue: Sized {
    const NAN: Self;
    const INFINITY: Self;
    const NEG_INFINITY: Self;
    const NEG_ZERO: Self;
    /// The finite float a decimal in the YAML float grammar (no underscores) denotes, or
    /// `None` when Go's `ParseFloat` reports it out of range.
    fn finite(decimal: &str) -> Option<Self>;
}

impl FloatValue for f64 {
    const NAN: Self = f64::NAN;
    const INFINITY: Self = f64::INFINITY;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    const NEG_ZERO: Self = -0.0;

    /// Go's `ParseFloat` reports out-of-range values as errors; underflow is 0.
    fn finite(decimal: &str) -> Option<Self> {
        decimal
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
    }
}

/// A float without its value: the emitter's question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct IsFloat;

impl FloatValue for IsFloat {
    const NAN: Self = IsFloat;
    const INFINITY: Self = IsFloat;
    const NEG_INFINITY: Self = IsFloat;
    const NEG_ZERO: Self = IsFloat;

    fn finite(decimal: &str) -> Option<Self> {
        is_finite_decimal(decimal).then_some(IsFloat)
    }
}

/// The digits of `2^1024 - 2^970` (309 of them, so the value is `0.DIGITS × 10^309`): the
/// midpoint between `f64::MAX` and `2^1024`. Round-to-nearest-even takes it and everything
/// above to infinity (`f64::MAX`'s significand is odd), everything below to a finite value.
const OVERFLOW_DIGITS: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
/// Its decimal exponent, as above.
const OVERFLOW_EXPONENT: i64 = 309;

/// Whether a decimal in the YAML float grammar (`[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
/// no underscores) rounds to a finite `f64`, i.e. is below `2^1024 - 2^970` in magnitude,
/// decided exactly on the digits (property-tested against `str::parse::<f64>`).
pub(crate) fn is_finite_decimal(decimal: &str) -> bool {
    let unsigned = decimal.strip_prefix(['+', '-']).unwrap_or(decimal);
    let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, ""));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    // The value is 0.SIGNIFICANT × 10^(point + exponent).
    let (significant, point) = if whole.is_empty() {
        let trimmed = fraction.trim_start_matches('0');
        if trimmed.is_empty() {
            return true;
        }
        let zeros = fraction.len() - trimmed.len();
        (trimmed.to_owned(), -saturate(zeros))
    } else {
        (format!("{whole}{fraction}"), saturate(whole.len()))
    };
    let scale = point.saturating_add(exponent_value(exponent));
    match scale.cmp(&OVERFLOW_EXPONENT) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        // Decimal fractions without trailing zeros compare as their digit strings.
        std::cmp::Ordering::Equal => significant.trim_end_matches('0') < OVERFLOW_DIGITS,
    }
}

/// A length as an exponent term, far beyond any exponent that matters.
fn saturate(length: usize) -> i64 {
    i64::try_from(length).unwrap_or(i64::MAX).min(1 << 48)
}

/// `[-+]?[0-9]*` as a number, saturated far beyond any exponent that matters.
fn exponent_value(text: &str) -> i64 {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0_i64, |value, digit| {
        (value * 10 + i64::from(digit - b'0')).min(1 << 48)
    });
    if negative { -magnitude } else { magnitude }
}

/// Whether the emitter may write `text` plain: it resolves to a string (`resolve` without
/// computing any float).
pub(crate) fn resolves_to_str(text: &str) -> bool {
    resolve_with::<IsFloat>(text, YamlLibrary::GoYamlV4Rc6, true) == Resolved::Str
}

/// `resolve` for a given library; `timestamps` is false when an explicit tag other than
/// `!!timestamp` was given (Go only tries timestamps for untagged scalars).
pub(crate) fn resolve_with<F: FloatValue>(
    text: &str,
    library: YamlLibrary,
    timestamps: bool,
) -> Resolved<F> {
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(F::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(F::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(F::NEG_INFINITY),
        "-0" | "-0.0" if library != YamlLibrary::YamlV3 => return Resolved::Float(F::NEG_ZERO),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    let Some(first) = text.bytes().next() else {
        return Resolved::Null;
    };
    match first {
        b'.' => {
            if is_dot_float(text)
                && let Some(value) = F::finite(&text.replace('_', ""))
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
                && let Some(value) = F::finite(&plain)
            {
                return Resolved::Float(value);
            }
            Resolved::Str
        }
        _ => Resolved::Str,
    }
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

// The property tests need proptest, a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_overflow_digits_are_the_first_decimal_that_parses_to_infinity() {
        // Independent of the digits' derivation: the standard library's parser rounds the
        // constant up and the decimal one unit below it down.
        let exact = format!("0.{OVERFLOW_DIGITS}e{OVERFLOW_EXPONENT}");
        assert!(exact.parse::<f64>().unwrap().is_infinite());
        let below = format!("0.{}1e{OVERFLOW_EXPONENT}", &OVERFLOW_DIGITS[..308]);
        assert!(below.parse::<f64>().unwrap().is_finite());
        assert!(!is_finite_decimal(&exact));
        assert!(is_finite_decimal(&below));
        assert!(is_finite_decimal(&f64::MAX.to_string()));
        assert!(is_finite_decimal("1e-99999999999999999999999"));
        assert!(!is_finite_decimal("1e99999999999999999999999"));
        assert!(is_finite_decimal("0.0e99999999999999999999999"));
        assert!(is_finite_decimal("-.000e400"));
    }

    /// A decimal in the YAML float grammar whose magnitude lands near the overflow boundary
    /// most of the time: digits taken from the boundary (kept, cut, or changed in one place)
    /// or random, the point anywhere, zeros before, the exponent chosen so the value's scale is
    /// 307..=311, or anything.
    fn decimal() -> impl Strategy<Value = String> {
        let digits = prop_oneof![
            (1..=330_usize).prop_map(|n| OVERFLOW_DIGITS
                .chars()
                .cycle()
                .take(n)
                .collect::<String>()),
            (1..=309_usize, 0..=9_u8, 0..=12_usize).prop_map(|(at, digit, tail)| {
                let mut text = OVERFLOW_DIGITS[..at].to_owned();
                text.pop();
                text.push(char::from(b'0' + digit));
                text.extend(std::iter::repeat_n('0', tail));
                text
            }),
            "[0-9]{1,40}",
        ];
        (
            prop::sample::select(vec!["", "+", "-"]),
            0..=3_usize,
            digits,
            any::<prop::sample::Index>(),
            prop_oneof![3 => 307..=311_i64, 1 => -400..=400_i64],
            prop::sample::select(vec!["e", "E", "e+", "E00"]),
            any::<bool>(),
        )
            .prop_map(|(sign, zeros, digits, point, scale, marker, dot)| {
                let point = point.index(digits.len() + 1);
                let exponent = scale - i64::try_from(point).unwrap();
                let (whole, fraction) = digits.split_at(point);
                let mut text = format!("{sign}{}{whole}", "0".repeat(zeros));
                if dot || !fraction.is_empty() {
                    text.push('.');
                    text.push_str(fraction);
                }
                if text.trim_start_matches(['+', '-']).trim_matches('0') == "." {
                    text.push('0');
                }
                // The marker (with its sign or zeros) before a non-negative exponent.
                if exponent < 0 {
                    text.push_str(&format!("e{exponent}"));
                } else {
                    text.push_str(&format!("{marker}{exponent}"));
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_exact_check_agrees_with_the_float_parser(text in decimal()) {
            prop_assert!(is_yaml_style_float(&text), "not in the grammar: {text}");
            let parsed = text.parse::<f64>().unwrap();
            prop_assert_eq!(is_finite_decimal(&text), parsed.is_finite(), "{}", text);
        }

        #[test]
        fn the_emitters_question_has_the_importers_answer(
            text in "[-+._0-9eE]{0,12}|[0-9]{3,5}\\.[0-9]{0,4}e[-+]?3[01][0-9]|[-+]?1[._0-9]{0,6}[eE][-+]?[0-9]{1,4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        ) {
            let with_value = resolve_with::<f64>(&text, YamlLibrary::GoYamlV4Rc6, true);
            prop_assert_eq!(resolves_to_str(&text), with_value == Resolved::Str, "{}", text);
        }
    }
}
