//! Hardware type: bare metal, cloud, or single-board computer (`target`).

use leptos::prelude::*;

use crate::platforms::TargetKind;
use crate::ui::state::AppState;

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
    view! {
        <section class="panel" aria-labelledby="target-heading">
            <h2 id="target-heading">"Hardware type"</h2>
            <fieldset>
                <legend class="visually-hidden">"Hardware type"</legend>
                <div class="choice-list">
                    {TARGETS.into_iter().map(|(kind, label, description)| {
                        let id = format!("target-{}", kind.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" name="target" id=id value=kind.as_str()
                                    prop:checked=move || state.selection.with(|s| s.target == kind)
                                    on:change=move |_| state.selection.update(|s| s.target = kind) />
                                <span>
                                    <span class="choice__label">{label}</span>
                                    <span class="choice__description">{description}</span>
                                </span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </section>
    }
}
