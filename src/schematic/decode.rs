//! Import: a pasted schematic (YAML, or JSON which is YAML too) decoded the way the factory's
//! `schematic.Unmarshal` does (`yaml.NewDecoder` + `KnownFields(true)` + one `Decode`): unknown
//! fields and duplicate keys rejected, types checked, `null` = absent, other scalars accepted
//! into string fields with their text, only the first document, free-form `overlay.options`
//! typed by YAML's implicit rules.
//!
//! Beyond the factory, keys that the canonical emitter would write in complex-key form
//! (over 128 bytes, or with a line break) are rejected: the factory accepts them, but the ID it
//! would compute cannot be reproduced.

mod parser;
mod scanner;
mod tree;

use std::cell::{Cell, RefCell};

use super::error::SchematicError;
use super::model::{
    Bootloader, Customization, DiskImage, MetaValue, Overlay, Schematic, SecureBoot,
    SystemExtensions, Value,
};
use super::yaml::{Resolved, YamlLibrary, resolve_with};
use tree::{NodeKind, NodeTag, YamlNode};

/// Decodes a YAML (or JSON) schematic body like the factory running `library`.
pub(crate) fn decode(text: &str, library: YamlLibrary) -> Result<Schematic, SchematicError> {
    let tree = tree::parse_first_document(text)?;
    let decoder = Decoder {
        library,
        errors: RefCell::new(Vec::new()),
        depth: Cell::new(0),
        constructs: Cell::new((0, 0)),
    };
    let schematic = decoder.schematic(&tree.root())?;
    let mut errors = decoder.errors.into_inner().into_iter();
    match errors.next() {
        None => Ok(schematic),
        Some(mut first) => {
            // go-yaml lists every type error (`LoadErrors`); the first keeps its position.
            for other in errors {
                first.message.push_str("; also ");
                first.message.push_str(&other.to_string());
            }
            Err(first)
        }
    }
}

struct Decoder {
    library: YamlLibrary,
    /// go-yaml `Constructor.TypeErrors`: reported together at the end.
    errors: RefCell<Vec<SchematicError>>,
    /// Collections entered inside `overlay.options` (see [`MAX_OPTION_DEPTH`]).
    depth: Cell<usize>,
    /// go-yaml `Constructor.constructCount` and `aliasCount`.
    constructs: Cell<(usize, usize)>,
}

/// Deepest nesting of collections inside `overlay.options` this client decodes. go-yaml reads
/// up to 10,000 levels (`options.go` `DefaultDepthCheck`, enforced by the reader here too),
/// but the canonical emitter and the value tree recurse per level, which must stay within the
/// browser's wasm stack; deeper options are refused with a message saying so.
pub(crate) const MAX_OPTION_DEPTH: usize = 200;

/// `path.field`, or `field` at the root.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

fn error_at(node: &YamlNode<'_>, path: &str, message: impl Into<String>) -> SchematicError {
    SchematicError::new(message)
        .in_field(path)
        .at(node.line(), node.column())
}

