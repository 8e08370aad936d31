//! `<App/>`: builds the `AppState`, provides it, and lays out the page: what the link asked
//! for that cannot be done (first), the choices on the left, the result header and every
//! output on the right (on phones: below, with a compact bar at the bottom).

use leptos::prelude::*;

use crate::i18n::Text;

use super::chunks::{self, Deferred};
use super::header::Header;
use super::i18n::{provide_i18n, t, use_i18n};
use super::outputs_view::provide_outputs;
use super::result::{MobileBar, ResultHeader};
use super::state::{AppState, Load};
use super::steps::{
    ExtensionsStep, ImportPanel, PlatformStep, PresetsPanel, TargetStep, VersionStep,
};
use crate::selection::{LinkProblem, link_problems};

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    let state = AppState::new();
    provide_context(state);
    state.start();
    provide_outputs(state);
    // The parts below the first screen are fetched once it is complete (the catalog loaded,
    // or failed) and the browser is idle after showing it, so their chunks never compete
    // with it for the network or the main thread; once, for good.
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
    provide_context(FirstScreenDone(below.read_only()));
    Effect::new(move |_| {
        if first_screen.get() && !below.get_untracked() {
            request_idle_callback(move || below.set(true));
        }
    });
    view! {
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
                    <Deferred load=chunks::customization_step what=Text::part_customization() />
                </Show>
            </div>
            <div class="page__result">
                <ResultHeader />
                <Show when=move || below.get()>
                    <Deferred load=chunks::outputs_tabs what=Text::part_outputs() />
                </Show>
            </div>
        </main>
        <footer class="app-footer">
            {t!(i18n, footer())}
        </footer>
        <MobileBar />
    }
}

/// True once the first screen is complete and the browser has been idle after showing it:
/// what is not on that screen (the chunks below it, the rows of folded extension groups) is
/// built then, not before.
#[derive(Clone, Copy)]
pub struct FirstScreenDone(pub ReadSignal<bool>);

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
        let lines: Vec<Text> = state.versions.with(|versions| {
            state.version_data.with(|data| {
                let catalog = match data {
                    Load::Ready(data) => Some(data.extensions.as_slice()),
                    Load::Loading | Load::Failed(_) => None,
                };
                state.query_notices.with(|notices| {
                    link_problems(&link, notices, versions.ready(), catalog, version.as_ref())
                        .iter()
                        .map(LinkProblem::text)
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
                    <ul class="notice__list">{lines.into_iter().map(|line| view! { <li>{i18n.show(line)}</li> }).collect_view()}</ul>
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
    let ready = RwSignal::new(false);
    let handle = window_event_listener_untyped("studio-update-ready", move |_| ready.set(true));
    on_cleanup(move || handle.remove());
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
