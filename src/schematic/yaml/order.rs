//! Go's natural key order for `map[string]any` (go-yaml `keyList.Less`): digit runs compare by
//! value, letters after non-letters unless the previous equal character was a digit. Letters
//! and digits are Unicode general categories L* and Nd, as Go's `unicode.IsLetter`/`IsDigit`.

use unicode_general_category::{GeneralCategory, get_general_category};

fn is_letter(ch: char) -> bool {
    matches!(
        get_general_category(ch),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

fn is_digit(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    get_general_category(ch) == GeneralCategory::DecimalNumber
}

/// `int64(r - '0')` with Go's wrapping arithmetic.
fn digit_value(ch: char) -> i64 {
    i64::from(u32::from(ch)) - i64::from(u32::from('0'))
}

/// `keyList.Less` for two string keys.
pub(crate) fn natural_less(left: &str, right: &str) -> bool {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut digits = false;
    for index in 0..left.len().min(right.len()) {
        let (a, b) = (left[index], right[index]);
        if a == b {
            digits = is_digit(a);
            continue;
        }
        let (a_letter, b_letter) = (is_letter(a), is_letter(b));
        if a_letter && b_letter {
            return a < b;
        }
        if a_letter || b_letter {
            return if digits { a_letter } else { b_letter };
        }
        let (mut a_number, mut b_number) = (0i64, 0i64);
        if a == '0' || b == '0' {
            for earlier in left[..index].iter().rev() {
                if !is_digit(*earlier) {
                    break;
                }
                if *earlier != '0' {
                    a_number = 1;
                    b_number = 1;
                    break;
                }
            }
        }
        let mut a_end = index;
        while a_end < left.len() && is_digit(left[a_end]) {
            a_number = a_number
                .wrapping_mul(10)
                .wrapping_add(digit_value(left[a_end]));
            a_end += 1;
        }
        let mut b_end = index;
        while b_end < right.len() && is_digit(right[b_end]) {
            b_number = b_number
                .wrapping_mul(10)
                .wrapping_add(digit_value(right[b_end]));
            b_end += 1;
        }
        if a_number != b_number {
            return a_number < b_number;
        }
        if a_end != b_end {
            return a_end < b_end;
        }
        return a < b;
    }
    left.len() < right.len()
}

/// Sorts items by their key in natural order. Small slices use Go's insertion sort, so the
/// result matches Go even where the natural order is not transitive; larger ones use a stable
/// merge sort that never panics on an inconsistent order.
pub(crate) fn sort_naturally<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let less = |a: &T, b: &T| natural_less(key(a), key(b));
    if items.len() <= 12 {
        for index in 1..items.len() {
            let mut position = index;
            while position > 0 && less(&items[position], &items[position - 1]) {
                items.swap(position, position - 1);
                position -= 1;
            }
        }
        return;
    }
    let taken = std::mem::take(items);
    *items = merge_sort(taken, &less);
}

fn merge_sort<T>(mut items: Vec<T>, less: &impl Fn(&T, &T) -> bool) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, less);
    let right = merge_sort(right, less);
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        let take_right = match (left.peek(), right.peek()) {
            (Some(a), Some(b)) => less(b, a),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right {
            right.next()
        } else {
            left.next()
        };
        merged.extend(next);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::sort_naturally;

    fn check(input: &[&str], expected: &[&str]) {
        let mut keys: Vec<&str> = input.to_vec();
        sort_naturally(&mut keys, |key| key);
        assert_eq!(keys, expected);
        let mut reversed: Vec<&str> = input.iter().rev().copied().collect();
        sort_naturally(&mut reversed, |key| key);
        assert_eq!(reversed, expected);
    }

    #[test]
    fn sorts_like_go_key_list() {
        check(
            &["k10", "k9", "k09", "k1", "ka", "kA", "k_", "k-", "kä"],
            &["k-", "k_", "k1", "k9", "k09", "k10", "kA", "ka", "kä"],
        );
        check(
            &["a1b", "a01b", "a001b", "a10b", "a2b"],
            &["a1b", "a01b", "a001b", "a2b", "a10b"],
        );
        check(
            &["x", "X", "0", "-1", "10", "2", "true", "1.5"],
            &["-1", "0", "1.5", "2", "10", "X", "true", "x"],
        );
        check(
            &["b", "a", "c10", "c9", "C", "_x", "1"],
            &["_x", "1", "C", "a", "b", "c9", "c10"],
        );
    }
}
