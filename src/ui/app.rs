//! `<App/>`: builds the `AppState`, provides it, and lays out the page: choices on the left,
//! the live result and every output on the right.

use leptos::prelude::*;

use super::header::Header;
use super::outputs_view::OutputsView;
use super::result::ResultPanel;
use super::state::AppState;
use super::steps::{
    CustomizationStep, ExtensionsStep, ImportPanel, PlatformStep, PresetsPanel, TargetStep,
    VersionStep,
};
use super::widgets::{Notice, NoticeKind};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.start();
    let notices = move || {
        state.query_notices.with(|notices| {
            notices
                .iter()
                .map(|notice| notice.to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Header />
        <main class="page" id="main">
            <div class="page__form">
                <Show when=move || !state.query_notices.with(Vec::is_empty)>
                    <div id="query-notices" class="stack">
                        <For each=notices key=|text| text.clone() let:text>
                            <Notice kind=NoticeKind::Warning message=Signal::stored(format!("Link parameter ignored: {text}")) />
                        </For>
                        <div>
                            <button type="button" on:click=move |_| state.query_notices.set(Vec::new())>"Dismiss link notices"</button>
                        </div>
                    </div>
                </Show>
                <PresetsPanel />
                <ImportPanel />
                <TargetStep />
                <VersionStep />
                <PlatformStep />
                <ExtensionsStep />
                <CustomizationStep />
            </div>
            <div class="page__result">
                <ResultPanel />
                <OutputsView />
            </div>
        </main>
        <footer class="app-footer">
            "Talos Image Studio computes schematic IDs in your browser and talks only to the factory you choose. Not affiliated with Sidero Labs."
        </footer>
    }
}
