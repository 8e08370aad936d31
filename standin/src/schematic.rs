//! The stand-in's own schematic model and decoder, written from image-factory
//! `pkg/schematic/schematic.go` (tag v1.5.0): the struct's fields and YAML names, and
//! `Unmarshal` (`yaml.NewDecoder` + `KnownFields(true)`, one `Decode`). The body is parsed with
//! `yaml-rust2` into events and then typed by go-yaml's rules (`resolve.rs`); the canonical YAML
//! is written by `emit.rs`. Constructs whose go-yaml treatment the stand-in does not reproduce
//! (anchors, tags, merge keys, complex keys, NEL/LS/PS characters, …) are refused with a
//! message that starts with [`UNSUPPORTED`], never hashed into a possibly wrong ID.

mod emit;
mod resolve;
#[cfg(test)]
mod tests;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

pub use emit::{Unsupported, canonical_yaml};
use resolve::{Resolved, resolve};

/// The start of every refusal of a body the stand-in cannot hash for sure (a 400 answer).
pub const UNSUPPORTED: &str = "unsupported by the stand-in";

/// The YAML library of the imitated factory release (image-factory `go.mod` at each tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum YamlLibrary {
    /// go.yaml.in/yaml/v4 v4.0.0-rc.6 line: image-factory v1.5.0 and later.
    #[default]
    GoYamlV4Rc6,
    /// v4.0.0-rc.4: image-factory v1.1.0 … v1.4.0.
    GoYamlV4Rc4,
    /// v4.0.0-rc.3: image-factory v0.9.0 … v1.0.3.
    GoYamlV4Rc3,
    /// gopkg.in/yaml.v3 v3.0.1: image-factory v0.8.4 and earlier.
    YamlV3,
}

/// A free-form overlay option value (`map[string]any` as go-yaml decodes it).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// The plain scalar `-0`: a float `-0` for go-yaml v4, the int `0` for yaml.v3.
    MinusZero,
    /// Written as Go's RFC 3339 text.
    Timestamp(String),
    Str(String),
    Seq(Vec<Value>),
    /// String keys in document order (the emitter sorts them).
    Map(Vec<(String, Value)>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overlay {
    pub image: String,
    pub name: String,
    pub options: Vec<(String, Value)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemExtensions {
    pub official_extensions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecureBoot {
    pub enroll_keys: String,
    pub include_well_known_certificates: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiskImage {
    pub sector_size: u64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Customization {
    pub embedded_machine_configuration: String,
    pub extra_kernel_args: Vec<String>,
    pub meta: Vec<(u8, String)>,
    pub system_extensions: SystemExtensions,
    /// `dual-boot`, `sd-boot` or `grub`; `None` for `none` (omitted).
    pub bootloader: Option<&'static str>,
    pub secureboot: SecureBoot,
    pub disk_image: DiskImage,
}

/// `schematic.Schematic`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schematic {
    pub owner: String,
    pub overlay: Overlay,
    pub customization: Customization,
}

/// A parsed YAML node with what go-yaml's constructor looks at.
#[derive(Debug, Clone)]
enum Node {
    Scalar {
        text: String,
        plain: bool,
        line: usize,
    },
    Seq(Vec<Node>, usize),
    Map(Vec<(Node, Node)>, usize),
}

impl Node {
    fn line(&self) -> usize {
        match self {
            Node::Scalar { line, .. } | Node::Seq(_, line) | Node::Map(_, line) => *line,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { text, plain: true, .. } if resolve(text) == Resolved::Null)
    }

    fn tag(&self) -> &'static str {
        match self {
            Node::Seq(..) => "!!seq",
            Node::Map(..) => "!!map",
            Node::Scalar { plain: false, .. } => "!!str",
            Node::Scalar { text, .. } => match resolve(text) {
                Resolved::Null => "!!null",
                Resolved::Bool(_) => "!!bool",
                Resolved::Int(_) | Resolved::Uint(_) => "!!int",
                Resolved::Float(_) => "!!float",
                Resolved::Timestamp(_) => "!!timestamp",
                Resolved::Merge => "!!merge",
                Resolved::Str => "!!str",
            },
        }
    }
}

fn unsupported(what: &str) -> String {
    format!("{UNSUPPORTED}: {what}")
}

struct Reader<'a> {
    parser: Parser<std::str::Chars<'a>>,
}

impl Reader<'_> {
    fn next(&mut self) -> Result<(Event, Marker), String> {
        self.parser
            .next_token()
            .map_err(|error| format!("yaml: {error}"))
    }

    /// Reads the node that starts with `event`.
    fn node(&mut self, event: Event, mark: Marker, depth: usize) -> Result<Node, String> {
        if depth > 64 {
            return Err(unsupported("nesting deeper than 64 levels"));
        }
        let line = mark.line();
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return Err(unsupported("anchors and tags"));
                }
                Ok(Node::Scalar {
                    text,
                    plain: style == TScalarStyle::Plain,
                    line,
                })
            }
            Event::SequenceStart(anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return Err(unsupported("anchors and tags"));
                }
                let mut items = Vec::new();
                loop {
                    let (event, mark) = self.next()?;
                    if event == Event::SequenceEnd {
                        return Ok(Node::Seq(items, line));
                    }
                    items.push(self.node(event, mark, depth + 1)?);
                }
            }
            Event::MappingStart(anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return Err(unsupported("anchors and tags"));
                }
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let (event, mark) = self.next()?;
                    if event == Event::MappingEnd {
                        return Ok(Node::Map(entries, line));
                    }
                    let key = self.node(event, mark, depth + 1)?;
                    if matches!(&key, Node::Scalar { text, plain: true, .. } if text == "<<") {
                        return Err(unsupported("merge keys"));
                    }
                    let (event, mark) = self.next()?;
                    let value = self.node(event, mark, depth + 1)?;
                    if let Some((existing, _)) = entries
                        .iter()
                        .find(|(existing, _)| same_key(existing, &key))
                    {
                        let text = match &key {
                            Node::Scalar { text, .. } => text.as_str(),
                            _ => "",
                        };
                        return Err(format!(
                            "yaml: construct errors: line {}: mapping key {text:?} already defined at line {}",
                            key.line(),
                            existing.line()
                        ));
                    }
                    entries.push((key, value));
                }
            }
            Event::Alias(_) => Err(unsupported("anchors and aliases")),
            other => Err(format!("yaml: unexpected event {other:?}")),
        }
    }
}

