//! Browser tests of the JavaScript exports: run with
//! `cargo test --target wasm32-unknown-unknown --test browser_js` (wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use talos_image_studio::js::{
    canonical_yaml, is_schematic_id, legacy_schematic_id, schematic_id, schematic_json,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DEFAULT_ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

#[wasm_bindgen_test]
async fn ids_of_json_and_yaml_text() {
    assert_eq!(schematic_id("{}".into()).await.unwrap(), DEFAULT_ID);
    assert_eq!(
        schematic_id("customization: {}\n".into()).await.unwrap(),
        DEFAULT_ID
    );
    assert_eq!(
        schematic_id(r#"{"customization":{"extraKernelArgs":["noapic","nolapic"]}}"#.into())
            .await
            .unwrap(),
        "9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c"
    );
    assert!(is_schematic_id(DEFAULT_ID));
    assert!(!is_schematic_id("not-an-id"));
}

#[wasm_bindgen_test]
async fn legacy_id_differs_for_bool_words() {
    let body = r#"{"customization":{"secureboot":{"enrollKeys":"off"}}}"#;
    assert_ne!(
        schematic_id(body.into()).await.unwrap(),
        legacy_schematic_id(body.into()).await.unwrap()
    );
    assert_eq!(
        canonical_yaml(body.into()).await.unwrap(),
        "customization:\n    secureboot:\n        enrollKeys: 'off'\n"
    );
    assert_eq!(
        schematic_json("customization: {extraKernelArgs: [a]}".into())
            .await
            .unwrap(),
        r#"{"customization":{"extraKernelArgs":["a"]}}"#
    );
}

#[wasm_bindgen_test]
async fn errors_reject_the_promise_with_js_errors_and_the_message() {
    let thrown = schematic_id(r#"{"customization":{"bootloader":"auto"}}"#.into())
        .await
        .unwrap_err();
    let error: js_sys::Error = thrown.dyn_into().unwrap();
    let message = String::from(error.message());
    assert!(
        message
            .starts_with("customization.bootloader: auto does not belong to BootloaderKind values"),
        "{message}"
    );
    let path = js_sys::Reflect::get(&error, &"path".into()).unwrap();
    assert_eq!(
        path.as_string().as_deref(),
        Some("customization.bootloader")
    );
}
