//! Views over an extension catalog: image tag, tier (from the description's `[core] `-style
//! prefix), grouping by tier, and the factory UI's search, which keeps selected items visible.

use super::models::{ExtensionInfo, OverlayInfo};

/// Extensions the factory UI never offers (`ui.go` `getOfficialExtensions`); the API lists them.
pub const HIDDEN_EXTENSIONS: &[&str] = &["siderolabs/metal-agent"];

/// Whether the factory UI hides this extension name.
pub fn is_hidden(name: &str) -> bool {
    HIDDEN_EXTENSIONS.contains(&name)
}

/// An extension's support tier, as its description announces it (Talos ≥ 1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    Core,
    Extra,
    Contrib,
    /// No recognised tag (older catalogs, or a tag this code does not know).
    Other,
    Deprecated,
}

impl Tier {
    /// Display order of the groups: supported tiers first, deprecated last.
    pub const ALL: [Tier; 5] = [
        Tier::Core,
        Tier::Extra,
        Tier::Contrib,
        Tier::Other,
        Tier::Deprecated,
    ];

    /// The tag word (`core`, …; `other` for untagged).
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Extra => "extra",
            Tier::Contrib => "contrib",
            Tier::Other => "other",
            Tier::Deprecated => "deprecated",
        }
    }

    fn from_tag(tag: &str) -> Option<Tier> {
        match tag {
            "core" => Some(Tier::Core),
            "extra" => Some(Tier::Extra),
            "contrib" => Some(Tier::Contrib),
            "deprecated" => Some(Tier::Deprecated),
            _ => None,
        }
    }
}

/// Whether a tier's group starts expanded: while searching (every group then holds only
/// matches), when it holds a selected extension, or when it is the only group (older
/// catalogs tag no tiers). Otherwise each tier is one line with its count, so the rest of
/// the form (kernel arguments, overlay, bootloader) is not pushed thousands of pixels down by
/// 80-odd extensions.
pub fn tier_open_by_default(
    _tier: Tier,
    searching: bool,
    selected_in_tier: usize,
    groups_shown: usize,
) -> bool {
    searching || selected_in_tier > 0 || groups_shown == 1
}

/// Whether a tier's group is open after a change, given whether it was (`None` on first
/// render) and whether a search was active then: the default ([`tier_open_by_default`]),
/// except that a group never folds under the user's hand: unchecking its last choice keeps
/// it open until the search starts or ends.
pub fn tier_open_after(
    before: Option<(bool, bool)>,
    tier: Tier,
    searching: bool,
    selected_in_tier: usize,
    groups_shown: usize,
) -> bool {
    let default = tier_open_by_default(tier, searching, selected_in_tier, groups_shown);
    match before {
        Some((true, was_searching)) if was_searching == searching => true,
        _ => default,
    }
}

/// Splits a known `[tier]` prefix (with or without the following space) off a description.
fn split_tier(description: &str) -> (Tier, &str) {
    let Some(rest) = description.strip_prefix('[') else {
        return (Tier::Other, description);
    };
    let Some((tag, after)) = rest.split_once(']') else {
        return (Tier::Other, description);
    };
    match Tier::from_tag(tag) {
        Some(tier) => (tier, after.strip_prefix(' ').unwrap_or(after)),
        None => (Tier::Other, description),
    }
}

/// The tag of an image reference: `ghcr.io/siderolabs/foo:1.2.3` → `1.2.3`; a digest
/// (`@sha256:…`) is ignored; empty when the reference has no tag.
fn reference_tag(reference: &str) -> &str {
    let without_digest = reference
        .split_once('@')
        .map_or(reference, |(head, _)| head);
    let last_segment = without_digest
        .rsplit_once('/')
        .map_or(without_digest, |(_, last)| last);
    last_segment.split_once(':').map_or("", |(_, tag)| tag)
}

impl ExtensionInfo {
    /// The image tag from `ref` (`ghcr.io/siderolabs/amd-ucode:20230804` → `20230804`).
    pub fn tag(&self) -> &str {
        reference_tag(&self.reference)
    }

