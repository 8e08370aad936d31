//! Just enough HTTP/1.1 for a test server: one request per connection (request line, headers,
//! a `Content-Length` or chunked body), and responses that always end with `Connection: close`.
//! Header names are matched case-insensitively; responses list headers sorted by name, as Go's
//! `net/http` does.

use std::io::{self, BufRead, Read, Write};

/// Largest request head (request line plus headers) accepted.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Largest request body accepted.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/versions?broken=true`).
    pub target: String,
    /// The percent-decoded path (`/versions`).
    pub path: String,
    /// The raw query string, without `?` (empty if none).
    pub query: String,
    /// Headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the header is present at all (even with an empty value).
    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// The first value of a query parameter, percent-decoded (`+` is a space), like Go's
    /// `r.URL.Query().Get(name)` (which returns "" for a missing one).
    pub fn query_param(&self, name: &str) -> Option<String> {
        query_pairs(&self.query)
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

/// Splits and decodes `a=1&b=2`.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split(['&', ';'])
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&key.replace('+', " ")),
                percent_decode(&value.replace('+', " ")),
            )
        })
        .collect()
}

/// Decodes `%XX` escapes; malformed escapes are kept as they are. Invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let high = char::from(bytes[index + 1]).to_digit(16);
            let low = char::from(bytes[index + 2]).to_digit(16);
            if let (Some(high), Some(low)) = (high, low) {
                decoded.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                index += 3;
                continue;
            }
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Why a request could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection before sending a request line.
    Closed,
    /// The bytes are not an HTTP/1.x request this server understands.
    Malformed(&'static str),
    Io,
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

fn read_line(reader: &mut impl BufRead, budget: &mut usize) -> Result<String, ReadError> {
    let mut line = Vec::new();
    let read = (&mut *reader)
        .take(u64::try_from(*budget).unwrap_or(u64::MAX))
        .read_until(b'\n', &mut line)?;
    *budget = budget.saturating_sub(read);
    if !line.ends_with(b"\n") {
        if line.is_empty() {
            return Err(ReadError::Closed);
        }
        return Err(ReadError::Malformed("request head too large or truncated"));
    }
    line.pop();
    if line.ends_with(b"\r") {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| ReadError::Malformed("request head is not utf-8"))
}

/// Reads one request. `on_continue` is called when the client asked for `100 Continue`, so the
/// caller can write the interim response before the body is read.
pub fn read_request(
    reader: &mut impl BufRead,
    mut on_continue: impl FnMut() -> io::Result<()>,
) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD_BYTES;
    let mut request_line = read_line(reader, &mut budget)?;
    // Tolerate stray empty lines before the request line (RFC 9112 §2.2).
    while request_line.is_empty() {
        request_line = read_line(reader, &mut budget)?;
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed("bad request line"));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !target.starts_with('/') {
        return Err(ReadError::Malformed("bad request line"));
    }
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Malformed("bad header line"));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        path: percent_decode(raw_path),
        query: query.to_string(),
        headers,
        body: Vec::new(),
    };
    let chunked = request
        .header("Transfer-Encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    let length = match request.header("Content-Length") {
        Some(text) => Some(
            text.parse::<usize>()
                .map_err(|_| ReadError::Malformed("bad content-length"))?,
        ),
        None => None,
    };
    if chunked || length.is_some_and(|length| length > 0) {
        if request
            .header("Expect")
            .is_some_and(|value| value.eq_ignore_ascii_case("100-continue"))
        {
            on_continue()?;
        }
        request.body = if chunked {
            read_chunked(reader)?
        } else {
            let length = length.unwrap_or(0);
            if length > MAX_BODY_BYTES {
                return Err(ReadError::Malformed("body too large"));
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            body
        };
    }
    Ok(request)
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = MAX_HEAD_BYTES;
        let size_line = read_line(reader, &mut budget)?;
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Malformed("bad chunk size"))?;
        if size == 0 {
            // Trailer section, ended by an empty line.
            while !read_line(reader, &mut budget)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Err(ReadError::Malformed("body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
    }
}

/// A response to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Write the headers only (HEAD). `Content-Length` still describes the full body.
    pub omit_body: bool,
}

