//! The canonical YAML of a schematic: a byte-exact port of `yaml.Marshal` from
//! `go.yaml.in/yaml/v4` v4.0.0-rc.6 (what the factory hashes today), restricted to the shapes a
//! schematic can take, plus the older libraries earlier factory releases used (rc.4, rc.3 and
//! `gopkg.in/yaml.v3` v3.0.1).
//!
//! Settings are those of `yaml.Marshal`: indentation 4, non-compact sequences, unlimited line
//! width, unicode output, `\n` line breaks, no document markers.
//!
//! Invariant: emission is total (every model value has bytes) and never panics.

mod float;
mod order;
mod resolve;
mod scalar;

pub(crate) use float::go_float;
pub(crate) use resolve::{Resolved, resolve_with};
pub(crate) use scalar::is_break as is_line_break;

use std::borrow::Cow;

use super::model::{Bootloader, Schematic, Value};
use crate::i18n::Text;
use scalar::Position;

/// The YAML library whose bytes to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum YamlLibrary {
    /// `go.yaml.in/yaml/v4` v4.0.0-rc.6: image-factory v1.5.0 and later.
    #[default]
    GoYamlV4Rc6,
    /// `go.yaml.in/yaml/v4` v4.0.0-rc.4: image-factory v1.1.0 … v1.4.0.
    GoYamlV4Rc4,
    /// `go.yaml.in/yaml/v4` v4.0.0-rc.3: image-factory v0.9.0 … v1.0.3.
    GoYamlV4Rc3,
    /// `gopkg.in/yaml.v3` v3.0.1: image-factory v0.8.4 and earlier.
    YamlV3,
}

impl YamlLibrary {
    /// Every supported library, newest first.
    pub const ALL: [YamlLibrary; 4] = [
        YamlLibrary::GoYamlV4Rc6,
        YamlLibrary::GoYamlV4Rc4,
        YamlLibrary::GoYamlV4Rc3,
        YamlLibrary::YamlV3,
    ];

    /// The image-factory releases that used this library (in the language shown).
    pub fn releases_text(self) -> Text {
        match self {
            YamlLibrary::GoYamlV4Rc6 => Text::library_releases_from("image-factory v1.5.0"),
            YamlLibrary::GoYamlV4Rc4 => {
                Text::library_releases_between("image-factory v1.1.0", "v1.4.0")
            }
            YamlLibrary::GoYamlV4Rc3 => {
                Text::library_releases_between("image-factory v0.9.0", "v1.0.3")
            }
            YamlLibrary::YamlV3 => Text::library_releases_until("image-factory v0.8.4"),
        }
    }

    /// The Go module and version.
    pub fn module(self) -> &'static str {
        match self {
            YamlLibrary::GoYamlV4Rc6 => "go.yaml.in/yaml/v4 v4.0.0-rc.6",
            YamlLibrary::GoYamlV4Rc4 => "go.yaml.in/yaml/v4 v4.0.0-rc.4",
            YamlLibrary::GoYamlV4Rc3 => "go.yaml.in/yaml/v4 v4.0.0-rc.3",
            YamlLibrary::YamlV3 => "gopkg.in/yaml.v3 v3.0.1",
        }
    }
}

