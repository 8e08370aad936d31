//! A `<details>` whose content is built the first time it opens: a closed section costs
//! nothing at start-up (the page mounts about 50 ms of views before its first data arrives
//! on the benchmark machine, and these sections are closed for most visits).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn LazyDetails(
    /// The element's class.
    class: &'static str,
    /// The element's ID, if any.
    #[prop(optional)]
    id: Option<&'static str>,
    /// The always-visible line.
    #[prop(into)]
    summary: Signal<String>,
    /// When set, the summary line is a section heading (`<h2>`) with this ID.
    #[prop(optional)]
    heading_id: Option<&'static str>,
    /// Open (and built) from the start.
    #[prop(optional)]
    open: bool,
    /// The content, built once on first open and kept.
    children: ChildrenFn,
) -> impl IntoView {
    let opened = RwSignal::new(open);
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|details| details.has_attribute("open"));
        if open && !opened.get_untracked() {
            opened.set(true);
        }
    };
    view! {
        <details class=class id=id open=open on:toggle=on_toggle>
            <summary>{match heading_id {
                Some(heading_id) => view! { <h2 id=heading_id class="inline-heading">{move || summary.get()}</h2> }.into_any(),
                None => (move || summary.get()).into_any(),
            }}</summary>
            {move || opened.get().then(|| children())}
        </details>
    }
}
