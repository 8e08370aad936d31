//! Every locale against English: the same keys, the same placeholders, the plural forms its
//! language uses; and the CLDR rules against CLDR's own sample numbers.

use std::collections::BTreeSet;

use super::*;

/// A locale's built file (what the page fetches), read as the page reads it.
fn built(locale: Locale) -> Messages {
    let (_, json) = BUILT_FILES
        .iter()
        .find(|(tag, _)| *tag == locale.tag())
        .unwrap_or_else(|| panic!("{} has no built file", locale.tag()));
    let (messages, fallbacks) = Messages::from_json(locale, json, false).unwrap();
    assert_eq!(fallbacks, 0, "{}", locale.tag());
    messages
}

/// The plural categories a template gives, in order.
fn categories(template: &str) -> Vec<PluralCategory> {
    const ALL: [PluralCategory; 6] = [
        PluralCategory::Zero,
        PluralCategory::One,
        PluralCategory::Two,
        PluralCategory::Few,
        PluralCategory::Many,
        PluralCategory::Other,
    ];
    template
        .bytes()
        .filter(|b| is_form_marker(*b))
        .map(|b| ALL[usize::from(b - 1)])
        .collect()
}

#[test]
fn every_locale_has_every_key_with_english_placeholders_and_its_plural_forms() {
    // build.rs checks every message's shape and placeholders against English; what it
    // refuses is listed here (and shown in English by the page).
    assert!(LOCALE_PROBLEMS.is_empty(), "{LOCALE_PROBLEMS:#?}");
    for locale in Locale::all() {
        let messages = if locale == Locale::ENGLISH {
            Messages::english().clone()
        } else {
            assert!(locale.built_file().is_some(), "{}", locale.tag());
            built(locale)
        };
        for key in Key::ALL.into_iter().filter(|key| key.is_plural()) {
            let mut found = categories(messages.template(key));
            found.sort();
            assert_eq!(
                found,
                plural::categories_of(locale),
                "{} {}",
                locale.tag(),
                key.id()
            );
        }
    }
}

#[test]
fn every_message_renders_in_every_locale_with_its_arguments() {
    for locale in Locale::all() {
        let messages = if locale == Locale::ENGLISH {
            Messages::english().clone()
        } else {
            built(locale)
        };
        for key in Key::ALL {
            let names = key.parameters();
            let values: Vec<String> = names.iter().map(|name| format!("<{name}>")).collect();
            for count in [0, 1, 2, 5, 21, 112] {
                let args: Vec<&dyn fmt::Display> = names
                    .iter()
                    .zip(&values)
                    .map(|(name, value)| {
                        if *name == "count" {
                            &count as &dyn fmt::Display
                        } else {
                            value as &dyn fmt::Display
                        }
                    })
                    .collect();
                let text = messages.format(key, key.is_plural().then_some(count), &args);
                let what = format!("{} {} ({count}): {text:?}", locale.tag(), key.id());
                assert!(!text.trim().is_empty(), "{what}");
                assert!(
                    !text.chars().any(|c| ('\u{1}'..='\u{1f}').contains(&c)),
                    "{what}"
                );
                assert!(!text.contains("⟦en⟧"), "{what}");
                for (name, value) in names.iter().zip(&values) {
                    if *name != "count" {
                        assert!(text.contains(value.as_str()), "{what} lacks {{{name}}}");
                    }
                }
            }
        }
    }
}

#[test]
fn table_tags_are_unique_and_match_their_files() {
    let tags: BTreeSet<&str> = Locale::all().map(Locale::tag).collect();
    assert_eq!(tags.len(), LOCALES.len());
    let dir = format!("{}/locales", env!("CARGO_MANIFEST_DIR"));
    let files: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .replace(".json", "")
        })
        .collect();
    let tags: BTreeSet<String> = tags.into_iter().map(str::to_string).collect();
    assert_eq!(files, tags, "one locales/<tag>.json per line of LOCALES");
}

