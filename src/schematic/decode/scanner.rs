//! The YAML reader and scanner of go-yaml v4.0.0-rc.6 (`internal/libyaml/reader.go` and
//! `internal/libyaml/scanner.go`, github.com/yaml/go-yaml tag v4.0.0-rc.6), ported rule for
//! rule to safe Rust, so pasted text is tokenized exactly as the factory's `schematic.Unmarshal`
//! tokenizes a request body. Each function names the Go function it ports.
//!
//! Left out: comment texts (go-yaml attaches them to nodes; they never change a value), but the
//! comment scanners' look-ahead is kept, because it decides when the reader loads the next
//! chunk of input and so where a reader error surfaces. UTF-16 input (a pasted text is UTF-8).

use std::collections::VecDeque;

/// go-yaml `scanner.go` `input_raw_buffer_size`: the reader decodes the input in chunks of
/// this many bytes.
const RAW_BUFFER_SIZE: usize = 512;

/// go-yaml `options.go` `DefaultDepthCheck`: flow levels and block indentation levels beyond
/// this are refused.
pub(crate) const MAX_DEPTH: usize = 10_000;

/// go-yaml `yaml.go` `Mark`: 0-based character index, 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Mark {
    pub(crate) index: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenType {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) kind: TokenType,
    pub(crate) start: Mark,
    /// Scalar text, anchor/alias name, tag handle, %TAG handle.
    pub(crate) value: Vec<u8>,
    /// Tag suffix, %TAG prefix.
    pub(crate) suffix: Vec<u8>,
    pub(crate) style: ScalarStyle,
    /// %YAML major.minor.
    pub(crate) version: (i8, i8),
}

impl Token {
    fn new(kind: TokenType, start: Mark) -> Self {
        Token {
            kind,
            start,
            value: Vec::new(),
            suffix: Vec::new(),
            style: ScalarStyle::Plain,
            version: (0, 0),
        }
    }
}

/// A reader, scanner or parser error: go-yaml `errors.go` `LoadError` (context and problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    pub(crate) mark: Mark,
}

pub(crate) type Result<T> = std::result::Result<T, YamlError>;

fn error(context: &str, problem: &str, mark: Mark) -> YamlError {
    let message = if context.is_empty() {
        problem.to_owned()
    } else {
        format!("{context}: {problem}")
    };
    YamlError { message, mark }
}

#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    flow_level: usize,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// go-yaml `scanner.go` `width`.
fn width(byte: u8) -> usize {
    if byte & 0x80 == 0 {
        1
    } else if byte & 0xE0 == 0xC0 {
        2
    } else if byte & 0xF0 == 0xE0 {
        3
    } else if byte & 0xF8 == 0xF0 {
        4
    } else {
        0
    }
}

