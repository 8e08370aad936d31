//! The page's languages: which locales exist ([`LOCALES`], one line each), which one a visit
//! uses (`lang=`, then the remembered choice, then the browser's languages, then English),
//! and the messages themselves.
//!
//! English (`locales/en.json`) is the source: `build.rs` turns it into the [`Key`] enum and
//! one typed method per message on [`Messages`] (`messages.catalog_live(factory)`), so a key
//! or placeholder that does not exist is a compile error, and compiles the English text into
//! the page. Every other locale is a file of the same shape, fetched on demand
//! ([`built_file`]) and read by [`Messages::from_json`]; whatever it lacks or gets wrong
//! (a missing key, a placeholder English does not have, a missing plural form) falls back
//! to English, and debug builds mark each fallback with `⟦en⟧` so it is seen.
//!
//! Plural forms follow the CLDR plural rules
//! (<https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html>),
//! see [`plural`].
//!
//! Plain Rust: no I/O, no web stack; tested natively.

mod answers;
pub mod plural;

use std::fmt;

pub use plural::PluralCategory;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// Writing direction of a locale (`<html dir>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One line of the locale table.
#[derive(Debug)]
pub struct LocaleInfo {
    /// BCP 47 language tag; the message file is `locales/<tag>.json`.
    pub tag: &'static str,
    /// The language's name in itself (the switch lists these).
    pub name: &'static str,
    pub direction: Direction,
    /// The language's CLDR cardinal plural rule.
    pub plural: fn(u64) -> PluralCategory,
}

/// Every locale of the page, English first. Adding one: write `locales/<tag>.json` (every
/// key of `en.json`, the plural forms of the language) and add its line here.
pub const LOCALES: &[LocaleInfo] = &[
    LocaleInfo {
        tag: "en",
        name: "English",
        direction: Direction::Ltr,
        plural: plural::one_other,
    },
    LocaleInfo {
        tag: "fr",
        name: "Français",
        direction: Direction::Ltr,
        plural: plural::french,
    },
    LocaleInfo {
        tag: "pl",
        name: "Polski",
        direction: Direction::Ltr,
        plural: plural::polish,
    },
    LocaleInfo {
        tag: "ru",
        name: "Русский",
        direction: Direction::Ltr,
        plural: plural::east_slavic,
    },
];

/// A locale of [`LOCALES`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Locale(usize);

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Locale({})", self.tag())
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::ENGLISH
    }
}

impl Locale {
    /// The source locale, compiled into the page.
    pub const ENGLISH: Locale = Locale(0);

    /// Every locale, in table order.
    pub fn all() -> impl Iterator<Item = Locale> {
        (0..LOCALES.len()).map(Locale)
    }

    fn info(self) -> &'static LocaleInfo {
        &LOCALES[self.0]
    }

    pub fn tag(self) -> &'static str {
        self.info().tag
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn direction(self) -> Direction {
        self.info().direction
    }

    pub fn plural_category(self, count: u64) -> PluralCategory {
        (self.info().plural)(count)
    }

    /// The locale of a language tag: exact (case-insensitive), else by its language subtag
    /// (`fr-CA` → `fr`, `pl_PL` → `pl`).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        let language = tag.split(['-', '_']).next().unwrap_or(tag);
        Locale::all()
            .find(|locale| locale.tag().eq_ignore_ascii_case(tag))
            .or_else(|| Locale::all().find(|locale| locale.tag().eq_ignore_ascii_case(language)))
    }

    /// The built file this locale's messages are fetched from, with its integrity digest;
    /// `None` for English (compiled in).
    pub fn built_file(self) -> Option<(&'static str, &'static str)> {
        if self == Locale::ENGLISH {
            None
        } else {
            built_file(self.tag())
        }
    }
}

/// The locale a visit uses: the `lang=` parameter, then the remembered choice, then the
/// first of the browser's languages the page has, then English. Unknown tags are skipped.
pub fn chosen_locale(
    query_lang: Option<&str>,
    remembered: Option<&str>,
    browser_languages: &[String],
) -> Locale {
    query_lang
        .and_then(Locale::from_tag)
        .or_else(|| remembered.and_then(Locale::from_tag))
        .or_else(|| {
            browser_languages
                .iter()
                .find_map(|tag| Locale::from_tag(tag))
        })
        .unwrap_or(Locale::ENGLISH)
}

/// The `lang` parameter of a query string (without `?`), if any.
pub fn query_language(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (name == "lang").then(|| value.to_string())
    })
}

/// `query` (without `?`) with `lang=<tag>` added in front.
pub fn query_with_language(query: &str, locale: Locale) -> String {
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split_once('=').map_or(*pair, |(n, _)| n) != "lang")
        .collect();
    let mut out = format!("lang={}", locale.tag());
    for pair in rest {
        out.push('&');
        out.push_str(pair);
    }
    out
}

/// A message template: text, or plural forms selected by `count`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template<S: 'static> {
    Text(S),
    Plural(&'static [(PluralCategory, S)]),
}

/// A translated message, as read from a locale file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Loaded {
    Text(String),
    Plural(Vec<(PluralCategory, String)>),
}

