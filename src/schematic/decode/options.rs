//! The free-form part of a schematic: go-yaml v4.0.0-rc.6 `internal/libyaml/constructor.go`
//! `Constructor.Construct` into an `any`, into the `map[string]any` of `overlay.options`, and
//! into the `string` keys of such maps, with `Constructor.alias`, `sequence`, `mapping` and
//! `merge`. Every `Construct` call Go makes is made here in Go's order (so the construct and
//! alias counts are Go's), type errors are collected and construction goes on as in Go.
//!
//! Go recurses once per level; here an explicit stack of open collections ([`Frame`]) does:
//! values nest as deep as go-yaml builds them (the reader's 10,000 levels of flow and of
//! block collections, and deeper through aliases) on any stack.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::tree::{NodeKind, NodeTag, YamlNode};
use super::{
    Decoder, check_duplicates, check_option_key, decode_base64, error_at, fatal_at, go_key,
    invalid_base64, kind_word, merge_source, scalar_value, short_tag, unhashable,
};
use crate::schematic::error::{Cause, Hint, SchematicError};
use crate::schematic::model::Value;
use crate::schematic::yaml::Resolved;

/// The Go type a node is constructed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Into {
    /// `any` (an `interface{}`).
    Any,
    /// `string`: a key of a `map[string]any`.
    Str,
    /// The `map[string]any` field `overlay.options` (a new map).
    Field,
    /// The map of the frame at this index of the stack: a merge key's mapping
    /// (`Constructor.merge` constructs it into the merging map).
    Merge(usize),
}

/// A Go call under way.
enum Frame<'n> {
    /// `Constructor.alias`: this alias node is expanded until its target is constructed.
    Alias(usize),
    Seq(SeqFrame<'n>),
    Map(Box<MapFrame<'n>>),
}

/// `Constructor.sequence` into an `any`.
struct SeqFrame<'n> {
    items: Vec<YamlNode<'n>>,
    next: usize,
    values: Vec<Value>,
    /// The length of the sequence's path in [`Run::path`].
    path_len: usize,
}

/// `Constructor.mapping` (with `merge`) into a map: a new one, or the one of a merging
/// mapping further down the stack.
struct MapFrame<'n> {
    entries: Vec<(YamlNode<'n>, YamlNode<'n>)>,
    next: usize,
    /// The map's keys are Go strings (`map[string]any`), else `any` (`map[any]any`).
    string_keys: bool,
    /// The stack index of the frame whose map is filled (this frame's own, unless merging).
    owner: usize,
    /// The map, when this frame owns it: Go map semantics (setting a key again replaces its
    /// value), the order of first setting kept.
    map: Vec<(String, Value)>,
    index: HashMap<String, usize>,
    /// go-yaml `mapIsNew`.
    map_is_new: bool,
    /// This mapping's `mergedFields` (set while it is a merge key's mapping).
    merged: Option<usize>,
    merge_node: Option<YamlNode<'n>>,
    phase: Phase,
    path_len: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Between entries.
    Entries,
    /// Waiting for the key of entry `.0`.
    Key(usize),
    /// Waiting for the value of entry `entry`, set under `key`.
    Value { entry: usize, key: String },
    /// `merge`: constructing the mapping's keys into `any` (`saved`: `mergedFields` before).
    ParentKeys { saved: Option<usize>, next: usize },
    /// `merge`: constructing the merge key's mappings into the map.
    Sources { saved: Option<usize>, next: usize },
}

/// One construction: the open calls and the path of the node being constructed (built only
/// as deep as the current node, so deep values cost no quadratic path strings).
struct Run<'n> {
    frames: Vec<Frame<'n>>,
    path: String,
}

/// What a frame asks for next.
enum Step<'n> {
    /// `Construct(node, into)`; its result comes back to the same frame.
    Call(YamlNode<'n>, Into),
    /// The frame is done (popped); Go's `good` and the value.
    Return(Option<Value>),
}

/// The map frame at `index` (the owner of a map is always one).
fn map_at<'a, 'n>(frames: &'a mut [Frame<'n>], index: usize) -> &'a mut MapFrame<'n> {
    match &mut frames[index] {
        Frame::Map(frame) => frame,
        _ => unreachable!("a map's frame is a map frame"),
    }
}

/// Appends a map key to a path (`a.b`).
fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