impl Response {
    /// An empty response with a status.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            omit_body: false,
        }
    }

    /// A body without any `Content-Type` (Go would sniff one; callers set it when it matters).
    pub fn with_body(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response {
            body: body.into(),
            ..Response::new(status)
        }
    }

    /// Go's `http.Error(w, message, status)`: `text/plain; charset=utf-8`, `nosniff`, and the
    /// message plus `\n`.
    pub fn error(status: u16, message: &str) -> Self {
        Response::with_body(status, format!("{message}\n"))
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Content-Type-Options", "nosniff")
    }

    /// Adds a header (builder style).
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets a header, replacing any value it had.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.remove_header(name);
        self.headers.push((name.to_string(), value.to_string()));
    }

    /// Removes every value of a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers
            .retain(|(key, _)| !key.eq_ignore_ascii_case(name));
    }

    /// The first value of a header (case-insensitive name).
    #[cfg(test)]
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Serialises the response: status line, headers sorted by name (`Content-Length` added
    /// unless present, `Connection: close` always), blank line, body unless `omit_body`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut headers = self.headers.clone();
        if !headers
            .iter()
            .any(|(key, _)| key.eq_ignore_ascii_case("Content-Length"))
            && status_allows_body(self.status)
        {
            headers.push(("Content-Length".to_string(), self.body.len().to_string()));
        }
        headers.retain(|(key, _)| !key.eq_ignore_ascii_case("Connection"));
        headers.push(("Connection".to_string(), "close".to_string()));
        headers.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut out = format!(
            "HTTP/1.1 {} {}\r\n",
            self.status,
            reason_phrase(self.status)
        );
        for (name, value) in &headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !self.omit_body && status_allows_body(self.status) {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }

    /// Writes the response and flushes.
    pub fn write_to(&self, writer: &mut impl Write) -> io::Result<()> {
        writer.write_all(&self.to_bytes())?;
        writer.flush()
    }
}

fn status_allows_body(status: u16) -> bool {
    !(status == 204 || status == 304 || (100..200).contains(&status))
}

/// Go's `http.StatusText` for the statuses this server uses.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Request, ReadError> {
        read_request(&mut io::BufReader::new(raw.as_bytes()), || Ok(()))
    }

    #[test]
    fn parses_request_line_headers_query_and_body() {
        let request = parse(
            "POST /sche%6Datics?a=1&b=x+y%21 HTTP/1.1\r\nHost: h\r\ncontent-length: 5\r\n\r\nhello",
        )
        .unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/schematics");
        assert_eq!(request.query, "a=1&b=x+y%21");
        assert_eq!(request.query_param("b").as_deref(), Some("x y!"));
        assert_eq!(request.query_param("c"), None);
        assert_eq!(request.header("Content-Length"), Some("5"));
        assert_eq!(request.body, b"hello");
    }

    #[test]
    fn parses_chunked_bodies_and_calls_continue() {
        let mut continued = false;
        let raw = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        let request = read_request(&mut io::BufReader::new(raw.as_bytes()), || {
            continued = true;
            Ok(())
        })
        .unwrap();
        assert!(continued);
        assert_eq!(request.body, b"abcde");
    }

    #[test]
    fn rejects_garbage_and_reports_closed_connections() {
        assert!(matches!(parse(""), Err(ReadError::Closed)));
        assert!(matches!(
            parse("hello\r\n\r\n"),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Err(ReadError::Malformed(_))
        ));
    }

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%2Fb%zz%4"), "a/b%zz%4");
    }

    #[test]
    fn responses_sort_headers_and_close() {
        let response = Response::error(404, "schematic not found").header("Vary", "Origin");
        let text = String::from_utf8(response.to_bytes()).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 20\r\nContent-Type: text/plain; charset=utf-8\r\nVary: Origin\r\nX-Content-Type-Options: nosniff\r\n\r\nschematic not found\n"
        );
        let mut head = Response::with_body(200, "abc");
        head.omit_body = true;
        assert!(
            String::from_utf8(head.to_bytes())
                .unwrap()
                .ends_with("Content-Length: 3\r\n\r\n")
        );
        let no_content = Response::new(204);
        assert!(
            !String::from_utf8(no_content.to_bytes())
                .unwrap()
                .contains("Content-Length")
        );
    }
}
