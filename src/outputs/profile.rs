//! Copy-ready configuration for other tools: the cluster profile, a talhelper `talconfig.yaml`
//! fragment and Terraform (siderolabs/talos provider) blocks. Every YAML string is written
//! double-quoted, so any value reads back as the same string.

use super::Resolved;
use super::quoting::{
    delimiter_avoiding, hcl_heredoc_body, hcl_string, with_final_newline, yaml_string,
};
use crate::platforms::BootMethod;
use crate::schematic::{Bootloader, Value, write_flow};

/// A YAML sequence of strings at `indent` (`[]` inline when empty), after `key:`.
fn string_list(out: &mut String, indent: usize, key: &str, items: &[String]) {
    let pad = " ".repeat(indent);
    if items.is_empty() {
        out.push_str(&format!("{pad}{key}: []\n"));
        return;
    }
    out.push_str(&format!("{pad}{key}:\n"));
    for item in items {
        out.push_str(&format!("{pad}  - {}\n", yaml_string(item)));
    }
}

/// A YAML flow-style rendering of an overlay option scalar.
fn flow_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(&flag.to_string()),
        Value::Int(number) => out.push_str(&number.to_string()),
        Value::Uint(number) => out.push_str(&number.to_string()),
        Value::Float(number) if number.is_nan() => out.push_str(".nan"),
        Value::Float(number) if number.is_infinite() => {
            out.push_str(if *number > 0.0 { ".inf" } else { "-.inf" })
        }
        Value::Float(number) => out.push_str(&format!("{number:?}")),
        Value::Str(text) => out.push_str(&yaml_string(text)),
        Value::Timestamp(text) => {
            out.push_str("!!timestamp ");
            out.push_str(&yaml_string(text));
        }
        Value::Seq(_) | Value::Map(_) => {}
    }
}

/// Overlay options in YAML flow style (`{a: [1, 2]}`), written with a stack of its own
/// (option values nest as deep as go-yaml builds them).
fn flow_map(entries: &[(String, Value)]) -> String {
    let mut out = String::from("{");
    for (index, (key, value)) in entries.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(&yaml_string(key));
        out.push_str(": ");
        write_flow(
            &mut out,
            value,
            (", ", ": "),
            |out, key| out.push_str(&yaml_string(key)),
            flow_scalar,
        );
    }
    out.push('}');
    out
}

/// The cluster profile: one `talos` mapping with everything needed to reproduce the image.
pub fn cluster_profile(resolved: &Resolved, installer: &str) -> String {
    let request = resolved.request;
    let customization = &request.schematic.customization;
    let mut out = String::from("talos:\n");
    out.push_str(&format!(
        "  version: {}\n",
        yaml_string(&resolved.version().to_string())
    ));
    out.push_str(&format!(
        "  arch: {}\n",
        yaml_string(resolved.arch.as_str())
    ));
    out.push_str(&format!(
        "  platform: {}\n",
        yaml_string(resolved.platform.name)
    ));
    if let Some(board) = resolved.board {
        out.push_str(&format!("  board: {}\n", yaml_string(board.param)));
    }
    out.push_str(&format!("  secureboot: {}\n", resolved.secureboot));
    out.push_str(&format!("  installer_image: {}\n", yaml_string(installer)));
    out.push_str("  factory:\n");
    out.push_str(&format!(
        "    url: {}\n",
        yaml_string(&request.settings.factory_url)
    ));
    out.push_str(&format!(
        "    schematic_id: {}\n",
        yaml_string(resolved.id())
    ));
    string_list(
        &mut out,
        2,
        "extensions",
        &customization.system_extensions.official_extensions,
    );
    if !customization.extra_kernel_args.is_empty() {
        string_list(
            &mut out,
            2,
            "extra_kernel_args",
            &customization.extra_kernel_args,
        );
    }
    out
}

/// The schematic fields talhelper's schema has no place for.
fn fields_talhelper_drops(resolved: &Resolved) -> Vec<&'static str> {
    let schematic = &resolved.request.schematic;
    let customization = &schematic.customization;
    let mut dropped = Vec::new();
    if !schematic.owner.is_empty() {
        dropped.push("owner");
    }
    if !customization.embedded_machine_configuration.is_empty() {
        dropped.push("embeddedMachineConfiguration");
    }
    if customization.bootloader != Bootloader::None {
        dropped.push("bootloader");
    }
    if !customization.secureboot.enroll_keys.is_empty() {
        dropped.push("secureboot.enrollKeys");
    }
    if customization.disk_image.sector_size != 0 {
        dropped.push("diskImage");
    }
    dropped
}

