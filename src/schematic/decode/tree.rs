//! The first YAML document of a text as a node tree with positions, tags and scalar styles,
//! built from `saphyr-parser` events, with the input prepared as go-yaml's reader sees it
//! (leading BOM skipped, CR LF / CR / NEL line breaks read as LF) and the escapes go-yaml
//! rejects (`\/`) rejected. Aliases are expanded; nesting depth and expansion are bounded.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::schematic::error::SchematicError;

/// Deepest nesting accepted.
const MAX_DEPTH: usize = 256;
/// Most nodes a document may expand to (aliases included).
const MAX_NODES: usize = 200_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeTag {
    /// `!!suffix` (the YAML core schema).
    Core(String),
    /// `!` alone: a non-specific tag, the scalar is a string.
    NonSpecific,
    /// Any other tag (kept as a string value).
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    Scalar {
        text: String,
        /// Plain style (only plain scalars are typed implicitly).
        plain: bool,
        tag: Option<NodeTag>,
    },
    Seq(Vec<YamlNode>),
    Map(Vec<(YamlNode, YamlNode)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlNode {
    pub(crate) kind: NodeKind,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// Nodes in this subtree (for the expansion bound).
    size: usize,
}

/// Characters go-yaml's reader accepts in a stream: go-yaml v4.0.0-rc.6
/// `internal/libyaml/reader.go` `updateBuffer` takes tab, LF, CR, printable ASCII, DEL and the
/// C1 block U+007F–U+009F (YAML 1.2 `c-printable`), U+00A0–U+D7FF, U+E000–U+FFFD and
/// U+10000 and above.
fn is_allowed_in_stream(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{9F}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// go-yaml v4.0.0-rc.6 `internal/libyaml/scanner.go` `scanBlockScalar`: the line break after
/// each content line is read by `readLine` into `leading_break`, and clip (`|`) and keep
/// (`|+`) chomping append it. When the last content line ends the text, there is no break to
/// read, so the value ends without one (and keep chomping has no trailing breaks either).
/// The parser used here always adds one; this takes it back.
fn block_scalar_at_end(source: &[char], span: &Span, value: &mut String) {
    if span.end.index() < source.len() || !value.ends_with('\n') {
        return;
    }
    let last_line = source
        .iter()
        .rposition(|ch| *ch == '\n')
        .map_or(source, |at| &source[at + 1..]);
    if last_line.iter().any(|ch| !matches!(ch, ' ' | '\t')) {
        value.pop();
    }
}

/// The text go-yaml's reader sees: no leading BOM, every CR LF, CR and NEL line break as LF.
/// Control characters are rejected, as the reader does.
fn prepare(text: &str) -> Result<String, SchematicError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut prepared = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1, 0);
    while let Some(ch) = chars.next() {
        column += 1;
        if ch == '\n' {
            line += 1;
            column = 0;
        }
        if !is_allowed_in_stream(ch) {
            return Err(SchematicError::new(format!(
                "control characters are not allowed: found U+{:04X} (write it as an escape inside a double-quoted string)",
                u32::from(ch)
            ))
            .at(line, column));
        }
        match ch {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                prepared.push('\n');
            }
            '\u{85}' => prepared.push('\n'),
            _ => prepared.push(ch),
        }
    }
    Ok(prepared)
}

fn node_tag(tag: Option<&Tag>) -> Option<NodeTag> {
    let tag = tag?;
    if tag.is_yaml_core_schema() {
        Some(NodeTag::Core(tag.suffix.clone()))
    } else if tag.handle == "!" && tag.suffix.is_empty() {
        Some(NodeTag::NonSpecific)
    } else {
        Some(NodeTag::Other(tag.to_string()))
    }
}

enum Frame {
    Seq {
        items: Vec<YamlNode>,
        anchor: usize,
        line: usize,
        column: usize,
        size: usize,
    },
    Map {
        entries: Vec<(YamlNode, YamlNode)>,
        key: Option<YamlNode>,
        anchor: usize,
        line: usize,
        column: usize,
        size: usize,
    },
}

fn position(span: &Span) -> (usize, usize) {
    (span.start.line(), span.start.col() + 1)
}

