//! The page header: title, where the catalog comes from (live factory or offline snapshot)
//! with a retry, the factory settings, and the theme toggle.

use leptos::prelude::*;

use crate::i18n::Text;

use super::chunks::{self, Deferred};
use super::i18n::{LanguageSwitch, t, use_i18n};
use super::state::{AppState, CatalogSource, remember_settings};
use super::widgets::{LazyDetails, Notice, NoticeKind};
use crate::selection::{Settings, validate_base_url, validate_registry_host};

#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let status = move || {
        let factory = state.factory.get();
        i18n.tr(|m| match state.source.get() {
            CatalogSource::Connecting => (m.catalog_connecting(&factory), "info"),
            CatalogSource::Live => (m.catalog_live(&factory), "ok"),
            CatalogSource::Saved { saved_at, .. } => (m.catalog_saved(saved_at), "warning"),
            CatalogSource::Snapshot { taken, .. } => (m.catalog_snapshot(taken), "warning"),
            CatalogSource::Unavailable { .. } => (m.catalog_unavailable().to_string(), "warning"),
        })
    };
    let retry = Callback::new(move |()| state.retry_versions());
    let offline_message = move || {
        i18n.tr(|m| match state.source.get() {
            CatalogSource::Snapshot { taken, reason } => {
                Some(m.render(&Text::offline_snapshot(reason, taken)))
            }
            CatalogSource::Unavailable { reason } => {
                Some(m.render(&Text::offline_unavailable(reason)))
            }
            CatalogSource::Saved { saved_at, reason } => {
                Some(m.render(&Text::offline_saved(reason, saved_at)))
            }
            CatalogSource::Connecting | CatalogSource::Live => None,
        })
    };
    let broken_message = move || {
        state
            .broken_error
            .get()
            .map(|e| i18n.tr(|m| m.render(&Text::broken_versions_unreadable(e))))
    };
    view! {
        <header class="app-header">
            <h1 class="app-header__title">"Talos Image Studio" <span>{t!(i18n, app_subtitle())}</span></h1>
            <span id="catalog-status" class="badge" data-kind=move || status().1 role="status">{move || status().0}</span>
            <SettingsPanel />
            <LanguageSwitch />
            <ThemeToggle />
        </header>
        {move || offline_message().map(|message| view! {
            <div class="page" id="offline-notice">
                <Notice kind=NoticeKind::Warning message=Signal::derive(move || message.clone()) on_retry=retry />
            </div>
        })}
        {move || broken_message().map(|message| view! {
            <div class="page"><Notice kind=NoticeKind::Info message=Signal::derive(move || message.clone()) /></div>
        })}
    }
}

/// The settings, behind their summary line: the form is built (and its chunk fetched) on
/// first open.
#[component]
fn SettingsPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <LazyDetails class="settings-panel" summary=t!(i18n, settings())>
            <Deferred load=chunks::settings_form what=Text::part_settings() />
        </LazyDetails>
    }
}