    /// The tier announced by the description.
    pub fn tier(&self) -> Tier {
        split_tier(&self.description).0
    }

    /// The description without its tier tag and without trailing white space.
    pub fn summary(&self) -> &str {
        split_tier(&self.description).1.trim_end()
    }

    /// The factory UI's checkbox label: `<name> (<tag>)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.tag())
    }

    /// Case-insensitive match of one lower-cased term against name, ref and description.
    fn matches_term(&self, lowered_term: &str) -> bool {
        [&self.name, &self.reference, &self.description]
            .iter()
            .any(|field| fold_case(field).contains(lowered_term))
    }
}

impl OverlayInfo {
    /// The image tag from `ref` (`ghcr.io/siderolabs/sbc-raspberrypi:v0.1.0` → `v0.1.0`).
    pub fn tag(&self) -> &str {
        reference_tag(&self.reference)
    }
}

/// The catalog without the extensions the factory UI hides, in catalog order.
pub fn visible_extensions(extensions: &[ExtensionInfo]) -> Vec<&ExtensionInfo> {
    extensions
        .iter()
        .filter(|extension| !is_hidden(&extension.name))
        .collect()
}

/// Lower case for the search, without Unicode's full case tables (about 8 KB of the wasm
/// download, measured): ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals map as
/// `char::to_lowercase` maps them (the names, descriptions and authors of the catalogs use
/// only these scripts); any other character is kept as it is.
pub fn fold_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let code = u32::from(c);
    let folded = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => code + 0x20,
        // Latin Extended-A: capital and small alternate, except where the pairs shift.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        0x178 => 0xFF,
        // Greek capitals (U+03A2 is unassigned) and the accented ones.
        0x391..=0x3A1 | 0x3A3..=0x3AB => code + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => code + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => code + 0x3F,
        // Cyrillic capitals.
        0x400..=0x40F => code + 0x50,
        0x410..=0x42F => code + 0x20,
        _ => code,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// The factory UI's extension filter: an extension stays if it is selected, or if every
/// white-space separated term of `query` occurs (case-insensitively) in its name, ref or
/// description. An empty query keeps everything. Hidden extensions never show; catalog
/// order is kept.
pub fn search_extensions<'a>(
    extensions: &'a [ExtensionInfo],
    query: &str,
    selected: &[String],
) -> Vec<&'a ExtensionInfo> {
    let terms: Vec<String> = query.split_whitespace().map(fold_case).collect();
    extensions
        .iter()
        .filter(|extension| !is_hidden(&extension.name))
        .filter(|extension| {
            selected.iter().any(|name| name == &extension.name)
                || terms.iter().all(|term| extension.matches_term(term))
        })
        .collect()
}

/// Whether [`search_extensions`] keeps every visible extension for `query` whatever is
/// selected (a query with no terms): the page then need not redo the search when the
/// selection changes.
pub fn search_keeps_all(query: &str) -> bool {
    query.split_whitespace().next().is_none()
}

/// Extensions of one tier, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierGroup<'a> {
    pub tier: Tier,
    pub extensions: Vec<&'a ExtensionInfo>,
}

impl TierGroup<'_> {
    /// How many extensions the group holds.
    pub fn count(&self) -> usize {
        self.extensions.len()
    }
}

/// Groups extensions by tier in [`Tier::ALL`] order, leaving out empty groups.
pub fn groups_by_tier<'a, I>(extensions: I) -> Vec<TierGroup<'a>>
where
    I: IntoIterator<Item = &'a ExtensionInfo>,
{
    let mut groups: Vec<TierGroup<'a>> = Tier::ALL
        .iter()
        .map(|&tier| TierGroup {
            tier,
            extensions: Vec::new(),
        })
        .collect();
    for extension in extensions {
        let tier = extension.tier();
        if let Some(group) = groups.iter_mut().find(|group| group.tier == tier) {
            group.extensions.push(extension);
        }
    }
    groups.retain(|group| !group.extensions.is_empty());
    groups
}
