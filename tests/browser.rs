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
    let textarea: HtmlTextAreaElement = root
        .query_selector("#import-text")
        .ok()
        .flatten()
        .expect("import textarea")
        .dyn_into()
        .expect("textarea");
    textarea.set_value(r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#);
    textarea
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    let button: HtmlElement = root
        .query_selector("#import-button")
        .ok()
        .flatten()
        .expect("import button")
        .dyn_into()
        .expect("button");
    button.click();
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
    let textarea: HtmlTextAreaElement = root
        .query_selector("#import-text")
        .ok()
        .flatten()
        .expect("import textarea")
        .dyn_into()
        .expect("textarea");
    let typed = "customization:\n  bootloader: auto\n";
    textarea.set_value(typed);
    textarea
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    let button: HtmlElement = root
        .query_selector("#import-button")
        .ok()
        .flatten()
        .expect("import button")
        .dyn_into()
        .expect("button");
    button.click();
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
    let args: HtmlInputElement = root
        .query_selector("#kernel-args")
        .ok()
        .flatten()
        .expect("kernel args")
        .dyn_into()
        .expect("input");
    args.set_value("console=ttyS0 \"quiet");
    args.dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    assert!(!text_of(&root, "#kernel-args-error").is_empty());
    assert_eq!(args.value(), "console=ttyS0 \"quiet");
    root.remove();
}