#[test]
fn plural_categories_are_cldr_s() {
    // CLDR's integer samples (language_plural_rules.html).
    let check = |locale: &str, category: PluralCategory, samples: &[u64]| {
        let locale = Locale::from_tag(locale).unwrap();
        for &n in samples {
            assert_eq!(locale.plural_category(n), category, "{} {n}", locale.tag());
        }
    };
    use PluralCategory::{Few, Many, One, Other};
    check("en", One, &[1]);
    check("en", Other, &[0, 2, 3, 16, 100, 1000]);
    check("fr", One, &[0, 1]);
    check("fr", Other, &[2, 3, 16, 100, 1000]);
    check("pl", One, &[1]);
    check("pl", Few, &[2, 3, 4, 22, 23, 24, 32, 33, 34, 42, 102, 1002]);
    check(
        "pl",
        Many,
        &[
            0, 5, 6, 10, 11, 12, 13, 14, 19, 20, 21, 25, 100, 111, 112, 1000,
        ],
    );
    check("ru", One, &[1, 21, 31, 41, 51, 61, 71, 81, 101, 1001]);
    check("ru", Few, &[2, 3, 4, 22, 23, 24, 32, 33, 34, 42, 102, 1002]);
    check(
        "ru",
        Many,
        &[0, 5, 6, 11, 12, 13, 14, 19, 20, 25, 100, 111, 1000],
    );
    assert_eq!(
        plural::categories_of(Locale::from_tag("ru").unwrap()),
        vec![One, Few, Many, Other]
    );
    assert_eq!(
        plural::categories_of(Locale::from_tag("fr").unwrap()),
        vec![One, Other]
    );
}

#[test]
fn language_choice_is_url_then_remembered_then_browser_then_english() {
    let browser = ["de-DE".to_string(), "pl-PL".to_string()];
    assert_eq!(chosen_locale(Some("ru"), Some("fr"), &browser).tag(), "ru");
    assert_eq!(chosen_locale(Some("xx"), Some("fr"), &browser).tag(), "fr");
    assert_eq!(chosen_locale(None, None, &browser).tag(), "pl");
    assert_eq!(
        chosen_locale(None, None, &["de".to_string()]),
        Locale::ENGLISH
    );
    assert_eq!(Locale::from_tag("FR-ca").map(Locale::tag), Some("fr"));
}

#[test]
fn lang_parameter_is_read_and_replaced() {
    assert_eq!(query_language("target=sbc&lang=pl").as_deref(), Some("pl"));
    assert_eq!(query_language("target=sbc"), None);
    let fr = Locale::from_tag("fr").unwrap();
    assert_eq!(
        query_with_language("lang=pl&target=sbc", fr),
        "lang=fr&target=sbc"
    );
    assert_eq!(query_with_language("", fr), "lang=fr");
}

#[test]
fn a_broken_file_is_refused_and_a_missing_message_is_english_marked_when_asked() {
    let fr = Locale::from_tag("fr").unwrap();
    assert!(Messages::from_json(fr, "not json", false).is_err());
    assert!(Messages::from_json(fr, r#"{"dismiss": "Fermer"}"#, false).is_err());
    let (marked, fallbacks) = Messages::from_json(fr, r#"["x", null]"#, true).unwrap();
    assert_eq!(fallbacks, Key::ALL.len() - 1);
    assert_eq!(
        marked.retry(),
        format!("⟦en⟧ {}", Messages::english().retry())
    );
    assert_eq!(
        marked.extensions_selected(2),
        format!("⟦en⟧ {}", Messages::english().extensions_selected(2))
    );
    let (plain, _) = Messages::from_json(fr, "[]", false).unwrap();
    assert_eq!(plain.retry(), Messages::english().retry());
}

#[test]
fn placeholders_and_plurals_are_filled() {
    let en = Messages::english();
    assert_eq!(en.extensions_selected(1), "1 extension selected");
    assert_eq!(en.extensions_selected(3), "3 extensions selected");
    assert_eq!(en.catalog_live("https://f"), "Catalog: live from https://f");
    let ru = built(Locale::from_tag("ru").unwrap());
    assert_eq!(ru.extensions_selected(21), "Выбрано 21 расширение");
    assert_eq!(ru.extensions_selected(3), "Выбрано 3 расширения");
    assert_eq!(ru.extensions_selected(5), "Выбрано 5 расширений");
}
