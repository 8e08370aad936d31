//! `Schematic::to_json`: a compact `POST /schematics` body in Go field order, written so that
//! the factory's YAML decoder reads back exactly this schematic: strings escape every
//! character go-yaml's reader refuses raw or treats as a line break (C0/C1 controls, DEL,
//! U+0085, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF), never `\/`, never surrogate escapes.

use super::model::{Schematic, Value};
use super::yaml::{bootloader_text, go_float};

impl Schematic {
    /// The JSON body for `POST /schematics`: only non-empty fields, in the Go struct order.
    /// Valid JSON, except for option values only YAML can express (timestamps, `.inf`,
    /// `.nan`), which are written as tagged YAML scalars (`!!timestamp "…"`) that the
    /// factory's YAML decoder reads back identically.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(128);
        out.push('{');
        let mut root = Fields::new();
        if !self.owner.is_empty() {
            root.key(&mut out, "owner");
            string(&mut out, &self.owner);
        }
        let overlay = &self.overlay;
        if !overlay.image.is_empty() || !overlay.name.is_empty() || !overlay.options.is_empty() {
            root.key(&mut out, "overlay");
            out.push('{');
            let mut fields = Fields::new();
            fields.key(&mut out, "image");
            string(&mut out, &overlay.image);
            fields.key(&mut out, "name");
            string(&mut out, &overlay.name);
            if !overlay.options.is_empty() {
                fields.key(&mut out, "options");
                map(&mut out, &overlay.options);
            }
            out.push('}');
        }
        let customization = &self.customization;
        root.key(&mut out, "customization");
        out.push('{');
        let mut fields = Fields::new();
        if !customization.embedded_machine_configuration.is_empty() {
            fields.key(&mut out, "embeddedMachineConfiguration");
            string(&mut out, &customization.embedded_machine_configuration);
        }
        if !customization.extra_kernel_args.is_empty() {
            fields.key(&mut out, "extraKernelArgs");
            strings(&mut out, &customization.extra_kernel_args);
        }
        if !customization.meta.is_empty() {
            fields.key(&mut out, "meta");
            out.push('[');
            for (index, meta) in customization.meta.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{{\"key\":{},\"value\":", meta.key));
                string(&mut out, &meta.value);
                out.push('}');
            }
            out.push(']');
        }
        let extensions = &customization.system_extensions.official_extensions;
        if !extensions.is_empty() {
            fields.key(&mut out, "systemExtensions");
            out.push_str("{\"officialExtensions\":");
            strings(&mut out, extensions);
            out.push('}');
        }
        if let Some(bootloader) = bootloader_text(customization.bootloader) {
            fields.key(&mut out, "bootloader");
            string(&mut out, bootloader);
        }
        let secureboot = &customization.secureboot;
        if !secureboot.enroll_keys.is_empty() || secureboot.include_well_known_certificates {
            fields.key(&mut out, "secureboot");
            out.push('{');
            let mut secureboot_fields = Fields::new();
            if !secureboot.enroll_keys.is_empty() {
                secureboot_fields.key(&mut out, "enrollKeys");
                string(&mut out, &secureboot.enroll_keys);
            }
            if secureboot.include_well_known_certificates {
                secureboot_fields.key(&mut out, "includeWellKnownCertificates");
                out.push_str("true");
            }
            out.push('}');
        }
        if customization.disk_image.sector_size != 0 {
            fields.key(&mut out, "diskImage");
            out.push_str(&format!(
                "{{\"sectorSize\":{}}}",
                customization.disk_image.sector_size
            ));
        }
        out.push_str("}}");
        out
    }
}

/// Writes `,"key":` (without the comma for the first field).
struct Fields {
    first: bool,
}

impl Fields {
    fn new() -> Self {
        Fields { first: true }
    }

    fn key(&mut self, out: &mut String, key: &str) {
        if !self.first {
            out.push(',');
        }
        self.first = false;
        string(out, key);
        out.push(':');
    }
}

fn strings(out: &mut String, items: &[String]) {
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(out, item);
    }
    out.push(']');
}

fn map(out: &mut String, entries: &[(String, Value)]) {
    out.push('{');
    for (index, (key, value)) in entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(out, key);
        out.push(':');
        self::value(out, value);
    }
    out.push('}');
}

fn value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Int(number) => out.push_str(&number.to_string()),
        Value::Uint(number) => out.push_str(&number.to_string()),
        Value::Float(number) if number.is_finite() => out.push_str(&go_float(*number)),
        Value::Float(number) => {
            out.push_str("!!float ");
            string(out, &go_float(*number));
        }
        Value::Str(text) => string(out, text),
        Value::Timestamp(text) => {
            out.push_str("!!timestamp ");
            string(out, text);
        }
        Value::Seq(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                self::value(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => map(out, entries),
    }
}

/// A JSON string literal that go-yaml reads back as exactly `text`.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{FEFF}'
            | '\u{FFFE}'
            | '\u{FFFF}' => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
            _ => out.push(ch),
        }
    }
    out.push('"');
}