/// A YAML node in emission order: the fixed shape of a schematic, with free-form option
/// values left as they are (`Options`), read by the emitter as it goes.
#[derive(Debug, Clone, PartialEq)]
enum Node<'a> {
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    Str(&'a str),
    /// A non-string scalar, written plain.
    Raw(Cow<'a, str>),
    /// A `map[string]any` (`overlay.options`), keys in Go's natural order.
    Options(&'a [(String, Value)]),
}

/// The canonical YAML of `schematic` as `library` emits it.
pub fn schematic_yaml(schematic: &Schematic, library: YamlLibrary) -> String {
    let mut emitter = Emitter::new(library);
    emitter.document(Item::Node(&schematic_node(schematic)));
    emitter.out
}

/// The YAML document of a free-form value (as inside `overlay.options`, maps in Go's natural
/// key order), as `library` emits it. A non-map root is written as a one-node document.
pub fn value_yaml(value: &Value, library: YamlLibrary) -> String {
    let mut emitter = Emitter::new(library);
    emitter.document(Item::Value(value));
    emitter.out
}

/// The YAML document of an options map (`overlay.options`), as [`value_yaml`] writes it.
pub(crate) fn options_yaml(options: &[(String, Value)], library: YamlLibrary) -> String {
    let mut emitter = Emitter::new(library);
    emitter.document(Item::Node(&Node::Options(options)));
    emitter.out
}

fn schematic_node(schematic: &Schematic) -> Node<'_> {
    let mut root = Vec::with_capacity(3);
    if !schematic.owner.is_empty() {
        root.push(("owner", Node::Str(&schematic.owner)));
    }
    let overlay = &schematic.overlay;
    if !overlay.image.is_empty() || !overlay.name.is_empty() || !overlay.options.is_empty() {
        let mut entries = vec![
            ("image", Node::Str(&overlay.image)),
            ("name", Node::Str(&overlay.name)),
        ];
        if !overlay.options.is_empty() {
            entries.push(("options", Node::Options(&overlay.options)));
        }
        root.push(("overlay", Node::Map(entries)));
    }
    let customization = &schematic.customization;
    let mut entries = Vec::new();
    if !customization.embedded_machine_configuration.is_empty() {
        entries.push((
            "embeddedMachineConfiguration",
            Node::Str(&customization.embedded_machine_configuration),
        ));
    }
    if !customization.extra_kernel_args.is_empty() {
        entries.push((
            "extraKernelArgs",
            strings_node(&customization.extra_kernel_args),
        ));
    }
    if !customization.meta.is_empty() {
        let items = customization
            .meta
            .iter()
            .map(|meta| {
                Node::Map(vec![
                    ("key", Node::Raw(Cow::Owned(meta.key.to_string()))),
                    ("value", Node::Str(&meta.value)),
                ])
            })
            .collect();
        entries.push(("meta", Node::Seq(items)));
    }
    let extensions = &customization.system_extensions.official_extensions;
    if !extensions.is_empty() {
        entries.push((
            "systemExtensions",
            Node::Map(vec![("officialExtensions", strings_node(extensions))]),
        ));
    }
    if let Some(text) = bootloader_text(customization.bootloader) {
        entries.push(("bootloader", Node::Raw(Cow::Borrowed(text))));
    }
    let secureboot = &customization.secureboot;
    let mut secureboot_entries = Vec::new();
    if !secureboot.enroll_keys.is_empty() {
        secureboot_entries.push(("enrollKeys", Node::Str(&secureboot.enroll_keys)));
    }
    if secureboot.include_well_known_certificates {
        secureboot_entries.push((
            "includeWellKnownCertificates",
            Node::Raw(Cow::Borrowed("true")),
        ));
    }
    if !secureboot_entries.is_empty() {
        entries.push(("secureboot", Node::Map(secureboot_entries)));
    }
    if customization.disk_image.sector_size != 0 {
        let size = customization.disk_image.sector_size.to_string();
        entries.push((
            "diskImage",
            Node::Map(vec![("sectorSize", Node::Raw(Cow::Owned(size)))]),
        ));
    }
    root.push(("customization", Node::Map(entries)));
    Node::Map(root)
}

/// The YAML word of a bootloader; `None` for the omitted default.
pub(crate) fn bootloader_text(bootloader: Bootloader) -> Option<&'static str> {
    match bootloader {
        Bootloader::None => None,
        Bootloader::DualBoot => Some("dual-boot"),
        Bootloader::SdBoot => Some("sd-boot"),
        Bootloader::Grub => Some("grub"),
    }
}

fn strings_node(strings: &[String]) -> Node<'_> {
    Node::Seq(strings.iter().map(|text| Node::Str(text)).collect())
}

/// Something to emit: a node of the schematic's shape or an option value.
#[derive(Clone, Copy)]
enum Item<'a> {
    Node(&'a Node<'a>),
    Value(&'a Value),
}

