//! The upgrade plan as the documents the page hands out: the shell script and the Markdown
//! plan. Like the commands they carry, they are in English whatever the page's language
//! (they are copied into terminals and change tickets); the page itself says the same things
//! through the message files (`HopKind::text`, `TagChange::text`, `VersionFinding::sentence`).

use super::{HopKind, TagChange, UpgradePlan, upgrade_command};
use crate::selection::{GatedOption, VersionFinding};

impl HopKind {
    /// Why the hop is there, in the generated script and Markdown plan (English, like the
    /// commands they carry).
    fn document_label(self) -> &'static str {
        match self {
            HopKind::LatestPatchOfCurrentMinor => "latest patch of the current minor release",
            HopKind::IntermediateMinor => "latest patch of an intermediate minor release",
            HopKind::Target => "target",
        }
    }
}

impl TagChange {
    /// The change in the generated Markdown plan (English, like the commands it carries).
    fn document_text(&self) -> String {
        match self {
            TagChange::Same => "same".to_string(),
            TagChange::Updated => "updated".to_string(),
            TagChange::NewInTarget => "not in the start's catalog".to_string(),
            TagChange::Removed => "removed in the target".to_string(),
            TagChange::Renamed { to } => format!("renamed to {to}"),
            TagChange::Unknown => "in neither catalog".to_string(),
        }
    }
}

impl GatedOption {
    /// Its name in the generated upgrade script and Markdown plan (English, like the
    /// commands they carry; the page says it with `VersionFinding::sentence`).
    fn document_label(self) -> &'static str {
        match self {
            GatedOption::SecureBoot => "SecureBoot",
            GatedOption::Overlay => "overlays",
            GatedOption::EmbeddedConfig => "the embedded machine configuration",
            GatedOption::Bootloader => "the bootloader choice",
        }
    }
}

impl VersionFinding {
    /// The finding in the generated upgrade script and Markdown plan: English, like the
    /// commands those documents carry (the page says it with [`VersionFinding::sentence`]).
    pub fn document_text(&self) -> String {
        use std::fmt::Write as _;
        let mut text = String::new();
        let f = &mut text;
        let _ = match self {
            VersionFinding::ExtensionMissing {
                name,
                replacement: Some(replacement),
            } => write!(
                f,
                "extension {name} is not in this version's catalog; it is called {replacement} there"
            ),
            VersionFinding::ExtensionMissing {
                name,
                replacement: None,
            } => write!(f, "extension {name} is not in this version's catalog"),
            VersionFinding::BoardUnavailable { board } => {
                write!(f, "board {board} is not offered for this version")
            }
            VersionFinding::OverlayMissing { name } => {
                write!(f, "overlay {name} is not in this version's overlay catalog")
            }
            VersionFinding::PlatformUnavailable { platform } => {
                write!(
                    f,
                    "cloud platform {platform} is not offered for this version"
                )
            }
            VersionFinding::OptionUnsupported { option } => {
                let (min, quirk) = option.min_version();
                let note = if quirk {
                    " (pre-releases of it count)"
                } else {
                    ""
                };
                write!(
                    f,
                    "{} needs Talos {min} or later{note}",
                    option.document_label()
                )
            }
        };
        text
    }
}

/// `text` on one comment line: a line break (or any control character) in a name from a
/// link cannot end the comment and run as a command.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl UpgradePlan {
    /// The hop commands as a POSIX shell script, one hop after the other (`talosctl upgrade`
    /// waits until the node is back before it returns).
    pub fn shell_script(&self) -> String {
        let mut script = format!(
            "#!/bin/sh\n# Upgrade a Talos node from {} to {} with schematic {}.\n# Path: {}.\nset -eu\nNODE=\"${{NODE:?set NODE to the address of the node}}\"\n",
            self.from,
            self.to,
            self.schematic_id,
            self.path_text()
        );
        for (index, hop) in self.hops.iter().enumerate() {
            script.push_str(&format!(
                "\n# {}/{}: {} ({})\n",
                index + 1,
                self.hops.len(),
                hop.version,
                hop.kind.document_label()
            ));
            for finding in &hop.findings {
                script.push_str(&format!(
                    "# WARNING: {}\n",
                    comment_text(&finding.document_text())
                ));
            }
            script.push_str(&upgrade_command("$NODE", &hop.installer));
            script.push('\n');
        }
        script
    }

    /// `v1.11.6 → v1.12.11 → v1.13.9`.
    pub fn path_text(&self) -> String {
        std::iter::once(self.from.to_string())
            .chain(self.hops.iter().map(|hop| hop.version.to_string()))
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// The plan as Markdown, for a change ticket.
    pub fn markdown(&self) -> String {
        let mut text = format!(
            "## Talos upgrade {} → {}\n\nSchematic `{}`. Path: {}.\n\n| # | Version | Why | Installer image |\n| --- | --- | --- | --- |\n",
            self.from,
            self.to,
            self.schematic_id,
            self.path_text()
        );
        for (index, hop) in self.hops.iter().enumerate() {
            text.push_str(&format!(
                "| {} | {} | {} | `{}` |\n",
                index + 1,
                hop.version,
                hop.kind.document_label(),
                hop.installer
            ));
        }
        let flagged: Vec<String> = self
            .hops
            .iter()
            .flat_map(|hop| {
                hop.findings
                    .iter()
                    .map(move |finding| format!("- {}: {}\n", hop.version, finding.document_text()))
            })
            .collect();
        if !flagged.is_empty() {
            text.push_str("\n### Check before upgrading\n\n");
            text.push_str(&flagged.concat());
        }
        if let Some(extensions) = &self.extensions
            && !extensions.is_empty()
        {
            text.push_str(&format!(
                "\n### Extensions\n\n| Extension | {} | {} | Change |\n| --- | --- | --- | --- |\n",
                self.from, self.to
            ));
            for tags in extensions {
                text.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    tags.name,
                    tags.from.as_deref().unwrap_or("–"),
                    tags.to.as_deref().unwrap_or("–"),
                    tags.change.document_text()
                ));
            }
        }
        text.push_str("\n### Commands\n\n```sh\n");
        for hop in &self.hops {
            text.push_str(&upgrade_command("$NODE", &hop.installer));
            text.push('\n');
        }
        text.push_str("```\n");
        text
    }
}
