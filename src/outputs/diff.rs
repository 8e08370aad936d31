//! The difference between two schematics (the current one and another, e.g. imported or
//! saved): extensions added and removed, kernel arguments, overlay, other fields; and what
//! changes in the installer reference.

use super::{OutputRequest, OutputsError, Resolved, images};
use crate::i18n::{Arg, Text};
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

/// How an overlay is named in a change: its name and image (data), or what it lacks.
fn overlay_text(overlay: &Overlay) -> Arg {
    if overlay.name.is_empty() && overlay.image.is_empty() {
        if overlay.options.is_empty() {
            Text::diff_overlay_none().into()
        } else {
            Text::diff_overlay_options_only().into()
        }
    } else {
        Arg::Plain(format!("{} ({})", overlay.name, overlay.image))
    }
}

impl SchematicDiff {
    /// Nothing differs (the two schematics have the same ID).
    pub fn is_empty(&self) -> bool {
        *self == SchematicDiff::default()
    }

    /// One line per change, for display.
    pub fn summary(&self) -> Vec<Text> {
        let mut lines = Vec::new();
        lines.extend(self.added_extensions.iter().map(Text::diff_extension_added));
        lines.extend(
            self.removed_extensions
                .iter()
                .map(Text::diff_extension_removed),
        );
        if self.extensions_reordered {
            lines.push(Text::diff_extensions_reordered());
        }
        lines.extend(
            self.added_kernel_args
                .iter()
                .map(Text::diff_kernel_arg_added),
        );
        lines.extend(
            self.removed_kernel_args
                .iter()
                .map(Text::diff_kernel_arg_removed),
        );
        if self.kernel_args_reordered {
            lines.push(Text::diff_kernel_args_reordered());
        }
        if let Some(change) = &self.overlay {
            let (before, after) = (overlay_text(&change.before), overlay_text(&change.after));
            if before == after {
                lines.push(Text::diff_overlay_options(after));
            } else {
                lines.push(Text::diff_overlay(after, before));
            }
        }
        lines.extend(self.changed_fields.iter().map(Text::diff_field));
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