/// The kind word Go uses in decode errors (`!!str`, `!!seq`, …).
fn kind_word(node: &YamlNode<'_>, library: YamlLibrary) -> &'static str {
    match node.kind() {
        NodeKind::Recursive(_) => "!!alias",
        NodeKind::Map(_) => "!!map",
        NodeKind::Seq(_) => "!!seq",
        NodeKind::Scalar { .. } => match scalar_value(node, library) {
            Ok(Resolved::Null) => "!!null",
            Ok(Resolved::Bool(_)) => "!!bool",
            Ok(Resolved::Int(_) | Resolved::Uint(_)) => "!!int",
            Ok(Resolved::Float(_)) => "!!float",
            Ok(Resolved::Timestamp(_)) => "!!timestamp",
            Ok(Resolved::Merge) => "!!merge",
            Ok(Resolved::Str) | Err(_) => "!!str",
        },
    }
}

/// What a scalar means: its tag if any, else plain scalars by implicit typing, quoted and
/// block scalars as strings. Binary scalars come back as `Str` (see `string_text`).
fn scalar_value(node: &YamlNode<'_>, library: YamlLibrary) -> Result<Resolved, String> {
    let NodeKind::Scalar { text, plain, tag } = node.kind() else {
        return Ok(Resolved::Str);
    };
    match tag {
        None if plain => Ok(resolve_with(text, library, true)),
        None | Some(NodeTag::NonSpecific | NodeTag::Other(_)) => Ok(Resolved::Str),
        Some(NodeTag::Core(suffix)) => {
            let expected = match suffix.as_str() {
                "str" | "binary" => return Ok(Resolved::Str),
                "null" | "bool" | "int" | "float" | "timestamp" => suffix.as_str(),
                "merge" => return Ok(Resolved::Merge),
                // go-yaml `resolver.go` `resolvableTag`: any other tag keeps the text.
                _ => return Ok(Resolved::Str),
            };
            let resolved = resolve_with(text, library, expected == "timestamp");
            let found = match &resolved {
                Resolved::Null => "null",
                Resolved::Bool(_) => "bool",
                Resolved::Int(_) | Resolved::Uint(_) => "int",
                Resolved::Float(_) => "float",
                Resolved::Timestamp(_) => "timestamp",
                Resolved::Merge | Resolved::Str => "str",
            };
            match (expected, resolved) {
                ("float", Resolved::Int(number)) => Ok(Resolved::Float(number as f64)),
                ("float", Resolved::Uint(number)) => Ok(Resolved::Float(number as f64)),
                (expected, resolved) if expected == found => Ok(resolved),
                (expected, _) => Err(format!(
                    "cannot decode !!{found} `{text}` as a !!{expected}"
                )),
            }
        }
    }
}

/// Go `base64.StdEncoding.DecodeString` (line breaks ignored, padding required).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|byte| *byte != b'\n' && *byte != b'\r')
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    for (chunk_index, chunk) in symbols.chunks(4).enumerate() {
        let last = chunk_index == symbols.len() / 4 - 1;
        let padding = chunk.iter().rev().take_while(|byte| **byte == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut bits: u32 = 0;
        for &symbol in &chunk[..4 - padding] {
            let value = match symbol {
                b'A'..=b'Z' => symbol - b'A',
                b'a'..=b'z' => symbol - b'a' + 26,
                b'0'..=b'9' => symbol - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            };
            bits = bits << 6 | u32::from(value);
        }
        bits <<= 6 * padding;
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

impl Decoder {
    /// The text of a scalar decoded into a Go string field: `None` for null (zero value).
    fn string_text(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Option<String>, SchematicError> {
        self.construct(node)?;
        let NodeKind::Scalar { text, tag, .. } = node.kind() else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into string",
                    kind_word(node, self.library)
                ),
            ));
        };
        if matches!(tag, Some(NodeTag::Core(suffix)) if suffix == "binary") {
            let bytes = decode_base64(text).ok_or_else(|| invalid_base64(node, path))?;
            return String::from_utf8(bytes).map(Some).map_err(|_| {
                error_at(
                    node,
                    path,
                    "!!binary value is not UTF-8 text: the factory would emit it as binary, which this client does not reproduce",
                )
            });
        }
        match scalar_value(node, self.library) {
            Ok(Resolved::Null) => Ok(None),
            // go-yaml v4.0.0-rc.6 `internal/libyaml/constructor.go` `constructTimestamp`: a
            // `!!timestamp` (a plain `2001-12-14` too) goes only into a time.Time or an `any`;
            // into a string it is a tag error (gopkg.in/yaml.v3 kept the text).
            Ok(Resolved::Timestamp(_)) if self.library == YamlLibrary::GoYamlV4Rc6 => {
                Err(error_at(
                    node,
                    path,
                    format!(
                        "cannot construct !!timestamp `{text}` into string (quote it to keep it as text)"
                    ),
                ))
            }
            Ok(_) => Ok(Some(text.to_owned())),
            Err(message) => Err(fatal_at(node, path, message)),
        }
    }

    fn string(&self, node: &YamlNode<'_>, path: &str) -> Result<String, SchematicError> {
        Ok(self.string_text(node, path)?.unwrap_or_default())
    }

    fn is_null(&self, node: &YamlNode<'_>) -> bool {
        matches!(node.kind(), NodeKind::Scalar { .. })
            && matches!(scalar_value(node, self.library), Ok(Resolved::Null))
    }

    /// go-yaml v4.0.0-rc.6 `constructor.go` `Constructor.Construct` with `options.go`
    /// `DefaultAliasCheck`: every node constructed counts (an alias twice: itself and its
    /// target), those inside an alias expansion count as aliased too, and a document whose
    /// constructs are almost all aliased (an alias bomb) fails.
    fn construct(&self, node: &YamlNode<'_>) -> Result<(), SchematicError> {
        let reach = node.reach();
        let (mut constructs, mut aliased) = self.constructs.get();
        constructs += 1;
        if reach.inside_alias {
            aliased += 1;
        }
        alias_check(aliased, constructs, node)?;
        if reach.alias_node {
            constructs += 1;
            aliased += 1;
            alias_check(aliased, constructs, node)?;
        }
        self.constructs.set((constructs, aliased));
        Ok(())
    }

    /// Records a type error and goes on, as go-yaml's constructor does (`TypeErrors`); fatal
    /// errors (go-yaml's `Fail`, and this client's own refusals) stop the decoding.
    fn soft<T>(&self, result: Result<T, SchematicError>) -> Result<Option<T>, SchematicError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(error) if is_fatal(&error) => Err(error),
            Err(error) => {
                self.errors.borrow_mut().push(error);
                Ok(None)
            }
        }
    }

    /// The fields of a struct mapping to construct, in go-yaml's order
    /// (v4.0.0-rc.6 `constructor.go` `Constructor.mappingStruct`): explicit fields first, then
    /// those of a merge key's mappings (`Constructor.merge`) that are not set yet. Unknown
    /// fields (`KnownFields(true)`) and fields set twice are type errors; a key that does not
    /// construct into a string (null, a collection) is skipped. `None` for null (the struct
    /// keeps its zero value).
    fn struct_entries<'n>(
        &self,
        node: &YamlNode<'n>,
        path: &str,
        go_type: &str,
        fields: &[&'static str],
    ) -> Result<Option<Vec<(&'static str, YamlNode<'n>)>>, SchematicError> {
        self.construct(node)?;
        if let NodeKind::Recursive(name) = node.kind() {
            return Err(recursive(node, name));
        }
        if self.is_null(node) {
            return Ok(None);
        }
        if !matches!(node.kind(), NodeKind::Map(_)) {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into {go_type}: expected a mapping",
                    kind_word(node, self.library)
                ),
            ));
        }
        let mut known = Vec::new();
        self.struct_fields(node, path, go_type, fields, None, &mut known)?;
        Ok(Some(known))
    }

    /// One mapping of `struct_entries`; `merged` is go-yaml's `mergedFields`.
    fn struct_fields<'n>(
        &self,
        node: &YamlNode<'n>,
        path: &str,
        go_type: &str,
        fields: &[&'static str],
        mut merged: Option<&mut Vec<String>>,
        known: &mut Vec<(&'static str, YamlNode<'n>)>,
    ) -> Result<(), SchematicError> {
        let entries = match node.kind() {
            NodeKind::Map(entries) => entries,
            NodeKind::Recursive(name) => return Err(recursive(node, name)),
            _ => {
                return Err(error_at(
                    node,
                    path,
                    format!(
                        "cannot unmarshal {} into {go_type}: expected a mapping",
                        kind_word(node, self.library)
                    ),
                ));
            }
        };
        if self.soft(check_duplicates(&entries, path))?.is_none() {
            return Ok(());
        }
        let mut done: Vec<&'static str> = Vec::new();
        let mut merge_node = None;
        for (key, value) in &entries {
            if self.is_merge_key(key) {
                merge_node = Some(value.clone());
                continue;
            }
            let Some(Some(name)) = self.soft(self.key_text(key, path))? else {
                continue;
            };
            if let Some(merged) = merged.as_deref_mut() {
                if merged.contains(&name) {
                    continue;
                }
                merged.push(name.clone());
            }
            match fields.iter().find(|field| **field == name) {
                Some(field) => {
                    if done.contains(field) {
                        self.soft::<()>(Err(error_at(
                            key,
                            &join(path, field),
                            format!("field {name} already set in type {go_type}"),
                        )))?;
                        continue;
                    }
                    done.push(field);
                    known.push((*field, value.clone()));
                }
                None => {
                    self.soft::<()>(Err(error_at(
                        key,
                        &join(path, &name),
                        format!(
                            "field {name} not found in type {go_type} (known fields: {})",
                            fields.join(", ")
                        ),
                    )))?;
                }
            }
        }
        if let Some(merge_node) = merge_node {
            let mut own;
            let merged = match merged {
                Some(merged) => merged,
                None => {
                    own = self.key_names(&entries);
                    &mut own
                }
            };
            for source in self.merge_sources(&merge_node)? {
                self.struct_fields(&source, path, go_type, fields, Some(&mut *merged), known)?;
            }
        }
        Ok(())
    }

    /// go-yaml `constructor.go` `isMerge`: a scalar key tagged (or implicitly typed) `!!merge`.
    fn is_merge_key(&self, key: &YamlNode<'_>) -> bool {
        matches!(key.kind(), NodeKind::Scalar { .. })
            && matches!(scalar_value(key, self.library), Ok(Resolved::Merge))
    }

    /// The text a key constructs into a string with (go-yaml `Construct(ni, name)`): `None`
    /// for a null key (`Constructor.null` fails for a string, silently).
    fn key_text(&self, key: &YamlNode<'_>, path: &str) -> Result<Option<String>, SchematicError> {
        match key.kind() {
            NodeKind::Recursive(name) => Err(recursive(key, name)),
            NodeKind::Scalar { .. } if self.is_null(key) => Ok(None),
            NodeKind::Scalar { .. } if self.is_merge_key(key) => Ok(None),
            _ => self.string_text(key, path),
        }
    }

    /// go-yaml `Constructor.merge`: the keys of the mapping holding the merge key are set
    /// already.
    fn key_names(&self, entries: &[(YamlNode<'_>, YamlNode<'_>)]) -> Vec<String> {
        entries
            .iter()
            .filter_map(|(key, _)| match key.kind() {
                NodeKind::Scalar { text, .. } => Some(text.to_owned()),
                _ => None,
            })
            .collect()
    }

    /// go-yaml `Constructor.merge`: a mapping, an alias to one, or a sequence of them;
    /// anything else fails.
    fn merge_sources<'n>(&self, merge: &YamlNode<'n>) -> Result<Vec<YamlNode<'n>>, SchematicError> {
        let want_map = |node: &YamlNode<'_>| {
            SchematicError::new("yaml: map merge requires map or sequence of maps as the value")
                .at(node.line(), node.column())
        };
        match merge.kind() {
            NodeKind::Map(_) => Ok(vec![merge.clone()]),
            NodeKind::Recursive(name) => Err(recursive(merge, name)),
            NodeKind::Seq(items) if !merge.is_alias() => {
                for item in &items {
                    if !matches!(item.kind(), NodeKind::Map(_) | NodeKind::Recursive(_)) {
                        return Err(want_map(item));
                    }
                }
                Ok(items)
            }
            _ => Err(want_map(merge)),
        }
    }

    fn schematic(&self, root: &YamlNode<'_>) -> Result<Schematic, SchematicError> {
        let mut schematic = Schematic::default();
        let Some(entries) = self.struct_entries(
            root,
            "",
            "schematic.Schematic",
            &["owner", "overlay", "customization"],
        )?
        else {
            return Ok(schematic);
        };
        for (field, value) in entries.iter().map(|(f, v)| (*f, v)) {
            match field {
                "owner" => {
                    schematic.owner = self.soft(self.string(value, "owner"))?.unwrap_or_default()
                }
                "overlay" => {
                    schematic.overlay = self
                        .soft(self.overlay(value, "overlay"))?
                        .unwrap_or_default()
                }
                _ => {
                    schematic.customization = self
                        .soft(self.customization(value, "customization"))?
                        .unwrap_or_default()
                }
            }
        }
        Ok(schematic)
    }

    fn overlay(&self, node: &YamlNode<'_>, path: &str) -> Result<Overlay, SchematicError> {
        let mut overlay = Overlay::default();
        let Some(entries) = self.struct_entries(
            node,
            path,
            "schematic.Overlay",
            &["image", "name", "options"],
        )?
        else {
            return Ok(overlay);
        };
        for (field, value) in entries.iter().map(|(f, v)| (*f, v)) {
            let field_path = join(path, field);
            match field {
                "image" => {
                    overlay.image = self
                        .soft(self.string(value, &field_path))?
                        .unwrap_or_default()
                }
                "name" => {
                    overlay.name = self
                        .soft(self.string(value, &field_path))?
                        .unwrap_or_default()
                }
                _ => {
                    if !self.is_null(value) {
                        overlay.options = self
                            .soft(self.options_map(value, &field_path, true))?
                            .unwrap_or_default();
                    }
                }
            }
        }
        Ok(overlay)
    }

    fn customization(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Customization, SchematicError> {
        let mut customization = Customization::default();
        let Some(entries) = self.struct_entries(
            node,
            path,
            "schematic.Customization",
            &[
                "embeddedMachineConfiguration",
                "extraKernelArgs",
                "meta",
                "systemExtensions",
                "bootloader",
                "secureboot",
                "diskImage",
            ],
        )?
        else {
            return Ok(customization);
        };
        for (field, value) in entries.iter().map(|(f, v)| (*f, v)) {
            let field_path = join(path, field);
            match field {
                "embeddedMachineConfiguration" => {
                    customization.embedded_machine_configuration = self
                        .soft(self.string(value, &field_path))?
                        .unwrap_or_default();
                }
                "extraKernelArgs" => {
                    customization.extra_kernel_args = self
                        .soft(self.strings(value, &field_path))?
                        .unwrap_or_default();
                }
                "meta" => {
                    customization.meta = self
                        .soft(self.meta(value, &field_path))?
                        .unwrap_or_default()
                }
                "systemExtensions" => {
                    let mut extensions = SystemExtensions::default();
                    if let Some(entries) = self
                        .soft(self.struct_entries(
                            value,
                            &field_path,
                            "schematic.SystemExtensions",
                            &["officialExtensions"],
                        ))?
                        .flatten()
                    {
                        for (_, list) in entries.iter().map(|(f, v)| (*f, v)) {
                            extensions.official_extensions = self
                                .soft(self.strings(list, &join(&field_path, "officialExtensions")))?
                                .unwrap_or_default();
                        }
                    }
                    customization.system_extensions = extensions;
                }
                "bootloader" => {
                    customization.bootloader = self
                        .soft(self.bootloader(value, &field_path))?
                        .unwrap_or_default()
                }
                "secureboot" => {
                    customization.secureboot = self
                        .soft(self.secureboot(value, &field_path))?
                        .unwrap_or_default()
                }
                _ => {
                    let mut disk_image = DiskImage::default();
                    if let Some(entries) = self
                        .soft(self.struct_entries(
                            value,
                            &field_path,
                            "schematic.DiskImage",
                            &["sectorSize"],
                        ))?
                        .flatten()
                    {
                        for (_, size) in entries.iter().map(|(f, v)| (*f, v)) {
                            disk_image.sector_size = self
                                .soft(self.unsigned(
                                    size,
                                    &join(&field_path, "sectorSize"),
                                    u64::MAX,
                                    "uint",
                                ))?
                                .unwrap_or_default();
                        }
                    }
                    customization.disk_image = disk_image;
                }
            }
        }
        Ok(customization)
    }

    /// A `[]string`: null = empty, items decoded as strings. A null item is dropped:
    /// go-yaml v4.0.0-rc.6 `internal/libyaml/constructor.go` `Constructor.sequence` keeps only
    /// the elements whose `Construct` succeeds, and `Constructor.null` fails for a non-nillable
    /// element (a `string`, a `MetaValue` struct).
    fn strings(&self, node: &YamlNode<'_>, path: &str) -> Result<Vec<String>, SchematicError> {
        self.construct(node)?;
        if self.is_null(node) {
            return Ok(Vec::new());
        }
        let NodeKind::Seq(items) = node.kind() else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into []string: expected a list",
                    kind_word(node, self.library)
                ),
            ));
        };
        let mut strings = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if self.is_null(item) {
                continue;
            }
            if let Some(text) = self.soft(self.string(item, &format!("{path}[{index}]")))? {
                strings.push(text);
            }
        }
        Ok(strings)
    }

    fn meta(&self, node: &YamlNode<'_>, path: &str) -> Result<Vec<MetaValue>, SchematicError> {
        self.construct(node)?;
        if self.is_null(node) {
            return Ok(Vec::new());
        }
        let NodeKind::Seq(items) = node.kind() else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into []schematic.MetaValue: expected a list",
                    kind_word(node, self.library)
                ),
            ));
        };
        let mut meta = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            // A null item is dropped: see `strings`.
            if self.is_null(item) {
                continue;
            }
            let item_path = format!("{path}[{index}]");
            let mut value = MetaValue::default();
            let Some(entries) = self.soft(self.struct_entries(
                item,
                &item_path,
                "schematic.MetaValue",
                &["key", "value"],
            ))?
            else {
                continue;
            };
            for (field, field_node) in entries.iter().flatten() {
                let field_path = join(&item_path, field);
                if *field == "key" {
                    let key = self.soft(self.unsigned(field_node, &field_path, 255, "uint8"))?;
                    value.key = u8::try_from(key.unwrap_or_default()).unwrap_or(u8::MAX);
                } else {
                    value.value = self
                        .soft(self.string(field_node, &field_path))?
                        .unwrap_or_default();
                }
            }
            meta.push(value);
        }
        Ok(meta)
    }

    /// An unsigned integer field (`uint8`, `uint`): integers and integral floats in range.
    fn unsigned(
        &self,
        node: &YamlNode<'_>,
        path: &str,
        max: u64,
        go_type: &str,
    ) -> Result<u64, SchematicError> {
        self.construct(node)?;
        let text = match node.kind() {
            NodeKind::Scalar { text, .. } => text,
            _ => "",
        };
        let range = if max == 255 {
            "an integer from 0 to 255".to_owned()
        } else {
            "a non-negative integer".to_owned()
        };
        if let Some(tag) = unresolvable_tag(node) {
            return Err(error_at(
                node,
                path,
                format!("cannot unmarshal {tag} `{text}` into {go_type}: expected {range}"),
            ));
        }
        let value = match scalar_value(node, self.library) {
            _ if !matches!(node.kind(), NodeKind::Scalar { .. }) => None,
            // go-yaml `constructor.go` `constructMerge`: fails silently, the field stays zero.
            Ok(Resolved::Null | Resolved::Merge) => Some(0),
            Ok(Resolved::Int(number)) => u64::try_from(number).ok(),
            Ok(Resolved::Uint(number)) => Some(number),
            // go-yaml v4.0.0-rc.6 `constructor.go` `constructFloat`: into a uint only if
            // `uint64(f)` converts back to `f` exactly, which excludes 2^64 and above.
            Ok(Resolved::Float(number))
                if number.fract() == 0.0
                    && (0.0..18_446_744_073_709_551_616.0).contains(&number) =>
            {
                // Integral floats (`10.0`) are accepted by the factory's decoder.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(number as u64)
            }
            Err(message) => return Err(fatal_at(node, path, message)),
            Ok(_) => None,
        };
        match value {
            Some(number) if number <= max => Ok(number),
            _ => Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} `{text}` into {go_type}: expected {range}",
                    kind_word(node, self.library)
                ),
            )),
        }
    }

    fn bootloader(&self, node: &YamlNode<'_>, path: &str) -> Result<Bootloader, SchematicError> {
        self.construct(node)?;
        let NodeKind::Scalar { text, .. } = node.kind() else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into BootloaderKind: expected one of none, dual-boot, sd-boot, grub",
                    kind_word(node, self.library)
                ),
            ));
        };
        if self.is_null(node) {
            return Ok(Bootloader::None);
        }
        // go-yaml `constructor.go` `Constructor.scalar`: a tag that does not fit fails first,
        // then `UnmarshalText` gets the text (a `!!binary` value decoded).
        if let Err(message) = scalar_value(node, self.library) {
            return Err(fatal_at(node, path, message));
        }
        let decoded;
        let text = if matches!(node.kind(), NodeKind::Scalar { tag: Some(NodeTag::Core(suffix)), .. } if suffix == "binary")
        {
            let bytes = decode_base64(text).ok_or_else(|| invalid_base64(node, path))?;
            decoded = String::from_utf8_lossy(&bytes).into_owned();
            decoded.as_str()
        } else {
            text
        };
        // ASCII folding is exact here: the only characters whose lower case is an ASCII
        // letter are the ASCII capitals, U+0130 (i) and U+212A (k), and no value below holds
        // an i or a k. (Unicode's case tables would add about 8 KB to the download.)
        match text.to_ascii_lowercase().as_str() {
            "none" => Ok(Bootloader::None),
            "dual-boot" => Ok(Bootloader::DualBoot),
            "sd-boot" => Ok(Bootloader::SdBoot),
            "grub" => Ok(Bootloader::Grub),
            "auto" => Err(error_at(
                node,
                path,
                "auto does not belong to BootloaderKind values: \"auto\" means leaving the bootloader out of the schematic",
            )),
            _ => Err(error_at(
                node,
                path,
                format!(
                    "{text} does not belong to BootloaderKind values (none, dual-boot, sd-boot, grub)"
                ),
            )),
        }
    }

    fn secureboot(&self, node: &YamlNode<'_>, path: &str) -> Result<SecureBoot, SchematicError> {
        let mut secureboot = SecureBoot::default();
        let Some(entries) = self.struct_entries(
            node,
            path,
            "schematic.SecureBoot",
            &["enrollKeys", "includeWellKnownCertificates"],
        )?
        else {
            return Ok(secureboot);
        };
        for (field, value) in entries.iter().map(|(f, v)| (*f, v)) {
            let field_path = join(path, field);
            if field == "enrollKeys" {
                secureboot.enroll_keys = self
                    .soft(self.string(value, &field_path))?
                    .unwrap_or_default();
            } else {
                secureboot.include_well_known_certificates = self
                    .soft(self.boolean(value, &field_path))?
                    .unwrap_or_default();
            }
        }
        Ok(secureboot)
    }

    /// A Go `bool` field: booleans, null, and (like go-yaml) the YAML 1.1 words yes/no/on/off.
    fn boolean(&self, node: &YamlNode<'_>, path: &str) -> Result<bool, SchematicError> {
        self.construct(node)?;
        let text = match node.kind() {
            NodeKind::Scalar { text, .. } => text,
            _ => "",
        };
        if let Some(tag) = unresolvable_tag(node) {
            return Err(error_at(
                node,
                path,
                format!("cannot unmarshal {tag} `{text}` into bool: expected true or false"),
            ));
        }
        match scalar_value(node, self.library) {
            _ if !matches!(node.kind(), NodeKind::Scalar { .. }) => {}
            Ok(Resolved::Bool(value)) => return Ok(value),
            // go-yaml `constructor.go` `constructMerge`: fails silently, the field stays zero.
            Ok(Resolved::Null | Resolved::Merge) => return Ok(false),
            Ok(Resolved::Str) => match text {
                "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Ok(true),
                "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Ok(false),
                _ => {}
            },
            Err(message) => return Err(fatal_at(node, path, message)),
            Ok(_) => {}
        }
        Err(error_at(
            node,
            path,
            format!(
                "cannot unmarshal {} `{text}` into bool: expected true or false",
                kind_word(node, self.library)
            ),
        ))
    }

    /// A `map[string]any` (`string_keys`: keys of any scalar type are taken as their text, as
    /// Go does for the top-level options map) or a nested map, which must have string keys.
    /// go-yaml v4.0.0-rc.6 `constructor.go` `Constructor.mapping`: a null key does not
    /// construct into a string and is skipped; a merge key (`<<`) adds the entries of its
    /// mappings that are not set yet (`Constructor.merge`); an entry whose value does not
    /// construct (a `!!merge` scalar) is left out.
    fn options_map(
        &self,
        node: &YamlNode<'_>,
        path: &str,
        string_keys: bool,
    ) -> Result<Vec<(String, Value)>, SchematicError> {
        let mut map = Vec::new();
        self.options_entries(node, path, string_keys, None, &mut map)?;
        Ok(map)
    }

    fn options_entries(
        &self,
        node: &YamlNode<'_>,
        path: &str,
        string_keys: bool,
        mut merged: Option<&mut Vec<String>>,
        map: &mut Vec<(String, Value)>,
    ) -> Result<(), SchematicError> {
        let entries = match node.kind() {
            NodeKind::Map(entries) => entries,
            NodeKind::Recursive(name) => return Err(recursive(node, name)),
            _ => {
                return Err(error_at(
                    node,
                    path,
                    format!(
                        "cannot unmarshal {} into map[string]any: expected a mapping",
                        kind_word(node, self.library)
                    ),
                ));
            }
        };
        check_duplicates(&entries, path)?;
        let mut merge_node = None;
        for (key_node, value_node) in &entries {
            if self.is_merge_key(key_node) {
                merge_node = Some(value_node.clone());
                continue;
            }
            let key = match key_node.kind() {
                NodeKind::Recursive(name) => return Err(recursive(key_node, name)),
                NodeKind::Scalar { text, .. } => {
                    let resolved = scalar_value(key_node, self.library)
                        .map_err(|message| fatal_at(key_node, path, message))?;
                    if resolved == Resolved::Null && string_keys {
                        continue;
                    }
                    if !string_keys && resolved != Resolved::Str {
                        return Err(error_at(
                            key_node,
                            path,
                            format!(
                                "key `{text}` is a {} in a nested map: the factory would sort it by type, which this client does not reproduce; quote it",
                                kind_word(key_node, self.library)
                            ),
                        ));
                    }
                    match self.string_text(key_node, path)? {
                        Some(key) => key,
                        None => continue,
                    }
                }
                _ if string_keys => {
                    self.soft::<()>(Err(error_at(
                        key_node,
                        path,
                        format!(
                            "cannot unmarshal {} into string: an option key must be a scalar",
                            kind_word(key_node, self.library)
                        ),
                    )))?;
                    continue;
                }
                _ => {
                    return Err(error_at(
                        key_node,
                        path,
                        format!(
                            "yaml: cannot use a {} as a map key",
                            kind_word(key_node, self.library)
                        ),
                    ));
                }
            };
            if let Some(merged) = merged.as_deref_mut() {
                if merged.contains(&key) {
                    continue;
                }
                merged.push(key.clone());
            }
            let entry_path = join(path, &key);
            check_option_key(&key, key_node, &entry_path)?;
            if let Some(value) = self.any(value_node, &entry_path)? {
                map.push((key, value));
            }
        }
        if let Some(merge_node) = merge_node {
            let mut own;
            let merged = match merged {
                Some(merged) => merged,
                None => {
                    own = self.key_names(&entries);
                    &mut own
                }
            };
            for source in self.merge_sources(&merge_node)? {
                self.options_entries(&source, path, string_keys, Some(&mut *merged), map)?;
            }
        }
        Ok(())
    }

    /// A Go `any`; `None` when go-yaml's `Construct` fails silently (a `!!merge` scalar,
    /// `constructor.go` `constructMerge`).
    fn any(&self, node: &YamlNode<'_>, path: &str) -> Result<Option<Value>, SchematicError> {
        self.construct(node)?;
        let kind = node.kind();
        if matches!(kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
            if self.depth.get() >= MAX_OPTION_DEPTH {
                return Err(error_at(
                    node,
                    path,
                    format!(
                        "overlay options nest deeper than {MAX_OPTION_DEPTH} levels: the factory reads up to 10000, this client stops at {MAX_OPTION_DEPTH}"
                    ),
                ));
            }
            self.depth.set(self.depth.get() + 1);
            let value = self.collection(node, kind, path);
            self.depth.set(self.depth.get() - 1);
            return value.map(Some);
        }
        match kind {
            NodeKind::Recursive(name) => Err(recursive(node, name)),
            NodeKind::Scalar { text, tag, .. } => {
                if matches!(tag, Some(NodeTag::Core(suffix)) if suffix == "binary") {
                    return Ok(Some(Value::Str(self.string(node, path)?)));
                }
                match scalar_value(node, self.library) {
                    Ok(Resolved::Null) => Ok(Some(Value::Null)),
                    Ok(Resolved::Bool(value)) => Ok(Some(Value::Bool(value))),
                    Ok(Resolved::Int(value)) => Ok(Some(Value::Int(value))),
                    Ok(Resolved::Uint(value)) => Ok(Some(Value::Uint(value))),
                    Ok(Resolved::Float(value)) => Ok(Some(Value::Float(value))),
                    Ok(Resolved::Timestamp(value)) => Ok(Some(Value::Timestamp(value))),
                    Ok(Resolved::Merge) => Ok(None),
                    Ok(Resolved::Str) => Ok(Some(Value::Str(text.to_owned()))),
                    Err(message) => Err(fatal_at(node, path, message)),
                }
            }
            NodeKind::Map(_) | NodeKind::Seq(_) => Ok(None),
        }
    }

    fn collection(
        &self,
        node: &YamlNode<'_>,
        kind: NodeKind<'_>,
        path: &str,
    ) -> Result<Value, SchematicError> {
        match kind {
            NodeKind::Seq(items) => {
                let mut values = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    if let Some(value) = self.any(item, &format!("{path}[{index}]"))? {
                        values.push(value);
                    }
                }
                Ok(Value::Seq(values))
            }
            _ => Ok(Value::Map(self.options_map(node, path, false)?)),
        }
    }
}

