//! The first YAML document of a text as a node tree, composed as go-yaml v4.0.0-rc.6 composes
//! it (`internal/libyaml/composer.go`) from the events of its own parser (ported in `parser`
//! and `scanner`). Aliases stay references to their anchored node, as in go-yaml: they are
//! followed when the decoder reaches them ([`YamlNode::kind`]); the decoder tracks which
//! aliases it is expanding (`constructor.go` `Constructor.alias`).
//!
//! Composition uses an explicit stack, so nesting up to go-yaml's limit (10,000 levels,
//! enforced by the scanner) cannot overflow the (wasm) stack.

use std::collections::HashMap;

use super::parser::{EventKind, Parser};
use super::scanner::{ScalarStyle, YamlError};
use crate::schematic::error::{Cause, SchematicError};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeTag {
    /// `!!suffix` (the YAML core schema).
    Core(String),
    /// `!` alone: a non-specific tag, the scalar is a string.
    NonSpecific,
    /// Any other tag.
    Other(String),
}

/// go-yaml `node.go` `shortTag`: `tag:yaml.org,2002:x` is `!!x`.
fn node_tag(tag: &str) -> Option<NodeTag> {
    if tag.is_empty() {
        return None;
    }
    let short = tag
        .strip_prefix("tag:yaml.org,2002:")
        .or_else(|| tag.strip_prefix("!!"));
    Some(match short {
        Some(suffix) => NodeTag::Core(suffix.to_owned()),
        None if tag == "!" => NodeTag::NonSpecific,
        None => NodeTag::Other(tag.to_owned()),
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Data {
    Scalar {
        text: String,
        plain: bool,
        tag: Option<NodeTag>,
    },
    Seq {
        items: Vec<usize>,
        tag: Option<NodeTag>,
    },
    /// Keys and values alternating, as go-yaml's `Node.Content`.
    Map {
        content: Vec<usize>,
        tag: Option<NodeTag>,
    },
    Alias {
        name: String,
        target: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct Stored {
    data: Data,
    line: usize,
    column: usize,
}

/// A composed document.
#[derive(Debug)]
pub(crate) struct Tree {
    nodes: Vec<Stored>,
    root: usize,
}

impl Tree {
    pub(crate) fn root(&self) -> YamlNode<'_> {
        YamlNode {
            tree: self,
            id: self.root,
        }
    }
}

/// A node of the document. An alias is a node of its own ([`YamlNode::is_alias`]); what it
/// holds is its target's ([`YamlNode::kind`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlNode<'t> {
    tree: &'t Tree,
    id: usize,
}

/// What a node holds, aliases followed.
#[derive(Debug, Clone)]
pub(crate) enum NodeKind<'t> {
    Scalar {
        text: &'t str,
        /// Plain style (only plain scalars are typed implicitly).
        plain: bool,
        tag: &'t Option<NodeTag>,
    },
    Seq(Vec<YamlNode<'t>>),
    Map(Vec<(YamlNode<'t>, YamlNode<'t>)>),
}

impl<'t> YamlNode<'t> {
    /// The node itself, or an alias's target.
    fn resolved(&self) -> &'t Stored {
        let stored = &self.tree.nodes[self.id];
        match &stored.data {
            Data::Alias { target, .. } => &self.tree.nodes[*target],
            _ => stored,
        }
    }

    fn at(&self, id: usize) -> YamlNode<'t> {
        YamlNode {
            tree: self.tree,
            id,
        }
    }

    /// The node's index in its document: one per node, an alias being a node of its own
    /// (go-yaml's `*Node`, the key of `Constructor.aliases`).
    pub(crate) fn id(&self) -> usize {
        self.id
    }

    pub(crate) fn kind(&self) -> NodeKind<'t> {
        match &self.resolved().data {
            Data::Scalar { text, plain, tag } => NodeKind::Scalar {
                text: text.as_str(),
                plain: *plain,
                tag,
            },
            Data::Seq { items, .. } => NodeKind::Seq(items.iter().map(|id| self.at(*id)).collect()),
            Data::Map { content, .. } => NodeKind::Map(
                content
                    .chunks(2)
                    .map(|pair| {
                        (
                            self.at(pair[0]),
                            self.at(pair.get(1).copied().unwrap_or(pair[0])),
                        )
                    })
                    .collect(),
            ),
            // An alias's target is never an alias (`composer.go` anchors name other nodes).
            Data::Alias { .. } => NodeKind::Seq(Vec::new()),
        }
    }

    /// A collection's explicit tag (`!!str [a]`); `None` for scalars and untagged collections.
    pub(crate) fn collection_tag(&self) -> Option<&'t NodeTag> {
        match &self.resolved().data {
            Data::Seq { tag, .. } | Data::Map { tag, .. } => tag.as_ref(),
            _ => None,
        }
    }

    /// An alias's anchor name and target.
    pub(crate) fn alias(&self) -> Option<(&'t str, YamlNode<'t>)> {
        match &self.tree.nodes[self.id].data {
            Data::Alias { name, target } => Some((name.as_str(), self.at(*target))),
            _ => None,
        }
    }

    /// go-yaml's duplicate-key identity (`constructor.go` `mapping`): the node's own kind and
    /// value, an alias being its own kind with the anchor name as value.
    pub(crate) fn identity(&self) -> (u8, &'t str) {
        match &self.tree.nodes[self.id].data {
            Data::Scalar { text, .. } => (0, text.as_str()),
            Data::Seq { .. } => (1, ""),
            Data::Map { .. } => (2, ""),
            Data::Alias { name, .. } => (3, name.as_str()),
        }
    }

    /// The node itself is an alias (go-yaml `constructor.go` `Constructor.merge` checks an
    /// alias's target separately).
    pub(crate) fn is_alias(&self) -> bool {
        matches!(self.tree.nodes[self.id].data, Data::Alias { .. })
    }

    /// 1-based line of the node (of the alias's target for an alias).
    pub(crate) fn line(&self) -> usize {
        self.resolved().line
    }

    /// 1-based column.
    pub(crate) fn column(&self) -> usize {
        self.resolved().column
    }

    /// Line and column of the node itself (an alias's own position).
    pub(crate) fn own_position(&self) -> (usize, usize) {
        let stored = &self.tree.nodes[self.id];
        (stored.line, stored.column)
    }
}

