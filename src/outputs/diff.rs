//! The difference between two schematics (the current one and another, e.g. imported or
//! saved): extensions added and removed, kernel arguments, overlay, other fields; and what
//! changes in the installer reference.

use super::{OutputRequest, OutputsError, Resolved, images};
use crate::schematic::{Overlay, Schematic};

/// The overlay before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayChange {
    pub before: Overlay,
    pub after: Overlay,
}

/// What differs from `current` to `other`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchematicDiff {
    /// In `other` only, in `other`'s order.
    pub added_extensions: Vec<String>,
    /// In `current` only, in `current`'s order.
    pub removed_extensions: Vec<String>,
    /// Same extensions in another order (the order is part of the ID).
    pub extensions_reordered: bool,
    pub added_kernel_args: Vec<String>,
    pub removed_kernel_args: Vec<String>,
    /// Same kernel arguments in another order.
    pub kernel_args_reordered: bool,
    pub overlay: Option<OverlayChange>,
    /// Other fields that differ, by YAML name (`meta`, `bootloader`, `secureboot`, `diskImage`,
    /// `embeddedMachineConfiguration`, `owner`).
    pub changed_fields: Vec<&'static str>,
}

/// The installer reference before and after switching to another schematic ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallerChange {
    pub before: String,
    pub after: String,
}

fn only_in(left: &[String], right: &[String]) -> Vec<String> {
    let mut only: Vec<String> = Vec::new();
    for item in left {
        if !right.contains(item) && !only.contains(item) {
            only.push(item.clone());
        }
    }
    only
}

/// Same items (as sets), different sequence.
fn reordered(left: &[String], right: &[String]) -> bool {
    left != right && only_in(left, right).is_empty() && only_in(right, left).is_empty()
}

/// What changes from `current` to `other`.
pub fn diff(current: &Schematic, other: &Schematic) -> SchematicDiff {
    let (before, after) = (&current.customization, &other.customization);
    let extensions_before = &before.system_extensions.official_extensions;
    let extensions_after = &after.system_extensions.official_extensions;
    let mut changed_fields = Vec::new();
    if current.owner != other.owner {
        changed_fields.push("owner");
    }
    if before.embedded_machine_configuration != after.embedded_machine_configuration {
        changed_fields.push("embeddedMachineConfiguration");
    }
    if before.meta != after.meta {
        changed_fields.push("meta");
    }
    if before.bootloader != after.bootloader {
        changed_fields.push("bootloader");
    }
    if before.secureboot != after.secureboot {
        changed_fields.push("secureboot");
    }
    if before.disk_image != after.disk_image {
        changed_fields.push("diskImage");
    }
    SchematicDiff {
        added_extensions: only_in(extensions_after, extensions_before),
        removed_extensions: only_in(extensions_before, extensions_after),
        extensions_reordered: reordered(extensions_before, extensions_after),
        added_kernel_args: only_in(&after.extra_kernel_args, &before.extra_kernel_args),
        removed_kernel_args: only_in(&before.extra_kernel_args, &after.extra_kernel_args),
        kernel_args_reordered: reordered(&before.extra_kernel_args, &after.extra_kernel_args),
        overlay: (current.overlay != other.overlay).then(|| OverlayChange {
            before: current.overlay.clone(),
            after: other.overlay.clone(),
        }),
        changed_fields,
    }
}

fn overlay_text(overlay: &Overlay) -> String {
    if overlay.name.is_empty() && overlay.image.is_empty() {
        if overlay.options.is_empty() {
            "none".to_string()
        } else {
            "options only".to_string()
        }
    } else {
        format!("{} ({})", overlay.name, overlay.image)
    }
}

impl SchematicDiff {
    /// Nothing differs (the two schematics have the same ID).
    pub fn is_empty(&self) -> bool {
        *self == SchematicDiff::default()
    }

    /// One line per change, for display.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(
            self.added_extensions
                .iter()
                .map(|name| format!("+ extension {name}")),
        );
        lines.extend(
            self.removed_extensions
                .iter()
                .map(|name| format!("- extension {name}")),
        );
        if self.extensions_reordered {
            lines.push("~ extensions reordered".to_string());
        }
        lines.extend(
            self.added_kernel_args
                .iter()
                .map(|arg| format!("+ kernel argument {arg}")),
        );
        lines.extend(
            self.removed_kernel_args
                .iter()
                .map(|arg| format!("- kernel argument {arg}")),
        );
        if self.kernel_args_reordered {
            lines.push("~ kernel arguments reordered".to_string());
        }
        if let Some(change) = &self.overlay {
            let (before, after) = (overlay_text(&change.before), overlay_text(&change.after));
            if before == after {
                lines.push(format!("~ overlay options of {after}"));
            } else {
                lines.push(format!("~ overlay {before} → {after}"));
            }
        }
        lines.extend(self.changed_fields.iter().map(|field| format!("~ {field}")));
        lines
    }
}

/// The installer reference for `request` before and after switching to `other_id`.
pub fn installer_change(
    request: &OutputRequest,
    other_id: &str,
) -> Result<InstallerChange, OutputsError> {
    let resolved = Resolved::new(request)?;
    let reference = |id: &str| {
        images::installer_image(
            &request.settings,
            resolved.platform.name,
            resolved.secureboot,
            &request.version,
            id,
        )
    };
    Ok(InstallerChange {
        before: reference(&request.schematic_id),
        after: reference(other_id),
    })
}
