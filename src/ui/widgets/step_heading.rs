//! A section heading whose section can fold to a one-line summary of its choice ("Done"),
//! and open again ("Change"). Folding only hides the controls: the choice stays, and
//! warnings about it stay visible.

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

#[component]
pub fn StepHeading(
    /// The heading's `id` (the section is labelled by it).
    id: &'static str,
    /// The heading text.
    #[prop(into)]
    title: Signal<String>,
    /// The summary shown while folded.
    #[prop(into)]
    summary: Signal<String>,
    /// Whether the section is folded.
    folded: RwSignal<bool>,
) -> impl IntoView {
    let summary_id = format!("{id}-summary");
    let i18n = use_i18n();
    view! {
        <div class="step-heading">
            <h2 id=id>{move || title.get()}</h2>
            <button type="button" class="link-button step-heading__toggle" aria-expanded=move || (!folded.get()).to_string()
                aria-label=move || i18n.tr(|m| if folded.get() { m.step_change_label(title.get()) } else { m.step_done_label(title.get()) })
                on:click=move |_| folded.update(|f| *f = !*f)>
                {move || i18n.tr(|m| if folded.get() { m.step_change() } else { m.step_done() })}
            </button>
        </div>
        <Show when=move || folded.get()>
            <p class="step-summary" id=summary_id.clone()>{move || summary.get()}</p>
        </Show>
    }
}
