//! Where the image runs: the cloud platform (cloud) or the board (sbc), the architecture,
//! and SecureBoot, each gated by the chosen version like the factory UI.

use leptos::prelude::*;

use crate::outputs::platform_docs_url;
use crate::platforms::{
    self, Arch, CLOUD_PLATFORMS, TargetKind, available_boards, available_platforms, filter_boards,
};
use crate::selection::Step;
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::AppState;
use crate::ui::widgets::{ChoiceCard, Notice, NoticeKind, StepHeading};

#[component]
pub fn PlatformStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: the platform list is rebuilt only when the target changes, not on every choice
    // (a rebuilt list loses the keyboard focus).
    let target = Memo::new(move |_| state.selection.with(|s| s.target));
    let folded = RwSignal::new(false);
    let i18n = use_i18n();
    let title = move || {
        i18n.tr(|m| match target.get() {
            TargetKind::Metal => m.platform_heading_metal(),
            TargetKind::Cloud => m.platform_heading_cloud(),
            TargetKind::Sbc => m.platform_heading_sbc(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="platform-heading">
            <StepHeading id="platform-heading" title=Signal::derive(title) summary=state.step_summary(Step::Platform) folded=folded />
            <Show when=move || !folded.get()>
                {move || match target.get() {
                    TargetKind::Cloud => view! { <CloudChoice /> }.into_any(),
                    TargetKind::Sbc => view! { <BoardChoice /> }.into_any(),
                    TargetKind::Metal => ().into_any(),
                }}
                <ArchChoice />
                <SecureBootChoice />
            </Show>
        </section>
    }
}

#[component]
fn CloudChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let platforms = move || match state.version.get() {
        Some(version) => available_platforms(&version),
        None => CLOUD_PLATFORMS.iter().collect(),
    };
    let unavailable = move || {
        let version = state.version.get()?;
        state.selection.with(|s| s.target_unavailable(&version))
    };
    view! {
        {move || unavailable().map(|message| view! { <Notice kind=NoticeKind::Warning message=i18n.show(message) /> })}
        <fieldset>
            <legend class="visually-hidden">{t!(i18n, platform_heading_cloud())}</legend>
            <div class="choice-list" id="platform-list">
                {move || platforms().into_iter().map(|platform| {
                    let name = platform.name;
                    let arches: Vec<&str> = platform.arches.iter().map(|arch| arch.as_str()).collect();
                    let doc = state.version.get().map(|version| platform_docs_url(&version, platform.documentation));
                    view! {
                        <ChoiceCard group="platform" value=name label=platform.label
                            lines=vec![i18n.tr(|m| m.render(&platform.description())).to_string(), format!("{} · {}", name, arches.join(", "))]
                            doc=doc
                            checked=Signal::derive(move || state.selection.with(|s| s.platform.name == name))
                            on_select=Callback::new(move |()| state.selection.update(|s| s.platform = platform)) />
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn BoardChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let filter = RwSignal::new(String::new());
    let boards = move || {
        let offered: Vec<_> = match state.version.get() {
            Some(version) => available_boards(&version),
            None => platforms::BOARDS.iter().collect(),
        };
        filter.with(|query| filter_boards(&offered, query))
    };
    let unavailable = move || {
        let version = state.version.get()?;
        state.selection.with(|s| s.target_unavailable(&version))
    };
    view! {
        {move || unavailable().map(|message| view! { <Notice kind=NoticeKind::Warning message=i18n.show(message) /> })}
        <div class="field">
            <label for="board-filter">{t!(i18n, find_board())}</label>
            <input id="board-filter" type="search" autocomplete="off" placeholder=t!(i18n, find_board_placeholder())
                prop:value=move || filter.get() on:input:target=move |ev| filter.set(ev.target().value()) />
        </div>
        <fieldset>
            <legend class="visually-hidden">{t!(i18n, board())}</legend>
            <div class="choice-list" id="board-list">
                {move || boards().into_iter().map(|board| {
                    let param = board.param;
                    let doc = state.version.get().map(|version| platform_docs_url(&version, board.documentation));
                    view! {
                        <ChoiceCard group="board" value=param label=board.label
                            lines=Signal::derive(move || [board.models, board.label].iter().take(usize::from(board.models != board.label)).map(ToString::to_string)
                                .chain([i18n.tr(|m| m.board_overlay(board.overlay_image, board.overlay_name))]).collect())
                            doc=doc
                            checked=Signal::derive(move || state.selection.with(|s| s.board.param == param))
                            on_select=Callback::new(move |()| state.selection.update(|s| s.board = board)) />
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// A message of the page, chosen before the locale is known.
type Text = fn(&crate::i18n::Messages) -> &str;

#[component]
fn ArchChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let forced = move || state.selection.with(|s| s.is_arch_forced());
    let effective = move || state.selection.with(|s| s.effective_arch());
    let arches: [(Arch, &str, Text); 2] = [
        (
            Arch::Amd64,
            "amd64",
            crate::i18n::Messages::arch_amd64_description,
        ),
        (
            Arch::Arm64,
            "arm64",
            crate::i18n::Messages::arch_arm64_description,
        ),
    ];
    view! {
        <fieldset class="field">
            <legend>{t!(i18n, arch_legend())}</legend>
            {move || forced().then(|| view! {
                <p class="panel__hint" id="arch-forced">{move || i18n.tr(|m| m.arch_forced(effective()))}</p>
            })}
            <div class="choice-list">
                {arches.into_iter().map(|(arch, label, description)| view! {
                    <ChoiceCard group="arch" value=label label=label
                        lines=Signal::derive(move || vec![i18n.tr(description).to_string()])
                        checked=Signal::derive(move || effective() == arch)
                        disabled=Signal::derive(forced)
                        on_select=Callback::new(move |()| state.selection.update(|s| s.arch = arch)) />
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn SecureBootChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let available = Memo::new(move |_| {
        state
            .version
            .get()
            .is_some_and(|version| state.selection.with(|s| s.offers_secureboot(&version)))
    });
    view! {
        {move || if available.get() {
            view! {
                <div class="field field--inline">
                    <input type="checkbox" id="secureboot"
                        prop:checked=move || state.selection.with(|s| s.secureboot)
                        on:change:target=move |ev| { let on = ev.target().checked(); state.selection.update(|s| s.secureboot = on); } />
                    <label for="secureboot">"SecureBoot"</label>
                    <span class="field__help">{t!(i18n, secureboot_help())}</span>
                </div>
            }.into_any()
        } else {
            view! {
                <p class="panel__hint" id="secureboot-unavailable">
                    {move || i18n.tr(|m| if state.selection.with(|s| s.secureboot) {
                        m.secureboot_unavailable_selected()
                    } else {
                        m.secureboot_unavailable()
                    })}
                </p>
            }.into_any()
        }}
    }
}
