//! The URL query form of a [`Selection`]. Uses the factory UI's parameter names and value
//! forms where they exist, so a factory wizard link opens the same choices here:
//!
//! | parameter | value |
//! | --- | --- |
//! | `target` | `metal`, `cloud`, `sbc` |
//! | `version` | `1.10.9` (a leading `v` is accepted) |
//! | `platform` | cloud platform name (`aws`); `metal` is accepted and ignored |
//! | `board` | board name (`rpi_generic`) |
//! | `arch` | `amd64`, `arm64` |
//! | `secureboot` | `true`, `false` |
//! | `extensions` | repeated, one name each; `-` alone means none |
//! | `cmdline` | kernel arguments split like the factory UI (single spaces) |
//! | `bootloader` | `auto`, `sd-boot`, `grub`, `dual-boot` |
//! | `overlay-options` | YAML mapping text |
//! | `cmdline-set` | the factory UI's step marker; accepted and ignored |
//!
//! and, for what the factory UI lacks:
//!
//! | parameter | value |
//! | --- | --- |
//! | `arg` | repeated, one exact kernel argument each (may contain spaces), after `cmdline`'s |
//! | `order` | `given` (keep the extension order) or `sorted` |
//! | `meta` | repeated, `KEY:VALUE` with KEY 0–255 (decimal or `0x` hex) |
//! | `upgrade-from` | the version the machines run, for the upgrade planner (like `version`, without `v`) |
//! | `enroll-keys` | `off`, `manual`, `if-safe`, `force` |
//! | `well-known-certs` | `true`, `false` |
//! | `sector-size` | bytes, e.g. `4096` |
//! | `format` | disk image suffix, e.g. `raw.xz` |
//! | `pve-vmid` | Proxmox template VM ID, a positive number (default `9000`) |
//! | `pve-name` | Proxmox VM name (default `talos`) |
//! | `pve-storage` | Proxmox storage for the disk and cloud-init drive (default `local-lvm`) |
//! | `pve-bridge` | Proxmox network bridge of `net0` (default `vmbr0`) |
//! | `pve-dir` | download directory on the Proxmox host (default `/tmp`) |
//! | `pve-memory` | VM memory in MiB, a positive number (default `4096`) |
//! | `pve-cores` | VM CPU cores, a positive number (default `2`) |
//! | `pve-disk` | size the disk is grown to in GiB, a positive number (default `20`) |
//! | `overlay-name`, `overlay-image` | an overlay for targets other than `sbc` |
//! | `schematic-id` | 64 hex digits: a schematic to load |
//! | `factory`, `registry`, `pxe` | settings: factory URL, registry host, PXE URL |
//!
//! The `pve-*` values are written only when they differ from the defaults (and only when
//! they would be read back: positive numbers, names that are non-empty and free of control
//! characters).
//!
//! Decoding follows `URLSearchParams` (`+` is a space, bad `%` sequences stay as they are,
//! invalid UTF-8 becomes U+FFFD). Single-valued parameters keep their first value. The
//! embedded machine configuration is never read from or written to a query.

use std::num::NonZeroU64;

use super::settings::{validate_base_url, validate_registry_host};
use super::{BootloaderChoice, CustomOverlay, ExtensionOrder, Selection, split_cmdline_factory};
use crate::i18n::Text;
use crate::platforms::{self, Arch, TargetKind};
use crate::schematic::{MetaValue, SchematicId};
use crate::version::TalosVersion;

/// Every parameter name [`Selection::from_query`] understands (the others get a notice).
pub const QUERY_PARAMETERS: &[&str] = &[
    "target",
    "version",
    "upgrade-from",
    "platform",
    "board",
    "arch",
    "secureboot",
    "extensions",
    "order",
    "cmdline",
    "cmdline-set",
    "arg",
    "bootloader",
    "overlay-options",
    "overlay-name",
    "overlay-image",
    "meta",
    "enroll-keys",
    "well-known-certs",
    "sector-size",
    "format",
    "pve-vmid",
    "pve-name",
    "pve-storage",
    "pve-bridge",
    "pve-dir",
    "pve-memory",
    "pve-cores",
    "pve-disk",
    "schematic-id",
    "factory",
    "registry",
    "pxe",
    "embedded-config",
    // The page's language (`crate::i18n::query_language`), not part of the selection.
    "lang",
];

/// The accepted `secureboot.enrollKeys` values.
pub const ENROLL_KEYS_VALUES: [&str; 4] = ["off", "manual", "if-safe", "force"];

/// A query parameter that was not applied (or applied with a caveat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryNotice {
    /// The parameter name as written.
    pub parameter: String,
    /// The decoded value as written.
    pub value: String,
    /// What was wrong (a clause: lowercase in English, without a final period).
    pub message: Text,
}

