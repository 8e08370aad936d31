//! Every locale against English: the same keys, the same placeholders, the plural forms its
//! language uses; and the CLDR rules against CLDR's own sample numbers.

use std::collections::BTreeSet;

use super::*;

fn locale_file(locale: Locale) -> String {
    let path = format!(
        "{}/locales/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        locale.tag()
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn every_locale_has_every_key_with_english_placeholders_and_its_plural_forms() {
    for locale in Locale::all().filter(|l| *l != Locale::ENGLISH) {
        let (_, problems) = Messages::from_json(locale, &locale_file(locale));
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", locale.tag());
        assert!(
            locale.built_file().is_some(),
            "{} has no built file",
            locale.tag()
        );
    }
}

#[test]
fn english_plural_messages_give_one_and_other() {
    for key in Key::ALL {
        if let Template::Plural(forms) = key.english() {
            let mut found: Vec<PluralCategory> = forms.iter().map(|(c, _)| *c).collect();
            found.sort();
            assert_eq!(
                found,
                plural::categories_of(Locale::ENGLISH),
                "{}",
                key.id()
            );
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
fn a_broken_file_falls_back_to_english_and_says_why() {
    let fr = Locale::from_tag("fr").unwrap();
    let (messages, problems) = Messages::from_json(fr, "not json");
    assert!(matches!(problems.as_slice(), [LocaleProblem::Malformed(_)]));
    let messages = messages.marking_fallbacks(false);
    assert_eq!(messages.dismiss(), Messages::english().dismiss());
}

#[test]
fn a_missing_key_is_english_marked_when_asked() {
    let fr = Locale::from_tag("fr").unwrap();
    let (messages, problems) = Messages::from_json(fr, r#"{"dismiss": "Fermer {oops}"}"#);
    assert!(problems.iter().any(|p| matches!(
        p,
        LocaleProblem::Placeholders {
            key: Key::Dismiss,
            ..
        }
    )));
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, LocaleProblem::Missing(Key::Retry)))
    );
    let marked = messages.clone().marking_fallbacks(true);
    assert_eq!(
        marked.retry(),
        format!("⟦en⟧ {}", Messages::english().retry())
    );
    assert_eq!(
        messages.marking_fallbacks(false).retry(),
        Messages::english().retry()
    );
}

#[test]
fn placeholders_and_plurals_are_filled() {
    let en = Messages::english();
    assert_eq!(en.extensions_selected(1), "1 extension selected");
    assert_eq!(en.extensions_selected(3), "3 extensions selected");
    let ru = Locale::from_tag("ru").unwrap();
    let (ru, _) = Messages::from_json(ru, &locale_file(ru));
    assert_eq!(ru.extensions_selected(21), "Выбрано 21 расширение");
    assert_eq!(ru.extensions_selected(3), "Выбрано 3 расширения");
    assert_eq!(ru.extensions_selected(5), "Выбрано 5 расширений");
    assert_eq!(placeholders("a {b} {c_d} {E} {} {"), vec!["b", "c_d"]);
}
