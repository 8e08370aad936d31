//! The page's language in the shell: the chosen [`Locale`] (a signal), its [`Messages`]
//! (English at once; another locale's file fetched on demand, with its integrity digest),
//! `<html lang>` and `dir`, and the remembered choice. The rules (which locale a visit uses,
//! what a file gets wrong) are in `crate::i18n`.
//!
//! Labels are plain text: a view reads the messages once, when it is built ([`I18n::m`] is
//! not reactive), and a change of language mounts the page anew (`app::mount`). The
//! selection, the embedded configuration and what the factory said live in `AppState`,
//! outside the views, and what the views themselves hold that a user would miss (folded
//! steps, search texts, the outputs tab, pasted texts) lives in [`Kept`]; the open
//! sections, the focus and the scroll position are put back after the rebuild.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::current_query;
use crate::i18n::{Locale, Messages, chosen_locale, query_language, query_with_language};

const LANG_KEY: &str = "talos-image-studio.lang";

/// A message as plain text, read when the view is built: `t!(i18n, footer())` is a
/// `&'static str`, `t!(i18n, whats_new(version))` a `String` (wrap it in `move ||` when an
/// argument is reactive).
macro_rules! t {
    ($i18n:expr, $($call:tt)+) => {
        $i18n.m().$($call)+
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
    pub problem: RwSignal<Option<String>>,
    /// The locales fetched so far (a few; a `Vec` rather than a hash map).
    loaded: StoredValue<Vec<&'static Messages>>,
}

impl I18n {
    /// The messages in effect, for a view being built (not reactive: a change of language
    /// rebuilds the page).
    pub fn m(self) -> &'static Messages {
        self.messages.get_untracked()
    }

    /// Reads the messages in effect (not reactive, like [`I18n::m`]).
    pub fn tr<T>(self, read: impl FnOnce(&'static Messages) -> T) -> T {
        read(self.m())
    }

    /// The locale whose messages are shown (reactive).
    pub fn shown(self) -> Locale {
        self.messages.get().locale()
    }

    /// The switch: shows `locale`, remembers it, and updates a `lang=` the address has.
    pub fn choose(self, locale: Locale) {
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

/// What a rebuild of the page would lose of the document itself: which sections are open
/// (`<details id=…>`), the focused element (by ID) and the scroll position.
pub(super) struct PageSnapshot {
    open: Vec<String>,
    focused: Option<String>,
    scroll: f64,
}

impl PageSnapshot {
    pub(super) fn take() -> PageSnapshot {
        let window = web_sys::window();
        let document = window.as_ref().and_then(web_sys::Window::document);
        let mut open = Vec::new();
        if let Some(found) = document
            .as_ref()
            .and_then(|d| d.query_selector_all("details[open][id]").ok())
        {
            for index in 0..found.length() {
                if let Some(element) = found
                    .item(index)
                    .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                {
                    open.push(element.id());
                }
            }
        }
        let focused = document
            .as_ref()
            .and_then(web_sys::Document::active_element)
            .map(|element| element.id())
            .filter(|id| !id.is_empty());
        let scroll = window
            .as_ref()
            .and_then(|w| w.scroll_y().ok())
            .unwrap_or_default();
        PageSnapshot {
            open,
            focused,
            scroll,
        }
    }

    /// Opens the sections again (a lazy one builds its content on `toggle`), focuses the
    /// element again, and scrolls back once the reopened sections are built.
    pub(super) fn restore(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for id in &self.open {
            if let Some(element) = document.get_element_by_id(id) {
                let _ = element.set_attribute("open", "");
            }
        }
        if let Some(element) = self
            .focused
            .and_then(|id| document.get_element_by_id(&id))
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
        let scroll = self.scroll;
        set_timeout(
            move || {
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, scroll);
                }
            },
            std::time::Duration::from_millis(30),
        );
    }
}

/// What the views hold that a user would miss after a change of language (which rebuilds
/// the page): created by `App` outside the rebuilt view. A component mounted alone (the
/// component tests) gets fresh ones.
#[derive(Clone, Copy)]
pub struct Kept {
    /// "A new version is ready" was announced.
    pub update_ready: RwSignal<bool>,
    /// The folded steps: target, version, platform.
    pub folded: [RwSignal<bool>; 3],
    /// "Show pre-releases", once the user set it.
    pub show_prereleases: RwSignal<Option<bool>>,
    pub extension_query: RwSignal<String>,
    pub board_filter: RwSignal<String>,
    /// The extension whose releases table is open.
    pub across: RwSignal<Option<String>>,
    /// The outputs tab, by its `id`.
    pub outputs_tab: RwSignal<&'static str>,
    pub import_text: RwSignal<String>,
    pub compare_text: RwSignal<String>,
}

impl Kept {
    pub fn new() -> Kept {
        Kept {
            update_ready: RwSignal::new(false),
            folded: [
                RwSignal::new(false),
                RwSignal::new(false),
                RwSignal::new(false),
            ],
            show_prereleases: RwSignal::new(None),
            extension_query: RwSignal::new(String::new()),
            board_filter: RwSignal::new(String::new()),
            across: RwSignal::new(None),
            outputs_tab: RwSignal::new("links"),
            import_text: RwSignal::new(String::new()),
            compare_text: RwSignal::new(String::new()),
        }
    }
}

/// The views' kept state (see [`Kept`]).
pub fn use_kept() -> Kept {
    use_context::<Kept>().unwrap_or_else(Kept::new)
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
        if let Some(messages) = i18n
            .loaded
            .with_value(|loaded| loaded.iter().copied().find(|m| m.locale() == locale))
        {
            i18n.problem.set(None);
            i18n.messages.set(messages);
            return;
        }
        let Some((file, integrity)) = locale.built_file() else {
            i18n.problem.set(None);
            i18n.messages.set(Messages::english());
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = crate::factory::fetch_locale_file(file, integrity).await;
            if i18n.locale.get_untracked() != locale {
                return;
            }
            match answer {
                Ok(json) => match Messages::from_json(locale, &json, cfg!(debug_assertions)) {
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
                        let messages: &'static Messages = Box::leak(Box::new(messages));
                        i18n.loaded.update_value(|loaded| loaded.push(messages));
                        i18n.problem.set(None);
                        i18n.messages.set(messages);
                    }
                    Err(problem) => {
                        i18n.problem.set(Some(format!(
                            "The {} translation could not be read ({problem}); the page is shown in English.",
                            locale.name()
                        )));
                        i18n.messages.set(Messages::english());
                    }
                },
                Err(error) => {
                    i18n.problem.set(Some(format!(
                        "The {} translation could not be loaded ({error}); the page is shown in English.",
                        locale.name()
                    )));
                    i18n.messages.set(Messages::english());
                }
            }
        });
    });
    Effect::new(move |_| {
        let locale = i18n.shown();
        if let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        {
            let _ = root.set_attribute("lang", locale.tag());
            let _ = root.set_attribute("dir", locale.direction().as_str());
        }
    });
    i18n
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
        {move || i18n.problem.get().map(|message| view! {
            <p class="field__error" role="alert" id="language-problem">{message}</p>
        })}
    }
}
