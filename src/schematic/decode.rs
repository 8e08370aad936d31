//! Import: a pasted schematic (YAML, or JSON which is YAML too) decoded the way the factory's
//! `schematic.Unmarshal` does (`yaml.NewDecoder` + `KnownFields(true)` + one `Decode`): unknown
//! fields and duplicate keys rejected, types checked, `null` = absent, other scalars accepted
//! into string fields with their text, only the first document, free-form `overlay.options`
//! typed by YAML's implicit rules.
//!
//! The constructor follows go-yaml v4.0.0-rc.6 `internal/libyaml/constructor.go` call for call
//! (struct fields here, `any` and `map[string]any` in `options`), so that its construct and
//! alias counts (`Constructor.Construct`, `options.go` `DefaultAliasCheck`) and its errors are
//! Go's, type errors collected (`TypeErrors`) and `Fail`s ending the decoding.
//!
//! Beyond the factory, values whose ID this client cannot reproduce are refused, with a message
//! saying why, but only where go-yaml decodes the document without error (the factory's
//! answer otherwise): keys that the canonical emitter would write in complex-key form (over
//! 128 bytes, or with a line break), non-UTF-8 `!!binary` text, and non-string keys in nested
//! option maps.

mod options;
mod parser;
mod scanner;
mod tree;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use super::error::{Cause, Hint, SchematicError};
use super::model::{
    Bootloader, Customization, DiskImage, MetaValue, Overlay, Schematic, SecureBoot,
    SystemExtensions, Value,
};
use super::yaml::{Resolved, YamlLibrary, resolve_with};
use tree::{NodeKind, NodeTag, YamlNode};

/// Decodes a YAML (or JSON) schematic body like the factory running `library`.
pub(crate) fn decode(text: &str, library: YamlLibrary) -> Result<Schematic, SchematicError> {
    let tree = tree::parse_first_document(text)?;
    let decoder = Decoder::new(library);
    let root = tree.root();
    // go-yaml `loader.go` `Loader.Load` constructs the document node first (`constructor.go`
    // `Constructor.document`), counted as every node is.
    decoder.count(root.own_position())?;
    let schematic = decoder.schematic(root)?;
    decoder.outcome(schematic)
}

/// [`decode`], with whether each construct counted as aliased, in order (go-yaml
/// `Constructor.Construct`'s `aliasCount` and `constructCount` at each check).
#[cfg(test)]
pub(crate) fn decode_traced(text: &str) -> (Result<Schematic, SchematicError>, Vec<bool>) {
    let tree = match tree::parse_first_document(text) {
        Ok(tree) => tree,
        Err(error) => return (Err(error), Vec::new()),
    };
    let decoder = Decoder::new(YamlLibrary::GoYamlV4Rc6);
    let root = tree.root();
    let result = decoder
        .count(root.own_position())
        .and_then(|()| decoder.schematic(root));
    let trace = decoder.trace.take();
    (
        result.and_then(|schematic| decoder.outcome(schematic)),
        trace,
    )
}

struct Decoder {
    library: YamlLibrary,
    /// go-yaml `Constructor.TypeErrors`: reported together at the end.
    errors: RefCell<Vec<SchematicError>>,
    /// The first value this client refuses although go-yaml reads it: reported only if the
    /// document decodes without error.
    refusal: RefCell<Option<SchematicError>>,
    /// go-yaml `Constructor.constructCount` and `aliasCount`.
    constructs: Cell<(usize, usize)>,
    /// go-yaml `Constructor.aliases`: the alias nodes being expanded (as many as
    /// `aliasDepth`).
    expanding: RefCell<HashSet<usize>>,
    /// The key sets of go-yaml's `Constructor.mergedFields` (one per outermost merge).
    merged_sets: RefCell<Vec<HashSet<GoKey>>>,
    /// go-yaml `Constructor.mergedFields`: which of `merged_sets`, `None` for nil.
    merged: Cell<Option<usize>>,
    /// For tests: whether each construct counted as aliased, in order.
    #[cfg(test)]
    trace: RefCell<Vec<bool>>,
}

/// An alias being expanded by the struct layer (go-yaml `Constructor.alias`, from
/// `c.aliases[n] = true` to `delete(c.aliases, n)`); dropping it ends the expansion.
struct Expansion<'d> {
    decoder: &'d Decoder,
    alias: Option<usize>,
}

