//! Floats as go-yaml writes them: Go `strconv.FormatFloat(f, 'g', -1, 64)` (shortest digits
//! that round-trip, scientific when the exponent is < -4 or >= 6), with `.inf`, `-.inf`, `.nan`.

/// The YAML text of a float.
pub(crate) fn go_float(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0");
    }
    // Rust's `{:e}` prints the shortest round-tripping digits, like Go's shortest mode.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digit_count = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let mut out = String::from(sign);
    if !(-4..6).contains(&exponent) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.unsigned_abs()));
        return out;
    }
    // Fixed notation with exactly the significant digits.
    let point = exponent + 1;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(-point).unwrap_or(0),
        ));
        out.push_str(&digits);
    } else if point >= digit_count {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(point - digit_count).unwrap_or(0),
        ));
    } else {
        let split = usize::try_from(point).unwrap_or(0);
        out.push_str(&digits[..split]);
        out.push('.');
        out.push_str(&digits[split..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::go_float;

    #[test]
    fn formats_like_go_shortest_g() {
        let cases = [
            (1.0, "1"),
            (1.5, "1.5"),
            (100.0, "100"),
            (999_999.0, "999999"),
            (1_000_000.0, "1e+06"),
            (1_234_567.0, "1.234567e+06"),
            (123_456.7, "123456.7"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e-7, "1e-07"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (1e300, "1e+300"),
            (std::f64::consts::PI, "3.141592653589793"),
            (18_446_744_073_709_551_616.0, "1.8446744073709552e+19"),
            (-0.0, "-0"),
            (0.0, "0"),
            (-2.5, "-2.5"),
            (f64::INFINITY, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
        ];
        for (value, expected) in cases {
            assert_eq!(go_float(value), expected, "{value:?}");
        }
    }
}
