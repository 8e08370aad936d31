//! [`mount`]: builds the `AppState`, provides it, and lays out the page: what the link asked
//! for that cannot be done (first), the choices on the left, the result header and every
//! output on the right (on phones: below, with a compact bar at the bottom).

use leptos::prelude::*;

use crate::i18n::Messages;

use super::chunks::{self, Deferred};
use super::header::Header;
use super::i18n::{Kept, PageSnapshot, provide_i18n, t, use_i18n, use_kept};
use super::outputs_view::provide_outputs;
use super::result::{MobileBar, ResultHeader};
use super::state::{AppState, Load};
use super::steps::{
    ExtensionsStep, ImportPanel, PlatformStep, PresetsPanel, TargetStep, VersionStep,
};
use crate::selection::link_problems;

/// Mounts the app into `root`: the language, the `AppState` and what the views keep, under
/// one owner that lives as long as the page (`mount_to` of an empty view); then the page's view, mounted again (under an
/// owner of its own, dropped with the old view) whenever the language shown changes. The
/// labels are plain text, so a change of language builds the view anew rather than
/// updating every label; nothing of the selection is in the view.
pub fn mount(root: web_sys::HtmlElement) {
    let parent = root.clone();
    leptos::mount::mount_to(parent, move || {
        let i18n = provide_i18n();
        let kept = Kept::new();
        provide_context(kept);
        let handle = window_event_listener_untyped("studio-update-ready", move |_| {
            kept.update_ready.set(true);
        });
        on_cleanup(move || handle.remove());
        let state = AppState::new();
        provide_context(state);
        state.start();
        provide_outputs(state);
        // The parts below the first screen are fetched once it is complete (the catalog
        // loaded, or failed) and the browser is idle after showing it, so their chunks never
        // compete with it for the network or the main thread; once, for good.
        let first_screen = Memo::new(move |done: Option<&bool>| {
            let settled = !state
                .versions
                .with(|versions| matches!(versions, Load::Loading))
                && (state.version.with(Option::is_none)
                    || !state
                        .version_data
                        .with(|data| matches!(data, Load::Loading)));
            done.copied().unwrap_or(false) || settled
        });
        let below = RwSignal::new(false);
        Effect::new(move |_| {
            if first_screen.get() && !below.get_untracked() {
                request_idle_callback(move || below.set(true));
            }
        });
        let view = StoredValue::new_local(Some(mount_page(&root, below)));
        Effect::new(move |first: Option<()>| {
            i18n.shown();
            if first.is_some() {
                let snapshot = PageSnapshot::take();
                // The old view goes first (its owner with it), then the new one is built.
                view.set_value(None);
                view.set_value(Some(mount_page(&root, below)));
                request_animation_frame(move || snapshot.restore());
            }
        });
    })
    // The state's owner lives as long as the page.
    .forget();
}

/// The page's view mounted into `root`; dropping the handle unmounts it.
fn mount_page(root: &web_sys::HtmlElement, below: RwSignal<bool>) -> Box<dyn std::any::Any> {
    let i18n = use_i18n();
    Box::new(leptos::mount::mount_to(root.clone(), move || view! {
        <UpdateNotice />
        <Header />
        <main class="page" id="main">
            <div class="page__form">
                <LinkProblems />
                <PresetsPanel />
                <ImportPanel />
                <TargetStep />
                <VersionStep />
                <PlatformStep />
                <ExtensionsStep />
                <Show when=move || below.get()>
                    <Deferred load=chunks::customization_step what=Messages::part_customization />
                </Show>
            </div>
            <div class="page__result">
                <ResultHeader />
                <Show when=move || below.get()>
                    <Deferred load=chunks::outputs_tabs what=Messages::part_outputs />
                </Show>
            </div>
        </main>
        <footer class="app-footer">
            {t!(i18n, footer())}
        </footer>
        <MobileBar />
    }))
}

/// Everything the page's link asked for that cannot be done as asked, in one notice at the
/// top of the first screen: a version the factory does not offer, extensions its catalog
/// lacks (never hashed in silently), parameters that were ignored.
#[component]
fn LinkProblems() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let problems = Memo::new(move |_| {
        let link = state.link.get()?;
        let version = state.version.get();
        let lines: Vec<String> = state.versions.with(|versions| {
            state.version_data.with(|data| {
                let catalog = match data {
                    Load::Ready(data) => Some(data.extensions.as_slice()),
                    Load::Loading | Load::Failed(_) => None,
                };
                state.query_notices.with(|notices| {
                    link_problems(&link, notices, versions.ready(), catalog, version.as_ref())
                        .iter()
                        .map(ToString::to_string)
                        .collect()
                })
            })
        });
        (!lines.is_empty()).then_some(lines)
    });
    let dismiss = move |_| {
        state.link.set(None);
        state.query_notices.set(Vec::new());
    };
    view! {
        {move || problems.get().map(|lines| view! {
            <div class="notice" data-kind="warning" id="query-notices" role="status">
                <div>
                    <p class="notice__message"><strong>{t!(i18n, link_problems_title())}</strong></p>
                    <ul class="notice__list">{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
                <button type="button" id="dismiss-link-notices" on:click=dismiss>{t!(i18n, dismiss())}</button>
            </div>
        })}
    }
}

/// "A new version is ready": the page's service worker has installed a newer build, which
/// waits until the user accepts (the loader then activates it and reloads), so a page never
/// runs a mix of two builds. The loader and the page talk through two window events.
#[component]
fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    let ready = use_kept().update_ready;
    let reload = move |_| {
        if let Ok(event) = web_sys::Event::new("studio-update-accept") {
            let _ = window().dispatch_event(&event);
        }
    };
    view! {
        {move || ready.get().then(|| view! {
            <div class="page" id="update-notice">
                <div class="notice" data-kind="info" role="status">
                    <p class="notice__message">{t!(i18n, update_ready())}</p>
                    <button type="button" class="primary-button" id="update-reload" on:click=reload>{t!(i18n, reload())}</button>
                </div>
            </div>
        })}
    }
}
