//! Hardware type: bare metal, cloud, or single-board computer (`target`).

use leptos::prelude::*;

use crate::i18n::Messages;
use crate::platforms::TargetKind;
use crate::selection::Step;
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::AppState;
use crate::ui::widgets::{ChoiceCard, StepHeading};

type Text = fn(&Messages) -> &str;

const TARGETS: [(TargetKind, Text, Text); 3] = [
    (
        TargetKind::Metal,
        Messages::target_metal,
        Messages::target_metal_description,
    ),
    (
        TargetKind::Cloud,
        Messages::target_cloud,
        Messages::target_cloud_description,
    ),
    (
        TargetKind::Sbc,
        Messages::target_sbc,
        Messages::target_sbc_description,
    ),
];

#[component]
pub fn TargetStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let folded = RwSignal::new(false);
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="target-heading">
            <StepHeading id="target-heading" title=t!(i18n, target_heading()) summary=state.step_summary(Step::Target) folded=folded />
            <Show when=move || !folded.get()>
            <fieldset>
                <legend class="visually-hidden">{t!(i18n, target_heading())}</legend>
                <div class="choice-list">
                    {TARGETS.into_iter().map(|(kind, label, description)| view! {
                        <ChoiceCard group="target" value=kind.as_str() label=i18n.text(label)
                            lines=Signal::derive(move || vec![i18n.tr(description).to_string()])
                            checked=Signal::derive(move || state.selection.with(|s| s.target == kind))
                            on_select=Callback::new(move |()| state.selection.update(|s| s.target = kind)) />
                    }).collect_view()}
                </div>
            </fieldset>
            </Show>
        </section>
    }
}