/// What a locale file gets wrong; each such message falls back to English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocaleProblem {
    /// The file is not a JSON object of messages.
    Malformed(String),
    /// A key English does not have.
    UnknownKey(String),
    /// A key of English the file lacks.
    Missing(Key),
    /// Text where English has plural forms, or the reverse, or a non-string value.
    WrongShape(Key),
    /// A placeholder that English does not have, or lacks one English has.
    Placeholders {
        key: Key,
        expected: Vec<String>,
        found: Vec<String>,
    },
    /// A plural category the language does not use, or lacks one it does.
    PluralCategories {
        key: Key,
        expected: Vec<PluralCategory>,
        found: Vec<PluralCategory>,
    },
}

impl fmt::Display for LocaleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocaleProblem::Malformed(detail) => write!(f, "not a message file: {detail}"),
            LocaleProblem::UnknownKey(key) => write!(f, "{key}: no such key in English"),
            LocaleProblem::Missing(key) => write!(f, "{}: missing", key.id()),
            LocaleProblem::WrongShape(key) => {
                write!(f, "{}: text and plural forms differ from English", key.id())
            }
            LocaleProblem::Placeholders {
                key,
                expected,
                found,
            } => write!(
                f,
                "{}: placeholders {found:?}, English has {expected:?}",
                key.id()
            ),
            LocaleProblem::PluralCategories {
                key,
                expected,
                found,
            } => write!(
                f,
                "{}: plural forms {found:?}, the language uses {expected:?}",
                key.id()
            ),
        }
    }
}

/// The `{name}` placeholders of a message text, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                found.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// The distinct placeholders of some texts, sorted (a `Vec`: the page has no other use for
/// the B-tree sets this would otherwise be).
fn placeholder_set<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = texts
        .into_iter()
        .flat_map(placeholders)
        .map(str::to_string)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The placeholders of a key in English (`count` included for plural messages).
pub fn english_placeholders(key: Key) -> Vec<String> {
    match key.english() {
        Template::Text(text) => placeholder_set([text]),
        Template::Plural(forms) => {
            let mut set = placeholder_set(forms.iter().map(|(_, text)| *text));
            if let Err(at) = set.binary_search_by(|name| name.as_str().cmp("count")) {
                set.insert(at, "count".to_string());
            }
            set
        }
    }
}

/// The messages of one locale: its translations, English for whatever they lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Messages {
    locale: Locale,
    /// Indexed like [`Key::ALL`]; `None` falls back to English. Empty for English.
    loaded: Vec<Option<Loaded>>,
    /// Whether a fallback is marked (`⟦en⟧`): debug builds only, unless a test asks.
    mark_fallbacks: bool,
}

impl Default for Messages {
    fn default() -> Self {
        Messages::english()
    }
}

impl Messages {
    /// English, compiled in.
    pub fn english() -> Messages {
        Messages {
            locale: Locale::ENGLISH,
            loaded: Vec::new(),
            mark_fallbacks: false,
        }
    }

    /// Reads a locale file. What it gets wrong is reported and falls back to English; a file
    /// that is not a JSON object gives English alone (the only problem is `Malformed`).
    pub fn from_json(locale: Locale, json: &str) -> (Messages, Vec<LocaleProblem>) {
        let mut problems = Vec::new();
        let mut loaded: Vec<Option<Loaded>> = vec![None; Key::ALL.len()];
        let mark_fallbacks = cfg!(debug_assertions);
        let parsed = serde_json::from_str::<RawMessage>(json).and_then(|raw| match raw {
            RawMessage::Forms(entries) => Ok(entries),
            RawMessage::Text(_) | RawMessage::Other => Err(serde::de::Error::custom(
                "a message file is a JSON object of messages",
            )),
        });
        let object = match parsed {
            Ok(object) => object,
            Err(error) => {
                let messages = Messages {
                    locale,
                    loaded,
                    mark_fallbacks,
                };
                return (messages, vec![LocaleProblem::Malformed(error.to_string())]);
            }
        };
        for (name, value) in object {
            let Some(key) = Key::ALL.iter().copied().find(|key| key.id() == name) else {
                problems.push(LocaleProblem::UnknownKey(name));
                continue;
            };
            match check_entry(locale, key, value) {
                Ok(entry) => loaded[key as usize] = Some(entry),
                Err(problem) => problems.push(problem),
            }
        }
        for key in Key::ALL {
            if loaded[key as usize].is_none()
                && !problems.iter().any(|p| problem_key(p) == Some(key))
            {
                problems.push(LocaleProblem::Missing(key));
            }
        }
        let messages = Messages {
            locale,
            loaded,
            mark_fallbacks,
        };
        (messages, problems)
    }

