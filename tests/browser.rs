//! Component tests in headless Chromium (wasm-bindgen-test): the whole `<App/>` mounted into
//! the test page, where no factory can be reached (the browser resolves no outside names), so
//! these also prove the app stays usable and panic-free offline. Run with
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use talos_image_studio::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const DEFAULT_ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

fn mount_app() -> HtmlElement {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .dyn_into()
        .expect("html element");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    leptos::mount::mount_to(root.clone(), App).forget();
    root
}

/// The element `selector` finds under `root`, as type `T`.
fn element<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{selector} is missing"))
        .dyn_into()
        .unwrap_or_else(|_| panic!("{selector} has another element type"))
}

/// Sets a text field's value as typing would (an `input` event follows).
fn type_into(field: &web_sys::HtmlElement, value: &str) {
    if let Some(textarea) = field.dyn_ref::<HtmlTextAreaElement>() {
        textarea.set_value(value);
    } else if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    }
    field
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

/// Waits (polling) until `check` holds, for at most `limit`.
async fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let step = 50;
    let mut waited = 0;
    while waited < limit.as_millis() {
        if check() {
            return true;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, step as i32);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        waited += step;
    }
    check()
}

/// Opens the import section as a click on its summary does (its form is built on first
/// open), and waits for the form.
async fn open_import(root: &HtmlElement) {
    element::<HtmlElement>(root, "#import-details > summary").click();
    let built = eventually(Duration::from_secs(5), || {
        root.query_selector("#import-text").ok().flatten().is_some()
    })
    .await;
    assert!(built, "the import form was not built on open");
}

#[wasm_bindgen_test]
async fn the_default_schematic_id_is_computed_without_any_network() {
    let root = mount_app();
    settle().await;
    assert_eq!(text_of(&root, "#schematic-id"), DEFAULT_ID);
    assert!(text_of(&root, ".copy-block__text").contains("customization: {}"));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unreachable_factory_is_reported_and_the_app_stays_usable() {
    let root = mount_app();
    settle().await;
    let reported = eventually(Duration::from_secs(10), || {
        let status = text_of(&root, "#catalog-status");
        status.contains("unavailable") || status.contains("snapshot")
    })
    .await;
    assert!(reported, "status: {}", text_of(&root, "#catalog-status"));
    assert!(
        !text_of(&root, "#offline-notice").is_empty(),
        "an offline notice explains what failed"
    );

    // Importing still works and changes the ID.
    open_import(&root).await;
    type_into(
        &element::<HtmlElement>(&root, "#import-text"),
        r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#,
    );
    settle().await;
    element::<HtmlElement>(&root, "#import-button").click();
    settle().await;
    assert_eq!(
        text_of(&root, "#schematic-id"),
        "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn bad_input_gets_a_specific_message_and_keeps_what_was_typed() {
    let root = mount_app();
    settle().await;
    open_import(&root).await;
    let textarea: HtmlTextAreaElement = element(&root, "#import-text");
    let typed = "customization:\n  bootloader: auto\n";
    type_into(&textarea, typed);
    settle().await;
    element::<HtmlElement>(&root, "#import-button").click();
    settle().await;
    let error = text_of(&root, "#import-error");
    assert!(
        error.contains("bootloader"),
        "error names the field: {error}"
    );
    assert!(error.contains("line 2"), "error gives the line: {error}");
    assert_eq!(textarea.value(), typed, "the input is kept");
    assert_eq!(text_of(&root, "#schematic-id"), DEFAULT_ID);

    // An unterminated quote in the kernel args is reported, and the last good args stay.
    // (The customization step is built once the first screen is complete and the page idle.)
    let built = eventually(Duration::from_secs(10), || {
        root.query_selector("#kernel-args").ok().flatten().is_some()
    })
    .await;
    assert!(built, "the customization step was never built");
    let args: HtmlInputElement = element(&root, "#kernel-args");
    type_into(&args, "console=ttyS0 \"quiet");
    settle().await;
    assert!(!text_of(&root, "#kernel-args-error").is_empty());
    assert_eq!(args.value(), "console=ttyS0 \"quiet");
    root.remove();
}
