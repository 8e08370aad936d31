//! `FactoryClient`: one private `send` under every request, with a timeout (an
//! `AbortController` armed by a timer) and errors that name the request that failed.
//!
//! The time limit is [`DEFAULT_TIMEOUT_MS`] unless local storage holds another one under
//! [`TIMEOUT_STORAGE_KEY`] (milliseconds, 100–600000), read whenever a client is made. It is
//! a testing knob: the end-to-end tests shorten it to exercise timeouts quickly, and a user on
//! a slow link could lengthen it from the browser console.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Request, RequestInit, RequestMode, Response};

use super::Endpoints;
use crate::i18n::{Arg, Text};

/// Default time limit of one request. The factory answers list requests in well under a
/// second; a minute-long asset build is never requested from the page.
pub const DEFAULT_TIMEOUT_MS: i32 = 15_000;

/// Local storage key that overrides [`DEFAULT_TIMEOUT_MS`] (a whole number of milliseconds).
pub const TIMEOUT_STORAGE_KEY: &str = "talos-image-studio.timeout-ms";

/// The time limit of one request: the local storage override when it is a whole number of
/// milliseconds in 100–600000, else [`DEFAULT_TIMEOUT_MS`].
pub fn configured_timeout_ms() -> i32 {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(TIMEOUT_STORAGE_KEY).ok().flatten())
        .and_then(|text| text.trim().parse::<i32>().ok())
        .filter(|millis| (100..=600_000).contains(millis))
        .unwrap_or(DEFAULT_TIMEOUT_MS)
}

/// What went wrong with one request, with enough detail for a specific message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactoryError {
    /// The browser could not complete the request: no connection, DNS failure, refused,
    /// reset, or a response without the CORS headers that would let the page read it.
    /// `detail`: the browser's own words (data), or the page's when it has any.
    Network { url: String, detail: Arg },
    /// No answer within the time limit.
    Timeout { url: String, seconds: u32 },
    /// The factory answered with an error status.
    Http {
        url: String,
        status: u16,
        message: String,
    },
    /// The answer arrived but is not what the factory sends.
    Decode { url: String, detail: Arg },
}

impl FactoryError {
    /// What the page says about it (the factory's own message is shown as it is).
    pub fn text(&self) -> Text {
        match self {
            FactoryError::Network { url, detail } => Text::factory_network(detail.clone(), url),
            FactoryError::Timeout { url, seconds } => Text::factory_timeout(seconds, url),
            FactoryError::Http {
                url,
                status,
                message,
            } => {
                let said = if message.is_empty() {
                    Text::factory_http(status, url)
                } else {
                    Text::factory_http_message(message, status, url)
                };
                match crate::factory_status::status_meaning(*status) {
                    Some(meaning) => Text::factory_http_meaning(said, meaning),
                    None => said,
                }
            }
            FactoryError::Decode { url, detail } => Text::factory_decode(detail.clone(), url),
        }
    }
}

/// A body, and when this browser saved it if the answer is the saved copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub body: String,
    pub saved_at: Option<String>,
}

/// A client for one factory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactoryClient {
    pub endpoints: Endpoints,
    pub timeout_ms: i32,
    /// Aborts every request of this client when it fires.
    cancel: Option<AbortSignal>,
}

/// The browser's words for a failure (data, shown as they are).
fn js_detail(value: &JsValue) -> Arg {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let text: String = error.message().into();
        let name: String = error.name().into();
        Arg::Plain(if name.is_empty() {
            text
        } else {
            format!("{name}: {text}")
        })
    } else {
        value
            .as_string()
            .map_or_else(|| Text::factory_unknown_error().into(), Arg::Plain)
    }
}

/// A timer that aborts a request; cleared when dropped so a finished request leaves nothing
/// behind.
struct AbortTimer {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

fn arm_timer(controller: &AbortController, timeout_ms: i32) -> Option<AbortTimer> {
    let window = web_sys::window()?;
    let controller = controller.clone();
    let callback = Closure::<dyn FnMut()>::new(move || controller.abort());
    let handle = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            timeout_ms,
        )
        .ok()?;
    Some(AbortTimer {
        handle,
        _callback: callback,
    })
}