/// go-yaml compares mapping keys by value (`1` and `"1"` differ, `0x1` and `1` do not).
fn same_key(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (
            Node::Scalar {
                text: at,
                plain: ap,
                ..
            },
            Node::Scalar {
                text: bt,
                plain: bp,
                ..
            },
        ) => {
            let value = |text: &str, plain: bool| {
                if plain {
                    format!("{:?}", resolve(text))
                } else {
                    format!("{:?}", Resolved::Str)
                }
            };
            let (av, bv) = (value(at, *ap), value(bt, *bp));
            av == bv && (av != format!("{:?}", Resolved::Str) || at == bt)
        }
        _ => false,
    }
}

/// Parses the first YAML document of `text`; `None` for a stream without documents.
fn parse_document(text: &str) -> Result<Option<Node>, String> {
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
    };
    loop {
        let (event, mark) = reader.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart | Event::Nothing => {}
            Event::StreamEnd | Event::DocumentEnd => return Ok(None),
            event => return reader.node(event, mark, 0).map(Some),
        }
    }
}

fn construct_error(line: usize, message: &str) -> String {
    format!("yaml: construct errors: line {line}: {message}")
}

fn cannot(node: &Node, into: &str) -> String {
    let text = match node {
        Node::Scalar { text, .. } => format!(" `{text}`"),
        _ => String::new(),
    };
    construct_error(
        node.line(),
        &format!("cannot construct {}{text} into {into}", node.tag()),
    )
}

/// The fields of a struct mapping, refusing unknown ones (`KnownFields(true)`).
fn fields<'n>(
    node: &'n Node,
    type_name: &str,
    known: &[&str],
) -> Result<Vec<(&'n str, &'n Node)>, String> {
    if node.is_null() {
        return Ok(Vec::new());
    }
    let Node::Map(entries, _) = node else {
        return Err(cannot(node, type_name));
    };
    let mut result = Vec::new();
    for (key, value) in entries {
        let Node::Scalar { text, .. } = key else {
            return Err(cannot(key, "string"));
        };
        if !known.contains(&text.as_str()) {
            return Err(construct_error(
                key.line(),
                &format!("field {text} not found in type {type_name}"),
            ));
        }
        result.push((text.as_str(), value));
    }
    Ok(result)
}