/// Factory URL, registry host and PXE URL; validated, remembered in local storage.
#[component]
pub fn SettingsForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let settings = Memo::new(move |_| state.selection.with(|s| s.settings.clone()));
    let factory = RwSignal::new(String::new());
    let registry = RwSignal::new(String::new());
    let pxe = RwSignal::new(String::new());
    // The fields show the settings in effect, also when a link or back/forward changes them.
    Effect::new(move |_| {
        let settings = settings.get();
        factory.set(settings.factory_url.unwrap_or_default());
        registry.set(settings.registry_host.unwrap_or_default());
        pxe.set(settings.pxe_url.unwrap_or_default());
    });
    let error = RwSignal::new(None::<Text>);
    let saved = RwSignal::new(false);
    let apply = move |_| {
        let optional = |text: String| {
            let text = text.trim().to_string();
            (!text.is_empty()).then_some(text)
        };
        let result = (|| -> Result<Settings, Text> {
            Ok(Settings {
                factory_url: optional(factory.get_untracked())
                    .map(|url| {
                        validate_base_url(&url).map_err(|e| {
                            Text::settings_error(e.text(), Text::settings_factory_url())
                        })
                    })
                    .transpose()?,
                registry_host: optional(registry.get_untracked())
                    .map(|host| {
                        validate_registry_host(&host).map_err(|e| {
                            Text::settings_error(e.text(), Text::settings_registry_host())
                        })
                    })
                    .transpose()?,
                pxe_url: optional(pxe.get_untracked())
                    .map(|url| {
                        validate_base_url(&url)
                            .map_err(|e| Text::settings_error(e.text(), Text::settings_pxe_url()))
                    })
                    .transpose()?,
            })
        })();
        match result {
            Ok(settings) => {
                error.set(None);
                remember_settings(&settings);
                state.selection.update(|s| s.settings = settings);
                saved.set(true);
            }
            Err(message) => {
                error.set(Some(message));
                saved.set(false);
            }
        }
    };
    let reset = move |_| {
        factory.set(String::new());
        registry.set(String::new());
        pxe.set(String::new());
        remember_settings(&Settings::default());
        state.selection.update(|s| s.settings = Settings::default());
        error.set(None);
    };
    view! {
            <div class="settings panel">
                <p class="panel__hint">{t!(i18n, settings_hint())}</p>
                <div class="field">
                    <label for="setting-factory">{t!(i18n, settings_factory_url())}</label>
                    <input id="setting-factory" type="url" placeholder="https://factory.talos.dev"
                        prop:value=move || factory.get() on:input:target=move |ev| factory.set(ev.target().value()) />
                </div>
                <div class="field">
                    <label for="setting-registry">{t!(i18n, settings_registry_host())}</label>
                    <input id="setting-registry" type="text" placeholder=move || state.selection.with(|s| s.settings.registry_host())
                        prop:value=move || registry.get() on:input:target=move |ev| registry.set(ev.target().value()) />
                </div>
                <div class="field">
                    <label for="setting-pxe">{t!(i18n, settings_pxe_url())}</label>
                    <input id="setting-pxe" type="url" placeholder=move || state.selection.with(|s| s.settings.pxe_url().to_string())
                        prop:value=move || pxe.get() on:input:target=move |ev| pxe.set(ev.target().value()) />
                </div>
                <div class="cluster">
                    <button type="button" class="primary-button" id="settings-apply" on:click=apply>{t!(i18n, settings_apply())}</button>
                    <button type="button" on:click=reset>{t!(i18n, settings_reset())}</button>
                </div>
                {move || error.get().map(|message| view! { <p class="field__error" role="alert" id="settings-error">{i18n.show(message)}</p> })}
                {move || saved.get().then(|| view! { <p class="muted" role="status">{t!(i18n, settings_saved())}</p> })}
            </div>
    }
}

/// Light / dark / system theme, remembered in local storage.
#[component]
fn ThemeToggle() -> impl IntoView {
    let i18n = use_i18n();
    const KEY: &str = "talos-image-studio.theme";
    let storage = || web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let initial = storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_else(|| "system".to_string());
    let theme = RwSignal::new(initial);
    Effect::new(move |_| {
        let value = theme.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = if value == "system" {
                root.remove_attribute("data-theme")
            } else {
                root.set_attribute("data-theme", &value)
            };
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(KEY, &value);
        }
    });
    view! {
        <label class="theme-toggle">
            <span class="visually-hidden">{t!(i18n, theme_label())}</span>
            <select id="theme-select" on:change:target=move |ev| theme.set(ev.target().value()) prop:value=move || theme.get()>
                <option value="system">{t!(i18n, theme_system())}</option>
                <option value="light">{t!(i18n, theme_light())}</option>
                <option value="dark">{t!(i18n, theme_dark())}</option>
            </select>
        </label>
    }
}
