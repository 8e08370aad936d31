//! A tiny blocking HTTP/1.1 client for the tests: one request per connection, the whole
//! response read until the server closes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use factory_standin::StandIn;

/// The repository's fixture folder.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/factory")
}

/// A fixture file's bytes.
pub fn fixture(relative: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(relative)).unwrap()
}

/// A fresh stand-in on a free port.
pub fn standin() -> StandIn {
    StandIn::start(&data_dir()).unwrap()
}

/// A parsed response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// Whether any `Access-Control-*` header is present.
    pub fn has_cors(&self) -> bool {
        self.headers
            .iter()
            .any(|(key, _)| key.to_ascii_lowercase().starts_with("access-control-"))
    }
}

/// Sends raw bytes to `base_url` and returns the raw answer (empty if the server closed the
/// connection without writing).
pub fn raw(base_url: &str, request: &[u8]) -> Vec<u8> {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    answer
}

/// Parses a raw answer; `None` for an empty one.
pub fn parse(answer: &[u8]) -> Option<Reply> {
    if answer.is_empty() {
        return None;
    }
    let split = answer.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&answer[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_string(), value.to_string())
        })
        .collect();
    Some(Reply {
        status,
        headers,
        body: answer[split + 4..].to_vec(),
    })
}

/// Sends a request with headers and a body; `None` when the connection was dropped.
pub fn try_send(
    base_url: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<Reply> {
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: standin\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    parse(&raw(base_url, &bytes))
}

/// Like [`try_send`], for requests that must be answered.
pub fn send(
    base_url: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    try_send(base_url, method, target, headers, body).expect("the connection was dropped")
}

/// `GET target`.
pub fn get(base_url: &str, target: &str) -> Reply {
    send(base_url, "GET", target, &[], b"")
}

/// Asserts a Go `http.Error` answer.
pub fn assert_error(reply: &Reply, status: u16, body: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.text(), body);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
}

/// Creates a schematic and returns its ID.
pub fn create_schematic(base_url: &str, yaml: &str) -> String {
    let reply = send(base_url, "POST", "/schematics", &[], yaml.as_bytes());
    assert_eq!(reply.status, 201, "{}", reply.text());
    let value: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    value["id"].as_str().unwrap().to_string()
}