/// A Go `string` field: any scalar keeps its text, except a timestamp; null is "".
fn string(node: &Node) -> Result<String, String> {
    match node {
        Node::Scalar { text, plain, .. } => {
            if *plain && matches!(resolve(text), Resolved::Timestamp(_)) {
                return Err(cannot(node, "string"));
            }
            if node.is_null() {
                return Ok(String::new());
            }
            Ok(text.clone())
        }
        _ => Err(cannot(node, "string")),
    }
}

/// A Go `[]string` field; null items are dropped.
fn strings(node: &Node) -> Result<Vec<String>, String> {
    if node.is_null() {
        return Ok(Vec::new());
    }
    let Node::Seq(items, _) = node else {
        return Err(cannot(node, "[]string"));
    };
    items
        .iter()
        .filter(|item| !item.is_null())
        .map(string)
        .collect()
}

/// An unsigned integer field (`uint8`, `uint`): an int, or an integral float, in range.
fn unsigned(node: &Node, max: u64, type_name: &str) -> Result<u64, String> {
    let Node::Scalar {
        text, plain: true, ..
    } = node
    else {
        return Err(cannot(node, type_name));
    };
    let value = match resolve(text) {
        Resolved::Int(i) => u64::try_from(i).ok(),
        Resolved::Uint(u) => Some(u),
        Resolved::Float(f) if f.fract() == 0.0 && (0.0..1.8e19).contains(&f) => Some(f as u64),
        _ => None,
    };
    value
        .filter(|value| *value <= max)
        .ok_or_else(|| cannot(node, type_name))
}

/// A Go `bool` field: YAML's booleans, and the YAML 1.1 words go-yaml still accepts when the
/// target is a bool (`yes`, `on`, `off`, …).
fn boolean(node: &Node) -> Result<bool, String> {
    if let Node::Scalar { text, plain, .. } = node {
        if *plain && let Resolved::Bool(b) = resolve(text) {
            return Ok(b);
        }
        match text.as_str() {
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Ok(true),
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Ok(false),
            _ => {}
        }
    }
    Err(cannot(node, "bool"))
}

/// `imageropts.BootloaderKind` (siderolabs/talos `pkg/machinery/imager/imageropts`
/// `bootloaderkind_enumer.go`): case-insensitive names, `none` is the zero value.
fn bootloader(node: &Node) -> Result<Option<&'static str>, String> {
    if node.is_null() {
        return Ok(None);
    }
    let text = string(node)?;
    match text.to_ascii_lowercase().as_str() {
        "none" => Ok(None),
        "dual-boot" => Ok(Some("dual-boot")),
        "sd-boot" => Ok(Some("sd-boot")),
        "grub" => Ok(Some("grub")),
        _ => Err(construct_error(
            node.line(),
            &format!("{text} does not belong to BootloaderKind values"),
        )),
    }
}

/// An `any` value inside `overlay.options`.
fn any(node: &Node) -> Result<Value, String> {
    Ok(match node {
        Node::Scalar { text, plain, .. } if *plain => match resolve(text) {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::Int(i),
            Resolved::Uint(u) => Value::Uint(u),
            Resolved::Float(_) if text == "-0" => Value::MinusZero,
            Resolved::Float(f) => Value::Float(f),
            Resolved::Timestamp(t) => Value::Timestamp(t),
            Resolved::Merge => return Err(unsupported("merge keys")),
            Resolved::Str => Value::Str(text.clone()),
        },
        Node::Scalar { text, .. } => Value::Str(text.clone()),
        Node::Seq(items, _) => Value::Seq(items.iter().map(any).collect::<Result<_, _>>()?),
        Node::Map(entries, _) => Value::Map(options(entries, true)?),
    })
}

/// The entries of an options map. Top-level keys are Go strings (any scalar keeps its text);
/// nested maps with a key that is not a string would be `map[any]any`, which the stand-in
/// does not sort like Go.
fn options(entries: &[(Node, Node)], nested: bool) -> Result<Vec<(String, Value)>, String> {
    let mut result = Vec::new();
    for (key, value) in entries {
        if nested && key.tag() != "!!str" {
            return Err(unsupported("an option map with a key that is not a string"));
        }
        // go-yaml drops an entry whose key is null.
        if key.is_null() {
            continue;
        }
        result.push((string(key)?, any(value)?));
    }
    Ok(result)
}