impl Decoder {
    /// go-yaml `Construct(node, out)` for an `any` out: the value, `None` where Go's
    /// `Construct` fails (type errors are recorded; `Err` for a `Fail`).
    pub(super) fn construct_any(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Option<Value>, SchematicError> {
        self.run(*node, Into::Any, path)
    }

    /// go-yaml `Construct(node, field)` for `overlay.options` (`map[string]any`): the entries,
    /// none where Go leaves the map empty or nil.
    pub(super) fn construct_options(
        &self,
        node: &YamlNode<'_>,
        path: &str,
    ) -> Result<Vec<(String, Value)>, SchematicError> {
        Ok(match &mut self.run(*node, Into::Field, path)? {
            Some(Value::Map(entries)) => std::mem::take(entries),
            _ => Vec::new(),
        })
    }

    fn run<'n>(
        &self,
        node: YamlNode<'n>,
        into: Into,
        path: &str,
    ) -> Result<Option<Value>, SchematicError> {
        let mut run = Run {
            frames: Vec::new(),
            path: path.to_owned(),
        };
        // A result for the innermost frame (`Some`), once a call is done.
        let mut delivered = self.begin(&mut run, node, into)?;
        loop {
            if run.frames.is_empty() {
                return Ok(delivered.flatten());
            }
            match self.step(&mut run, delivered.take())? {
                Step::Call(node, into) => delivered = self.begin(&mut run, node, into)?,
                Step::Return(value) => delivered = Some(value),
            }
        }
    }