    /// Marks fallbacks to English (`⟦en⟧`), as debug builds do.
    #[must_use]
    pub fn marking_fallbacks(mut self, mark: bool) -> Messages {
        self.mark_fallbacks = mark;
        self
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// A message with its arguments: the locale's text, else English.
    pub fn format(
        &self,
        key: Key,
        count: Option<u64>,
        args: &[(&str, &dyn fmt::Display)],
    ) -> String {
        let index = key as usize;
        let mut out = String::new();
        match self.loaded.get(index).and_then(Option::as_ref) {
            Some(Loaded::Text(text)) => fill(&mut out, text, args),
            Some(Loaded::Plural(forms)) => {
                let category = self.locale.plural_category(count.unwrap_or(0));
                let text = forms
                    .iter()
                    .find(|(c, _)| *c == category)
                    .or_else(|| forms.iter().find(|(c, _)| *c == PluralCategory::Other))
                    .map_or("", |(_, text)| text.as_str());
                fill(&mut out, text, args);
            }
            None => {
                if self.mark_fallbacks && self.locale != Locale::ENGLISH {
                    out.push_str("⟦en⟧ ");
                }
                match key.english() {
                    Template::Text(text) => fill(&mut out, text, args),
                    Template::Plural(forms) => {
                        let category = Locale::ENGLISH.plural_category(count.unwrap_or(0));
                        let text = forms
                            .iter()
                            .find(|(c, _)| *c == category)
                            .or_else(|| forms.iter().find(|(c, _)| *c == PluralCategory::Other))
                            .map_or("", |(_, text)| *text);
                        fill(&mut out, text, args);
                    }
                }
            }
        }
        out
    }
}

fn problem_key(problem: &LocaleProblem) -> Option<Key> {
    match problem {
        LocaleProblem::Missing(key)
        | LocaleProblem::WrongShape(key)
        | LocaleProblem::Placeholders { key, .. }
        | LocaleProblem::PluralCategories { key, .. } => Some(*key),
        LocaleProblem::Malformed(_) | LocaleProblem::UnknownKey(_) => None,
    }
}

/// Checks one translated message against English and the language's plural rule.
fn check_entry(locale: Locale, key: Key, value: RawMessage) -> Result<Loaded, LocaleProblem> {
    let expected = english_placeholders(key);
    match (key.english(), value) {
        (Template::Text(_), RawMessage::Text(text)) => {
            let found = placeholder_set([text.as_str()]);
            if found == expected {
                Ok(Loaded::Text(text))
            } else {
                Err(LocaleProblem::Placeholders {
                    key,
                    expected,
                    found,
                })
            }
        }
        (Template::Plural(_), RawMessage::Forms(raw_forms)) => {
            let mut forms = Vec::new();
            for (category, text) in raw_forms {
                let (Some(category), RawMessage::Text(text)) =
                    (PluralCategory::from_name(&category), text)
                else {
                    return Err(LocaleProblem::WrongShape(key));
                };
                forms.push((category, text));
            }
            let wanted = plural::categories_of(locale);
            let mut have: Vec<PluralCategory> = forms.iter().map(|(c, _)| *c).collect();
            have.sort();
            if have != wanted {
                return Err(LocaleProblem::PluralCategories {
                    key,
                    expected: wanted,
                    found: have,
                });
            }
            let found = placeholder_set(forms.iter().map(|(_, t)| t.as_str()));
            // A form may leave out `{count}` ("one extension" in French says "une"), but
            // never name a placeholder English does not have.
            if !found.iter().all(|name| expected.contains(name)) {
                return Err(LocaleProblem::Placeholders {
                    key,
                    expected,
                    found,
                });
            }
            Ok(Loaded::Plural(forms))
        }
        _ => Err(LocaleProblem::WrongShape(key)),
    }
}

/// One value of a message file as written: text, plural forms by category name, or anything
/// else (refused per key). Read by a small visitor rather than through `serde_json::Value`,
/// which the page has no other use for.
#[derive(Debug)]
enum RawMessage {
    Text(String),
    Forms(Vec<(String, RawMessage)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for RawMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> serde::de::Visitor<'de> for RawVisitor {
            type Value = RawMessage;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a message: text or plural forms")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawMessage, E> {
                Ok(RawMessage::Text(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<RawMessage, E> {
                Ok(RawMessage::Text(text))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<RawMessage, E> {
                Ok(RawMessage::Other)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<RawMessage, E> {
                Ok(RawMessage::Other)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<RawMessage, E> {
                Ok(RawMessage::Other)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<RawMessage, E> {
                Ok(RawMessage::Other)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawMessage, E> {
                Ok(RawMessage::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawMessage, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(RawMessage::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMessage, A::Error> {
                let mut forms = Vec::new();
                while let Some(entry) = map.next_entry::<String, RawMessage>()? {
                    forms.push(entry);
                }
                Ok(RawMessage::Forms(forms))
            }
        }
        deserializer.deserialize_any(RawVisitor)
    }
}

/// Replaces each `{name}` of `text` with its argument; an unknown name stays as written.
fn fill(out: &mut String, text: &str, args: &[(&str, &dyn fmt::Display)]) {
    use fmt::Write as _;
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let argument = after.find('}').and_then(|end| {
            args.iter()
                .find(|(name, _)| *name == &after[..end])
                .map(|(_, value)| (end, *value))
        });
        match argument {
            Some((end, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests;
