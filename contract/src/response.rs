//! One fetched response: `<name>.headers` (the header block `curl -D` writes, status line
//! first) and `<name>.body`.

use std::path::Path;

/// A response as curl saved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Header names as sent (HTTP/2 sends them in lower case); compare case-insensitively.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// Reads `<dir>/<name>.headers` and `<dir>/<name>.body`.
    pub fn load(dir: &Path, name: &str) -> Result<Response, String> {
        let headers_path = dir.join(format!("{name}.headers"));
        let body_path = dir.join(format!("{name}.body"));
        let headers = std::fs::read(&headers_path)
            .map_err(|error| format!("{} not fetched: {error}", headers_path.display()))?;
        let body = std::fs::read(&body_path)
            .map_err(|error| format!("{} not fetched: {error}", body_path.display()))?;
        let mut response = Response::parse_headers(&String::from_utf8_lossy(&headers))
            .map_err(|error| format!("{}: {error}", headers_path.display()))?;
        response.body = body;
        Ok(response)
    }

    /// Parses a header dump. With several blocks (an interim `100 Continue`), the last one is
    /// the response.
    pub fn parse_headers(text: &str) -> Result<Response, String> {
        let mut last = None;
        let mut headers = Vec::new();
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.starts_with("HTTP/") {
                let status = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|code| code.parse::<u16>().ok())
                    .ok_or_else(|| format!("unreadable status line {line:?}"))?;
                last = Some(status);
                headers.clear();
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let status = last.ok_or_else(|| "no HTTP status line".to_string())?;
        Ok(Response {
            status,
            headers,
            body: Vec::new(),
        })
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text, or a description of why it is not UTF-8.
    pub fn text(&self) -> Result<&str, String> {
        std::str::from_utf8(&self.body).map_err(|error| format!("body is not UTF-8: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_block_is_the_response() {
        let response = Response::parse_headers(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/2 200\r\naccess-control-allow-origin: *\r\n\r\n",
        )
        .unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
        assert_eq!(response.header("Vary"), None);
    }

    #[test]
    fn a_dump_without_status_is_an_error() {
        assert!(Response::parse_headers("").is_err());
        assert!(Response::parse_headers("HTTP/1.1 abc\r\n").is_err());
    }
}