    /// `Construct(node, into)` up to its first nested call: counted (an alias twice, its
    /// expansion begun), then done at once (`Some(result)`) or left as a frame (`None`).
    fn begin<'n>(
        &self,
        run: &mut Run<'n>,
        node: YamlNode<'n>,
        into: Into,
    ) -> Result<Option<Option<Value>>, SchematicError> {
        self.count(node.own_position())?;
        let node = match node.alias() {
            Some((name, target)) => {
                self.enter_alias(&node, name)?;
                run.frames.push(Frame::Alias(node.id()));
                self.count(target.own_position())?;
                target
            }
            None => node,
        };
        let into_map = |what: &str| {
            error_at(
                &node,
                &run.path,
                Cause::Explained(
                    format!("cannot unmarshal {what} into map[string]any"),
                    Hint::Mapping,
                ),
            )
        };
        let into_key = |what: &str| {
            error_at(
                &node,
                &run.path,
                Cause::Explained(
                    format!("cannot unmarshal {what} into string"),
                    Hint::KeyNotScalar,
                ),
            )
        };
        match node.kind() {
            NodeKind::Scalar { .. } => Ok(Some(self.scalar(&node, into, &run.path)?)),
            NodeKind::Seq(items) => match into {
                Into::Any => {
                    run.frames.push(Frame::Seq(SeqFrame {
                        values: Vec::with_capacity(items.len()),
                        items,
                        next: 0,
                        path_len: run.path.len(),
                    }));
                    Ok(None)
                }
                Into::Str => {
                    self.soft::<()>(Err(into_key("!!seq")))?;
                    Ok(Some(None))
                }
                Into::Field | Into::Merge(_) => {
                    self.soft::<()>(Err(into_map("!!seq")))?;
                    Ok(Some(None))
                }
            },
            NodeKind::Map(entries) => {
                if let Err(duplicates) = check_duplicates(&entries, &run.path) {
                    self.soft::<()>(Err(duplicates))?;
                    return Ok(Some(None));
                }
                let own = run.frames.len();
                let (string_keys, owner, map_is_new) = match into {
                    Into::Str => {
                        self.soft::<()>(Err(into_key("!!map")))?;
                        return Ok(Some(None));
                    }
                    // go-yaml `mapping` into an interface: `isStringMap`.
                    Into::Any => (self.is_string_map(&entries), own, true),
                    Into::Field => (true, own, true),
                    Into::Merge(owner) => {
                        (map_at(&mut run.frames, owner).string_keys, owner, false)
                    }
                };
                run.frames.push(Frame::Map(Box::new(MapFrame {
                    entries,
                    next: 0,
                    string_keys,
                    owner,
                    map: Vec::new(),
                    index: HashMap::new(),
                    map_is_new,
                    // `mergedFields := c.mergedFields; c.mergedFields = nil`
                    merged: self.merged.take(),
                    merge_node: None,
                    phase: Phase::Entries,
                    path_len: run.path.len(),
                })));
                Ok(None)
            }
        }
    }

    /// go-yaml `isStringMap`: every key is a `!!str` or a `!!merge`.
    fn is_string_map(&self, entries: &[(YamlNode<'_>, YamlNode<'_>)]) -> bool {
        entries
            .iter()
            .all(|(key, _)| matches!(short_tag(key, self.library).as_str(), "!!str" | "!!merge"))
    }

    /// go-yaml `Constructor.scalar` into `into`: Go's `good` and the value (a key as
    /// `Value::Str`).
    fn scalar(
        &self,
        node: &YamlNode<'_>,
        into: Into,
        path: &str,
    ) -> Result<Option<Value>, SchematicError> {
        let NodeKind::Scalar { text, tag, .. } = node.kind() else {
            return Ok(None);
        };
        let binary = matches!(tag, Some(NodeTag::Core(suffix)) if suffix == "binary");
        match into {
            Into::Str => Ok(self
                .soft(self.string_of(node, path))?
                .flatten()
                .map(Value::Str)),
            Into::Any if binary => {
                let bytes = decode_base64(text).ok_or_else(|| invalid_base64(node, path))?;
                Ok(Some(Value::Str(self.binary_text(bytes, node, path))))
            }
            Into::Any => match scalar_value(node, self.library) {
                Ok(Resolved::Null) => Ok(Some(Value::Null)),
                Ok(Resolved::Bool(value)) => Ok(Some(Value::Bool(value))),
                Ok(Resolved::Int(value)) => Ok(Some(Value::Int(value))),
                Ok(Resolved::Uint(value)) => Ok(Some(Value::Uint(value))),
                Ok(Resolved::Float(value)) => Ok(Some(Value::Float(value))),
                Ok(Resolved::Timestamp(value)) => Ok(Some(Value::Timestamp(value))),
                // `constructMerge` fails, silently.
                Ok(Resolved::Merge) => Ok(None),
                Ok(Resolved::Str) => Ok(Some(Value::Str(text.to_owned()))),
                Err(message) => Err(fatal_at(node, path, message)),
            },
            Into::Field | Into::Merge(_) => {
                if binary && decode_base64(text).is_none() {
                    return Err(invalid_base64(node, path));
                }
                match scalar_value(node, self.library) {
                    // `Constructor.null` sets the map to nil.
                    Ok(Resolved::Null) => Ok(Some(Value::Map(Vec::new()))),
                    Ok(Resolved::Merge) => Ok(None),
                    Ok(_) => {
                        self.soft::<()>(Err(error_at(
                            node,
                            path,
                            Cause::Explained(
                                format!(
                                    "cannot unmarshal {} into map[string]any",
                                    kind_word(node, self.library)
                                ),
                                Hint::Mapping,
                            ),
                        )))?;
                        Ok(None)
                    }
                    Err(message) => Err(fatal_at(node, path, message)),
                }
            }
        }
    }

    /// Takes the innermost frame one call further, `delivered` being the result of its last
    /// call.
    fn step<'n>(
        &self,
        run: &mut Run<'n>,
        delivered: Option<Option<Value>>,
    ) -> Result<Step<'n>, SchematicError> {
        let top = run.frames.len() - 1;
        match &mut run.frames[top] {
            Frame::Alias(alias) => {
                let alias = *alias;
                run.frames.pop();
                self.leave_alias(alias);
                Ok(Step::Return(delivered.flatten()))
            }
            Frame::Seq(seq) => {
                if let Some(Some(value)) = delivered {
                    seq.values.push(value);
                }
                match seq.items.get(seq.next).copied() {
                    Some(item) => {
                        let index = seq.next;
                        seq.next += 1;
                        let path_len = seq.path_len;
                        run.path.truncate(path_len);
                        let _ = write!(run.path, "[{index}]");
                        Ok(Step::Call(item, Into::Any))
                    }
                    None => {
                        let values = std::mem::take(&mut seq.values);
                        run.frames.pop();
                        Ok(Step::Return(Some(Value::Seq(values))))
                    }
                }
            }
            Frame::Map(_) => self.step_map(run, top, delivered),
        }
    }

    fn step_map<'n>(
        &self,
        run: &mut Run<'n>,
        top: usize,
        mut delivered: Option<Option<Value>>,
    ) -> Result<Step<'n>, SchematicError> {
        loop {
            let frame = map_at(&mut run.frames, top);
            match frame.phase.clone() {
                Phase::Entries => {
                    let Some((key, value)) = frame.entries.get(frame.next).copied() else {
                        // go-yaml `mapping` after the loop: `c.mergedFields = mergedFields`.
                        self.merged.set(frame.merged);
                        if frame.merge_node.is_none() {
                            return Ok(self.finish_map(run, top));
                        }
                        let saved = self.merged.get();
                        frame.phase = match saved {
                            Some(_) => Phase::Sources { saved, next: 0 },
                            None => {
                                self.merged.set(Some(self.new_merged_set()));
                                Phase::ParentKeys { saved, next: 0 }
                            }
                        };
                        continue;
                    };
                    let entry = frame.next;
                    frame.next += 1;
                    if self.is_merge_key(&key) {
                        frame.merge_node = Some(value);
                        continue;
                    }
                    frame.phase = Phase::Key(entry);
                    let into = if frame.string_keys {
                        Into::Str
                    } else {
                        Into::Any
                    };
                    let path_len = frame.path_len;
                    run.path.truncate(path_len);
                    return Ok(Step::Call(key, into));
                }
                Phase::Key(entry) => {
                    frame.phase = Phase::Entries;
                    let Some(key) = delivered.take().flatten() else {
                        continue;
                    };
                    let key_node = frame.entries[entry].0;
                    let value_node = frame.entries[entry].1;
                    if let Some(set) = frame.merged {
                        let typed = if frame.string_keys {
                            Ok(go_key(&key).ok().flatten())
                        } else {
                            go_key(&key).map_err(|go_type| unhashable(&key_node, go_type))
                        };
                        if self.merged_seen(set, typed?) {
                            continue;
                        }
                    }
                    let text = match &key {
                        Value::Str(text) => text.clone(),
                        Value::Seq(_) | Value::Map(_) => {
                            let (line, column) = key_node.own_position();
                            return Err(SchematicError::new(format!(
                                "yaml: cannot use a {} as a map key",
                                kind_word(&key_node, self.library)
                            ))
                            .at(line, column));
                        }
                        _ => {
                            let text = match key_node.kind() {
                                NodeKind::Scalar { text, .. } => text.to_owned(),
                                _ => String::new(),
                            };
                            self.refuse(error_at(
                                &key_node,
                                &run.path,
                                Cause::KeySortedByType {
                                    key: text.clone(),
                                    kind: kind_word(&key_node, self.library),
                                },
                            ));
                            text
                        }
                    };
                    frame.phase = Phase::Value {
                        entry,
                        key: text.clone(),
                    };
                    let path_len = frame.path_len;
                    run.path.truncate(path_len);
                    push_key(&mut run.path, &text);
                    if let Err(refusal) = check_option_key(&text, &key_node, &run.path) {
                        self.refuse(refusal);
                    }
                    return Ok(Step::Call(value_node, Into::Any));
                }
                Phase::Value { entry, key } => {
                    frame.phase = Phase::Entries;
                    let value_node = frame.entries[entry].1;
                    let (owner, map_is_new) = (frame.owner, frame.map_is_new);
                    let owner = map_at(&mut run.frames, owner);
                    match delivered.take().flatten() {
                        Some(value) => owner.set(key, value),
                        // `|| n.Content[i+1].ShortTag() == nullTag && (mapIsNew ||
                        // !out.MapIndex(k).IsValid())`
                        None if short_tag(&value_node, self.library) == "!!null"
                            && (map_is_new || !owner.index.contains_key(&key)) =>
                        {
                            owner.set(key, Value::Null);
                        }
                        None => {}
                    }
                }
                Phase::ParentKeys { saved, next } => {
                    if let Some(result) = delivered.take() {
                        let key_node = frame.entries[next - 1].0;
                        if let (Some(key), Some(set)) = (result, self.merged.get()) {
                            self.mark_merged(set, &key, &key_node)?;
                        }
                    }
                    match frame.entries.get(next).copied() {
                        Some((key, _)) => {
                            frame.phase = Phase::ParentKeys {
                                saved,
                                next: next + 1,
                            };
                            let path_len = frame.path_len;
                            run.path.truncate(path_len);
                            return Ok(Step::Call(key, Into::Any));
                        }
                        None => frame.phase = Phase::Sources { saved, next: 0 },
                    }
                }
                Phase::Sources { saved, next } => {
                    // A merged mapping's result is not used (`Constructor.merge`).
                    delivered.take();
                    let Some(merge) = frame.merge_node else {
                        return Ok(self.finish_map(run, top));
                    };
                    frame.phase = Phase::Sources {
                        saved,
                        next: next + 1,
                    };
                    let owner = frame.owner;
                    let path_len = frame.path_len;
                    match merge_source(&merge, next)? {
                        Some(source) => {
                            run.path.truncate(path_len);
                            return Ok(Step::Call(source, Into::Merge(owner)));
                        }
                        None => {
                            self.merged.set(saved);
                            return Ok(self.finish_map(run, top));
                        }
                    }
                }
            }
        }
    }

    /// The end of `mapping`: the map (`good`), or, for a merge key's mapping, only `good`.
    fn finish_map<'n>(&self, run: &mut Run<'n>, top: usize) -> Step<'n> {
        let frame = map_at(&mut run.frames, top);
        let value = if frame.owner == top {
            Value::Map(std::mem::take(&mut frame.map))
        } else {
            Value::Null
        };
        run.frames.pop();
        Step::Return(Some(value))
    }
}

impl MapFrame<'_> {
    /// `out.SetMapIndex(k, e)`.
    fn set(&mut self, key: String, value: Value) {
        match self.index.get(&key) {
            Some(&at) => self.map[at].1 = value,
            None => {
                self.index.insert(key.clone(), self.map.len());
                self.map.push((key, value));
            }
        }
    }
}
