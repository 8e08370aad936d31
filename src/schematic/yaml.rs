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

    /// The image-factory releases that used this library.
    pub fn releases(self) -> &'static str {
        match self {
            YamlLibrary::GoYamlV4Rc6 => "image-factory v1.5.0 and later",
            YamlLibrary::GoYamlV4Rc4 => "image-factory v1.1.0 to v1.4.0",
            YamlLibrary::GoYamlV4Rc3 => "image-factory v0.9.0 to v1.0.3",
            YamlLibrary::YamlV3 => "image-factory v0.8.4 and earlier",
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

/// A YAML node in emission order.
#[derive(Debug, Clone, PartialEq)]
enum Node<'a> {
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    Str(&'a str),
    /// A non-string scalar, written plain.
    Raw(Cow<'a, str>),
}

/// The canonical YAML of `schematic` as `library` emits it.
pub fn schematic_yaml(schematic: &Schematic, library: YamlLibrary) -> String {
    let mut emitter = Emitter::new(library);
    emitter.document(&schematic_node(schematic));
    emitter.out
}

/// The YAML document of a free-form value (as inside `overlay.options`, maps in Go's natural
/// key order), as `library` emits it. A non-map root is written as a one-node document.
pub fn value_yaml(value: &Value, library: YamlLibrary) -> String {
    let mut emitter = Emitter::new(library);
    emitter.document(&value_node(value));
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
            entries.push(("options", options_node(&overlay.options)));
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

fn options_node(options: &[(String, Value)]) -> Node<'_> {
    let mut entries: Vec<&(String, Value)> = options.iter().collect();
    order::sort_naturally(&mut entries, |entry| entry.0.as_str());
    Node::Map(
        entries
            .into_iter()
            .map(|(key, value)| (key.as_str(), value_node(value)))
            .collect(),
    )
}

fn value_node(value: &Value) -> Node<'_> {
    match value {
        Value::Null => Node::Raw(Cow::Borrowed("null")),
        Value::Bool(true) => Node::Raw(Cow::Borrowed("true")),
        Value::Bool(false) => Node::Raw(Cow::Borrowed("false")),
        Value::Int(number) => Node::Raw(Cow::Owned(number.to_string())),
        Value::Uint(number) => Node::Raw(Cow::Owned(number.to_string())),
        Value::Float(number) => Node::Raw(Cow::Owned(go_float(*number))),
        Value::Str(text) => Node::Str(text),
        Value::Timestamp(text) => Node::Raw(Cow::Borrowed(text)),
        Value::Seq(items) => Node::Seq(items.iter().map(value_node).collect()),
        Value::Map(entries) => options_node(entries),
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

    fn document(&mut self, root: &Node<'_>) {
        match root {
            Node::Map(entries) if !entries.is_empty() => self.map(entries, 0, false),
            Node::Seq(items) if !items.is_empty() => self.seq(items, 0, false),
            Node::Map(_) => self.out.push_str("{}"),
            Node::Seq(_) => self.out.push_str("[]"),
            Node::Str(text) => self.string(text, Position::Value, 0),
            Node::Raw(text) => self.out.push_str(text),
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
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn map(&mut self, entries: &[(&str, Node<'_>)], indent: usize, first_inline: bool) {
        for (index, (key, value)) in entries.iter().enumerate() {
            if index > 0 || !first_inline {
                self.line(indent);
            }
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
            self.value(value, indent);
        }
    }

    /// The value of a map entry whose key sits at `indent`.
    fn value(&mut self, value: &Node<'_>, indent: usize) {
        match value {
            Node::Map(entries) if entries.is_empty() => self.out.push_str(" {}"),
            Node::Seq(items) if items.is_empty() => self.out.push_str(" []"),
            Node::Map(entries) => self.map(entries, next4(indent), false),
            Node::Seq(items) => self.seq(items, next4(indent), false),
            Node::Str(text) => self.string(text, Position::Value, next4(indent)),
            Node::Raw(text) => {
                self.out.push(' ');
                self.out.push_str(text);
            }
        }
    }

    fn seq(&mut self, items: &[Node<'_>], indent: usize, first_inline: bool) {
        for (index, item) in items.iter().enumerate() {
            if index > 0 || !first_inline {
                self.line(indent);
            }
            self.out.push('-');
            match item {
                Node::Map(entries) if entries.is_empty() => self.out.push_str(" {}"),
                Node::Seq(items) if items.is_empty() => self.out.push_str(" []"),
                Node::Map(entries) => {
                    self.out.push(' ');
                    self.map(entries, indent + 2, true);
                }
                Node::Seq(items) => {
                    self.out.push(' ');
                    self.seq(items, indent + 2, true);
                }
                Node::Str(text) => self.string(text, Position::Value, indent + 2),
                Node::Raw(text) => {
                    self.out.push(' ');
                    self.out.push_str(text);
                }
            }
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
