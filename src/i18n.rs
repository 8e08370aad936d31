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

/// A message of the page with its arguments, as a value: what the core answers with where
/// it has something to say (a finding, an error, a label), so that it names no language;
/// the page renders it in the language shown ([`Messages::render`]). Made by the typed
/// constructors `build.rs` generates, one per message (`Text::catalog_live(factory)`), so a
/// key or an argument that does not exist does not compile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text {
    key: Key,
    /// The number that selects the plural form (plural messages only).
    count: Option<u64>,
    /// In the order of the message's parameters ([`Key::parameters`]).
    args: Vec<Arg>,
}

/// One argument of a [`Text`]: data shown as it is (a name, a version, a URL, a message the
/// factory wrote), or another message, rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    Plain(String),
    Text(Text),
}

impl<T: fmt::Display> From<T> for Arg {
    fn from(value: T) -> Arg {
        Arg::plain(&value)
    }
}

impl Arg {
    /// One body for every argument type (through `dyn Display`), not one per type.
    #[inline(never)]
    fn plain(value: &dyn fmt::Display) -> Arg {
        Arg::Plain(value.to_string())
    }
}

impl From<Text> for Arg {
    fn from(text: Text) -> Arg {
        Arg::Text(text)
    }
}

impl Text {
    /// A message with its arguments: the generated constructors' one body, kept out of line
    /// so that a call site builds only its arguments (the English first load is smaller).
    #[inline(never)]
    fn from_args<const N: usize>(key: Key, count: Option<u64>, args: [Arg; N]) -> Text {
        Text {
            key,
            count,
            args: args.into(),
        }
    }

    pub fn key(&self) -> Key {
        self.key
    }

    /// The arguments, in the order of the message's parameters.
    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// The argument named `name`, if the message has it.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        let index = self.key.parameters().iter().position(|p| *p == name)?;
        self.args.get(index)
    }
}

/// The messages of one locale: its translations, English for whatever they lack. English
/// itself is compiled in ([`Messages::english`]); another locale is read from its built file
/// ([`Messages::from_json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Messages {
    locale: Locale,
    /// Every key's template (see [`fill`]), indexed like [`Key::ALL`]; empty for English.
    templates: Vec<Box<str>>,
}

/// English, compiled in.
static ENGLISH: Messages = Messages {
    locale: Locale::ENGLISH,
    templates: Vec::new(),
};

/// The English template of a key.
fn english_template(key: Key) -> &'static str {
    let index = key as usize;
    let start = match index {
        0 => 0,
        _ => usize::from(ENGLISH_ENDS[index - 1]),
    };
    ENGLISH_TEXT
        .get(start..usize::from(ENGLISH_ENDS[index]))
        .unwrap_or_default()
}

/// The first character of a plural form: U+0001 + its category's index.
fn is_form_marker(byte: u8) -> bool {
    (1..=6).contains(&byte)
}

/// `template` with `⟦en⟧ ` in front of its text (of each form, when plural).
fn marked(template: &str) -> String {
    let mut out = String::new();
    if !template.bytes().next().is_some_and(is_form_marker) {
        out.push_str("⟦en⟧ ");
    }
    for c in template.chars() {
        out.push(c);
        if u8::try_from(u32::from(c)).is_ok_and(is_form_marker) {
            out.push_str("⟦en⟧ ");
        }
    }
    out
}

impl Messages {
    /// English, compiled in.
    pub fn english() -> &'static Messages {
        &ENGLISH
    }

    /// Reads a locale's built file: a JSON array of templates in key order, `null` (or
    /// missing) where the translation is not usable, which is English then, marked `⟦en⟧`
    /// when `mark_fallbacks` (debug builds). Also says how many messages fell back. A file
    /// that is not such an array is refused (the page stays in English and says why).
    pub fn from_json(
        locale: Locale,
        json: &str,
        mark_fallbacks: bool,
    ) -> Result<(Messages, usize), String> {
        let read: Vec<Option<String>> =
            serde_json::from_str(json).map_err(|error| error.to_string())?;
        let mut read = read.into_iter();
        let mut fallbacks = 0;
        let templates = Key::ALL
            .iter()
            .map(|key| match read.next().flatten() {
                Some(template) => template.into_boxed_str(),
                None => {
                    fallbacks += 1;
                    let english = english_template(*key);
                    if mark_fallbacks {
                        marked(english).into_boxed_str()
                    } else {
                        english.into()
                    }
                }
            })
            .collect();
        Ok((Messages { locale, templates }, fallbacks))
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The template of a key: the locale's, else English.
    fn template(&self, key: Key) -> &str {
        match self.templates.get(key as usize) {
            Some(template) => template,
            None => english_template(key),
        }
    }

    /// A message without placeholders.
    pub fn text(&self, key: Key) -> &str {
        self.template(key)
    }

    /// A message with its arguments (in the order of its method's parameters; `count`
    /// selects the plural form).
    pub fn format(&self, key: Key, count: Option<u64>, args: &[&dyn fmt::Display]) -> String {
        let mut template = self.template(key);
        if let Some(count) = count {
            template = plural_form(template, self.locale.plural_category(count));
        }
        let mut out = String::new();
        fill(&mut out, template, args);
        out
    }
}

impl Messages {
    /// A [`Text`] in this locale (its message arguments too).
    pub fn render(&self, text: &Text) -> String {
        let rendered: Vec<std::borrow::Cow<'_, str>> = text
            .args
            .iter()
            .map(|arg| match arg {
                Arg::Plain(plain) => std::borrow::Cow::Borrowed(plain.as_str()),
                Arg::Text(inner) => std::borrow::Cow::Owned(self.render(inner)),
            })
            .collect();
        let args: Vec<&dyn fmt::Display> = rendered
            .iter()
            .map(|arg| arg as &dyn fmt::Display)
            .collect();
        self.format(text.key, text.count, &args)
    }

    /// The texts in this locale, one per item.
    pub fn render_all(&self, texts: &[Text]) -> Vec<String> {
        texts.iter().map(|text| self.render(text)).collect()
    }
}

/// The form of a plural template for `category`, else its `other` form.
fn plural_form(template: &str, category: PluralCategory) -> &str {
    let bytes = template.as_bytes();
    let mut other = "";
    let mut at = 0;
    while at < bytes.len() {
        let marker = bytes[at];
        let start = at + 1;
        let end = bytes[start..]
            .iter()
            .position(|b| is_form_marker(*b))
            .map_or(bytes.len(), |p| start + p);
        let text = template.get(start..end).unwrap_or_default();
        if marker == 1 + category as u8 {
            return text;
        }
        if marker == 1 + PluralCategory::Other as u8 {
            other = text;
        }
        at = end;
    }
    other
}

/// Writes `template` with each placeholder (U+0010 + the argument's index) replaced by its
/// argument.
fn fill(out: &mut String, template: &str, args: &[&dyn fmt::Display]) {
    use fmt::Write as _;
    let mut rest = template;
    while let Some(at) = rest.find(|c: char| ('\u{10}'..='\u{1f}').contains(&c)) {
        out.push_str(&rest[..at]);
        let index = usize::from(rest.as_bytes()[at] - 0x10);
        if let Some(arg) = args.get(index) {
            let _ = write!(out, "{arg}");
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests;
