//! A link to another part of the page. A plain `href="#id"` would leave the app: the page
//! has a `<base href>`, against which a fragment resolves to the bare app URL without the
//! query, so the link scrolls (and moves the focus) instead.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn JumpLink(
    /// The `id` of the element to bring into view.
    target: &'static str,
    /// A class for styling.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let jump = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(target));
        if let Some(element) = element {
            element.scroll_into_view();
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                if !element.has_attribute("tabindex") {
                    let _ = element.set_attribute("tabindex", "-1");
                }
                let _ = element.focus();
            }
        }
    };
    view! { <a class=class href=format!("#{target}") on:click=jump>{children()}</a> }
}
