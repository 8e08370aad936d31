//! The result header: the schematic ID (once), whether the factory has it, the primary action
//! (create and confirm), Share, flags for what the chosen version cannot build, and the
//! canonical YAML (folded). On wide screens it stays at the top of the result column; on
//! phones a compact bar at the bottom keeps the short ID and a jump to it in reach.

use leptos::prelude::*;

use crate::i18n::Text;

use super::i18n::{t, use_i18n};
use super::outputs_view::BootMedia;
use super::state::{AppState, Uncomputed};
use super::widgets::{CopyBlock, CopyButton, JumpLink, Notice, NoticeKind};
use crate::outputs::register_schematic_command;
use crate::presence::{CreateCaution, PrimaryAction, create_cautions, short_id};

#[component]
pub fn ResultHeader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let id = move || {
        state
            .computed
            .with(|c| c.as_ref().map(|c| c.id.to_string()).unwrap_or_default())
    };
    let yaml = move || {
        state
            .computed
            .with(|c| c.as_ref().map(|c| c.yaml.clone()).unwrap_or_default())
    };
    let error = move || {
        state
            .computed
            .with(|c| c.as_ref().err().and_then(|u| u.error()).cloned())
    };
    let missing = Memo::new(move |_| {
        state.missing_extensions.with(|missing| {
            missing
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="result-header" id="result" aria-labelledby="result-heading">
            <div class="result-header__top">
                <h2 id="result-heading" class="result-header__title">{t!(i18n, schematic_id())}</h2>
                <div class="cluster result-header__tools">
                    <CopyButton text=Signal::derive(id) label=t!(i18n, copy_schematic_id()) idle_text=t!(i18n, copy_id()) />
                    <ShareButton url=state.share_url />
                </div>
            </div>
            {move || error().map(|e| view! {
                <Notice kind=NoticeKind::Error id="schematic-error".to_string() message=i18n.show(Text::schematic_error(e)) />
            })}
            <code class="schematic-id" id="schematic-id" aria-labelledby="result-heading">{id}</code>
            <p class="visually-hidden" aria-live="polite" id="id-live">{move || {
                let id = id();
                if id.is_empty() { String::new() } else { i18n.tr(|m| m.id_computed(short_id(&id, 12))) }
            }}</p>
            {move || {
                let names = missing.get();
                (!names.is_empty()).then(|| {
                    let version = state.version.get().map(|v| v.to_string()).unwrap_or_default();
                    view! {
                        <p class="result-flag" id="result-flag" role="status">
                            <span class="badge" data-kind="warning">{i18n.tr(|m| m.missing_count(names.len() as u64, &version))}</span>
                            " "<JumpLink target="version-findings">{i18n.tr(|m| m.version_lacks(names.join(", "), &version))}</JumpLink>
                        </p>
                    }
                })
            }}
            <Creator missing=missing />
            <BootMedia />
            {move || {
                let older = state.computed.with(|c| c.as_ref().map(|c| c.older_ids.clone()).unwrap_or_default());
                (!older.is_empty()).then(|| view! {
                    <div class="field__help" id="legacy-id">
                        <p>{t!(i18n, older_ids())}</p>
                        <ul>{older.into_iter().map(|(library, id)| view! { <li><code>{id.to_string()}</code>" ("{i18n.show(library.releases_text())}")"</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let normalized = state.computed.with(|c| c.as_ref().map(|c| c.normalized.clone()).unwrap_or_default());
                (!normalized.is_empty()).then(|| view! {
                    <div class="notice" data-kind="info" id="normalized-note" role="status">
                        <p class="notice__message">{t!(i18n, normalized_note())}</p>
                        <ul>{normalized.into_iter().map(|line| view! { <li>{i18n.show(line)}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <details class="result-header__yaml" id="schematic-yaml">
                <summary>{t!(i18n, schematic_yaml())}</summary>
                <CopyBlock title=t!(i18n, canonical_yaml()) text=Signal::derive(yaml) file_name="schematic.yaml" />
            </details>
        </section>
    }
}

/// Copies a link that reopens this selection with its version pinned.
#[component]
fn ShareButton(
    /// The link to copy.
    #[prop(into)]
    url: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="share-button" id="share" data-url=move || url.get()>
            <CopyButton text=url label=t!(i18n, share_label()) idle_text=t!(i18n, share()) />
        </span>
    }
}

/// The status line and the primary action; asks before sending a schematic the version
/// cannot build or that embeds a machine configuration.
#[component]
fn Creator(
    /// Selected extensions the version in effect lacks.
    missing: Memo<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let cautions = RwSignal::new(Vec::<CreateCaution>::new());
    let i18n = use_i18n();
    // A caution answered for one schematic does not carry over to the next.
    Effect::new(move |_| {
        state.computed.track();
        cautions.set(Vec::new());
    });
    let start = move || {
        let version = state.version.get_untracked().map(|v| v.to_string());
        let embedded = state
            .selection
            .with_untracked(|s| !s.embedded_config.is_empty());
        let asked = create_cautions(&missing.get_untracked(), version.as_deref(), embedded);
        if asked.is_empty() {
            state.create_schematic();
        } else {
            cautions.set(asked);
        }
    };
    let confirm = move |_| {
        cautions.set(Vec::new());
        state.create_schematic();
    };
    let status = state.status;
    let button_label = move || {
        i18n.tr(|m| match status.with(|s| s.action) {
            PrimaryAction::Create | PrimaryAction::Unavailable => m.create_on_factory(),
            PrimaryAction::Busy => m.creating(),
            PrimaryAction::Done => m.on_factory(),
        })
    };
    let curl = move || {
        let factory = state.factory.get();
        state.computed.with(|c| {
            c.as_ref()
                .map(|c| register_schematic_command(&factory, &c.yaml))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="result__status">
            <div class="cluster">
                <button type="button" class="primary-button" id="create-button"
                    data-action=move || status.with(|s| match s.action {
                        PrimaryAction::Create => "create",
                        PrimaryAction::Busy => "busy",
                        PrimaryAction::Done => "done",
                        PrimaryAction::Unavailable => "unavailable",
                    })
                    disabled=move || status.with(|s| s.action != PrimaryAction::Create)
                    on:click=move |_| start()>{button_label}</button>
                {move || match status.with(|s| s.state) {
                    "not-confirmed" => Some(view! {
                        <button type="button" id="create-retry" on:click=move |_| state.create_schematic()>{t!(i18n, retry())}</button>
                    }.into_any()),
                    "unverified" => Some(view! {
                        <button type="button" id="presence-retry" on:click=move |_| state.recheck_presence()>{t!(i18n, ask_again())}</button>
                    }.into_any()),
                    _ => None,
                }}
            </div>
            <p id="creation-status" role="status" aria-live="polite" data-state=move || status.with(|s| s.state)>
                {move || i18n.tr(|m| status.with(|s| m.render(&s.message)))}
            </p>
            {move || (!cautions.with(Vec::is_empty)).then(|| view! {
                <div class="notice" data-kind="warning" id="create-caution" role="alertdialog" aria-labelledby="create-caution-title">
                    <div>
                        <p class="notice__message" id="create-caution-title"><strong>{t!(i18n, before_sending())}</strong></p>
                        <ul>{cautions.get().into_iter().map(|c| view! { <li>{i18n.show(c.text())}</li> }).collect_view()}</ul>
                    </div>
                    <div class="cluster">
                        <button type="button" class="primary-button" id="create-anyway" on:click=confirm>{t!(i18n, create_anyway())}</button>
                        <button type="button" id="create-cancel" on:click=move |_| cautions.set(Vec::new())>{t!(i18n, cancel())}</button>
                    </div>
                </div>
            })}
            {move || status.with(|s| s.links_unverified).then(|| view! {
                <CopyBlock title=t!(i18n, curl_title()) text=Signal::derive(curl)
                    note=t!(i18n, curl_note()) />
            })}
        </div>
    }
}

/// On phones: the short ID, the factory status and a jump to the result, fixed at the
/// bottom of the screen.
#[component]
pub fn MobileBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let short = move || {
        state.computed.with(|c| {
            c.as_ref()
                .map(|c| short_id(c.id.as_str(), 8))
                .unwrap_or_else(|uncomputed| match uncomputed {
                    Uncomputed::Invalid(_) => i18n.tr(|m| m.invalid_schematic()).to_string(),
                    Uncomputed::Decoding => "…".to_string(),
                })
        })
    };
    view! {
        <nav class="mobile-bar" aria-label=t!(i18n, mobile_bar_label())>
            <span class="mobile-bar__id">
                <span class="visually-hidden">{t!(i18n, schematic_id())}" "</span>
                <code id="mobile-short-id">{short}</code>
            </span>
            <span class="mobile-bar__state" data-state=move || state.status.with(|s| s.state)>
                {move || i18n.tr(|m| state.status.with(|s| match s.state {
                    "confirmed" => m.mobile_links_ready(),
                    "checking" | "creating" | "decoding" => m.mobile_checking(),
                    "unverified" => m.mobile_unverified(),
                    "invalid" => m.mobile_invalid(),
                    _ => m.mobile_not_created(),
                }))}
            </span>
            <span class="mobile-bar__share">
                <CopyButton text=state.share_url label=t!(i18n, share_label()) idle_text=t!(i18n, share()) />
            </span>
            <JumpLink target="result" class="mobile-bar__jump">{t!(i18n, mobile_jump())}</JumpLink>
        </nav>
    }
}