/// One talhelper node group (`controlPlane` or `worker`): machine spec and schematic.
fn talhelper_group(resolved: &Resolved, name: &str) -> String {
    let schematic = &resolved.request.schematic;
    let customization = &schematic.customization;
    let mut out = format!("{name}:\n  machineSpec:\n");
    out.push_str(&format!(
        "    mode: {}\n",
        yaml_string(resolved.platform.name)
    ));
    out.push_str(&format!(
        "    arch: {}\n",
        yaml_string(resolved.arch.as_str())
    ));
    if resolved.secureboot {
        out.push_str("    secureboot: true\n");
    }
    let boot_method = if resolved.board.is_some() {
        Some(BootMethod::DiskImage)
    } else {
        resolved.platform.boot_methods.first().copied()
    };
    if let Some(method) = boot_method {
        out.push_str(&format!(
            "    bootMethod: {}\n",
            yaml_string(method.as_str())
        ));
        if method == BootMethod::DiskImage
            && let Some(suffix) = resolved.disk_suffix()
        {
            out.push_str(&format!("    imageSuffix: {}\n", yaml_string(suffix)));
        }
    }
    out.push_str("  schematic:\n");
    let overlay = &schematic.overlay;
    if !(overlay.image.is_empty() && overlay.name.is_empty() && overlay.options.is_empty()) {
        out.push_str("    overlay:\n");
        out.push_str(&format!("      image: {}\n", yaml_string(&overlay.image)));
        out.push_str(&format!("      name: {}\n", yaml_string(&overlay.name)));
        if !overlay.options.is_empty() {
            out.push_str(&format!("      options: {}\n", flow_map(&overlay.options)));
        }
    }
    let extensions = &customization.system_extensions.official_extensions;
    let has_customization = !customization.extra_kernel_args.is_empty()
        || !customization.meta.is_empty()
        || !extensions.is_empty()
        || customization.secureboot.include_well_known_certificates;
    if !has_customization {
        out.push_str("    customization: {}\n");
        return out;
    }
    out.push_str("    customization:\n");
    if !customization.extra_kernel_args.is_empty() {
        string_list(
            &mut out,
            6,
            "extraKernelArgs",
            &customization.extra_kernel_args,
        );
    }
    if !customization.meta.is_empty() {
        out.push_str("      meta:\n");
        for meta in &customization.meta {
            out.push_str(&format!(
                "        - key: {}\n          value: {}\n",
                meta.key,
                yaml_string(&meta.value)
            ));
        }
    }
    if !extensions.is_empty() {
        out.push_str("      systemExtensions:\n");
        string_list(&mut out, 8, "officialExtensions", extensions);
    }
    if customization.secureboot.include_well_known_certificates {
        out.push_str("      secureboot:\n        includeWellKnownCertificates: true\n");
    }
    out
}

/// A talhelper `talconfig.yaml` fragment: `talosVersion` and the same machine spec and
/// schematic for control plane and workers.
pub fn talhelper(resolved: &Resolved) -> String {
    let mut out = String::new();
    let dropped = fields_talhelper_drops(resolved);
    if !dropped.is_empty() {
        out.push_str(&format!(
            "# talhelper schematics have no {}: talhelper's schematic ID will differ from\n# {}\n",
            dropped.join(", "),
            resolved.id()
        ));
    }
    out.push_str(&format!(
        "talosVersion: {}\n",
        yaml_string(&resolved.version().to_string())
    ));
    out.push_str(&talhelper_group(resolved, "controlPlane"));
    out.push_str(&talhelper_group(resolved, "worker"));
    out
}

/// Terraform: the schematic resource (the canonical YAML in a here-document), the URLs data
/// source for this target, and outputs for the installer image and the schematic ID.
pub fn terraform(resolved: &Resolved) -> String {
    let yaml = with_final_newline(&hcl_heredoc_body(&resolved.request.canonical_yaml));
    let delimiter = delimiter_avoiding(&yaml, "EOT");
    let mut out = format!(
        "resource \"talos_image_factory_schematic\" \"this\" {{\n  schematic = <<{delimiter}\n{yaml}{delimiter}\n}}\n\n"
    );
    out.push_str("data \"talos_image_factory_urls\" \"this\" {\n");
    out.push_str(&format!(
        "  talos_version = {}\n",
        hcl_string(&resolved.version().to_string())
    ));
    out.push_str("  schematic_id  = talos_image_factory_schematic.this.id\n");
    match resolved.board {
        Some(board) => out.push_str(&format!("  sbc           = {}\n", hcl_string(board.param))),
        None => out.push_str(&format!(
            "  platform      = {}\n",
            hcl_string(resolved.platform.name)
        )),
    }
    out.push_str(&format!(
        "  architecture  = {}\n}}\n\n",
        hcl_string(resolved.arch.as_str())
    ));
    let installer = if resolved.secureboot {
        "installer_secureboot"
    } else {
        "installer"
    };
    out.push_str(&format!(
        "output \"installer_image\" {{\n  value = data.talos_image_factory_urls.this.urls.{installer}\n}}\n\n"
    ));
    out.push_str("output \"schematic_id\" {\n  value = talos_image_factory_schematic.this.id\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::flow_map;
    use crate::schematic::Value;
    use crate::schematic::test_support::{deep_value, on_small_stack};

    /// Options in flow style, however deep (aliases nest them past go-yaml's reader limit),
    /// written on a 1 MiB (wasm) stack.
    #[test]
    fn options_are_written_in_flow_style_at_any_depth() {
        let options = vec![
            (
                "a".to_owned(),
                Value::Seq(vec![
                    Value::Int(1),
                    Value::Map(vec![("b".to_owned(), Value::Null)]),
                    Value::Seq(Vec::new()),
                ]),
            ),
            ("c".to_owned(), Value::Float(f64::NEG_INFINITY)),
        ];
        assert_eq!(
            flow_map(&options),
            r#"{"a": [1, {"b": null}, []], "c": -.inf}"#
        );
        let text = on_small_stack(|| flow_map(&[("k".to_owned(), deep_value(100_000))]));
        assert!(
            text.starts_with(r#"{"k": {"k": [null, {"k": [null, "#),
            "{}",
            &text[..40]
        );
        assert!(
            text.ends_with(r#"], "z": true}], "z": true}}"#),
            "{}",
            &text[text.len() - 40..]
        );
        assert_eq!(text.matches("[null, 1]").count(), 1);
    }
}