impl Drop for Expansion<'_> {
    fn drop(&mut self) {
        if let Some(alias) = self.alias {
            self.decoder.leave_alias(alias);
        }
    }
}

/// A constructed key as a Go map key (`map[any]bool`, go-yaml `Constructor.mergedFields`):
/// equal when Go's `==` on the dynamic values is (an `int` never equals a `string`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum GoKey {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    /// The bits of a non-NaN float, `-0` as `0`.
    Float(u64),
    Str(String),
    /// A `time.Time`, by its RFC 3339 text.
    Time(String),
}

/// `value` as a Go map key: `Ok(None)` for NaN (equal to nothing), `Err` with Go's type name
/// for a collection (unhashable).
fn go_key(value: &Value) -> Result<Option<GoKey>, &'static str> {
    Ok(Some(match value {
        Value::Null => GoKey::Null,
        Value::Bool(flag) => GoKey::Bool(*flag),
        Value::Int(number) => GoKey::Int(*number),
        Value::Uint(number) => GoKey::Uint(*number),
        Value::Float(number) if number.is_nan() => return Ok(None),
        Value::Float(number) if *number == 0.0 => GoKey::Float(0),
        Value::Float(number) => GoKey::Float(number.to_bits()),
        Value::Str(text) => GoKey::Str(text.clone()),
        Value::Timestamp(text) => GoKey::Time(text.clone()),
        Value::Seq(_) => return Err("[]interface {}"),
        Value::Map(_) => return Err("map[string]interface {}"),
    }))
}

/// `path.field`, or `field` at the root.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// An error at `node`: go-yaml's words (a string) or another [`Cause`].
fn error_at(node: &YamlNode<'_>, path: &str, cause: impl Into<Cause>) -> SchematicError {
    SchematicError::of(cause.into())
        .in_field(path)
        .at(node.line(), node.column())
}

impl From<String> for Cause {
    fn from(message: String) -> Cause {
        Cause::Go(message)
    }
}

impl From<&str> for Cause {
    fn from(message: &str) -> Cause {
        Cause::Go(message.to_owned())
    }
}