/// What the emitter writes for an item: collections with their entries in emission order.
enum Shape<'a> {
    Map(Vec<(&'a str, Item<'a>)>),
    Seq(Vec<Item<'a>>),
    EmptyMap,
    EmptySeq,
    Str(&'a str),
    Raw(Cow<'a, str>),
}

/// The entries of a `map[string]any` in Go's natural key order (go-yaml `keyList.Less`).
fn options_shape(options: &[(String, Value)]) -> Shape<'_> {
    if options.is_empty() {
        return Shape::EmptyMap;
    }
    let mut entries: Vec<&(String, Value)> = options.iter().collect();
    order::sort_naturally(&mut entries, |entry| entry.0.as_str());
    Shape::Map(
        entries
            .into_iter()
            .map(|(key, value)| (key.as_str(), Item::Value(value)))
            .collect(),
    )
}

fn shape(item: Item<'_>) -> Shape<'_> {
    match item {
        Item::Node(Node::Map(entries)) if entries.is_empty() => Shape::EmptyMap,
        Item::Node(Node::Seq(items)) if items.is_empty() => Shape::EmptySeq,
        Item::Node(Node::Map(entries)) => Shape::Map(
            entries
                .iter()
                .map(|(key, node)| (*key, Item::Node(node)))
                .collect(),
        ),
        Item::Node(Node::Seq(items)) => Shape::Seq(items.iter().map(Item::Node).collect()),
        Item::Node(Node::Str(text)) => Shape::Str(text),
        Item::Node(Node::Raw(text)) => Shape::Raw(Cow::Borrowed(text)),
        Item::Node(Node::Options(options)) => options_shape(options),
        Item::Value(Value::Map(options)) => options_shape(options),
        Item::Value(Value::Seq(items)) if items.is_empty() => Shape::EmptySeq,
        Item::Value(Value::Seq(items)) => Shape::Seq(items.iter().map(Item::Value).collect()),
        Item::Value(Value::Null) => Shape::Raw(Cow::Borrowed("null")),
        Item::Value(Value::Bool(true)) => Shape::Raw(Cow::Borrowed("true")),
        Item::Value(Value::Bool(false)) => Shape::Raw(Cow::Borrowed("false")),
        Item::Value(Value::Int(number)) => Shape::Raw(Cow::Owned(number.to_string())),
        Item::Value(Value::Uint(number)) => Shape::Raw(Cow::Owned(number.to_string())),
        Item::Value(Value::Float(number)) => Shape::Raw(Cow::Owned(go_float(*number))),
        Item::Value(Value::Str(text)) => Shape::Str(text),
        Item::Value(Value::Timestamp(text)) => Shape::Raw(Cow::Borrowed(text)),
    }
}

/// A block collection being written: its remaining entries, the indentation of its entries,
/// and whether the next entry continues the current line (`- key: …`, `- - …`).
enum Open<'a> {
    Map {
        entries: std::vec::IntoIter<(&'a str, Item<'a>)>,
        indent: usize,
        inline: bool,
    },
    Seq {
        items: std::vec::IntoIter<Item<'a>>,
        indent: usize,
        inline: bool,
    },
}

impl<'a> Open<'a> {
    fn map(entries: Vec<(&'a str, Item<'a>)>, indent: usize, inline: bool) -> Self {
        Open::Map {
            entries: entries.into_iter(),
            indent,
            inline,
        }
    }

    fn seq(items: Vec<Item<'a>>, indent: usize, inline: bool) -> Self {
        Open::Seq {
            items: items.into_iter(),
            indent,
            inline,
        }
    }
}

/// The next entry of the innermost open collection.
enum Next<'a> {
    Entry(&'a str, Item<'a>, usize),
    Item(Item<'a>, usize),
    Done,
}

/// Appends `count` spaces (a chunk at a time: deep options indent lines by tens of
/// thousands).
pub(crate) fn push_spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let chunk = count.min(SPACES.len());
        out.push_str(&SPACES[..chunk]);
        count -= chunk;
    }
}

/// Smallest multiple of 4 strictly greater than `indent`.
fn next4(indent: usize) -> usize {
    indent / 4 * 4 + 4
}

struct Emitter {
    out: String,
    library: YamlLibrary,
}

impl Emitter {
    fn new(library: YamlLibrary) -> Self {
        Emitter {
            out: String::with_capacity(256),
            library,
        }
    }

    fn document(&mut self, root: Item<'_>) {
        match shape(root) {
            Shape::Map(entries) => self.block(Open::map(entries, 0, false)),
            Shape::Seq(items) => self.block(Open::seq(items, 0, false)),
            Shape::EmptyMap => self.out.push_str("{}"),
            Shape::EmptySeq => self.out.push_str("[]"),
            Shape::Str(text) => self.string(text, Position::Value, 0),
            Shape::Raw(text) => self.out.push_str(&text),
        }
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }

