//! The event parser of go-yaml v4.0.0-rc.6 (`internal/libyaml/parser.go`), ported state for
//! state: tokens from [`Scanner`] in, events out. Comment events (`TAIL_COMMENT_EVENT`) are
//! left out: they carry no value.

use super::scanner::{Mark, Result, ScalarStyle, Scanner, Token, TokenType, YamlError};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EventKind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        /// The resolved tag (`tag:yaml.org,2002:str`, `!`, `!local`); empty when untagged.
        tag: String,
        value: String,
        style: ScalarStyle,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: String,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: String,
    },
    MappingEnd,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    pub(crate) kind: EventKind,
    pub(crate) start: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

fn error(context: &str, problem: &str, mark: Mark) -> YamlError {
    let message = if context.is_empty() {
        problem.to_owned()
    } else {
        format!("{context}: {problem}")
    };
    YamlError { message, mark }
}

fn text(bytes: Vec<u8>) -> String {
    // The scanner only copies whole UTF-8 characters and escapes encode whole characters.
    String::from_utf8(bytes)
        .unwrap_or_else(|bytes| String::from_utf8_lossy(bytes.as_bytes()).into_owned())
}

pub(crate) struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
    last_error: Option<YamlError>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            tag_directives: Vec::new(),
            last_error: None,
        }
    }

    /// `Parse`: the next event; `None` after the stream end.
    pub(crate) fn next_event(&mut self) -> Option<Result<Event>> {
        if let Some(error) = &self.last_error {
            return Some(Err(error.clone()));
        }
        if self.state == State::End {
            return None;
        }
        let result = self.state_machine();
        if let Err(error) = &result {
            self.last_error = Some(error.clone());
        }
        Some(result)
    }

    fn peek(&mut self) -> Result<&Token> {
        self.scanner.peek()
    }

    fn peek_kind(&mut self) -> Result<(TokenType, Mark)> {
        let token = self.scanner.peek()?;
        Ok((token.kind, token.start))
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self) -> Result<Event> {
        match self.state {
            State::StreamStart => self.parse_stream_start(),
            State::ImplicitDocumentStart => self.parse_document_start(true),
            State::DocumentStart => self.parse_document_start(false),
            State::DocumentContent => self.parse_document_content(),
            State::DocumentEnd => self.parse_document_end(),
            State::BlockNode => self.parse_node(true, false),
            State::BlockSequenceFirstEntry => self.parse_block_sequence_entry(true),
            State::BlockSequenceEntry => self.parse_block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.parse_indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.parse_block_mapping_key(true),
            State::BlockMappingKey => self.parse_block_mapping_key(false),
            State::BlockMappingValue => self.parse_block_mapping_value(),
            State::FlowSequenceFirstEntry => self.parse_flow_sequence_entry(true),
            State::FlowSequenceEntry => self.parse_flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.parse_flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.parse_flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.parse_flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.parse_flow_mapping_key(true),
            State::FlowMappingKey => self.parse_flow_mapping_key(false),
            State::FlowMappingValue => self.parse_flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.parse_flow_mapping_value(true),
            State::End => Err(error("", "no more events", self.scanner.mark)),
        }
    }

    fn event(kind: EventKind, start: Mark) -> Event {
        Event { kind, start }
    }

    /// `parseStreamStart`.
    fn parse_stream_start(&mut self) -> Result<Event> {
        let (kind, start) = self.peek_kind()?;
        if kind != TokenType::StreamStart {
            return Err(error("", "did not find expected <stream-start>", start));
        }
        self.state = State::ImplicitDocumentStart;
        self.scanner.skip_token();
        Ok(Self::event(EventKind::StreamStart, start))
    }

    /// `parseDocumentStart`: `implicit` for the first document, which needs no `---`.
    fn parse_document_start(&mut self, implicit: bool) -> Result<Event> {
        let (mut kind, mut start) = self.peek_kind()?;
        while kind == TokenType::DocumentEnd {
            self.scanner.skip_token();
            (kind, start) = self.peek_kind()?;
        }
        if implicit
            && !matches!(
                kind,
                TokenType::VersionDirective
                    | TokenType::TagDirective
                    | TokenType::DocumentStart
                    | TokenType::StreamEnd
            )
        {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            return Ok(Self::event(EventKind::DocumentStart, start));
        }
        if kind != TokenType::StreamEnd {
            self.process_directives()?;
            let (kind, mark) = self.peek_kind()?;
            if kind != TokenType::DocumentStart {
                return Err(error("", "did not find expected <document start>", mark));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.scanner.skip_token();
            return Ok(Self::event(EventKind::DocumentStart, start));
        }
        self.state = State::End;
        self.scanner.skip_token();
        Ok(Self::event(EventKind::StreamEnd, start))
    }

    /// `parseDocumentContent`.
    fn parse_document_content(&mut self) -> Result<Event> {
        let (kind, start) = self.peek_kind()?;
        if matches!(
            kind,
            TokenType::VersionDirective
                | TokenType::TagDirective
                | TokenType::DocumentStart
                | TokenType::DocumentEnd
                | TokenType::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(start));
        }
        self.parse_node(true, false)
    }

    /// `parseDocumentEnd`.
    fn parse_document_end(&mut self) -> Result<Event> {
        let (kind, start) = self.peek_kind()?;
        if kind == TokenType::DocumentEnd {
            self.scanner.skip_token();
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Ok(Self::event(EventKind::DocumentEnd, start))
    }

    /// `processDirectives`: one `%YAML 1.1` at most (any other version is refused), `%TAG`
    /// handles once each, then the default handles `!` and `!!`.
    fn process_directives(&mut self) -> Result<()> {
        let mut version_seen = false;
        loop {
            let token = self.peek()?;
            let (kind, mark, version) = (token.kind, token.start, token.version);
            match kind {
                TokenType::VersionDirective => {
                    if version_seen {
                        return Err(error("", "found duplicate %YAML directive", mark));
                    }
                    if version != (1, 1) {
                        return Err(error("", "found incompatible YAML document", mark));
                    }
                    version_seen = true;
                }
                TokenType::TagDirective => {
                    let token = self.peek()?;
                    let (handle, prefix) = (token.value.clone(), token.suffix.clone());
                    self.append_tag_directive(handle, prefix, false, mark)?;
                }
                _ => break,
            }
            self.scanner.skip_token();
        }
        let mark = self.peek_kind()?.1;
        self.append_tag_directive(b"!".to_vec(), b"!".to_vec(), true, mark)?;
        self.append_tag_directive(b"!!".to_vec(), b"tag:yaml.org,2002:".to_vec(), true, mark)?;
        Ok(())
    }

    fn append_tag_directive(
        &mut self,
        handle: Vec<u8>,
        prefix: Vec<u8>,
        allow_duplicates: bool,
        mark: Mark,
    ) -> Result<()> {
        if self
            .tag_directives
            .iter()
            .any(|(known, _)| *known == handle)
        {
            if allow_duplicates {
                return Ok(());
            }
            return Err(error("", "found duplicate %TAG directive", mark));
        }
        self.tag_directives.push((handle, prefix));
        Ok(())
    }

    /// `parseNode`.
    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> Result<Event> {
        let (kind, mut start) = self.peek_kind()?;
        if kind == TokenType::Alias {
            self.pop_state();
            let token = self
                .scanner
                .take_token()
                .unwrap_or_else(|| unreachable_token(start));
            return Ok(Self::event(EventKind::Alias(text(token.value)), start));
        }
        let mut anchor: Option<Vec<u8>> = None;
        let mut tag_parts: Option<(Vec<u8>, Vec<u8>, Mark)> = None;
        let mut kind = kind;
        if kind == TokenType::Anchor {
            let token = self
                .scanner
                .take_token()
                .unwrap_or_else(|| unreachable_token(start));
            anchor = Some(token.value);
            kind = self.peek_kind()?.0;
            if kind == TokenType::Tag {
                let token = self
                    .scanner
                    .take_token()
                    .unwrap_or_else(|| unreachable_token(start));
                tag_parts = Some((token.value, token.suffix, token.start));
                kind = self.peek_kind()?.0;
            }
        } else if kind == TokenType::Tag {
            let token = self
                .scanner
                .take_token()
                .unwrap_or_else(|| unreachable_token(start));
            start = token.start;
            tag_parts = Some((token.value, token.suffix, token.start));
            kind = self.peek_kind()?.0;
            if kind == TokenType::Anchor {
                let token = self
                    .scanner
                    .take_token()
                    .unwrap_or_else(|| unreachable_token(start));
                anchor = Some(token.value);
                kind = self.peek_kind()?.0;
            }
        }
        let mut tag = Vec::new();
        if let Some((handle, suffix, tag_mark)) = tag_parts {
            if handle.is_empty() {
                tag = suffix;
            } else {
                match self
                    .tag_directives
                    .iter()
                    .find(|(known, _)| *known == handle)
                {
                    Some((_, prefix)) => {
                        tag = prefix.clone();
                        tag.extend_from_slice(&suffix);
                    }
                    None => {
                        return Err(error(
                            "while parsing a node",
                            "found undefined tag handle",
                            tag_mark,
                        ));
                    }
                }
                if tag.is_empty() {
                    return Err(error(
                        "while parsing a node",
                        "found undefined tag handle",
                        tag_mark,
                    ));
                }
            }
        }
        let anchor = anchor.map(text);
        let tag = text(tag);
        if indentless_sequence && kind == TokenType::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(Self::event(EventKind::SequenceStart { anchor, tag }, start));
        }
        match kind {
            TokenType::Scalar => {
                self.pop_state();
                let token = self
                    .scanner
                    .take_token()
                    .unwrap_or_else(|| unreachable_token(start));
                Ok(Self::event(
                    EventKind::Scalar {
                        anchor,
                        tag,
                        value: text(token.value),
                        style: token.style,
                    },
                    start,
                ))
            }
            TokenType::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Ok(Self::event(EventKind::SequenceStart { anchor, tag }, start))
            }
            TokenType::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Ok(Self::event(EventKind::MappingStart { anchor, tag }, start))
            }
            TokenType::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok(Self::event(EventKind::SequenceStart { anchor, tag }, start))
            }
            TokenType::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Ok(Self::event(EventKind::MappingStart { anchor, tag }, start))
            }
            _ if anchor.is_some() || !tag.is_empty() => {
                self.pop_state();
                Ok(Self::event(
                    EventKind::Scalar {
                        anchor,
                        tag,
                        value: String::new(),
                        style: ScalarStyle::Plain,
                    },
                    start,
                ))
            }
            _ => {
                let context = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                let mark = self.peek_kind()?.1;
                Err(error(context, "did not find expected node content", mark))
            }
        }
    }

    /// `parseBlockSequenceEntry`.
    fn parse_block_sequence_entry(&mut self, first: bool) -> Result<Event> {
        if first {
            self.scanner.skip_token();
        }
        let (kind, mark) = self.peek_kind()?;
        if kind == TokenType::BlockEntry {
            self.scanner.skip_token();
            let (next, _) = self.peek_kind()?;
            if next != TokenType::BlockEntry && next != TokenType::BlockEnd {
                self.states.push(State::BlockSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::BlockSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        if kind == TokenType::BlockEnd {
            self.pop_state();
            self.scanner.skip_token();
            return Ok(Self::event(EventKind::SequenceEnd, mark));
        }
        Err(error(
            "while parsing a block collection",
            "did not find expected '-' indicator",
            mark,
        ))
    }

    /// `parseIndentlessSequenceEntry`.
    fn parse_indentless_sequence_entry(&mut self) -> Result<Event> {
        let (kind, mark) = self.peek_kind()?;
        if kind == TokenType::BlockEntry {
            self.scanner.skip_token();
            let (next, _) = self.peek_kind()?;
            if !matches!(
                next,
                TokenType::BlockEntry | TokenType::Key | TokenType::Value | TokenType::BlockEnd
            ) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        self.pop_state();
        Ok(Self::event(EventKind::SequenceEnd, mark))
    }

    /// `parseBlockMappingKey`.
    fn parse_block_mapping_key(&mut self, first: bool) -> Result<Event> {
        if first {
            self.scanner.skip_token();
        }
        let (kind, mark) = self.peek_kind()?;
        match kind {
            TokenType::Key => {
                self.scanner.skip_token();
                let (next, _) = self.peek_kind()?;
                if !matches!(
                    next,
                    TokenType::Key | TokenType::Value | TokenType::BlockEnd
                ) {
                    self.states.push(State::BlockMappingValue);
                    return self.parse_node(true, true);
                }
                self.state = State::BlockMappingValue;
                Ok(empty_scalar(mark))
            }
            TokenType::BlockEnd => {
                self.pop_state();
                self.scanner.skip_token();
                Ok(Self::event(EventKind::MappingEnd, mark))
            }
            _ => Err(error(
                "while parsing a block mapping",
                "did not find expected key",
                mark,
            )),
        }
    }

    /// `parseBlockMappingValue`.
    fn parse_block_mapping_value(&mut self) -> Result<Event> {
        let (kind, mark) = self.peek_kind()?;
        if kind == TokenType::Value {
            self.scanner.skip_token();
            let (next, _) = self.peek_kind()?;
            if !matches!(
                next,
                TokenType::Key | TokenType::Value | TokenType::BlockEnd
            ) {
                self.states.push(State::BlockMappingKey);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(mark));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(mark))
    }

    /// `parseFlowSequenceEntry`.
    fn parse_flow_sequence_entry(&mut self, first: bool) -> Result<Event> {
        if first {
            self.scanner.skip_token();
        }
        let (mut kind, mut mark) = self.peek_kind()?;
        if kind != TokenType::FlowSequenceEnd {
            if !first {
                if kind == TokenType::FlowEntry {
                    self.scanner.skip_token();
                    (kind, mark) = self.peek_kind()?;
                } else {
                    return Err(error(
                        "while parsing a flow sequence",
                        "did not find expected ',' or ']'",
                        mark,
                    ));
                }
            }
            if kind == TokenType::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.scanner.skip_token();
                return Ok(Self::event(
                    EventKind::MappingStart {
                        anchor: None,
                        tag: String::new(),
                    },
                    mark,
                ));
            } else if kind != TokenType::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.scanner.skip_token();
        Ok(Self::event(EventKind::SequenceEnd, mark))
    }

    /// `parseFlowSequenceEntryMappingKey`.
    fn parse_flow_sequence_entry_mapping_key(&mut self) -> Result<Event> {
        let (kind, mark) = self.peek_kind()?;
        if !matches!(
            kind,
            TokenType::Value | TokenType::FlowEntry | TokenType::FlowSequenceEnd
        ) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.parse_node(false, false);
        }
        self.scanner.skip_token();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(mark))
    }

    /// `parseFlowSequenceEntryMappingValue`.
    fn parse_flow_sequence_entry_mapping_value(&mut self) -> Result<Event> {
        let (kind, mark) = self.peek_kind()?;
        if kind == TokenType::Value {
            self.scanner.skip_token();
            // go-yaml shadows `token` here, so the empty value below keeps the mark of ':'.
            let (next, _) = self.peek_kind()?;
            if next != TokenType::FlowEntry && next != TokenType::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(mark))
    }

    /// `parseFlowSequenceEntryMappingEnd`.
    fn parse_flow_sequence_entry_mapping_end(&mut self) -> Result<Event> {
        let (_, mark) = self.peek_kind()?;
        self.state = State::FlowSequenceEntry;
        Ok(Self::event(EventKind::MappingEnd, mark))
    }

    /// `parseFlowMappingKey`.
    fn parse_flow_mapping_key(&mut self, first: bool) -> Result<Event> {
        if first {
            self.scanner.skip_token();
        }
        let (mut kind, mut mark) = self.peek_kind()?;
        if kind != TokenType::FlowMappingEnd {
            if !first {
                if kind == TokenType::FlowEntry {
                    self.scanner.skip_token();
                    (kind, mark) = self.peek_kind()?;
                } else {
                    return Err(error(
                        "while parsing a flow mapping",
                        "did not find expected ',' or '}'",
                        mark,
                    ));
                }
            }
            if kind == TokenType::Key {
                self.scanner.skip_token();
                let (next, next_mark) = self.peek_kind()?;
                if !matches!(
                    next,
                    TokenType::Value | TokenType::FlowEntry | TokenType::FlowMappingEnd
                ) {
                    self.states.push(State::FlowMappingValue);
                    return self.parse_node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(next_mark));
            } else if kind != TokenType::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.scanner.skip_token();
        Ok(Self::event(EventKind::MappingEnd, mark))
    }

    /// `parseFlowMappingValue`.
    fn parse_flow_mapping_value(&mut self, empty: bool) -> Result<Event> {
        let (kind, mark) = self.peek_kind()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(mark));
        }
        if kind == TokenType::Value {
            self.scanner.skip_token();
            let (next, next_mark) = self.peek_kind()?;
            if next != TokenType::FlowEntry && next != TokenType::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.parse_node(false, false);
            }
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(next_mark));
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(mark))
    }
}

/// `processEmptyScalar`.
fn empty_scalar(mark: Mark) -> Event {
    Event {
        kind: EventKind::Scalar {
            anchor: None,
            tag: String::new(),
            value: String::new(),
            style: ScalarStyle::Plain,
        },
        start: mark,
    }
}

/// A token the parser just peeked is always there.
fn unreachable_token(mark: Mark) -> Token {
    Token {
        kind: TokenType::StreamEnd,
        start: mark,
        value: Vec::new(),
        suffix: Vec::new(),
        style: ScalarStyle::Plain,
        version: (0, 0),
    }
}