impl QueryNotice {
    fn new(parameter: &str, value: &str, message: Text) -> Self {
        QueryNotice {
            parameter: parameter.to_string(),
            value: value.to_string(),
            message,
        }
    }

    /// The value shortened for display (at most 60 characters).
    pub fn short_value(&self) -> String {
        const LIMIT: usize = 60;
        if self.value.chars().count() <= LIMIT {
            self.value.clone()
        } else {
            let head: String = self.value.chars().take(LIMIT).collect();
            format!("{head}…")
        }
    }
}

/// The notice a link's `overlay-options=` value gets when it does not decode: the value is
/// kept, and the options field shows it with its error. [`Selection::from_query`] does not
/// decode it (the page does that in the decoder's chunk once the link is applied); the text
/// to decode is [`Selection::linked_options_to_check`].
pub fn overlay_options_notice(value: &str, error: &super::SelectionError) -> QueryNotice {
    QueryNotice::new(
        "overlay-options",
        value,
        Text::query_overlay_options_kept(error.text()),
    )
}

impl Selection {
    /// The overlay options a link gave, when they need decoding to know whether they are
    /// valid (not blank, see [`super::options_text_is_blank`]): checked whatever the target,
    /// as a link that switches to a board later still carries them.
    pub fn linked_options_to_check(&self) -> Option<&str> {
        (!super::options_text_is_blank(&self.overlay_options)).then_some(&self.overlay_options)
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes one `application/x-www-form-urlencoded` component like `URLSearchParams`.
fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' => {
                let high = bytes.get(index + 1).copied().and_then(hex_value);
                let low = bytes.get(index + 2).copied().and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    decoded.push(high * 16 + low);
                    index += 2;
                } else {
                    decoded.push(b'%');
                }
            }
            other => decoded.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Splits a query (with or without the leading `?`) into decoded name/value pairs, in order.
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

/// Encodes one component like `URLSearchParams`: ASCII letters, digits and `*-._` stay,
/// space becomes `+`, every other byte is `%XX`.
pub fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                encoded.push(char::from(byte));
            }
            b' ' => encoded.push('+'),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `KEY:VALUE` with KEY in 0–255, decimal or `0x` hex.
fn parse_meta(text: &str) -> Result<MetaValue, Text> {
    let Some((key_text, value)) = text.split_once(':') else {
        return Err(Text::query_meta_format());
    };
    let key_text = key_text.trim();
    let key = match key_text
        .strip_prefix("0x")
        .or_else(|| key_text.strip_prefix("0X"))
    {
        Some(hex) => u8::from_str_radix(hex, 16),
        None => key_text.parse::<u8>(),
    };
    match key {
        Ok(key) if !key_text.starts_with('+') => Ok(MetaValue {
            key,
            value: value.to_string(),
        }),
        _ => Err(Text::query_meta_key(key_text)),
    }
}

/// A positive decimal number without sign (`pve-vmid`, `pve-memory`, …).
fn parse_positive_u32(text: &str) -> Option<u32> {
    if text.starts_with('+') {
        return None;
    }
    text.parse::<u32>().ok().filter(|number| *number > 0)
}

/// A Proxmox name or path value: non-empty, no control characters.
fn is_proxmox_name(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(char::is_control)
}

/// Collects single-valued parameters: the first occurrence wins.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    /// True the first time `name` is seen.
    fn first(&mut self, name: &str) -> bool {
        if self.0.iter().any(|seen| seen == name) {
            false
        } else {
            self.0.push(name.to_string());
            true
        }
    }
}

