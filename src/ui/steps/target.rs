//! Hardware type: bare metal, cloud, or single-board computer (`target`).

use leptos::prelude::*;

use crate::platforms::TargetKind;
use crate::selection::Step;
use crate::ui::state::AppState;
use crate::ui::widgets::{ChoiceCard, StepHeading};

const TARGETS: [(TargetKind, &str, &str); 3] = [
    (
        TargetKind::Metal,
        "Bare-metal machine",
        "x86-64 and arm64 bare-metal machines and generic virtual machines. If unsure, choose this.",
    ),
    (
        TargetKind::Cloud,
        "Cloud server",
        "AWS, GCP, Azure, VMware, Equinix Metal and others, including homelab hypervisors such as Proxmox (nocloud).",
    ),
    (
        TargetKind::Sbc,
        "Single-board computer",
        "Raspberry Pi, Pine64, Jetson Nano, Rock boards and similar (Talos 1.7+).",
    ),
];

#[component]
pub fn TargetStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let folded = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="target-heading">
            <StepHeading id="target-heading" title="Hardware type".to_string() summary=state.step_summary(Step::Target) folded=folded />
            <Show when=move || !folded.get()>
            <fieldset>
                <legend class="visually-hidden">"Hardware type"</legend>
                <div class="choice-list">
                    {TARGETS.into_iter().map(|(kind, label, description)| view! {
                        <ChoiceCard group="target" value=kind.as_str() label=label
                            lines=vec![description.to_string()]
                            checked=Signal::derive(move || state.selection.with(|s| s.target == kind))
                            on_select=Callback::new(move |()| state.selection.update(|s| s.target = kind)) />
                    }).collect_view()}
                </div>
            </fieldset>
            </Show>
        </section>
    }
}
