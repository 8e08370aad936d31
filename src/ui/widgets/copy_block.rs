//! A block of copy-ready text (a command, a YAML snippet, a link) with a copy button and,
//! optionally, a download button.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::ui::i18n::use_i18n;

/// Copies `text` to the clipboard; resolves to whether it worked.
async fn copy_to_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers `text` as a file download named `file_name`.
fn download_text(file_name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_rel("noopener");
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// A button that copies a value and says so.
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    text: Signal<String>,
    /// What is copied, for screen readers ("Copy schematic ID").
    #[prop(into)]
    label: Signal<String>,
    /// The button's text before it is used (default "Copy").
    #[prop(optional, into)]
    idle_text: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<bool>);
    let on_click = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let copied = copy_to_clipboard(value).await;
            state.set(Some(copied));
        });
    };
    view! {
        <button type="button" class="copy-button" aria-label=move || label.get() on:click=on_click
            data-state=move || match state.get() { Some(true) => "copied", Some(false) => "failed", None => "idle" }>
            {move || match state.get() {
                Some(true) => i18n.tr(|m| m.copied()).to_string(),
                Some(false) => i18n.tr(|m| m.copy_failed()).to_string(),
                None => idle_text.map_or_else(|| i18n.tr(|m| m.copy()).to_string(), |text| text.get()),
            }}
        </button>
    }
}

/// A button that saves a value as a file.
#[component]
pub fn DownloadButton(
    /// The file's content.
    #[prop(into)]
    text: Signal<String>,
    /// The file name offered to the browser.
    #[prop(into)]
    file_name: Signal<String>,
    /// The file's media type.
    #[prop(into, default = "text/plain".to_string())]
    mime: String,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    let i18n = use_i18n();
    let on_click = move |_| {
        let result = download_text(&file_name.get_untracked(), &text.get_untracked(), &mime);
        failed.set(result.is_err());
    };
    view! {
        <button type="button" class="download-button" on:click=on_click>
            {move || i18n.tr(|m| if failed.get() { m.download_failed().to_string() } else { m.download_file(file_name.get()) })}
        </button>
    }
}

/// A titled, copyable block of preformatted text.
#[component]
pub fn CopyBlock(
    /// The heading above the block.
    #[prop(into)]
    title: Signal<String>,
    /// The text to show and copy.
    #[prop(into)]
    text: Signal<String>,
    /// A file name: when set, a download button is shown too.
    #[prop(optional, into)]
    file_name: Option<String>,
    /// Extra explanation under the title.
    #[prop(optional, into)]
    note: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copy_label = Signal::derive(move || i18n.tr(|m| m.copy_title(title.get())));
    view! {
        <section class="copy-block">
            <header class="copy-block__header">
                <h3 class="copy-block__title">{move || title.get()}</h3>
                <div class="copy-block__actions">
                    <CopyButton text=text label=copy_label />
                    {file_name.map(|name| view! { <DownloadButton text=text file_name=Signal::stored(name) /> })}
                </div>
            </header>
            {note.map(|note| view! { <p class="copy-block__note">{move || note.get()}</p> })}
            <pre class="copy-block__text" tabindex="0"><code>{move || text.get()}</code></pre>
        </section>
    }
}