impl Selection {
    /// Reads a selection from a URL query. Never fails: every parameter that cannot be
    /// applied yields a [`QueryNotice`] and the rest still applies.
    pub fn from_query(query: &str) -> (Selection, Vec<QueryNotice>) {
        let mut selection = Selection::default();
        let mut notices = Vec::new();
        let mut seen = Seen::default();
        let mut cmdline_args: Vec<String> = Vec::new();
        let mut exact_args: Vec<String> = Vec::new();
        let mut custom_overlay: Option<CustomOverlay> = None;

        for (name, value) in decode_query(query) {
            let mut notice = |message: Text| notices.push(QueryNotice::new(&name, &value, message));
            let repeatable = matches!(name.as_str(), "extensions" | "arg" | "meta");
            if !repeatable && !seen.first(&name) {
                notice(Text::query_repeated());
                continue;
            }
            match name.as_str() {
                "target" => match TargetKind::from_param(&value) {
                    Some(target) => selection.target = target,
                    None => notice(Text::query_unknown_target()),
                },
                "version" => match value.parse::<TalosVersion>() {
                    Ok(version) => selection.version = Some(version),
                    Err(_) => notice(Text::query_not_a_version("1.10.9")),
                },
                "upgrade-from" => match value.parse::<TalosVersion>() {
                    Ok(version) => selection.upgrade_from = Some(version),
                    Err(_) => notice(Text::query_not_a_version("1.11.6")),
                },
                "platform" => {
                    if let Some(platform) = platforms::cloud_platform(&value) {
                        selection.platform = platform;
                    } else if value != "metal" {
                        notice(Text::query_unknown_platform());
                    }
                }
                "board" => {
                    if let Some(board) = platforms::board(&value) {
                        selection.board = board;
                    } else {
                        notice(Text::query_unknown_board());
                    }
                }
                "arch" => match Arch::from_param(&value) {
                    Some(arch) => selection.arch = arch,
                    None => notice(Text::query_unknown_arch()),
                },
                "secureboot" => match parse_bool(&value) {
                    Some(flag) => selection.secureboot = flag,
                    None => notice(Text::query_expected_bool()),
                },
                "extensions" => {
                    if value == "-" {
                    } else if value.is_empty()
                        || value.chars().any(|c| c.is_whitespace() || c.is_control())
                    {
                        notice(Text::query_not_an_extension());
                    } else if selection.has_extension(&value) {
                        notice(Text::query_extension_twice());
                    } else {
                        selection.extensions.push(value.clone());
                    }
                }
                "order" => match ExtensionOrder::from_param(&value) {
                    Some(order) => selection.extension_order = order,
                    None => notice(Text::query_unknown_order()),
                },
                "cmdline" => cmdline_args = split_cmdline_factory(&value),
                "cmdline-set" => {}
                "arg" => exact_args.push(value.clone()),
                "bootloader" => match BootloaderChoice::from_param(&value) {
                    Some(choice) => selection.bootloader = choice,
                    None => notice(Text::query_unknown_bootloader()),
                },
                // Kept as written; whether it decodes is asked afterwards (see
                // `overlay_options_notice`), as the decoder is not part of the first load.
                "overlay-options" => selection.overlay_options = value.clone(),
                "overlay-name" => {
                    custom_overlay
                        .get_or_insert_with(CustomOverlay::default)
                        .name = value.clone()
                }
                "overlay-image" => {
                    custom_overlay
                        .get_or_insert_with(CustomOverlay::default)
                        .image = value.clone()
                }
                "meta" => match parse_meta(&value) {
                    Ok(meta) => selection.meta.push(meta),
                    Err(message) => notice(message),
                },
                "enroll-keys" => {
                    if let Some(keys) = super::EnrollKeys::known(&value) {
                        selection.enroll_keys = Some(keys);
                    } else {
                        notice(Text::query_unknown_enroll_keys());
                    }
                }
                "well-known-certs" => match parse_bool(&value) {
                    Some(flag) => selection.include_well_known_certificates = flag,
                    None => notice(Text::query_expected_bool()),
                },
                "sector-size" => match value.parse::<u64>().ok().and_then(NonZeroU64::new) {
                    Some(size) if !value.starts_with('+') => selection.sector_size = Some(size),
                    _ => notice(Text::query_sector_size()),
                },
                "pve-vmid" | "pve-memory" | "pve-cores" | "pve-disk" => {
                    match parse_positive_u32(&value) {
                        Some(number) => {
                            let proxmox = &mut selection.proxmox;
                            let field = match name.as_str() {
                                "pve-vmid" => &mut proxmox.vm_id,
                                "pve-memory" => &mut proxmox.memory_mib,
                                "pve-cores" => &mut proxmox.cores,
                                _ => &mut proxmox.disk_size_gib,
                            };
                            *field = number;
                        }
                        None => notice(Text::query_positive_number(u32::MAX)),
                    }
                }
                "pve-name" | "pve-storage" | "pve-bridge" | "pve-dir" => {
                    if is_proxmox_name(&value) {
                        let proxmox = &mut selection.proxmox;
                        let field = match name.as_str() {
                            "pve-name" => &mut proxmox.vm_name,
                            "pve-storage" => &mut proxmox.storage,
                            "pve-bridge" => &mut proxmox.bridge,
                            _ => &mut proxmox.download_dir,
                        };
                        field.clone_from(&value);
                    } else {
                        notice(Text::query_proxmox_name());
                    }
                }
                "format" => {
                    if platforms::disk_format(&value).is_some() {
                        selection.disk_format = Some(value.clone());
                    } else {
                        notice(Text::query_unknown_format());
                    }
                }
                "schematic-id" => match value.to_ascii_lowercase().parse::<SchematicId>() {
                    Ok(id) if value.trim() == value => selection.pending_schematic_id = Some(id),
                    _ => notice(Text::query_schematic_id()),
                },
                "factory" => match validate_base_url(&value) {
                    Ok(url) => selection.settings.factory_url = Some(url),
                    Err(error) => notice(error.text()),
                },
                "registry" => match validate_registry_host(&value) {
                    Ok(host) => selection.settings.registry_host = Some(host),
                    Err(error) => notice(error.text()),
                },
                "pxe" => match validate_base_url(&value) {
                    Ok(url) => selection.settings.pxe_url = Some(url),
                    Err(error) => notice(error.text()),
                },
                "embedded-config" => notice(Text::query_embedded_config()),
                // The page's language, read by `crate::i18n::chosen_locale`.
                "lang" => {}
                _ => notice(Text::query_unknown_parameter()),
            }
        }
        selection.kernel_args = cmdline_args;
        selection.kernel_args.extend(exact_args);
        selection.custom_overlay = custom_overlay;
        (selection, notices)
    }

