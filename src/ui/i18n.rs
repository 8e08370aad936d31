//! The page's language in the shell: the chosen [`Locale`] (a signal), its [`Messages`]
//! (English at once; another locale's file fetched on demand, with its integrity digest),
//! `<html lang>` and `dir`, and the remembered choice. The rules (which locale a visit uses,
//! what a file gets wrong) are in `crate::i18n`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::current_query;
use crate::i18n::{Locale, Messages, Text, chosen_locale, query_language, query_with_language};

const LANG_KEY: &str = "talos-image-studio.lang";

/// A reactive message for `view!`: `t!(i18n, footer())` is a `Signal<String>` (one type for
/// every message without arguments, so each use costs no code of its own), and
/// `t!(i18n, whats_new(version))` is `move || i18n.tr(|m| m.whats_new(version))`.
macro_rules! t {
    ($i18n:expr, $name:ident()) => {
        $i18n.text(crate::i18n::Messages::$name)
    };
    ($i18n:expr, $($call:tt)+) => {
        move || $i18n.tr(|messages| messages.$($call)+)
    };
}
pub(crate) use t;

/// The language context: provided by `App`, read with [`use_i18n`].
#[derive(Clone, Copy)]
pub struct I18n {
    /// The locale the user chose (its messages may still be on their way).
    pub locale: RwSignal<Locale>,
    /// The messages shown: English (compiled in) or a fetched locale's, kept for the visit.
    messages: RwSignal<&'static Messages>,
    /// Why the chosen locale is shown in English, when its file could not be used.
    pub problem: RwSignal<Option<Text>>,
    /// The locales fetched so far (a few; a `Vec` rather than a hash map).
    loaded: StoredValue<Vec<&'static Messages>>,
}

impl I18n {
    /// Reads the messages in effect (reactive).
    pub fn tr<T>(&self, read: impl FnOnce(&'static Messages) -> T) -> T {
        read(self.messages.get())
    }

    /// A message without arguments, following the language.
    pub fn text(self, message: fn(&Messages) -> &str) -> Signal<String> {
        Signal::derive(move || self.tr(message).to_string())
    }

    /// A message with its arguments, following the language (one type for every such
    /// message, so a use costs no code of its own).
    pub fn show(self, text: Text) -> Signal<String> {
        Signal::derive(move || self.tr(|m| m.render(&text)))
    }

    /// The switch: shows `locale`, remembers it, and updates a `lang=` the address has.
    pub fn choose(&self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(LANG_KEY, locale.tag());
        }
        let query = current_query();
        if query_language(&query).is_some()
            && let Some(history) = web_sys::window().and_then(|window| window.history().ok())
        {
            let url = super::state::page_url_with(&query_with_language(&query, locale));
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// The language context; English alone where none is provided (a component mounted by
/// itself, as the component tests do).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::ENGLISH),
        messages: RwSignal::new(Messages::english()),
        problem: RwSignal::new(None),
        loaded: StoredValue::new(Vec::new()),
    })
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|window| {
            window
                .navigator()
                .languages()
                .iter()
                .filter_map(|value| value.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Chooses the visit's locale, provides the context, and keeps the messages and
/// `<html lang dir>` in step with the choice.
pub fn provide_i18n() -> I18n {
    let remembered = local_storage().and_then(|storage| storage.get_item(LANG_KEY).ok().flatten());
    let initial = chosen_locale(
        query_language(&current_query()).as_deref(),
        remembered.as_deref(),
        &browser_languages(),
    );
    let i18n = I18n {
        locale: RwSignal::new(initial),
        messages: RwSignal::new(Messages::english()),
        problem: RwSignal::new(None),
        loaded: StoredValue::new(Vec::new()),
    };
    provide_context(i18n);
    Effect::new(move |_| {
        let locale = i18n.locale.get();
        let cached = i18n
            .loaded
            .with_value(|loaded| loaded.iter().copied().find(|m| m.locale() == locale));
        match (cached, locale.built_file()) {
            (Some(messages), _) => i18n.apply(messages, None),
            (None, None) => i18n.apply(Messages::english(), None),
            (None, Some((file, integrity))) => leptos::task::spawn_local(async move {
                let read = match super::chunks::load_locale(locale, file, integrity).await {
                    Ok(loading) => loading.await,
                    Err(_) => Err(Text::locale_load_failed(
                        locale.name(),
                        Text::part_locale_code(),
                    )),
                };
                if i18n.locale.get_untracked() != locale {
                    return;
                }
                match read {
                    Ok((messages, fallbacks)) => {
                        if fallbacks > 0 {
                            web_sys::console::warn_1(
                                &format!(
                                    "locale {}: {fallbacks} messages in English (see the build's warnings)",
                                    locale.tag()
                                )
                                .into(),
                            );
                        }
                        i18n.loaded.update_value(|loaded| loaded.push(messages));
                        i18n.apply(messages, None);
                    }
                    Err(problem) => i18n.apply(Messages::english(), Some(problem)),
                }
            }),
        }
    });
    i18n
}

impl I18n {
    /// Shows `messages` (and says why, when they are English in place of the choice), with
    /// `<html lang dir>` to match.
    fn apply(self, messages: &'static Messages, problem: Option<Text>) {
        self.problem.set(problem);
        self.messages.set(messages);
        let locale = messages.locale();
        if let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        {
            let _ = root.set_attribute("lang", locale.tag());
            let _ = root.set_attribute("dir", locale.direction().as_str());
        }
    }
}

/// The language switch of the header: the languages by their own names.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let change = move |ev: leptos::ev::Event| {
        let value = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|select| select.value())
            .unwrap_or_default();
        if let Some(locale) = Locale::from_tag(&value) {
            i18n.choose(locale);
        }
    };
    view! {
        <label class="theme-toggle language-switch">
            <span class="visually-hidden">{t!(i18n, language_label())}</span>
            <select id="language-select" on:change=change prop:value=move || i18n.locale.get().tag()>
                {Locale::all().map(|locale| view! {
                    <option value=locale.tag() lang=locale.tag()>{locale.name()}</option>
                }).collect_view()}
            </select>
        </label>
        {move || i18n.problem.get().map(|problem| view! {
            <p class="field__error" role="alert" id="language-problem">{i18n.tr(|m| m.render(&problem))}</p>
        })}
    }
}