/// go-yaml rejects `\/` in double-quoted scalars (`found unknown escape character`).
fn check_escapes(source: &[char], span: &Span) -> Result<(), SchematicError> {
    let start = span.start.index().min(source.len());
    let end = span.end.index().min(source.len());
    let mut index = start;
    while index + 1 < end {
        if source[index] == '\\' {
            if source[index + 1] == '/' {
                let (line, column) = position(span);
                return Err(SchematicError::new(
                    "found unknown escape character \\/ in a double-quoted string (write / without the backslash)",
                )
                .at(line, column));
            }
            index += 2;
        } else {
            index += 1;
        }
    }
    Ok(())
}

/// Parses the first document of `text`. An empty text or one without a document is an error
/// (the factory answers `EOF`).
pub(crate) fn parse_first_document(text: &str) -> Result<YamlNode, SchematicError> {
    let prepared = prepare(text)?;
    if prepared.trim().is_empty() {
        return Err(SchematicError::new(
            "the schematic is empty (the factory answers EOF)",
        ));
    }
    let source: Vec<char> = prepared.chars().collect();
    let mut parser = Parser::new_from_str(&prepared);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, YamlNode> = HashMap::new();
    let mut total = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| {
            let marker = error.marker();
            SchematicError::new(format!("yaml syntax error: {}", error.info()))
                .at(marker.line(), marker.col() + 1)
        })?;
        let (line, column) = position(&span);
        let is_alias = matches!(event, Event::Alias(_));
        let completed = match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {
                continue;
            }
            Event::Alias(id) => anchors.get(&id).cloned().ok_or_else(|| {
                SchematicError::new("unknown anchor referenced by an alias").at(line, column)
            })?,
            Event::Scalar(value, style, anchor, tag) => {
                if style == ScalarStyle::DoubleQuoted {
                    check_escapes(&source, &span)?;
                }
                let mut text = value.into_owned();
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    block_scalar_at_end(&source, &span, &mut text);
                }
                let node = YamlNode {
                    kind: NodeKind::Scalar {
                        text,
                        plain: style == ScalarStyle::Plain,
                        tag: node_tag(tag.as_deref()),
                    },
                    line,
                    column,
                    size: 1,
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                    line,
                    column,
                    size: 1,
                });
                if stack.len() > MAX_DEPTH {
                    return Err(SchematicError::new(format!(
                        "nesting deeper than {MAX_DEPTH} levels"
                    ))
                    .at(line, column));
                }
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    anchor,
                    line,
                    column,
                    size: 1,
                });
                if stack.len() > MAX_DEPTH {
                    return Err(SchematicError::new(format!(
                        "nesting deeper than {MAX_DEPTH} levels"
                    ))
                    .at(line, column));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Frame::Seq {
                        items,
                        anchor,
                        line,
                        column,
                        size,
                    }) => (
                        anchor,
                        YamlNode {
                            kind: NodeKind::Seq(items),
                            line,
                            column,
                            size,
                        },
                    ),
                    Some(Frame::Map {
                        entries,
                        anchor,
                        line,
                        column,
                        size,
                        ..
                    }) => (
                        anchor,
                        YamlNode {
                            kind: NodeKind::Map(entries),
                            line,
                            column,
                            size,
                        },
                    ),
                    None => {
                        return Err(SchematicError::new("unbalanced yaml events").at(line, column));
                    }
                };
                if node.0 > 0 {
                    anchors.insert(node.0, node.1.clone());
                }
                node.1
            }
        };
        // Aliases add their whole subtree, everything else one node.
        total = total.saturating_add(if is_alias { completed.size } else { 1 });
        if total > MAX_NODES {
            return Err(SchematicError::new(format!(
                "the document expands to more than {MAX_NODES} nodes"
            ))
            .at(line, column));
        }
        match stack.last_mut() {
            None => return Ok(completed),
            Some(Frame::Seq { items, size, .. }) => {
                *size += completed.size;
                items.push(completed);
            }
            Some(Frame::Map {
                entries, key, size, ..
            }) => {
                *size += completed.size;
                match key.take() {
                    None => *key = Some(completed),
                    Some(key_node) => entries.push((key_node, completed)),
                }
            }
        }
    }
    Err(SchematicError::new(
        "the schematic has no yaml document (the factory answers EOF)",
    ))
}