    /// Whether the output sits at a line start: after any line break, as go-yaml's
    /// `emitter.go` `writeLineBreak` sets the column to 0 for CR, NEL, LS and PS written
    /// inside a block scalar too (so a literal block ending in U+2028 is followed by the next
    /// key's indentation, with no `\n` between).
    fn at_line_start(&self) -> bool {
        self.out.chars().next_back().is_some_and(scalar::is_break)
    }

    /// Starts a new line at `indent` unless the output already sits at a line start.
    fn line(&mut self, indent: usize) {
        if !self.out.is_empty() && !self.at_line_start() {
            self.out.push('\n');
        }
        push_spaces(&mut self.out, indent);
    }

    /// A block collection and everything inside it, with a stack of open collections (go-yaml
    /// nests up to 10,000 levels, deeper through aliases; no recursion per level).
    fn block(&mut self, root: Open<'_>) {
        let mut open = vec![root];
        loop {
            let next = match open.last_mut() {
                None => return,
                Some(Open::Map {
                    entries,
                    indent,
                    inline,
                }) => match entries.next() {
                    Some((key, item)) => {
                        if !std::mem::take(inline) {
                            self.line(*indent);
                        }
                        Next::Entry(key, item, *indent)
                    }
                    None => Next::Done,
                },
                Some(Open::Seq {
                    items,
                    indent,
                    inline,
                }) => match items.next() {
                    Some(item) => {
                        if !std::mem::take(inline) {
                            self.line(*indent);
                        }
                        Next::Item(item, *indent)
                    }
                    None => Next::Done,
                },
            };
            match next {
                Next::Done => {
                    open.pop();
                }
                Next::Entry(key, item, indent) => {
                    self.key(key, indent);
                    // The value of a map entry whose key sits at `indent`.
                    match shape(item) {
                        Shape::EmptyMap => self.out.push_str(" {}"),
                        Shape::EmptySeq => self.out.push_str(" []"),
                        Shape::Map(entries) => open.push(Open::map(entries, next4(indent), false)),
                        Shape::Seq(items) => open.push(Open::seq(items, next4(indent), false)),
                        Shape::Str(text) => self.string(text, Position::Value, next4(indent)),
                        Shape::Raw(text) => {
                            self.out.push(' ');
                            self.out.push_str(&text);
                        }
                    }
                }
                Next::Item(item, indent) => {
                    self.out.push('-');
                    match shape(item) {
                        Shape::EmptyMap => self.out.push_str(" {}"),
                        Shape::EmptySeq => self.out.push_str(" []"),
                        Shape::Map(entries) => {
                            self.out.push(' ');
                            open.push(Open::map(entries, indent + 2, true));
                        }
                        Shape::Seq(items) => {
                            self.out.push(' ');
                            open.push(Open::seq(items, indent + 2, true));
                        }
                        Shape::Str(text) => self.string(text, Position::Value, indent + 2),
                        Shape::Raw(text) => {
                            self.out.push(' ');
                            self.out.push_str(&text);
                        }
                    }
                }
            }
        }
    }

    /// A map key at `indent` and its `:`.
    fn key(&mut self, key: &str, indent: usize) {
        let analysis = scalar::analyze(key);
        let simple = key.len() <= 128 && !analysis.multiline;
        if simple {
            let style = scalar::style_for(key, &analysis, Position::SimpleKey, self.library);
            scalar::write(&mut self.out, key, style, next4(indent), self.library);
            self.out.push(':');
        } else {
            self.out.push('?');
            self.string(key, Position::ComplexKey, next4(indent));
            self.line(indent);
            self.out.push(':');
        }
    }

    /// ` ` + a string scalar; `indent` is its block/continuation indentation.
    fn string(&mut self, text: &str, position: Position, indent: usize) {
        let analysis = scalar::analyze(text);
        let style = scalar::style_for(text, &analysis, position, self.library);
        if !self.out.is_empty() {
            self.out.push(' ');
        }
        scalar::write(&mut self.out, text, style, indent, self.library);
    }
}