fn syntax_error(error: YamlError) -> SchematicError {
    SchematicError::new(format!("yaml: {}", error.message)).at(error.mark.line, error.mark.column)
}

enum Open {
    Seq(usize),
    Map(usize),
}

/// Composes the first document of `text` (`composer.go` `Compose` → `document`). A text
/// without a document is an error (the factory answers `EOF`).
pub(crate) fn parse_first_document(text: &str) -> Result<Tree, SchematicError> {
    let mut parser = Parser::new(text);
    let mut nodes: Vec<Stored> = Vec::new();
    let mut anchors: HashMap<String, usize> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<usize> = None;
    let mut in_document = false;
    loop {
        let event = match parser.next_event() {
            None => break,
            Some(event) => event.map_err(syntax_error)?,
        };
        let (line, column) = (event.start.line, event.start.column);
        let (data, anchor, opens) = match event.kind {
            EventKind::StreamStart => continue,
            EventKind::StreamEnd => break,
            EventKind::DocumentStart => {
                in_document = true;
                continue;
            }
            EventKind::DocumentEnd => {
                if let Some(root) = root {
                    return Ok(Tree { nodes, root });
                }
                continue;
            }
            EventKind::Alias(name) => {
                let Some(target) = anchors.get(&name).copied() else {
                    return Err(SchematicError::new(format!(
                        "yaml: unknown anchor '{name}' referenced"
                    ))
                    .at(line, column));
                };
                (Data::Alias { name, target }, None, false)
            }
            EventKind::Scalar {
                anchor,
                tag,
                value,
                style,
            } => (
                Data::Scalar {
                    text: value,
                    plain: style == ScalarStyle::Plain,
                    tag: node_tag(&tag),
                },
                anchor,
                false,
            ),
            EventKind::SequenceStart { anchor, tag } => (
                Data::Seq {
                    items: Vec::new(),
                    tag: node_tag(&tag),
                },
                anchor,
                true,
            ),
            EventKind::MappingStart { anchor, tag } => (
                Data::Map {
                    content: Vec::new(),
                    tag: node_tag(&tag),
                },
                anchor,
                true,
            ),
            EventKind::SequenceEnd | EventKind::MappingEnd => {
                stack.pop();
                continue;
            }
        };
        if !in_document {
            continue;
        }
        let id = nodes.len();
        let is_seq = matches!(data, Data::Seq { .. });
        nodes.push(Stored { data, line, column });
        // go-yaml `composer.go` `anchor`: the anchor names the node from its start, so an
        // alias inside the node refers to it.
        if let Some(anchor) = anchor {
            anchors.insert(anchor, id);
        }
        match stack.last() {
            None => root = Some(id),
            Some(Open::Seq(parent) | Open::Map(parent)) => match &mut nodes[*parent].data {
                Data::Seq { items, .. } | Data::Map { content: items, .. } => items.push(id),
                _ => {}
            },
        }
        if opens {
            stack.push(if is_seq { Open::Seq(id) } else { Open::Map(id) });
        }
    }
    Err(SchematicError::of(Cause::NoDocument))
}