/// Rejects option keys that the emitter would write as complex keys (`? key`).
fn check_option_key(key: &str, node: &YamlNode<'_>, path: &str) -> Result<(), SchematicError> {
    if key.len() > 128 {
        return Err(error_at(
            node,
            path,
            format!(
                "option key is {} bytes long: keys over 128 bytes change the factory's YAML layout in a way this client does not reproduce",
                key.len()
            ),
        ));
    }
    if key.chars().any(super::yaml::is_line_break) {
        return Err(error_at(
            node,
            path,
            "option key contains a line break: such keys change the factory's YAML layout in a way this client does not reproduce",
        ));
    }
    Ok(())
}

/// go-yaml v4.0.0-rc.6 `constructor.go` `Constructor.mapping` (`UniqueKeys`): two keys of the
/// same node kind with the same value (an alias's value is its anchor name; collections have
/// none, so two collection keys of one kind collide).
fn check_duplicates(
    entries: &[(YamlNode<'_>, YamlNode<'_>)],
    path: &str,
) -> Result<(), SchematicError> {
    for (index, (key, _)) in entries.iter().enumerate() {
        let identity = key.identity();
        for (earlier, _) in &entries[..index] {
            if earlier.identity() == identity {
                let (line, column) = key.own_position();
                return Err(SchematicError::new(format!(
                    "mapping key {:?} already defined at line {}",
                    identity.1,
                    earlier.own_position().0
                ))
                .in_field(path)
                .at(line, column));
            }
        }
    }
    Ok(())
}