impl Schematic {
    /// Decodes a body the way `schematic.Unmarshal` does (the body is YAML; JSON is YAML too).
    /// An empty stream is `EOF`. The `owner` check is the caller's.
    pub fn decode(text: &str) -> Result<Schematic, String> {
        // go-yaml skips a leading byte order mark.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
            return Err(unsupported("U+0085, U+2028 or U+2029 in the body"));
        }
        if text.contains("\\/") {
            return Err(unsupported("the JSON escape \\/"));
        }
        let Some(root) = parse_document(text)? else {
            return Err("EOF".to_string());
        };
        let mut schematic = Schematic::default();
        for (name, value) in fields(
            &root,
            "schematic.Schematic",
            &["owner", "overlay", "customization"],
        )? {
            match name {
                "owner" => schematic.owner = string(value)?,
                "overlay" => schematic.overlay = overlay(value)?,
                _ => schematic.customization = customization(value)?,
            }
        }
        Ok(schematic)
    }

    /// The canonical YAML the imitated factory hashes, or why the stand-in cannot tell.
    pub fn canonical_yaml(&self, library: YamlLibrary) -> Result<String, Unsupported> {
        canonical_yaml(self, library)
    }
}

fn overlay(node: &Node) -> Result<Overlay, String> {
    let mut overlay = Overlay::default();
    for (name, value) in fields(node, "schematic.Overlay", &["image", "name", "options"])? {
        match name {
            "image" => overlay.image = string(value)?,
            "name" => overlay.name = string(value)?,
            _ => {
                overlay.options = match value {
                    Node::Map(entries, _) => options(entries, false)?,
                    _ if value.is_null() => Vec::new(),
                    _ => return Err(cannot(value, "map[string]interface {}")),
                }
            }
        }
    }
    Ok(overlay)
}

fn customization(node: &Node) -> Result<Customization, String> {
    let mut c = Customization::default();
    let known = [
        "embeddedMachineConfiguration",
        "extraKernelArgs",
        "meta",
        "systemExtensions",
        "bootloader",
        "secureboot",
        "diskImage",
    ];
    for (name, value) in fields(node, "schematic.Customization", &known)? {
        match name {
            "embeddedMachineConfiguration" => c.embedded_machine_configuration = string(value)?,
            "extraKernelArgs" => c.extra_kernel_args = strings(value)?,
            "meta" => c.meta = meta(value)?,
            "systemExtensions" => {
                for (_, value) in
                    fields(value, "schematic.SystemExtensions", &["officialExtensions"])?
                {
                    c.system_extensions.official_extensions = strings(value)?;
                }
            }
            "bootloader" => c.bootloader = bootloader(value)?,
            "secureboot" => {
                for (name, value) in fields(
                    value,
                    "schematic.SecureBootCustomization",
                    &["enrollKeys", "includeWellKnownCertificates"],
                )? {
                    if name == "enrollKeys" {
                        c.secureboot.enroll_keys = string(value)?;
                    } else {
                        c.secureboot.include_well_known_certificates = boolean(value)?;
                    }
                }
            }
            _ => {
                for (_, value) in
                    fields(value, "schematic.DiskImageCustomization", &["sectorSize"])?
                {
                    c.disk_image.sector_size = unsigned(value, u64::MAX, "uint")?;
                }
            }
        }
    }
    Ok(c)
}

fn meta(node: &Node) -> Result<Vec<(u8, String)>, String> {
    if node.is_null() {
        return Ok(Vec::new());
    }
    let Node::Seq(items, _) = node else {
        return Err(cannot(node, "[]schematic.MetaValue"));
    };
    let mut result = Vec::new();
    // Like every slice element, a null item is dropped.
    for item in items.iter().filter(|item| !item.is_null()) {
        let (mut key, mut value) = (0u8, String::new());
        for (name, field) in fields(item, "schematic.MetaValue", &["key", "value"])? {
            if name == "key" {
                key = u8::try_from(unsigned(field, 255, "uint8")?).unwrap_or(0);
            } else {
                value = string(field)?;
            }
        }
        result.push((key, value));
    }
    Ok(result)
}