/// Aborts a request when an outer signal fires (a newer request superseded it); the listener
/// is removed when dropped.
struct AbortLink {
    outer: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self
            .outer
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

fn link_abort(outer: &AbortSignal, controller: &AbortController) -> Option<AbortLink> {
    if outer.aborted() {
        controller.abort();
        return None;
    }
    let controller = controller.clone();
    let callback = Closure::<dyn FnMut()>::new(move || controller.abort());
    outer
        .add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref())
        .ok()?;
    Some(AbortLink {
        outer: outer.clone(),
        callback,
    })
}

/// A response whose headers arrived; the timer still guards reading its body.
struct Sent {
    response: Response,
    controller: AbortController,
    _timer: Option<AbortTimer>,
    _link: Option<AbortLink>,
}

impl FactoryClient {
    pub fn new(base: &str) -> Self {
        FactoryClient {
            endpoints: Endpoints::new(base),
            timeout_ms: configured_timeout_ms(),
            cancel: None,
        }
    }

    /// The same client, whose requests are also aborted when `signal` fires (the page aborts
    /// a request that a newer one superseded).
    pub fn cancelled_by(mut self, signal: AbortSignal) -> Self {
        self.cancel = Some(signal);
        self
    }

    fn seconds(&self) -> u32 {
        u32::try_from(self.timeout_ms / 1000).unwrap_or(0).max(1)
    }

    /// Sends one request and returns the response once its headers arrive, plus the timer
    /// that still guards reading the body.
    async fn send(
        &self,
        url: &str,
        method: &str,
        mode: RequestMode,
        body: Option<&str>,
        integrity: Option<&str>,
    ) -> Result<Sent, FactoryError> {
        let network = |detail: Arg| FactoryError::Network {
            url: url.to_string(),
            detail,
        };
        let window =
            web_sys::window().ok_or_else(|| network(Text::factory_no_response().into()))?;
        let controller = AbortController::new().map_err(|e| network(js_detail(&e)))?;
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(mode);
        init.set_signal(Some(&controller.signal()));
        if let Some(body) = body {
            init.set_body(&JsValue::from_str(body));
        }
        if let Some(integrity) = integrity {
            init.set_integrity(integrity);
        }
        let request =
            Request::new_with_str_and_init(url, &init).map_err(|e| network(js_detail(&e)))?;
        let timer = arm_timer(&controller, self.timeout_ms);
        let link = self
            .cancel
            .as_ref()
            .and_then(|outer| link_abort(outer, &controller));
        let result = JsFuture::from(window.fetch_with_request(&request)).await;
        match result {
            Ok(value) => {
                let response: Response = value
                    .dyn_into()
                    .map_err(|_| network(Text::factory_no_response().into()))?;
                Ok(Sent {
                    response,
                    controller,
                    _timer: timer,
                    _link: link,
                })
            }
            Err(error) => {
                if controller.signal().aborted() {
                    Err(FactoryError::Timeout {
                        url: url.to_string(),
                        seconds: self.seconds(),
                    })
                } else {
                    Err(network(js_detail(&error)))
                }
            }
        }
    }

    async fn text_of(&self, url: &str, response: &Response) -> Result<String, FactoryError> {
        let promise = response.text().map_err(|e| FactoryError::Network {
            url: url.to_string(),
            detail: js_detail(&e),
        })?;
        match JsFuture::from(promise).await {
            Ok(value) => value.as_string().ok_or_else(|| FactoryError::Decode {
                url: url.to_string(),
                detail: Text::factory_not_text().into(),
            }),
            Err(error) => Err(FactoryError::Network {
                url: url.to_string(),
                detail: Text::factory_broke_while_reading(js_detail(&error)).into(),
            }),
        }
    }

    /// GET a URL and return its body as text when the status is 2xx.
    pub async fn get_text(&self, url: &str) -> Result<String, FactoryError> {
        self.get_fetched(url).await.map(|fetched| fetched.body)
    }

    /// Like [`FactoryClient::get_text`], and says whether the answer is the copy this
    /// browser saved (the page's service worker serves the last catalogs seen, marked with
    /// `X-Studio-Saved: <time>`, when the network fails).
    pub async fn get_fetched(&self, url: &str) -> Result<Fetched, FactoryError> {
        self.get_checked(url, None).await
    }

    /// GET a URL whose bytes must match a Subresource Integrity digest (`sha384-…`): the
    /// browser refuses the answer otherwise.
    pub async fn get_with_integrity(
        &self,
        url: &str,
        integrity: &str,
    ) -> Result<String, FactoryError> {
        self.get_checked(url, Some(integrity))
            .await
            .map(|fetched| fetched.body)
    }