/// The kind word Go uses in decode errors (`!!str`, `!!seq`, …).
fn kind_word(node: &YamlNode<'_>, library: YamlLibrary) -> &'static str {
    match node.kind() {
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

/// go-yaml `node.go` `Node.ShortTag` after the resolver (`resolver.go` `Resolver.Resolve`):
/// a quoted or `!` scalar is `!!str`, a plain one its implicit type, a collection `!!seq` or
/// `!!map` unless tagged, an alias its target's.
fn short_tag(node: &YamlNode<'_>, library: YamlLibrary) -> String {
    let tagged = |tag: Option<&NodeTag>, default: &str| match tag {
        None | Some(NodeTag::NonSpecific) => default.to_owned(),
        Some(NodeTag::Core(suffix)) => format!("!!{suffix}"),
        Some(NodeTag::Other(tag)) => tag.clone(),
    };
    match node.kind() {
        NodeKind::Seq(_) => tagged(node.collection_tag(), "!!seq"),
        NodeKind::Map(_) => tagged(node.collection_tag(), "!!map"),
        NodeKind::Scalar { tag: Some(tag), .. } => tagged(Some(tag), "!!str"),
        NodeKind::Scalar { plain: false, .. } => "!!str".to_owned(),
        NodeKind::Scalar { .. } => kind_word(node, library).to_owned(),
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
    fn new(library: YamlLibrary) -> Self {
        Decoder {
            library,
            errors: RefCell::new(Vec::new()),
            refusal: RefCell::new(None),
            constructs: Cell::new((0, 0)),
            expanding: RefCell::new(HashSet::new()),
            merged_sets: RefCell::new(Vec::new()),
            merged: Cell::new(None),
            #[cfg(test)]
            trace: RefCell::new(Vec::new()),
        }
    }

    /// go-yaml's answer: its type errors if any (the first keeps its position, as
    /// `LoadErrors` lists them all), else this client's refusal if any, else the schematic.
    fn outcome(self, schematic: Schematic) -> Result<Schematic, SchematicError> {
        let mut errors = self.errors.into_inner().into_iter();
        match errors.next() {
            Some(mut first) => {
                for other in errors {
                    first.and(other);
                }
                Err(first)
            }
            None => match self.refusal.into_inner() {
                Some(refusal) => Err(refusal),
                None => Ok(schematic),
            },
        }
    }

    /// One go-yaml `Constructor.Construct` call at `position`: `constructCount` goes up, and
    /// `aliasCount` with it inside an alias expansion, then `options.go` `DefaultAliasCheck`.
    fn count(&self, position: (usize, usize)) -> Result<(), SchematicError> {
        let aliased = !self.expanding.borrow().is_empty();
        let (mut constructs, mut aliases) = self.constructs.get();
        constructs += 1;
        if aliased {
            aliases += 1;
        }
        self.constructs.set((constructs, aliases));
        #[cfg(test)]
        self.trace.borrow_mut().push(aliased);
        alias_check(aliases, constructs, position)
    }

    /// go-yaml `Constructor.alias` up to the construction of the target: an alias already
    /// being expanded fails, others are expanded from here on.
    fn enter_alias(&self, alias: &YamlNode<'_>, name: &str) -> Result<(), SchematicError> {
        if self.expanding.borrow_mut().insert(alias.id()) {
            Ok(())
        } else {
            Err(recursive(alias, name))
        }
    }

    fn leave_alias(&self, alias: usize) {
        self.expanding.borrow_mut().remove(&alias);
    }

    /// go-yaml `Constructor.Construct` of `node` by the struct layer: counted, and an alias
    /// counted again for its target, which is expanded while the returned guard lives.
    fn construct(&self, node: &YamlNode<'_>) -> Result<Expansion<'_>, SchematicError> {
        self.count(node.own_position())?;
        let Some((name, target)) = node.alias() else {
            return Ok(Expansion {
                decoder: self,
                alias: None,
            });
        };
        self.enter_alias(node, name)?;
        let expansion = Expansion {
            decoder: self,
            alias: Some(node.id()),
        };
        self.count(target.own_position())?;
        Ok(expansion)
    }

    /// Keeps the first refusal (see [`Decoder::outcome`]).
    fn refuse(&self, refusal: SchematicError) {
        self.refusal.borrow_mut().get_or_insert(refusal);
    }

    /// Records a type error and goes on, as go-yaml's constructor does (`TypeErrors`); fatal
    /// errors (go-yaml's `Fail`) stop the decoding.
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

    /// A merge key set (`Constructor.mergedFields`) started empty.
    fn new_merged_set(&self) -> usize {
        let mut sets = self.merged_sets.borrow_mut();
        sets.push(HashSet::new());
        sets.len() - 1
    }

    /// `mergedFields[k]` then `mergedFields[k] = true`: whether `key` was set already.
    fn merged_seen(&self, set: usize, key: Option<GoKey>) -> bool {
        match key {
            Some(key) => !self.merged_sets.borrow_mut()[set].insert(key),
            None => false,
        }
    }

    /// go-yaml `Constructor.merge` marks the keys of the merging mapping as set
    /// (`setPossiblyUnhashableKey`): a collection key panics in the Go map, which fails.
    fn mark_merged(
        &self,
        set: usize,
        key: &Value,
        node: &YamlNode<'_>,
    ) -> Result<(), SchematicError> {
        match go_key(key) {
            Ok(key) => {
                self.merged_seen(set, key);
                Ok(())
            }
            Err(go_type) => Err(unhashable(node, go_type)),
        }
    }

    /// A scalar constructed into a Go `string` (go-yaml `Constructor.scalar`): its text,
    /// `None` for null (`Constructor.null` fails for a string, silently).
    fn string_of(&self, node: &YamlNode<'_>, path: &str) -> Result<Option<String>, SchematicError> {
        let NodeKind::Scalar { text, tag, .. } = node.kind() else {
            return Err(type_error(
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
            return Ok(Some(self.binary_text(bytes, node, path)));
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
                    Cause::Explained(
                        format!("cannot construct !!timestamp `{text}` into string"),
                        Hint::QuoteTimestamp,
                    ),
                ))
            }
            Ok(_) => Ok(Some(text.to_owned())),
            Err(message) => Err(fatal_at(node, path, message)),
        }
    }

    /// A `!!binary` value as a Go string: its bytes; text that is not UTF-8 is refused (the
    /// emitter would write it as `!!binary`).
    fn binary_text(&self, bytes: Vec<u8>, node: &YamlNode<'_>, path: &str) -> String {
        String::from_utf8(bytes).unwrap_or_else(|error| {
            self.refuse(error_at(node, path, Cause::BinaryNotUtf8));
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        })
    }

    /// The text of a node decoded into a Go string field: `None` for null (zero value).
    fn string_text(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Option<String>, SchematicError> {
        let _expansion = self.construct(node)?;
        self.string_of(node, path)
    }

    fn string(&self, node: &YamlNode<'_>, path: &str) -> Result<String, SchematicError> {
        Ok(self.string_text(node, path)?.unwrap_or_default())
    }

    fn is_null(&self, node: &YamlNode<'_>) -> bool {
        matches!(node.kind(), NodeKind::Scalar { .. })
            && matches!(scalar_value(node, self.library), Ok(Resolved::Null))
    }

    /// go-yaml `constructor.go` `isMerge`: a scalar key tagged (or implicitly typed) `!!merge`.
    fn is_merge_key(&self, key: &YamlNode<'_>) -> bool {
        !key.is_alias()
            && matches!(key.kind(), NodeKind::Scalar { .. })
            && matches!(scalar_value(key, self.library), Ok(Resolved::Merge))
    }

    /// A scalar constructed into a struct or a slice (go-yaml `Constructor.scalar`): an
    /// invalid `!!binary` or a tag that does not fit fails; null and `!!merge` leave the value
    /// zero (`Constructor.null`, `constructMerge`); anything else is a tag error.
    fn scalar_into_collection(
        &self,
        node: &YamlNode<'_>,
        path: &str,
        cause: Cause,
    ) -> Result<(), SchematicError> {
        check_binary(node, path)?;
        match scalar_value(node, self.library) {
            Err(error) => Err(fatal_at(node, path, error)),
            Ok(Resolved::Null | Resolved::Merge) => Ok(()),
            Ok(_) => Err(error_at(node, path, cause)),
        }
    }

    /// go-yaml `Constructor.Construct` of `node` into the struct `go_type` whose fields are
    /// `fields` (`mapping` → `mappingStruct`, `merge`): each field set is handed to `field`
    /// (which constructs its value) as Go reaches it, explicit fields first, then those of a
    /// merge key's mappings that are not set yet, merges within merges in Go's order with a
    /// stack of their own. Unknown fields (`KnownFields(true)`) and fields set twice are type
    /// errors; a key that does not construct into a string is skipped. `Ok(false)` where Go's
    /// `Construct` fails silently (null, `!!merge`: the struct keeps its zero value).
    fn struct_mapping<'n>(
        &self,
        node: &YamlNode<'n>,
        path: &str,
        go_type: &str,
        fields: &'static [&'static str],
        field: &mut dyn FnMut(&'static str, &YamlNode<'n>) -> Result<(), SchematicError>,
    ) -> Result<bool, SchematicError> {
        let expansion = self.construct(node)?;
        let Some(entries) = self.struct_entries(node, path, go_type)? else {
            return Ok(false);
        };
        let mut open = vec![StructFrame::new(entries, expansion, self.merged.take())];
        while let Some(frame) = open.last_mut() {
            match &mut frame.phase {
                StructPhase::Entries => {
                    let Some((key, value)) = frame.entries.get(frame.next).copied() else {
                        // go-yaml `mappingStruct` after the loop.
                        self.merged.set(frame.merged);
                        if frame.merge_node.is_none() {
                            open.pop();
                            continue;
                        }
                        let saved = self.merged.get();
                        frame.phase = match saved {
                            Some(_) => StructPhase::Sources { saved, next: 0 },
                            None => {
                                self.merged.set(Some(self.new_merged_set()));
                                StructPhase::ParentKeys { saved, next: 0 }
                            }
                        };
                        continue;
                    };
                    frame.next += 1;
                    if self.is_merge_key(&key) {
                        frame.merge_node = Some(value);
                        continue;
                    }
                    let Some(Some(name)) = self.soft(self.string_text(&key, path))? else {
                        continue;
                    };
                    if let Some(set) = frame.merged
                        && self.merged_seen(set, Some(GoKey::Str(name.clone())))
                    {
                        continue;
                    }
                    match fields.iter().find(|known| **known == name) {
                        Some(known) if frame.done.contains(known) => {
                            self.soft::<()>(Err(error_at(
                                &key,
                                &join(path, known),
                                format!("field {name} already set in type {go_type}"),
                            )))?;
                        }
                        Some(known) => {
                            frame.done.push(known);
                            field(known, &value)?;
                        }
                        None => {
                            self.soft::<()>(Err(error_at(
                                &key,
                                &join(path, &name),
                                Cause::Explained(
                                    format!("field {name} not found in type {go_type}"),
                                    Hint::KnownFields(fields),
                                ),
                            )))?;
                        }
                    }
                }
                // go-yaml `Constructor.merge`: the merging mapping's keys, each constructed
                // into an `any`, are set already.
                StructPhase::ParentKeys { saved, next } => match frame.entries.get(*next) {
                    Some((key, _)) => {
                        let key = *key;
                        *next += 1;
                        if let Some(value) = self.construct_any(&key, path)?
                            && let Some(set) = self.merged.get()
                        {
                            self.mark_merged(set, &value, &key)?;
                        }
                    }
                    None => {
                        frame.phase = StructPhase::Sources {
                            saved: *saved,
                            next: 0,
                        }
                    }
                },
                StructPhase::Sources { saved, next } => {
                    let merge = frame.merge_node.unwrap_or(frame.entries[0].1);
                    let source = merge_source(&merge, *next)?;
                    *next += 1;
                    let Some(source) = source else {
                        self.merged.set(*saved);
                        open.pop();
                        continue;
                    };
                    // `Construct(source, out)`: a mapping into the same struct.
                    let expansion = self.construct(&source)?;
                    if let Some(entries) = self
                        .soft(self.struct_entries(&source, path, go_type))?
                        .flatten()
                    {
                        open.push(StructFrame::new(entries, expansion, self.merged.take()));
                    }
                }
            }
        }
        Ok(true)
    }

    /// The entries of a node constructed into a struct (already counted): `None` where Go's
    /// `Construct` fails silently, a tag error for anything but a mapping, the duplicate-key
    /// errors of a mapping (`Constructor.mapping`, `UniqueKeys`).
    fn struct_entries<'n>(
        &self,
        node: &YamlNode<'n>,
        path: &str,
        go_type: &str,
    ) -> Result<Option<Vec<(YamlNode<'n>, YamlNode<'n>)>>, SchematicError> {
        let expected = || {
            Cause::Explained(
                format!(
                    "cannot unmarshal {} into {go_type}",
                    kind_word(node, self.library)
                ),
                Hint::Mapping,
            )
        };
        match node.kind() {
            NodeKind::Map(entries) => {
                check_duplicates(&entries, path)?;
                Ok(Some(entries))
            }
            NodeKind::Seq(_) => Err(error_at(node, path, expected())),
            NodeKind::Scalar { .. } => {
                self.scalar_into_collection(node, path, expected())?;
                Ok(None)
            }
        }
    }

    fn schematic(&self, root: YamlNode<'_>) -> Result<Schematic, SchematicError> {
        let mut schematic = Schematic::default();
        self.soft(self.struct_mapping(
            &root,
            "",
            "schematic.Schematic",
            &["owner", "overlay", "customization"],
            &mut |field, value| {
                match field {
                    "owner" => {
                        schematic.owner =
                            self.soft(self.string(value, "owner"))?.unwrap_or_default()
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
                Ok(())
            },
        ))?;
        Ok(schematic)
    }

    fn overlay(&self, node: &YamlNode<'_>, path: &str) -> Result<Overlay, SchematicError> {
        let mut overlay = Overlay::default();
        self.struct_mapping(
            node,
            path,
            "schematic.Overlay",
            &["image", "name", "options"],
            &mut |field, value| {
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
                    _ => overlay.options = self.construct_options(value, &field_path)?,
                }
                Ok(())
            },
        )?;
        Ok(overlay)
    }

    fn customization(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Customization, SchematicError> {
        let mut customization = Customization::default();
        self.struct_mapping(
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
            &mut |field, value| {
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
                        self.soft(self.struct_mapping(
                            value,
                            &field_path,
                            "schematic.SystemExtensions",
                            &["officialExtensions"],
                            &mut |_, list| {
                                extensions.official_extensions = self
                                    .soft(
                                        self.strings(
                                            list,
                                            &join(&field_path, "officialExtensions"),
                                        ),
                                    )?
                                    .unwrap_or_default();
                                Ok(())
                            },
                        ))?;
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
                        self.soft(self.struct_mapping(
                            value,
                            &field_path,
                            "schematic.DiskImage",
                            &["sectorSize"],
                            &mut |_, size| {
                                disk_image.sector_size = self
                                    .soft(self.unsigned(
                                        size,
                                        &join(&field_path, "sectorSize"),
                                        u64::MAX,
                                        "uint",
                                    ))?
                                    .unwrap_or_default();
                                Ok(())
                            },
                        ))?;
                        customization.disk_image = disk_image;
                    }
                }
                Ok(())
            },
        )?;
        Ok(customization)
    }

    /// A `[]string`: null = empty, items decoded as strings. A null item is dropped:
    /// go-yaml v4.0.0-rc.6 `internal/libyaml/constructor.go` `Constructor.sequence` keeps only
    /// the elements whose `Construct` succeeds, and `Constructor.null` fails for a non-nillable
    /// element (a `string`, a `MetaValue` struct).
    fn strings(&self, node: &YamlNode<'_>, path: &str) -> Result<Vec<String>, SchematicError> {
        let _expansion = self.construct(node)?;
        let items = self.sequence_items(node, path, "[]string")?;
        let mut strings = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(Some(text)) =
                self.soft(self.string_text(item, &format!("{path}[{index}]")))?
            {
                strings.push(text);
            }
        }
        Ok(strings)
    }

    /// The items of a node constructed into a slice (go-yaml `Constructor.sequence`; a
    /// mapping's duplicate keys first, `Constructor.mapping`); none for null and `!!merge`.
    fn sequence_items<'n>(
        &self,
        node: &YamlNode<'n>,
        path: &str,
        go_type: &str,
    ) -> Result<Vec<YamlNode<'n>>, SchematicError> {
        let message = || {
            Cause::Explained(
                format!(
                    "cannot unmarshal {} into {go_type}",
                    kind_word(node, self.library)
                ),
                Hint::List,
            )
        };
        match node.kind() {
            NodeKind::Seq(items) => Ok(items),
            NodeKind::Map(_) => Err(type_error(node, path, message())),
            NodeKind::Scalar { .. } => {
                self.scalar_into_collection(node, path, message())?;
                Ok(Vec::new())
            }
        }
    }

    fn meta(&self, node: &YamlNode<'_>, path: &str) -> Result<Vec<MetaValue>, SchematicError> {
        let _expansion = self.construct(node)?;
        let items = self.sequence_items(node, path, "[]schematic.MetaValue")?;
        let mut meta = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{index}]");
            let mut value = MetaValue::default();
            // A null item is dropped: see `strings`.
            let good = self.soft(self.struct_mapping(
                item,
                &item_path,
                "schematic.MetaValue",
                &["key", "value"],
                &mut |field, field_node| {
                    let field_path = join(&item_path, field);
                    if field == "key" {
                        let key =
                            self.soft(self.unsigned(field_node, &field_path, 255, "uint8"))?;
                        value.key = u8::try_from(key.unwrap_or_default()).unwrap_or(u8::MAX);
                    } else {
                        value.value = self
                            .soft(self.string(field_node, &field_path))?
                            .unwrap_or_default();
                    }
                    Ok(())
                },
            ))?;
            if good == Some(true) {
                meta.push(value);
            }
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
        let _expansion = self.construct(node)?;
        let text = match node.kind() {
            NodeKind::Scalar { text, .. } => text,
            _ => "",
        };
        let range = if max == 255 {
            Hint::Byte
        } else {
            Hint::Unsigned
        };
        check_binary(node, path)?;
        if let Some(tag) = unresolvable_tag(node) {
            return Err(error_at(
                node,
                path,
                Cause::Explained(
                    format!("cannot unmarshal {tag} `{text}` into {go_type}"),
                    range,
                ),
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
            _ => Err(type_error(
                node,
                path,
                Cause::Explained(
                    format!(
                        "cannot unmarshal {} `{text}` into {go_type}",
                        kind_word(node, self.library)
                    ),
                    range,
                ),
            )),
        }
    }

    fn bootloader(&self, node: &YamlNode<'_>, path: &str) -> Result<Bootloader, SchematicError> {
        let _expansion = self.construct(node)?;
        let NodeKind::Scalar { text, .. } = node.kind() else {
            return Err(error_at(
                node,
                path,
                Cause::Explained(
                    format!(
                        "cannot unmarshal {} into BootloaderKind",
                        kind_word(node, self.library)
                    ),
                    Hint::Bootloader,
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
                Cause::Explained(
                    "auto does not belong to BootloaderKind values".to_owned(),
                    Hint::BootloaderAuto,
                ),
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
        self.struct_mapping(
            node,
            path,
            "schematic.SecureBoot",
            &["enrollKeys", "includeWellKnownCertificates"],
            &mut |field, value| {
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
                Ok(())
            },
        )?;
        Ok(secureboot)
    }

    /// A Go `bool` field: booleans, null, and (like go-yaml) the YAML 1.1 words yes/no/on/off.
    fn boolean(&self, node: &YamlNode<'_>, path: &str) -> Result<bool, SchematicError> {
        let _expansion = self.construct(node)?;
        let text = match node.kind() {
            NodeKind::Scalar { text, .. } => text,
            _ => "",
        };
        check_binary(node, path)?;
        if let Some(tag) = unresolvable_tag(node) {
            return Err(error_at(
                node,
                path,
                Cause::Explained(
                    format!("cannot unmarshal {tag} `{text}` into bool"),
                    Hint::Bool,
                ),
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
        Err(type_error(
            node,
            path,
            Cause::Explained(
                format!(
                    "cannot unmarshal {} `{text}` into bool",
                    kind_word(node, self.library)
                ),
                Hint::Bool,
            ),
        ))
    }
}

/// A struct mapping under construction, or one of its merge key's mappings.
struct StructFrame<'n, 'd> {
    entries: Vec<(YamlNode<'n>, YamlNode<'n>)>,
    next: usize,
    /// go-yaml `mappingStruct` `doneFields`.
    done: Vec<&'static str>,
    /// go-yaml `mappingStruct`'s `mergedFields`: set while this is a merge key's mapping.
    merged: Option<usize>,
    merge_node: Option<YamlNode<'n>>,
    phase: StructPhase,
    /// The alias this mapping was reached through, expanded while it is open.
    _expansion: Expansion<'d>,
}

impl<'n, 'd> StructFrame<'n, 'd> {
    fn new(
        entries: Vec<(YamlNode<'n>, YamlNode<'n>)>,
        expansion: Expansion<'d>,
        merged: Option<usize>,
    ) -> Self {
        StructFrame {
            entries,
            next: 0,
            done: Vec::new(),
            merged,
            merge_node: None,
            phase: StructPhase::Entries,
            _expansion: expansion,
        }
    }
}

/// Where a mapping is in go-yaml's `mappingStruct` / `mapping` → `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StructPhase {
    /// The entries, in order.
    Entries,
    /// `merge`: the keys of the mapping, constructed into `any` (`saved`: `mergedFields`
    /// before the merge).
    ParentKeys { saved: Option<usize>, next: usize },
    /// `merge`: the merge key's mappings, `next` of them.
    Sources { saved: Option<usize>, next: usize },
}

/// go-yaml `Constructor.merge`: the `index`th mapping to merge from `merge` (a mapping, an
/// alias to one, or a sequence of them, checked one by one as Go reaches them), `None` past
/// the last; anything else fails.
fn merge_source<'n>(
    merge: &YamlNode<'n>,
    index: usize,
) -> Result<Option<YamlNode<'n>>, SchematicError> {
    let is_map = |node: &YamlNode<'_>| matches!(node.kind(), NodeKind::Map(_));
    if let Some((_, target)) = merge.alias() {
        if !is_map(&target) {
            return Err(want_map(&target));
        }
        return Ok((index == 0).then_some(*merge));
    }
    match merge.kind() {
        NodeKind::Map(_) => Ok((index == 0).then_some(*merge)),
        NodeKind::Seq(items) => {
            let Some(item) = items.get(index) else {
                return Ok(None);
            };
            match item.alias() {
                Some((_, target)) if !is_map(&target) => Err(want_map(&target)),
                None if !is_map(item) => Err(want_map(item)),
                _ => Ok(Some(*item)),
            }
        }
        NodeKind::Scalar { .. } => Err(want_map(merge)),
    }
}

/// go-yaml `Constructor.mapping` / `sequence` into a type that is no collection: a mapping's
/// duplicate keys are reported (`UniqueKeys`) instead of the tag error.
fn type_error(node: &YamlNode<'_>, path: &str, message: impl Into<Cause>) -> SchematicError {
    if let NodeKind::Map(entries) = node.kind()
        && let Err(duplicates) = check_duplicates(&entries, path)
    {
        return duplicates;
    }
    error_at(node, path, message)
}

/// go-yaml `constructor.go` `failWantMap`.
fn want_map(node: &YamlNode<'_>) -> SchematicError {
    SchematicError::new("yaml: map merge requires map or sequence of maps as the value")
        .at(node.line(), node.column())
}

/// A collection used as a key of go-yaml's `mergedFields` (`setPossiblyUnhashableKey`,
/// `getPossiblyUnhashableKey`): Go's map panics, the constructor fails with the panic's text.
fn unhashable(node: &YamlNode<'_>, go_type: &str) -> SchematicError {
    let (line, column) = node.own_position();
    SchematicError::new(format!(
        "yaml: runtime error: hash of unhashable type {go_type}"
    ))
    .at(line, column)
}

/// Rejects option keys that the emitter would write as complex keys (`? key`).
fn check_option_key(key: &str, node: &YamlNode<'_>, path: &str) -> Result<(), SchematicError> {
    if key.len() > 128 {
        return Err(error_at(node, path, Cause::KeyTooLong(key.len())));
    }
    if key.chars().any(super::yaml::is_line_break) {
        return Err(error_at(node, path, Cause::KeyLineBreak));
    }
    Ok(())
}

/// go-yaml v4.0.0-rc.6 `constructor.go` `Constructor.mapping` (`UniqueKeys`): two keys of the
/// same node kind with the same value (an alias's value is its anchor name; collections have
/// none, so two collection keys of one kind collide). Every pair is reported, in Go's order,
/// as one error (the first pair's position, the others after `; also`).
fn check_duplicates(
    entries: &[(YamlNode<'_>, YamlNode<'_>)],
    path: &str,
) -> Result<(), SchematicError> {
    // Go compares every pair; the same pairs, found through a map of identities.
    let mut by_identity: HashMap<(u8, &str), Vec<usize>> = HashMap::with_capacity(entries.len());
    for (index, (key, _)) in entries.iter().enumerate() {
        by_identity.entry(key.identity()).or_default().push(index);
    }
    if by_identity.len() == entries.len() {
        return Ok(());
    }
    let mut found: Option<SchematicError> = None;
    for (index, (key, _)) in entries.iter().enumerate() {
        let identity = key.identity();
        for &later in by_identity[&identity]
            .iter()
            .filter(|later| **later > index)
        {
            let (line, column) = entries[later].0.own_position();
            let error = SchematicError::new(format!(
                "mapping key {:?} already defined at line {}",
                identity.1,
                key.own_position().0
            ))
            .in_field(path)
            .at(line, column);
            match &mut found {
                None => found = Some(error),
                Some(first) => first.and(error),
            }
        }
    }
    found.map_or(Ok(()), Err)
}

/// Errors that end the decoding: go-yaml's `Fail` (its messages are written with `yaml: `
/// here).
fn is_fatal(error: &SchematicError) -> bool {
    error
        .go_words()
        .is_some_and(|words| words.starts_with("yaml: "))
}

/// go-yaml v4.0.0-rc.6 `options.go` `DefaultAliasCheck`, called by `Constructor.Construct`
/// after counting the node at `position`.
fn alias_check(
    aliased: usize,
    constructs: usize,
    position: (usize, usize),
) -> Result<(), SchematicError> {
    const RANGE_LOW: usize = 400_000;
    const RANGE_HIGH: usize = 4_000_000;
    if aliased <= 100 || constructs <= 1000 {
        return Ok(());
    }
    let allowed = if constructs <= RANGE_LOW {
        0.99
    } else if constructs >= RANGE_HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((constructs - RANGE_LOW) as f64 / (RANGE_HIGH - RANGE_LOW) as f64)
    };
    if aliased as f64 / constructs as f64 > allowed {
        return Err(
            SchematicError::new("yaml: document contains excessive aliasing")
                .at(position.0, position.1),
        );
    }
    Ok(())
}

/// A go-yaml `Fail` at `node`.
fn fatal_at(node: &YamlNode<'_>, path: &str, message: impl AsRef<str>) -> SchematicError {
    error_at(node, path, format!("yaml: {}", message.as_ref()))
}

/// go-yaml `constructor.go` `Constructor.scalar` decodes a `!!binary` value first, whatever
/// it is constructed into.
fn check_binary(node: &YamlNode<'_>, path: &str) -> Result<(), SchematicError> {
    match node.kind() {
        NodeKind::Scalar {
            text,
            tag: Some(NodeTag::Core(suffix)),
            ..
        } if suffix == "binary" && decode_base64(text).is_none() => Err(invalid_base64(node, path)),
        _ => Ok(()),
    }
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
