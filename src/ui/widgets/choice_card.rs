//! One radio choice shown as a card: a bold label, description lines, and an optional
//! documentation link. Used for hardware types, cloud platforms, boards and architectures.

use leptos::prelude::*;

use crate::ui::i18n::{t, use_i18n};

#[component]
pub fn ChoiceCard(
    /// The radio group's `name`.
    group: &'static str,
    /// The radio's `value`; the element id is `<group>-<value>`.
    value: &'static str,
    /// The bold label.
    #[prop(into)]
    label: Signal<String>,
    /// Lines under the label (plain text).
    #[prop(optional, into)]
    lines: Signal<Vec<String>>,
    /// A documentation link shown after the last line.
    #[prop(optional_no_strip)]
    doc: Option<String>,
    /// Whether this choice is the selected one.
    #[prop(into)]
    checked: Signal<bool>,
    /// Whether the choice is locked (the selection forces another).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Called when the user picks this choice.
    on_select: Callback<()>,
) -> impl IntoView {
    let id = format!("{group}-{value}");
    let for_id = id.clone();
    let i18n = use_i18n();
    let lines = move || {
        let lines = lines.get();
        let last = lines.len().saturating_sub(1);
        lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let link = (index == last).then(|| doc.clone()).flatten();
                view! {
                    <span class="choice__description">{line}
                        {link.map(|doc| view! { " · " <a href=doc target="_blank" rel="noopener noreferrer">{t!(i18n, documentation())}</a> })}
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <label class="choice" for=for_id>
            <input type="radio" name=group id=id value=value
                prop:checked=checked disabled=disabled
                on:change=move |_| on_select.run(()) />
            <span>
                <span class="choice__label">{move || label.get()}</span>
                {lines}
            </span>
        </label>
    }
}
