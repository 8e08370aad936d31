//! CORS exactly as the factory configures rs/cors v1.11.1: any origin (`*`), methods
//! HEAD/GET/OPTIONS, request header `Cache-Control` only, exposed headers
//! `Content-Disposition, Content-Length, Content-Type`, no credentials, no max-age, no
//! OPTIONS passthrough.
//!
//! A *preflight* (OPTIONS with `Access-Control-Request-Method`) is answered here with 204 and
//! never reaches a handler. Every other request is an *actual* request: the middleware adds its
//! headers and the handler always runs, even when CORS is refused (so a cross-origin
//! `POST /schematics` stores the schematic but gets no `Access-Control-Allow-Origin`).

use crate::http::{Request, Response};

const ALLOWED_METHODS: [&str; 3] = ["HEAD", "GET", "OPTIONS"];
const ALLOWED_HEADERS: [&str; 1] = ["cache-control"];
const EXPOSED_HEADERS: &str = "Content-Disposition, Content-Length, Content-Type";

/// Whether the middleware answers this request itself.
pub fn is_preflight(request: &Request) -> bool {
    request.method == "OPTIONS" && request.has_header("Access-Control-Request-Method")
}

fn is_method_allowed(method: &str) -> bool {
    method == "OPTIONS" || ALLOWED_METHODS.contains(&method)
}

/// rs/cors `SortedSet.Accepts`: every comma-separated name (optional whitespace) must be allowed.
fn are_headers_allowed(list: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .all(|name| {
            ALLOWED_HEADERS
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(name))
        })
}

/// The middleware's answer to a preflight: always 204 with `Vary`; the allow headers only when
/// origin, method and request headers are all acceptable.
pub fn preflight(request: &Request) -> Response {
    let mut response = Response::new(204).header(
        "Vary",
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    );
    let origin = request.header("Origin").unwrap_or("");
    if origin.is_empty() {
        return response;
    }
    let method = request
        .header("Access-Control-Request-Method")
        .unwrap_or("");
    if !is_method_allowed(method) {
        return response;
    }
    let requested_headers = request.header("Access-Control-Request-Headers");
    if let Some(list) = requested_headers
        && !are_headers_allowed(list)
    {
        return response;
    }
    response.set_header("Access-Control-Allow-Origin", "*");
    response.set_header("Access-Control-Allow-Methods", method);
    if let Some(list) = requested_headers
        && !list.is_empty()
    {
        response.set_header("Access-Control-Allow-Headers", list);
    }
    response
}

/// Adds the middleware's headers for an actual request to the handler's response.
pub fn apply_actual(request: &Request, response: &mut Response) {
    response
        .headers
        .push(("Vary".to_string(), "Origin".to_string()));
    let origin = request.header("Origin").unwrap_or("");
    if origin.is_empty() || !is_method_allowed(&request.method) {
        return;
    }
    response.set_header("Access-Control-Allow-Origin", "*");
    response.set_header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
}

/// Removes every `Access-Control-*` header (the "no CORS" fault: an old factory).
pub fn strip(response: &mut Response) {
    response
        .headers
        .retain(|(name, _)| !name.to_ascii_lowercase().starts_with("access-control-"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, headers: &[(&str, &str)]) -> Request {
        Request {
            method: method.to_string(),
            target: "/versions".to_string(),
            path: "/versions".to_string(),
            query: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    fn check_preflight(headers: &[(&str, &str)], expected: &[(&str, &str)]) {
        let response = preflight(&request("OPTIONS", headers));
        assert_eq!(response.status, 204);
        let mut expected_headers: Vec<(String, String)> = vec![(
            "Vary".to_string(),
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers".to_string(),
        )];
        expected_headers.extend(
            expected
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
        );
        assert_eq!(response.headers, expected_headers, "{headers:?}");
    }

    #[test]
    fn preflights_for_get_with_cache_control_are_allowed() {
        let origin = ("Origin", "https://example.github.io");
        check_preflight(
            &[origin, ("Access-Control-Request-Method", "GET")],
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET"),
            ],
        );
        check_preflight(
            &[
                origin,
                ("Access-Control-Request-Method", "HEAD"),
                ("Access-Control-Request-Headers", "Cache-Control"),
            ],
            &[
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "HEAD"),
                ("Access-Control-Allow-Headers", "Cache-Control"),
            ],
        );
    }

    #[test]
    fn preflights_for_post_custom_headers_or_without_origin_are_refused() {
        let origin = ("Origin", "https://example.github.io");
        check_preflight(&[origin, ("Access-Control-Request-Method", "POST")], &[]);
        check_preflight(
            &[
                origin,
                ("Access-Control-Request-Method", "GET"),
                (
                    "Access-Control-Request-Headers",
                    "cache-control,content-type",
                ),
            ],
            &[],
        );
        check_preflight(&[("Access-Control-Request-Method", "GET")], &[]);
        check_preflight(&[origin, ("Access-Control-Request-Method", "get")], &[]);
    }

    #[test]
    fn actual_requests_always_vary_and_allow_only_safe_methods() {
        let mut response = Response::new(200);
        apply_actual(&request("GET", &[("Origin", "http://a")]), &mut response);
        assert_eq!(
            response.header_value("Access-Control-Allow-Origin"),
            Some("*")
        );
        assert_eq!(
            response.header_value("Access-Control-Expose-Headers"),
            Some(EXPOSED_HEADERS)
        );
        assert_eq!(response.header_value("Vary"), Some("Origin"));

        let mut response = Response::new(201);
        apply_actual(&request("POST", &[("Origin", "http://a")]), &mut response);
        assert_eq!(
            response.headers,
            vec![("Vary".to_string(), "Origin".to_string())]
        );

        let mut response = Response::new(200);
        apply_actual(&request("GET", &[]), &mut response);
        assert_eq!(
            response.headers,
            vec![("Vary".to_string(), "Origin".to_string())]
        );

        let mut response = Response::new(200);
        apply_actual(&request("GET", &[("Origin", "http://a")]), &mut response);
        strip(&mut response);
        assert_eq!(
            response.headers,
            vec![("Vary".to_string(), "Origin".to_string())]
        );
    }
}
