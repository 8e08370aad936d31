//! Import: a pasted schematic (YAML, or JSON which is YAML too) decoded the way the factory's
//! `schematic.Unmarshal` does (`yaml.NewDecoder` + `KnownFields(true)` + one `Decode`): unknown
//! fields and duplicate keys rejected, types checked, `null` = absent, other scalars accepted
//! into string fields with their text, only the first document, free-form `overlay.options`
//! typed by YAML's implicit rules.
//!
//! Beyond the factory, keys that the canonical emitter would write in complex-key form
//! (over 128 bytes, or with a line break) are rejected: the factory accepts them, but the ID it
//! would compute cannot be reproduced.

mod tree;

use super::error::SchematicError;
use super::model::{
    Bootloader, Customization, DiskImage, MetaValue, Overlay, Schematic, SecureBoot,
    SystemExtensions, Value,
};
use super::yaml::{Resolved, YamlLibrary, resolve_with};
use tree::{NodeKind, NodeTag, YamlNode};

/// Decodes a YAML (or JSON) schematic body like the factory running `library`.
pub(crate) fn decode(text: &str, library: YamlLibrary) -> Result<Schematic, SchematicError> {
    let root = tree::parse_first_document(text)?;
    Decoder { library }.schematic(&root)
}

struct Decoder {
    library: YamlLibrary,
}

/// `path.field`, or `field` at the root.
fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

fn error_at(node: &YamlNode, path: &str, message: impl Into<String>) -> SchematicError {
    SchematicError::new(message)
        .in_field(path)
        .at(node.line, node.column)
}