    async fn get_checked(
        &self,
        url: &str,
        integrity: Option<&str>,
    ) -> Result<Fetched, FactoryError> {
        let sent = self
            .send(url, "GET", RequestMode::Cors, None, integrity)
            .await?;
        let response = &sent.response;
        let body = match self.text_of(url, response).await {
            Ok(body) => body,
            Err(_) if sent.controller.signal().aborted() => {
                return Err(FactoryError::Timeout {
                    url: url.to_string(),
                    seconds: self.seconds(),
                });
            }
            Err(error) => return Err(error),
        };
        if response.ok() {
            let saved_at = response.headers().get("X-Studio-Saved").ok().flatten();
            Ok(Fetched { body, saved_at })
        } else {
            Err(FactoryError::Http {
                url: url.to_string(),
                status: response.status(),
                message: body.trim().chars().take(300).collect(),
            })
        }
    }

    /// `GET /versions`.
    pub async fn versions(&self) -> Result<String, FactoryError> {
        self.get_text(&self.endpoints.versions()).await
    }

    /// `GET /versions`, saying whether it is the saved copy.
    pub async fn versions_fetched(&self) -> Result<Fetched, FactoryError> {
        self.get_fetched(&self.endpoints.versions()).await
    }

    /// `GET /versions?broken=true`.
    pub async fn broken_versions(&self) -> Result<String, FactoryError> {
        self.get_text(&self.endpoints.broken_versions()).await
    }

    /// `GET /version/<v>/extensions/official`.
    pub async fn extensions(&self, version: &str) -> Result<String, FactoryError> {
        self.get_text(&self.endpoints.extensions(version)).await
    }

    /// `GET /version/<v>/overlays/official`.
    pub async fn overlays(&self, version: &str) -> Result<String, FactoryError> {
        self.get_text(&self.endpoints.overlays(version)).await
    }

    /// `GET /version/<v>/extensions/official`, saying whether it is the saved copy.
    pub async fn extensions_fetched(&self, version: &str) -> Result<Fetched, FactoryError> {
        self.get_fetched(&self.endpoints.extensions(version)).await
    }

    /// `GET /version/<v>/overlays/official`, saying whether it is the saved copy.
    pub async fn overlays_fetched(&self, version: &str) -> Result<Fetched, FactoryError> {
        self.get_fetched(&self.endpoints.overlays(version)).await
    }

    /// `GET /talosctl/<v>`.
    pub async fn talosctl(&self, version: &str) -> Result<String, FactoryError> {
        self.get_text(&self.endpoints.talosctl(version)).await
    }

    /// `POST /schematics` in `no-cors` mode with a `text/plain` body: the factory stores the
    /// schematic, but the browser never lets the page read the reply (the factory's CORS
    /// allows only GET/HEAD), so success is confirmed afterwards with [`Self::schematic`].
    pub async fn create_schematic(&self, body: &str) -> Result<(), FactoryError> {
        let url = self.endpoints.schematics();
        self.send(&url, "POST", RequestMode::NoCors, Some(body), None)
            .await?;
        Ok(())
    }

    /// `GET /schematics/<id>`: `Some(yaml)` when the factory has it, `None` on 404.
    pub async fn schematic(&self, id: &str) -> Result<Option<String>, FactoryError> {
        match self.get_text(&self.endpoints.schematic(id)).await {
            Ok(yaml) => Ok(Some(yaml)),
            Err(FactoryError::Http { status: 404, .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// The absolute URL of a file beside the page (the document's base URL).
fn beside_page(name: &str) -> String {
    let base = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .unwrap_or_default();
    web_sys::Url::new_with_base(name, &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| name.to_string())
}

/// Fetches a locale's message file shipped with the build (`locale-<tag>-<hash>.json` beside
/// the page), checked against its integrity digest.
pub async fn fetch_locale_file(name: &str, integrity: &str) -> Result<String, FactoryError> {
    FactoryClient::new("")
        .get_with_integrity(&beside_page(name), integrity)
        .await
}

/// Fetches the catalog snapshot shipped with the build (`catalog-snapshot.json` beside the
/// page), used only when the factory cannot be reached.
pub async fn fetch_snapshot() -> Result<String, FactoryError> {
    let base = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.base_uri().ok().flatten())
        .unwrap_or_default();
    let url = web_sys::Url::new_with_base("catalog-snapshot.json", &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| "catalog-snapshot.json".to_string());
    FactoryClient::new("").get_text(&url).await
}
