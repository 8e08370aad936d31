//! CLDR cardinal plural rules of the page's languages, for whole numbers (the page counts
//! things; it never shows a fraction through a plural message). The rules and their names
//! are CLDR's, from
//! <https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html>
//! (`i` is the integer, `v` the number of visible fraction digits, here always 0).

use super::Locale;

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    pub fn from_name(name: &str) -> Option<PluralCategory> {
        Some(match name {
            "zero" => PluralCategory::Zero,
            "one" => PluralCategory::One,
            "two" => PluralCategory::Two,
            "few" => PluralCategory::Few,
            "many" => PluralCategory::Many,
            "other" => PluralCategory::Other,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

/// English and most Germanic languages: one: `i = 1 and v = 0`.
pub fn one_other(count: u64) -> PluralCategory {
    if count == 1 {
        PluralCategory::One
    } else {
        PluralCategory::Other
    }
}

/// French: one: `i = 0,1` (zero is singular). CLDR's `many` (compact millions, "1,5 M")
/// never arises for the page's plain counts.
pub fn french(count: u64) -> PluralCategory {
    if count <= 1 {
        PluralCategory::One
    } else {
        PluralCategory::Other
    }
}

/// Polish: one: `i = 1 and v = 0`; few: `v = 0 and i % 10 = 2..4 and i % 100 != 12..14`;
/// many: the other whole numbers; other: fractions only.
pub fn polish(count: u64) -> PluralCategory {
    let (units, tens) = (count % 10, count % 100);
    if count == 1 {
        PluralCategory::One
    } else if (2..=4).contains(&units) && !(12..=14).contains(&tens) {
        PluralCategory::Few
    } else {
        PluralCategory::Many
    }
}

/// Russian and Ukrainian: one: `v = 0 and i % 10 = 1 and i % 100 != 11`; few: `v = 0 and
/// i % 10 = 2..4 and i % 100 != 12..14`; many: the other whole numbers; other: fractions.
pub fn east_slavic(count: u64) -> PluralCategory {
    let (units, tens) = (count % 10, count % 100);
    if units == 1 && tens != 11 {
        PluralCategory::One
    } else if (2..=4).contains(&units) && !(12..=14).contains(&tens) {
        PluralCategory::Few
    } else {
        PluralCategory::Many
    }
}

/// The categories a locale's plural messages must give (sorted): every category its rule
/// can return for a whole number, plus `other`, which CLDR requires of every language.
pub fn categories_of(locale: Locale) -> Vec<PluralCategory> {
    let mut categories: Vec<PluralCategory> = (0..200)
        .map(|count| locale.plural_category(count))
        .chain([PluralCategory::Other])
        .collect();
    categories.sort();
    categories.dedup();
    categories
}