/// Errors that end the decoding: go-yaml's `Fail` (its messages are written with `yaml: `
/// here) and this client's refusals.
fn is_fatal(error: &SchematicError) -> bool {
    error.message.starts_with("yaml: ") || error.message.contains("this client")
}

/// go-yaml v4.0.0-rc.6 `options.go` `DefaultAliasCheck`.
fn alias_check(
    aliased: usize,
    constructs: usize,
    node: &YamlNode<'_>,
) -> Result<(), SchematicError> {
    if aliased <= 100 || constructs <= 1000 {
        return Ok(());
    }
    let allowed = if constructs <= 400_000 {
        0.99
    } else if constructs >= 4_000_000 {
        0.10
    } else {
        0.99 - 0.89 * ((constructs - 400_000) as f64 / 3_600_000.0)
    };
    if aliased as f64 / constructs as f64 > allowed {
        let (line, column) = node.own_position();
        return Err(
            SchematicError::new("yaml: document contains excessive aliasing").at(line, column),
        );
    }
    Ok(())
}

/// A go-yaml `Fail` at `node`.
fn fatal_at(node: &YamlNode<'_>, path: &str, message: impl AsRef<str>) -> SchematicError {
    error_at(node, path, format!("yaml: {}", message.as_ref()))
}

/// go-yaml `constructor.go` `Constructor.scalar`: a `!!binary` value that is not base64 fails.
fn invalid_base64(node: &YamlNode<'_>, path: &str) -> SchematicError {
    fatal_at(node, path, "!!binary value contains invalid base64 data")
}

/// A tag go-yaml cannot resolve (`resolver.go` `resolvableTag`): such a scalar goes into a
/// string or an `any` as its text, and into a bool or an integer not at all (a tag error).
fn unresolvable_tag(node: &YamlNode<'_>) -> Option<String> {
    let NodeKind::Scalar { plain, tag, .. } = node.kind() else {
        return None;
    };
    match tag {
        Some(NodeTag::Core(suffix)) => (!matches!(
            suffix.as_str(),
            "str" | "binary" | "merge" | "null" | "bool" | "int" | "float" | "timestamp"
        ))
        .then(|| format!("!!{suffix}")),
        Some(NodeTag::Other(tag)) => Some(tag.clone()),
        Some(NodeTag::NonSpecific) if plain => Some("!".to_owned()),
        _ => None,
    }
}

/// go-yaml v4.0.0-rc.6 `constructor.go` `Constructor.alias`: an alias reached again inside its
/// own expansion.
fn recursive(node: &YamlNode<'_>, name: &str) -> SchematicError {
    let (line, column) = node.own_position();
    SchematicError::new(format!("yaml: anchor '{name}' value contains itself")).at(line, column)
}

#[cfg(test)]
mod tests;