/// The kind word Go uses in decode errors (`!!str`, `!!seq`, …).
fn kind_word(node: &YamlNode, library: YamlLibrary) -> &'static str {
    match &node.kind {
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
fn scalar_value(node: &YamlNode, library: YamlLibrary) -> Result<Resolved, String> {
    let NodeKind::Scalar { text, plain, tag } = &node.kind else {
        return Ok(Resolved::Str);
    };
    match tag {
        None if *plain => Ok(resolve_with(text, library, true)),
        None | Some(NodeTag::NonSpecific | NodeTag::Other(_)) => Ok(Resolved::Str),
        Some(NodeTag::Core(suffix)) => {
            let expected = match suffix.as_str() {
                "str" | "binary" => return Ok(Resolved::Str),
                "null" | "bool" | "int" | "float" | "timestamp" => suffix.as_str(),
                "merge" => return Ok(Resolved::Merge),
                other => return Err(format!("cannot decode !!{other} scalar `{text}`")),
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
    fn string_text(&self, node: &YamlNode, path: &str) -> Result<Option<String>, SchematicError> {
        let NodeKind::Scalar { text, tag, .. } = &node.kind else {
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
            let bytes = decode_base64(text)
                .ok_or_else(|| error_at(node, path, "!!binary value is not valid base64"))?;
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
            Ok(_) => Ok(Some(text.clone())),
            Err(message) => Err(error_at(node, path, message)),
        }
    }

    fn string(&self, node: &YamlNode, path: &str) -> Result<String, SchematicError> {
        Ok(self.string_text(node, path)?.unwrap_or_default())
    }

    fn is_null(&self, node: &YamlNode) -> bool {
        matches!(node.kind, NodeKind::Scalar { .. })
            && matches!(scalar_value(node, self.library), Ok(Resolved::Null))
    }

    /// The entries of a struct mapping, with unknown and duplicate fields rejected.
    /// `None` for null (the struct keeps its zero value).
    fn struct_entries<'n>(
        &self,
        node: &'n YamlNode,
        path: &str,
        go_type: &str,
        fields: &[&'static str],
    ) -> Result<Option<Vec<(&'static str, &'n YamlNode)>>, SchematicError> {
        if self.is_null(node) {
            return Ok(None);
        }
        let NodeKind::Map(entries) = &node.kind else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into {go_type}: expected a mapping",
                    kind_word(node, self.library)
                ),
            ));
        };
        check_duplicates(entries, path)?;
        let mut known = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let NodeKind::Scalar { text, .. } = &key.kind else {
                return Err(error_at(
                    key,
                    path,
                    format!("a {go_type} field name must be a string"),
                ));
            };
            let Some(field) = fields.iter().find(|field| **field == text.as_str()) else {
                return Err(error_at(
                    key,
                    &join(path, text),
                    format!(
                        "field {text} not found in type {go_type} (known fields: {})",
                        fields.join(", ")
                    ),
                ));
            };
            known.push((*field, value));
        }
        Ok(Some(known))
    }

    fn schematic(&self, root: &YamlNode) -> Result<Schematic, SchematicError> {
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
        for (field, value) in entries {
            match field {
                "owner" => schematic.owner = self.string(value, "owner")?,
                "overlay" => schematic.overlay = self.overlay(value, "overlay")?,
                _ => schematic.customization = self.customization(value, "customization")?,
            }
        }
        Ok(schematic)
    }

    fn overlay(&self, node: &YamlNode, path: &str) -> Result<Overlay, SchematicError> {
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
        for (field, value) in entries {
            let field_path = join(path, field);
            match field {
                "image" => overlay.image = self.string(value, &field_path)?,
                "name" => overlay.name = self.string(value, &field_path)?,
                _ => {
                    if !self.is_null(value) {
                        overlay.options = self.options_map(value, &field_path, true)?;
                    }
                }
            }
        }
        Ok(overlay)
    }

    fn customization(&self, node: &YamlNode, path: &str) -> Result<Customization, SchematicError> {
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
        for (field, value) in entries {
            let field_path = join(path, field);
            match field {
                "embeddedMachineConfiguration" => {
                    customization.embedded_machine_configuration =
                        self.string(value, &field_path)?;
                }
                "extraKernelArgs" => {
                    customization.extra_kernel_args = self.strings(value, &field_path)?;
                }
                "meta" => customization.meta = self.meta(value, &field_path)?,
                "systemExtensions" => {
                    let mut extensions = SystemExtensions::default();
                    if let Some(entries) = self.struct_entries(
                        value,
                        &field_path,
                        "schematic.SystemExtensions",
                        &["officialExtensions"],
                    )? {
                        for (_, list) in entries {
                            extensions.official_extensions =
                                self.strings(list, &join(&field_path, "officialExtensions"))?;
                        }
                    }
                    customization.system_extensions = extensions;
                }
                "bootloader" => customization.bootloader = self.bootloader(value, &field_path)?,
                "secureboot" => customization.secureboot = self.secureboot(value, &field_path)?,
                _ => {
                    let mut disk_image = DiskImage::default();
                    if let Some(entries) = self.struct_entries(
                        value,
                        &field_path,
                        "schematic.DiskImage",
                        &["sectorSize"],
                    )? {
                        for (_, size) in entries {
                            disk_image.sector_size = self.unsigned(
                                size,
                                &join(&field_path, "sectorSize"),
                                u64::MAX,
                                "uint",
                            )?;
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
    fn strings(&self, node: &YamlNode, path: &str) -> Result<Vec<String>, SchematicError> {
        if self.is_null(node) {
            return Ok(Vec::new());
        }
        let NodeKind::Seq(items) = &node.kind else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into []string: expected a list",
                    kind_word(node, self.library)
                ),
            ));
        };
        items
            .iter()
            .enumerate()
            .filter(|(_, item)| !self.is_null(item))
            .map(|(index, item)| self.string(item, &format!("{path}[{index}]")))
            .collect()
    }

    fn meta(&self, node: &YamlNode, path: &str) -> Result<Vec<MetaValue>, SchematicError> {
        if self.is_null(node) {
            return Ok(Vec::new());
        }
        let NodeKind::Seq(items) = &node.kind else {
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
            if let Some(entries) =
                self.struct_entries(item, &item_path, "schematic.MetaValue", &["key", "value"])?
            {
                for (field, field_node) in entries {
                    let field_path = join(&item_path, field);
                    if field == "key" {
                        let key = self.unsigned(field_node, &field_path, 255, "uint8")?;
                        value.key = u8::try_from(key).unwrap_or(u8::MAX);
                    } else {
                        value.value = self.string(field_node, &field_path)?;
                    }
                }
            }
            meta.push(value);
        }
        Ok(meta)
    }

    /// An unsigned integer field (`uint8`, `uint`): integers and integral floats in range.
    fn unsigned(
        &self,
        node: &YamlNode,
        path: &str,
        max: u64,
        go_type: &str,
    ) -> Result<u64, SchematicError> {
        let text = match &node.kind {
            NodeKind::Scalar { text, .. } => text.as_str(),
            _ => "",
        };
        let range = if max == 255 {
            "an integer from 0 to 255".to_owned()
        } else {
            "a non-negative integer".to_owned()
        };
        let value = match scalar_value(node, self.library) {
            _ if !matches!(node.kind, NodeKind::Scalar { .. }) => None,
            Ok(Resolved::Null) => Some(0),
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
            Err(message) => return Err(error_at(node, path, message)),
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

    fn bootloader(&self, node: &YamlNode, path: &str) -> Result<Bootloader, SchematicError> {
        let NodeKind::Scalar { text, .. } = &node.kind else {
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

    fn secureboot(&self, node: &YamlNode, path: &str) -> Result<SecureBoot, SchematicError> {
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
        for (field, value) in entries {
            let field_path = join(path, field);
            if field == "enrollKeys" {
                secureboot.enroll_keys = self.string(value, &field_path)?;
            } else {
                secureboot.include_well_known_certificates = self.boolean(value, &field_path)?;
            }
        }
        Ok(secureboot)
    }

    /// A Go `bool` field: booleans, null, and (like go-yaml) the YAML 1.1 words yes/no/on/off.
    fn boolean(&self, node: &YamlNode, path: &str) -> Result<bool, SchematicError> {
        let text = match &node.kind {
            NodeKind::Scalar { text, .. } => text.as_str(),
            _ => "",
        };
        match scalar_value(node, self.library) {
            _ if !matches!(node.kind, NodeKind::Scalar { .. }) => {}
            Ok(Resolved::Bool(value)) => return Ok(value),
            Ok(Resolved::Null) => return Ok(false),
            Ok(Resolved::Str) => match text {
                "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Ok(true),
                "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Ok(false),
                _ => {}
            },
            Err(message) => return Err(error_at(node, path, message)),
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
    fn options_map(
        &self,
        node: &YamlNode,
        path: &str,
        string_keys: bool,
    ) -> Result<Vec<(String, Value)>, SchematicError> {
        let NodeKind::Map(entries) = &node.kind else {
            return Err(error_at(
                node,
                path,
                format!(
                    "cannot unmarshal {} into map[string]any: expected a mapping",
                    kind_word(node, self.library)
                ),
            ));
        };
        check_duplicates(entries, path)?;
        let mut map = Vec::with_capacity(entries.len());
        for (key_node, value_node) in entries {
            let key = match &key_node.kind {
                NodeKind::Scalar { text, .. } => {
                    let resolved = scalar_value(key_node, self.library)
                        .map_err(|message| error_at(key_node, path, message))?;
                    if resolved == Resolved::Merge {
                        return Err(error_at(
                            key_node,
                            path,
                            "merge keys (<<) are not supported in overlay options",
                        ));
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
                    self.string(key_node, path)?
                }
                _ => {
                    return Err(error_at(
                        key_node,
                        path,
                        format!(
                            "cannot construct {} into string: an option key must be a scalar",
                            kind_word(key_node, self.library)
                        ),
                    ));
                }
            };
            let entry_path = join(path, &key);
            check_option_key(&key, key_node, &entry_path)?;
            let value = self.any(value_node, &entry_path)?;
            map.push((key, value));
        }
        Ok(map)
    }

    /// A Go `any`.
    fn any(&self, node: &YamlNode, path: &str) -> Result<Value, SchematicError> {
        match &node.kind {
            NodeKind::Map(_) => Ok(Value::Map(self.options_map(node, path, false)?)),
            NodeKind::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| self.any(item, &format!("{path}[{index}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Seq),
            NodeKind::Scalar { text, tag, .. } => {
                if matches!(tag, Some(NodeTag::Core(suffix)) if suffix == "binary") {
                    return Ok(Value::Str(self.string(node, path)?));
                }
                match scalar_value(node, self.library) {
                    Ok(Resolved::Null) => Ok(Value::Null),
                    Ok(Resolved::Bool(value)) => Ok(Value::Bool(value)),
                    Ok(Resolved::Int(value)) => Ok(Value::Int(value)),
                    Ok(Resolved::Uint(value)) => Ok(Value::Uint(value)),
                    Ok(Resolved::Float(value)) => Ok(Value::Float(value)),
                    Ok(Resolved::Timestamp(value)) => Ok(Value::Timestamp(value)),
                    Ok(Resolved::Merge | Resolved::Str) => Ok(Value::Str(text.clone())),
                    Err(message) => Err(error_at(node, path, message)),
                }
            }
        }
    }
}

/// Rejects option keys that the emitter would write as complex keys (`? key`).
fn check_option_key(key: &str, node: &YamlNode, path: &str) -> Result<(), SchematicError> {
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

/// go-yaml's unique-key check: two scalar keys with the same text.
fn check_duplicates(entries: &[(YamlNode, YamlNode)], path: &str) -> Result<(), SchematicError> {
    for (index, (key, _)) in entries.iter().enumerate() {
        let NodeKind::Scalar { text, .. } = &key.kind else {
            continue;
        };
        for (earlier, _) in &entries[..index] {
            if matches!(&earlier.kind, NodeKind::Scalar { text: other, .. } if other == text) {
                return Err(error_at(
                    key,
                    path,
                    format!(
                        "mapping key {text:?} already defined at line {}",
                        earlier.line
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