/// The scanner state of go-yaml's `Parser` struct (`parser.go`).
pub(crate) struct Scanner<'a> {
    input: &'a [u8],
    /// Byte position of the current character (go-yaml `buffer_pos`, in input bytes).
    pos: usize,
    pub(crate) mark: Mark,
    // Reader state (`reader.go` `updateBuffer`).
    unread: usize,
    decoded_end: usize,
    raw_end: usize,
    eof: bool,
    encoding_known: bool,
    /// Where go-yaml's `buffer[0]` is: `isBOM` looks there whatever position it is given.
    buffer_start: usize,
    // Scanner state.
    stream_start_produced: bool,
    stream_end_produced: bool,
    flow_level: usize,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    last_token_type: Option<TokenType>,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_key_possible: bool,
    simple_key: SimpleKey,
    simple_key_stack: Vec<SimpleKey>,
    newlines: usize,
    last_error: Option<YamlError>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Scanner {
            input: input.as_bytes(),
            pos: 0,
            mark: Mark {
                index: 0,
                line: 1,
                column: 1,
            },
            unread: 0,
            decoded_end: 0,
            raw_end: 0,
            eof: false,
            encoding_known: false,
            buffer_start: 0,
            stream_start_produced: false,
            stream_end_produced: false,
            flow_level: 0,
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            last_token_type: None,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_key_possible: false,
            simple_key: SimpleKey::default(),
            simple_key_stack: Vec::new(),
            newlines: 0,
            last_error: None,
        }
    }

    // ----- Reader (`reader.go`) -----

    /// The byte `k` bytes after the current position; NUL past the end (go-yaml pads its
    /// buffer with NULs at EOF).
    fn b(&self, k: usize) -> u8 {
        self.input.get(self.pos + k).copied().unwrap_or(0)
    }

    /// `reader.go` `updateRawBuffer`: the reader reads the input in 512-byte reads.
    fn update_raw_buffer(&mut self) {
        if self.raw_end - self.decoded_end >= RAW_BUFFER_SIZE || self.eof {
            return;
        }
        if self.raw_end >= self.input.len() {
            // bytes.Reader.Read returns 0, io.EOF once everything was read.
            self.eof = true;
            return;
        }
        self.raw_end = (self.decoded_end + RAW_BUFFER_SIZE).min(self.input.len());
    }

    /// `reader.go` `determineEncoding`: a leading UTF-8 BOM is skipped.
    fn determine_encoding(&mut self) {
        while !self.eof && self.raw_end - self.decoded_end < 3 {
            self.update_raw_buffer();
        }
        if self.input[self.decoded_end..self.raw_end].starts_with(b"\xEF\xBB\xBF") {
            self.decoded_end += 3;
            self.pos = 3;
            self.buffer_start = 3;
        }
        self.encoding_known = true;
    }

    /// `reader.go` `updateBuffer`: makes `length` characters available, decoding the next
    /// chunk when needed. The characters go-yaml's reader refuses (controls other than tab,
    /// LF and CR; U+FFFE, U+FFFF) are an error once a chunk holding them is decoded.
    fn cache(&mut self, length: usize) -> Result<()> {
        if self.unread >= length {
            return Ok(());
        }
        if !self.encoding_known {
            self.determine_encoding();
        }
        // The unread part moves to the buffer's start.
        self.buffer_start = self.pos;
        let mut first = true;
        while self.unread < length {
            if !first || self.decoded_end == self.raw_end {
                self.update_raw_buffer();
            }
            first = false;
            while self.decoded_end < self.raw_end {
                let octet = self.input[self.decoded_end];
                let w = width(octet).max(1);
                if self.decoded_end + w > self.raw_end {
                    break;
                }
                let value =
                    std::str::from_utf8(&self.input[self.decoded_end..self.decoded_end + w])
                        .ok()
                        .and_then(|text| text.chars().next())
                        .map_or(0, u32::from);
                let allowed = matches!(value, 0x09 | 0x0A | 0x0D | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10_FFFF);
                if !allowed {
                    return Err(YamlError {
                        message: format!(
                            "control characters are not allowed: found U+{value:04X} (write it as an escape inside a double-quoted string)"
                        ),
                        mark: self.mark_of_byte(self.decoded_end),
                    });
                }
                self.decoded_end += w;
                self.unread += 1;
            }
            if self.eof {
                self.unread += 1;
                break;
            }
        }
        Ok(())
    }

    /// Line and column of a byte offset (for reader errors, which go-yaml reports by offset).
    fn mark_of_byte(&self, offset: usize) -> Mark {
        let text = String::from_utf8_lossy(&self.input[..offset.min(self.input.len())]);
        let mut mark = Mark {
            index: 0,
            line: 1,
            column: 1,
        };
        for ch in text.chars() {
            mark.index += 1;
            if ch == '\n' {
                mark.line += 1;
                mark.column = 1;
            } else {
                mark.column += 1;
            }
        }
        mark
    }

    // ----- Character classes (`scanner.go`) -----

    fn is_alpha(&self, k: usize) -> bool {
        let c = self.b(k);
        c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
    }
    fn is_digit(&self, k: usize) -> bool {
        self.b(k).is_ascii_digit()
    }
    fn is_hex(&self, k: usize) -> bool {
        self.b(k).is_ascii_hexdigit()
    }
    fn as_hex(&self, k: usize) -> u32 {
        char::from(self.b(k)).to_digit(16).unwrap_or(0)
    }
    fn is_blank(&self, k: usize) -> bool {
        matches!(self.b(k), b' ' | b'\t')
    }
    fn is_space(&self, k: usize) -> bool {
        self.b(k) == b' '
    }
    fn is_tab(&self, k: usize) -> bool {
        self.b(k) == b'\t'
    }
    fn is_z(&self, k: usize) -> bool {
        self.b(k) == 0
    }
    /// `isLineBreak`: CR, LF, NEL, LS, PS.
    fn is_break(&self, k: usize) -> bool {
        match self.b(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.b(k + 1) == 0x85,
            0xE2 => self.b(k + 1) == 0x80 && matches!(self.b(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }
    fn is_break_or_z(&self, k: usize) -> bool {
        self.is_break(k) || self.is_z(k)
    }
    fn is_blank_or_z(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_break_or_z(k)
    }
    /// `isBOM`: go-yaml looks at the start of its buffer, not at the position it is given.
    fn is_bom(&self) -> bool {
        self.input
            .get(self.buffer_start..self.buffer_start + 3)
            .is_some_and(|bytes| bytes == b"\xEF\xBB\xBF")
    }
    /// `isPrintable`.
    fn is_printable(&self, k: usize) -> bool {
        let (b0, b1, b2) = (self.b(k), self.b(k + 1), self.b(k + 2));
        b0 == 0x0A
            || (0x20..=0x7E).contains(&b0)
            || (b0 == 0xC2 && b1 >= 0xA0)
            || (b0 > 0xC2 && b0 < 0xED)
            || (b0 == 0xED && b1 < 0xA0)
            || b0 == 0xEE
            || (b0 == 0xEF
                && !(b1 == 0xBB && b2 == 0xBF)
                && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
    }
    /// `isAnchorChar`: printable ASCII but no colon, blank, break or flow indicator.
    fn is_anchor_char(&self, k: usize) -> bool {
        let c = self.b(k);
        c != b':'
            && self.is_printable(k)
            && !self.is_break(k)
            && !self.is_blank(k)
            && !self.is_bom()
            && !matches!(c, b'[' | b']' | b'{' | b'}' | b',')
            && c <= 0x7F
    }
    /// `isTagURIChar`.
    fn is_uri_char(&self, k: usize, verbatim: bool) -> bool {
        if self.is_alpha(k) {
            return true;
        }
        match self.b(k) {
            b';' | b'/' | b'?' | b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b'.' | b'!' | b'~'
            | b'*' | b'\'' | b'(' | b')' | b'%' => true,
            b',' | b'[' | b']' | b'{' | b'}' => verbatim,
            _ => false,
        }
    }
    /// `isEndOfScalarInFlowContentChar`.
    fn is_flow_scalar_end(&self, k: usize) -> bool {
        match self.b(k) {
            b',' | b'[' | b']' | b'{' | b'}' => true,
            b'?' => self.is_blank_or_z(k + 1),
            b':' => matches!(self.b(k + 1), b' ' | b',' | b']' | b'}'),
            _ => false,
        }
    }

    // ----- Cursor (`scanner.go` `skip`, `skipLine`, `read`, `readLine`) -----

    fn skip(&mut self) {
        if !self.is_blank(0) {
            self.newlines = 0;
        }
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread = self.unread.saturating_sub(1);
        self.pos += width(self.b(0)).max(1);
    }

    fn skip_line(&mut self) {
        if self.b(0) == b'\r' && self.b(1) == b'\n' {
            self.mark.index += 2;
            self.mark.column = 1;
            self.mark.line += 1;
            self.unread = self.unread.saturating_sub(2);
            self.pos += 2;
            self.newlines += 1;
        } else if self.is_break(0) {
            self.mark.index += 1;
            self.mark.column = 1;
            self.mark.line += 1;
            self.unread = self.unread.saturating_sub(1);
            self.pos += width(self.b(0));
            self.newlines += 1;
        }
    }

    fn read(&mut self, s: &mut Vec<u8>) {
        if !self.is_blank(0) {
            self.newlines = 0;
        }
        let w = width(self.b(0)).max(1);
        if let Some(bytes) = self.input.get(self.pos..self.pos + w) {
            s.extend_from_slice(bytes);
        }
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread = self.unread.saturating_sub(1);
    }

    /// `readLine`: CR LF, CR, LF and NEL are read as LF; LS and PS are kept as they are.
    fn read_line(&mut self, s: &mut Vec<u8>) {
        let (b0, b1, b2) = (self.b(0), self.b(1), self.b(2));
        if b0 == b'\r' && b1 == b'\n' {
            s.push(b'\n');
            self.pos += 2;
            self.mark.index += 1;
            self.unread = self.unread.saturating_sub(1);
        } else if b0 == b'\r' || b0 == b'\n' {
            s.push(b'\n');
            self.pos += 1;
        } else if b0 == 0xC2 && b1 == 0x85 {
            s.push(b'\n');
            self.pos += 2;
        } else if b0 == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9) {
            s.extend_from_slice(&[b0, b1, b2]);
            self.pos += 3;
        } else {
            return;
        }
        self.mark.index += 1;
        self.mark.column = 1;
        self.mark.line += 1;
        self.unread = self.unread.saturating_sub(1);
        self.newlines += 1;
    }

    // ----- Token queue -----

    /// `scanner.go` `Scan` / parser `peekToken`: the next token, scanning as needed.
    pub(crate) fn peek(&mut self) -> Result<&Token> {
        if !self.token_available
            && let Err(error) = self.fetch_more_tokens()
        {
            self.last_error = Some(error.clone());
            return Err(error);
        }
        self.tokens
            .front()
            .ok_or_else(|| error("", "no token", self.mark))
    }

    /// parser `skipToken`.
    pub(crate) fn skip_token(&mut self) {
        self.token_available = false;
        self.tokens_parsed += 1;
        if let Some(token) = self.tokens.pop_front() {
            self.stream_end_produced = token.kind == TokenType::StreamEnd;
        }
    }

    /// parser `skipToken`, handing the token over.
    pub(crate) fn take_token(&mut self) -> Option<Token> {
        self.token_available = false;
        self.tokens_parsed += 1;
        let token = self.tokens.pop_front();
        if let Some(token) = &token {
            self.stream_end_produced = token.kind == TokenType::StreamEnd;
        }
        token
    }

    /// `insertToken`: `pos` counted from the queue head; `None` appends.
    fn insert_token(&mut self, pos: Option<usize>, token: Token) {
        match pos {
            Some(pos) if pos <= self.tokens.len() => self.tokens.insert(pos, token),
            _ => self.tokens.push_back(token),
        }
        self.last_token_type = self.tokens.back().map(|token| token.kind);
    }

    /// `fetchMoreTokens`: go-yaml keeps two tokens of look-ahead (for comments), and more while
    /// a simple key at the head is undecided.
    fn fetch_more_tokens(&mut self) -> Result<()> {
        if let Some(error) = &self.last_error {
            return Err(error.clone());
        }
        loop {
            if self.tokens.len() > 2 {
                let first_key = if let Some(key) = self.simple_key_stack.first() {
                    Some(key.token_number)
                } else if self.simple_key_possible {
                    Some(self.simple_key.token_number)
                } else {
                    None
                };
                match first_key {
                    None => break,
                    Some(number) if self.tokens_parsed != number => break,
                    Some(_) => {}
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    /// `fetchNextToken`: the dispatcher.
    fn fetch_next_token(&mut self) -> Result<()> {
        self.cache(1)?;
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as isize);
        self.cache(4)?;
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let column_one = self.mark.column == 1;
        let (c0, c1, c2) = (self.b(0), self.b(1), self.b(2));
        if column_one && c0 == b'%' {
            return self.fetch_directive();
        }
        if column_one && c0 == b'-' && c1 == b'-' && c2 == b'-' && self.is_blank_or_z(3) {
            return self.fetch_document_indicator(TokenType::DocumentStart);
        }
        if column_one && c0 == b'.' && c1 == b'.' && c2 == b'.' && self.is_blank_or_z(3) {
            return self.fetch_document_indicator(TokenType::DocumentEnd);
        }
        self.fetch_token_kind(c0)?;
        // The deferred `scanLineComment` of `fetchNextToken` (not after a sequence indicator).
        if self.last_token_type != Some(TokenType::BlockEntry) {
            self.scan_line_comment()?;
        }
        Ok(())
    }

    fn fetch_token_kind(&mut self, c: u8) -> Result<()> {
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenType::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenType::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenType::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenType::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blank_or_z(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && self.is_blank_or_z(1) {
            return self.fetch_key();
        }
        if c == b':' && ((self.flow_level > 0 && !self.is_flow_sequence()) || self.is_blank_or_z(1))
        {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(TokenType::Alias),
            b'&' => return self.fetch_anchor(TokenType::Anchor),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        );
        if !(self.is_blank_or_z(0) || indicator)
            || (c == b'-' && !self.is_blank(1))
            || ((c == b'?' || c == b':') && !self.is_blank_or_z(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(error(
            "while scanning for the next token",
            "found character that cannot start any token",
            self.mark,
        ))
    }

    /// `isFlowSequence`: the previous token is `,` or `[`.
    fn is_flow_sequence(&self) -> bool {
        matches!(
            self.last_token_type,
            Some(TokenType::FlowEntry | TokenType::FlowSequenceStart)
        )
    }

    // ----- Simple keys and indentation -----

    /// `saveSimpleKey`.
    fn save_simple_key(&mut self) -> Result<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            self.remove_simple_key()?;
            self.simple_key_possible = true;
            self.simple_key = SimpleKey {
                required,
                flow_level: self.flow_level,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
        }
        Ok(())
    }

    /// `removeSimpleKey`.
    fn remove_simple_key(&mut self) -> Result<()> {
        if self.simple_key.required {
            return Err(error(
                "while scanning a simple key",
                "could not find expected ':'",
                self.simple_key.mark,
            ));
        }
        self.simple_key_possible = false;
        Ok(())
    }

    /// `increaseFlowLevel`.
    fn increase_flow_level(&mut self) -> Result<()> {
        self.flow_level += 1;
        if self.flow_level > MAX_DEPTH {
            return Err(error(
                "while increasing flow level",
                &format!("exceeded max depth of {MAX_DEPTH}"),
                self.mark,
            ));
        }
        if self.simple_key_possible {
            self.simple_key_stack.push(self.simple_key);
        }
        self.simple_key = SimpleKey::default();
        Ok(())
    }

    /// `decreaseFlowLevel`.
    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(last) = self.simple_key_stack.last()
                && last.flow_level == self.flow_level
            {
                self.simple_key = *last;
                self.simple_key_stack.pop();
                self.simple_key_possible = true;
            }
        }
    }

    /// `rollIndent`.
    fn roll_indent(
        &mut self,
        column: isize,
        number: Option<usize>,
        kind: TokenType,
        mark: Mark,
    ) -> Result<()> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            if self.indents.len() > MAX_DEPTH {
                return Err(error(
                    "while increasing indent level",
                    &format!("exceeded max depth of {MAX_DEPTH}"),
                    self.mark,
                ));
            }
            let pos = number.map(|number| number.saturating_sub(self.tokens_parsed));
            self.insert_token(pos, Token::new(kind, mark));
        }
        Ok(())
    }

    /// `unrollIndent`.
    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.insert_token(None, Token::new(TokenType::BlockEnd, self.mark));
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ----- Fetchers -----

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_key = SimpleKey::default();
        self.simple_key_stack.clear();
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        self.insert_token(None, Token::new(TokenType::StreamStart, self.mark));
    }

    fn fetch_stream_end(&mut self) -> Result<()> {
        if self.mark.column != 1 {
            self.mark.column = 1;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key = SimpleKey::default();
        self.simple_key_stack.clear();
        self.simple_key_allowed = false;
        self.insert_token(None, Token::new(TokenType::StreamEnd, self.mark));
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenType) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.insert_token(None, Token::new(kind, start));
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenType) -> Result<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(kind, start));
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenType) -> Result<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(kind, start));
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(TokenType::FlowEntry, start));
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(error(
                    "",
                    "block sequence entries are not allowed in this context",
                    self.mark,
                ));
            }
            self.roll_indent(
                self.mark.column as isize,
                None,
                TokenType::BlockSequenceStart,
                self.mark,
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(TokenType::BlockEntry, start));
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(error(
                    "",
                    "mapping keys are not allowed in this context",
                    self.mark,
                ));
            }
            self.roll_indent(
                self.mark.column as isize,
                None,
                TokenType::BlockMappingStart,
                self.mark,
            )?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(TokenType::Key, start));
        Ok(())
    }

    /// `fetchValue`: a simple key is a key only on the line of its `:` (go-yaml has no
    /// 1024-character limit on it).
    fn fetch_value(&mut self) -> Result<()> {
        if self.simple_key_possible && self.simple_key.mark.line == self.mark.line {
            let key = self.simple_key;
            let pos = key.token_number.saturating_sub(self.tokens_parsed);
            self.insert_token(Some(pos), Token::new(TokenType::Key, key.mark));
            self.roll_indent(
                key.mark.column as isize,
                Some(key.token_number),
                TokenType::BlockMappingStart,
                key.mark,
            )?;
            self.simple_key_possible = false;
            self.simple_key.required = false;
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(error(
                        "",
                        "mapping values are not allowed in this context",
                        self.mark,
                    ));
                }
                self.roll_indent(
                    self.mark.column as isize,
                    None,
                    TokenType::BlockMappingStart,
                    self.mark,
                )?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.insert_token(None, Token::new(TokenType::Value, start));
        Ok(())
    }

    fn fetch_anchor(&mut self, kind: TokenType) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(kind)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.insert_token(None, token);
        Ok(())
    }

    // ----- Scanners -----

    /// `scanToNextToken`: blanks, comments and line breaks. Tabs count as blanks only in
    /// flow context or where no simple key may start.
    fn scan_to_next_token(&mut self) -> Result<()> {
        loop {
            self.cache(1)?;
            if self.mark.column == 1 && self.is_bom() {
                self.skip();
            }
            self.cache(1)?;
            while self.b(0) == b' '
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.b(0) == b'\t')
            {
                self.skip();
                self.cache(1)?;
            }
            if self.b(0) == b'#' {
                self.scan_comments()?;
            }
            if self.is_break(0) {
                self.cache(2)?;
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    /// Consumes a comment line whose `#` is `peek` characters ahead (the inner loops of
    /// `scanComments` and `scanLineComment`).
    fn consume_comment(&mut self, peek: usize) -> Result<()> {
        let seen = self.mark.index + peek;
        loop {
            self.cache(1)?;
            if self.is_break_or_z(0) {
                if self.mark.index >= seen {
                    break;
                }
                self.cache(2)?;
                self.skip_line();
            } else if self.mark.index >= seen {
                let mut sink = Vec::new();
                self.read(&mut sink);
            } else {
                self.skip();
            }
        }
        Ok(())
    }

    /// `scanComments`, for its cursor movement and look-ahead only.
    fn scan_comments(&mut self) -> Result<()> {
        let mut peek = 0;
        while peek < 512 {
            if self.unread < peek + 1 && self.cache(peek + 1).is_err() {
                break;
            }
            if self.is_blank(peek) {
                peek += 1;
                continue;
            }
            let c = self.b(peek);
            let close_flow = self.flow_level > 0 && (c == b']' || c == b'}');
            if close_flow || self.is_break_or_z(peek) {
                if !self.is_break(peek) {
                    break;
                }
                peek += 1;
                continue;
            }
            if c != b'#' {
                break;
            }
            self.consume_comment(peek)?;
            // `peek = 0`, then the loop's `peek++`.
            peek = 1;
        }
        Ok(())
    }

    /// `scanLineComment`, for its cursor movement and look-ahead only.
    fn scan_line_comment(&mut self) -> Result<()> {
        if self.newlines > 0 {
            return Ok(());
        }
        let mut peek = 0;
        while peek < 512 {
            if self.unread < peek + 1 && self.cache(peek + 1).is_err() {
                break;
            }
            if self.is_blank(peek) {
                peek += 1;
                continue;
            }
            if self.b(peek) == b'#' {
                self.consume_comment(peek)?;
            }
            break;
        }
        Ok(())
    }

    /// `scanDirective`: `%YAML` and `%TAG`; any other name is an error.
    fn scan_directive(&mut self) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let name = self.scan_directive_name(start)?;
        let token = if name == b"YAML" {
            let (major, minor) = self.scan_version_directive_value(start)?;
            let mut token = Token::new(TokenType::VersionDirective, start);
            token.version = (major, minor);
            token
        } else if name == b"TAG" {
            let (handle, prefix) = self.scan_tag_directive_value(start)?;
            let mut token = Token::new(TokenType::TagDirective, start);
            token.value = handle;
            token.suffix = prefix;
            token
        } else {
            return Err(error(
                "while scanning a directive",
                "found unknown directive name",
                self.mark,
            ));
        };
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        if self.b(0) == b'#' {
            while !self.is_break_or_z(0) {
                self.skip();
                self.cache(1)?;
            }
        }
        if !self.is_break_or_z(0) {
            return Err(error(
                "while scanning a directive",
                "did not find expected comment or line break",
                self.mark,
            ));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        Ok(token)
    }

    fn scan_directive_name(&mut self, _start: Mark) -> Result<Vec<u8>> {
        self.cache(1)?;
        let mut s = Vec::new();
        while self.is_alpha(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if s.is_empty() {
            return Err(error(
                "while scanning a directive",
                "could not find expected directive name",
                self.mark,
            ));
        }
        if !self.is_blank_or_z(0) {
            return Err(error(
                "while scanning a directive",
                "found unexpected non-alphabetical character",
                self.mark,
            ));
        }
        Ok(s)
    }

    fn scan_version_directive_value(&mut self, start: Mark) -> Result<(i8, i8)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let major = self.scan_version_directive_number(start)?;
        if self.b(0) != b'.' {
            return Err(error(
                "while scanning a %YAML directive",
                "did not find expected digit or '.' character",
                self.mark,
            ));
        }
        self.skip();
        let minor = self.scan_version_directive_number(start)?;
        Ok((major, minor))
    }

    /// `scanVersionDirectiveNumber`: at most two digits.
    fn scan_version_directive_number(&mut self, _start: Mark) -> Result<i8> {
        self.cache(1)?;
        let (mut value, mut length) = (0i8, 0);
        while self.is_digit(0) {
            length += 1;
            if length > 2 {
                return Err(error(
                    "while scanning a %YAML directive",
                    "found extremely long version number",
                    self.mark,
                ));
            }
            value = value * 10 + (self.b(0) - b'0') as i8;
            self.skip();
            self.cache(1)?;
        }
        if length == 0 {
            return Err(error(
                "while scanning a %YAML directive",
                "did not find expected version number",
                self.mark,
            ));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> Result<(Vec<u8>, Vec<u8>)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let handle = self.scan_tag_handle(true, start)?;
        self.cache(1)?;
        if !self.is_blank(0) {
            return Err(error(
                "while scanning a %TAG directive",
                "did not find expected whitespace",
                self.mark,
            ));
        }
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let prefix = self.scan_tag_uri(true, true, &[], start)?;
        self.cache(1)?;
        if !self.is_blank_or_z(0) {
            return Err(error(
                "while scanning a %TAG directive",
                "did not find expected whitespace or line break",
                self.mark,
            ));
        }
        Ok((handle, prefix))
    }

    /// `scanAnchor`: ASCII anchor characters, no colon.
    fn scan_anchor(&mut self, kind: TokenType) -> Result<Token> {
        let start = self.mark;
        self.skip();
        self.cache(1)?;
        let mut s = Vec::new();
        while self.is_anchor_char(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        let follows = self.is_blank_or_z(0)
            || matches!(
                self.b(0),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if s.is_empty() || !follows {
            let context = if kind == TokenType::Anchor {
                "while scanning an anchor"
            } else {
                "while scanning an alias"
            };
            return Err(error(
                context,
                "did not find expected alphabetic or numeric character",
                self.mark,
            ));
        }
        let mut token = Token::new(kind, start);
        token.value = s;
        Ok(token)
    }

    /// `scanTag`.
    fn scan_tag(&mut self) -> Result<Token> {
        let start = self.mark;
        self.cache(2)?;
        let (handle, suffix);
        if self.b(1) == b'<' {
            self.skip();
            self.skip();
            let uri = self.scan_tag_uri(false, true, &[], start)?;
            if self.b(0) != b'>' {
                return Err(error(
                    "while scanning a tag",
                    "did not find the expected '>'",
                    self.mark,
                ));
            }
            self.skip();
            handle = Vec::new();
            suffix = uri;
        } else {
            let scanned = self.scan_tag_handle(false, start)?;
            if scanned.len() > 1 && scanned[0] == b'!' && scanned[scanned.len() - 1] == b'!' {
                handle = scanned;
                suffix = self.scan_tag_uri(false, false, &[], start)?;
            } else {
                let uri = self.scan_tag_uri(false, false, &scanned, start)?;
                if uri.is_empty() {
                    // The '!' tag: handle '', suffix '!'.
                    handle = Vec::new();
                    suffix = scanned;
                } else {
                    handle = b"!".to_vec();
                    suffix = uri;
                }
            }
        }
        self.cache(1)?;
        if !self.is_blank_or_z(0) {
            return Err(error(
                "while scanning a tag",
                "did not find expected whitespace or line break",
                self.mark,
            ));
        }
        let mut token = Token::new(TokenType::Tag, start);
        token.value = handle;
        token.suffix = suffix;
        Ok(token)
    }

    /// `scanTagHandle`.
    fn scan_tag_handle(&mut self, directive: bool, _start: Mark) -> Result<Vec<u8>> {
        let context = tag_context(directive);
        self.cache(1)?;
        if self.b(0) != b'!' {
            return Err(error(context, "did not find expected '!'", self.mark));
        }
        let mut s = Vec::new();
        self.read(&mut s);
        self.cache(1)?;
        while self.is_alpha(0) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if self.b(0) == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            return Err(error(context, "did not find expected '!'", self.mark));
        }
        Ok(s)
    }

    /// `scanTagURI`.
    fn scan_tag_uri(
        &mut self,
        directive: bool,
        verbatim: bool,
        head: &[u8],
        _start: Mark,
    ) -> Result<Vec<u8>> {
        let context = tag_context(directive);
        let mut s = Vec::new();
        let mut has_tag = !head.is_empty();
        if head.len() > 1 {
            s.extend_from_slice(&head[1..]);
        }
        self.cache(1)?;
        while self.is_uri_char(0, verbatim) {
            if self.b(0) == b'%' {
                self.scan_uri_escapes(directive, &mut s)?;
            } else {
                self.read(&mut s);
            }
            self.cache(1)?;
            has_tag = true;
        }
        if !verbatim {
            let c = self.b(0);
            if !self.is_blank_or_z(0) && (0x20..=0x7E).contains(&c) {
                return Err(error(
                    context,
                    &format!(
                        "found character '{}' that is not allowed in a YAML tag",
                        c as char
                    ),
                    self.mark,
                ));
            }
        }
        if !has_tag {
            return Err(error(context, "did not find expected tag URI", self.mark));
        }
        Ok(s)
    }

    /// `scanURIEscapes`: `%xx` octets forming one UTF-8 character.
    fn scan_uri_escapes(&mut self, directive: bool, s: &mut Vec<u8>) -> Result<()> {
        let context = tag_context(directive);
        let mut w = 1024;
        while w > 0 {
            self.cache(3)?;
            if !(self.b(0) == b'%' && self.is_hex(1) && self.is_hex(2)) {
                return Err(error(context, "did not find URI escaped octet", self.mark));
            }
            let octet = (self.as_hex(1) << 4 | self.as_hex(2)) as u8;
            if w == 1024 {
                w = width(octet);
                if w == 0 {
                    return Err(error(
                        context,
                        "found an incorrect leading UTF-8 octet",
                        self.mark,
                    ));
                }
            } else if octet & 0xC0 != 0x80 {
                return Err(error(
                    context,
                    "found an incorrect trailing UTF-8 octet",
                    self.mark,
                ));
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            w -= 1;
        }
        Ok(())
    }

    /// `scanBlockScalar`.
    fn scan_block_scalar(&mut self, literal: bool) -> Result<Token> {
        let start = self.mark;
        self.skip();
        self.cache(1)?;
        let context = "while scanning a block scalar";
        let (mut chomping, mut increment) = (0i8, 0usize);
        if matches!(self.b(0), b'+' | b'-') {
            chomping = if self.b(0) == b'+' { 1 } else { -1 };
            self.skip();
            self.cache(1)?;
            if self.is_digit(0) {
                if self.b(0) == b'0' {
                    return Err(error(
                        context,
                        "found an indentation indicator equal to 0",
                        self.mark,
                    ));
                }
                increment = usize::from(self.b(0) - b'0');
                self.skip();
            }
        } else if self.is_digit(0) {
            if self.b(0) == b'0' {
                return Err(error(
                    context,
                    "found an indentation indicator equal to 0",
                    self.mark,
                ));
            }
            increment = usize::from(self.b(0) - b'0');
            self.skip();
            self.cache(1)?;
            if matches!(self.b(0), b'+' | b'-') {
                chomping = if self.b(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        if self.b(0) == b'#' {
            self.scan_line_comment()?;
            while !self.is_break_or_z(0) {
                self.skip();
                self.cache(1)?;
            }
        }
        if !self.is_break_or_z(0) {
            return Err(error(
                context,
                "did not find expected comment or line break",
                self.mark,
            ));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        let mut indent: isize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent + increment as isize
            } else {
                increment as isize + 1
            };
        }
        let (mut s, mut leading_break, mut trailing_breaks) = (Vec::new(), Vec::new(), Vec::new());
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks)?;
        self.cache(1)?;
        let mut leading_blank = false;
        while self.mark.column as isize == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.append(&mut trailing_breaks);
            leading_blank = self.is_blank(0);
            while !self.is_break_or_z(0) {
                self.read(&mut s);
                self.cache(1)?;
            }
            self.cache(2)?;
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks)?;
        }
        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let mut token = Token::new(TokenType::Scalar, start);
        token.value = s;
        token.style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(token)
    }

    /// `scanBlockScalarBreaks`: indentation spaces and empty lines; a tab where an
    /// indentation space is expected is an error.
    fn scan_block_scalar_breaks(&mut self, indent: &mut isize, breaks: &mut Vec<u8>) -> Result<()> {
        let mut max_indent: isize = 0;
        loop {
            self.cache(1)?;
            while (*indent == 0 || (self.mark.column as isize) < *indent) && self.is_space(0) {
                self.skip();
                self.cache(1)?;
            }
            if self.mark.column as isize > max_indent {
                max_indent = self.mark.column as isize;
            }
            if (*indent == 0 || (self.mark.column as isize) < *indent) && self.is_tab(0) {
                return Err(error(
                    "while scanning a block scalar",
                    "found a tab character where an indentation space is expected",
                    self.mark,
                ));
            }
            if !self.is_break(0) {
                break;
            }
            self.cache(2)?;
            self.read_line(breaks);
        }
        if *indent == 0 {
            *indent = max_indent;
            if *indent < self.indent + 1 {
                *indent = self.indent + 1;
            }
            if *indent < 1 {
                *indent = 1;
            }
        }
        Ok(())
    }

    /// `scanFlowScalar`: quoted scalars. Continuation lines may be indented less than the
    /// block (go-yaml only checks for document markers there).
    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let context = "while scanning a quoted scalar";
        let (mut s, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        loop {
            self.cache(4)?;
            if self.mark.column == 1
                && ((self.b(0) == b'-' && self.b(1) == b'-' && self.b(2) == b'-')
                    || (self.b(0) == b'.' && self.b(1) == b'.' && self.b(2) == b'.'))
                && self.is_blank_or_z(3)
            {
                return Err(error(
                    context,
                    "found unexpected document indicator",
                    self.mark,
                ));
            }
            if self.is_z(0) {
                return Err(error(context, "found unexpected end of stream", self.mark));
            }
            let mut leading_blanks = false;
            while !self.is_blank_or_z(0) {
                let c = self.b(0);
                if single && c == b'\'' && self.b(1) == b'\'' {
                    s.push(b'\'');
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    break;
                } else if !single && c == b'\\' && self.is_break(1) {
                    self.cache(3)?;
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let mut code_length = 0;
                    match self.b(1) {
                        b'0' => s.push(0),
                        b'a' => s.push(0x07),
                        b'b' => s.push(0x08),
                        b't' | b'\t' => s.push(0x09),
                        b'n' => s.push(0x0A),
                        b'v' => s.push(0x0B),
                        b'f' => s.push(0x0C),
                        b'r' => s.push(0x0D),
                        b'e' => s.push(0x1B),
                        b' ' => s.push(0x20),
                        b'"' => s.push(b'"'),
                        b'\'' => s.push(b'\''),
                        b'\\' => s.push(b'\\'),
                        b'N' => s.extend_from_slice("\u{85}".as_bytes()),
                        b'_' => s.extend_from_slice("\u{A0}".as_bytes()),
                        b'L' => s.extend_from_slice("\u{2028}".as_bytes()),
                        b'P' => s.extend_from_slice("\u{2029}".as_bytes()),
                        b'x' => code_length = 2,
                        b'u' => code_length = 4,
                        b'U' => code_length = 8,
                        _ => {
                            return Err(error(
                                context,
                                "found unknown escape character",
                                self.mark,
                            ));
                        }
                    }
                    self.skip();
                    self.skip();
                    if code_length > 0 {
                        self.cache(code_length)?;
                        let mut value: u32 = 0;
                        for k in 0..code_length {
                            if !self.is_hex(k) {
                                return Err(error(
                                    context,
                                    "did not find expected hexadecimal number",
                                    self.mark,
                                ));
                            }
                            value = (value << 4) + self.as_hex(k);
                        }
                        let Some(ch) = char::from_u32(value) else {
                            return Err(error(
                                context,
                                "found invalid Unicode character escape code",
                                self.mark,
                            ));
                        };
                        let mut utf8 = [0; 4];
                        s.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    self.read(&mut s);
                }
                self.cache(2)?;
            }
            self.cache(1)?;
            let c = self.b(0);
            if (single && c == b'\'') || (!single && c == b'"') {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push(b' ');
                    } else {
                        s.extend_from_slice(&trailing_breaks);
                    }
                } else {
                    s.extend_from_slice(&leading_break);
                    s.extend_from_slice(&trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.append(&mut whitespaces);
            }
        }
        self.skip();
        let mut token = Token::new(TokenType::Scalar, start);
        token.value = s;
        token.style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(token)
    }

    /// `scanPlainScalar`.
    fn scan_plain_scalar(&mut self) -> Result<Token> {
        let (mut s, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        loop {
            self.cache(4)?;
            if self.mark.column == 1
                && ((self.b(0) == b'-' && self.b(1) == b'-' && self.b(2) == b'-')
                    || (self.b(0) == b'.' && self.b(1) == b'.' && self.b(2) == b'.'))
                && self.is_blank_or_z(3)
            {
                break;
            }
            if self.b(0) == b'#' {
                break;
            }
            while !self.is_blank_or_z(0) {
                if (self.b(0) == b':' && self.is_blank_or_z(1))
                    || (self.flow_level > 0 && self.is_flow_scalar_end(0))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push(b' ');
                            } else {
                                s.extend_from_slice(&trailing_breaks);
                            }
                        } else {
                            s.extend_from_slice(&leading_break);
                            s.extend_from_slice(&trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.append(&mut whitespaces);
                    }
                }
                self.read(&mut s);
                self.cache(2)?;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            self.cache(1)?;
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.is_tab(0) {
                        return Err(error(
                            "while scanning a plain scalar",
                            "found a tab character that violates indentation",
                            self.mark,
                        ));
                    }
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        let mut token = Token::new(TokenType::Scalar, start);
        token.value = s;
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(token)
    }
}

fn tag_context(directive: bool) -> &'static str {
    if directive {
        "while parsing a %TAG directive"
    } else {
        "while parsing a tag"
    }
}