    /// Writes the selection as a URL query (without `?`): every value that differs from the
    /// default, plus `target`. Kernel arguments go in `cmdline` when the factory's split
    /// reads them back exactly, else in `arg`. The embedded configuration is never written.
    pub fn to_query(&self) -> String {
        let defaults = Selection::default();
        let mut pairs: Vec<(&str, String)> = vec![("target", self.target.as_str().to_string())];
        if let Some(version) = &self.version {
            pairs.push(("version", version.bare()));
        }
        if let Some(version) = &self.upgrade_from {
            pairs.push(("upgrade-from", version.bare()));
        }
        if self.platform != defaults.platform {
            pairs.push(("platform", self.platform.name.to_string()));
        }
        if self.board != defaults.board {
            pairs.push(("board", self.board.param.to_string()));
        }
        if self.arch != defaults.arch {
            pairs.push(("arch", self.arch.as_str().to_string()));
        }
        if self.secureboot {
            pairs.push(("secureboot", "true".to_string()));
        }
        for extension in &self.extensions {
            pairs.push(("extensions", extension.clone()));
        }
        if self.extension_order != defaults.extension_order {
            pairs.push(("order", self.extension_order.as_param().to_string()));
        }
        let joined = self.kernel_args.join(" ");
        if split_cmdline_factory(&joined) == self.kernel_args {
            if !joined.is_empty() {
                pairs.push(("cmdline", joined));
            }
        } else {
            for arg in &self.kernel_args {
                pairs.push(("arg", arg.clone()));
            }
        }
        if self.bootloader != defaults.bootloader {
            pairs.push(("bootloader", self.bootloader.as_param().to_string()));
        }
        if !self.overlay_options.is_empty() {
            pairs.push(("overlay-options", self.overlay_options.clone()));
        }
        if let Some(overlay) = &self.custom_overlay {
            pairs.push(("overlay-name", overlay.name.clone()));
            pairs.push(("overlay-image", overlay.image.clone()));
        }
        for meta in &self.meta {
            pairs.push(("meta", format!("{}:{}", meta.key, meta.value)));
        }
        if let Some(keys) = &self.enroll_keys {
            pairs.push(("enroll-keys", keys.as_str().to_string()));
        }
        if self.include_well_known_certificates {
            pairs.push(("well-known-certs", "true".to_string()));
        }
        if let Some(size) = self.sector_size {
            pairs.push(("sector-size", size.to_string()));
        }
        if let Some(format) = &self.disk_format {
            pairs.push(("format", format.clone()));
        }
        let proxmox = &self.proxmox;
        let proxmox_defaults = &defaults.proxmox;
        for (name, number, default) in [
            ("pve-vmid", proxmox.vm_id, proxmox_defaults.vm_id),
            (
                "pve-memory",
                proxmox.memory_mib,
                proxmox_defaults.memory_mib,
            ),
            ("pve-cores", proxmox.cores, proxmox_defaults.cores),
            (
                "pve-disk",
                proxmox.disk_size_gib,
                proxmox_defaults.disk_size_gib,
            ),
        ] {
            if number != default && number > 0 {
                pairs.push((name, number.to_string()));
            }
        }
        for (name, text, default) in [
            ("pve-name", &proxmox.vm_name, &proxmox_defaults.vm_name),
            ("pve-storage", &proxmox.storage, &proxmox_defaults.storage),
            ("pve-bridge", &proxmox.bridge, &proxmox_defaults.bridge),
            (
                "pve-dir",
                &proxmox.download_dir,
                &proxmox_defaults.download_dir,
            ),
        ] {
            if text != default && is_proxmox_name(text) {
                pairs.push((name, text.clone()));
            }
        }
        if let Some(id) = &self.pending_schematic_id {
            pairs.push(("schematic-id", id.to_string()));
        }
        if let Some(url) = &self.settings.factory_url {
            pairs.push(("factory", url.clone()));
        }
        if let Some(host) = &self.settings.registry_host {
            pairs.push(("registry", host.clone()));
        }
        if let Some(url) = &self.settings.pxe_url {
            pairs.push(("pxe", url.clone()));
        }
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}
