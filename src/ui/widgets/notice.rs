//! A message box: information, warning or error, with an optional retry action.

use leptos::prelude::*;

use crate::ui::i18n::{t, use_i18n};

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
    Error,
    Success,
}

impl NoticeKind {
    fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Info => "info",
            NoticeKind::Warning => "warning",
            NoticeKind::Error => "error",
            NoticeKind::Success => "success",
        }
    }
}

/// A notice. Its text is always rendered as text, never as HTML.
#[component]
pub fn Notice(
    /// Info, warning, error or success.
    kind: NoticeKind,
    /// The message.
    #[prop(into)]
    message: Signal<String>,
    /// When set, a "Retry" button calls it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// A stable hook for tests and styles.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = if kind == NoticeKind::Error {
        "alert"
    } else {
        "status"
    };
    view! {
        <div class="notice" data-kind=kind.as_str() role=role id=id>
            <p class="notice__message">{move || message.get()}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="notice__retry" on:click=move |_| retry.run(())>{t!(i18n, retry())}</button>
            })}
        </div>
    }
}
