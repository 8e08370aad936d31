use std::path::PathBuf;

use super::*;
use crate::version::TalosVersion;

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

fn data(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

fn fixture_versions() -> Vec<TalosVersion> {
    parse_versions(&data("tests/data/factory/versions.json")).unwrap()
}

fn extension(name: &str, reference: &str, description: &str) -> ExtensionInfo {
    ExtensionInfo {
        name: name.to_string(),
        reference: reference.to_string(),
        digest: String::new(),
        author: String::new(),
        description: description.to_string(),
    }
}

#[test]
fn parses_every_fixture_catalog() {
    for version in [
        "v1.5.5",
        "v1.6.7",
        "v1.7.0",
        "v1.7.7",
        "v1.8.4",
        "v1.9.5",
        "v1.10.9",
        "v1.11.2",
        "v1.11.6",
        "v1.12.11",
        "v1.13.9",
        "v1.14.0-alpha.1",
        "v1.14.0-rc.1",
    ] {
        let extensions = parse_extensions(&data(&format!(
            "tests/data/factory/extensions/{version}.json"
        )))
        .unwrap();
        let overlays = parse_overlays(&data(&format!(
            "tests/data/factory/overlays/{version}.json"
        )))
        .unwrap();
        assert!(!extensions.is_empty(), "{version}");
        assert_eq!(overlays.is_empty(), v(version) < v("1.7.0"), "{version}");
    }
}

#[test]
fn keeps_catalog_order_and_field_values() {
    let extensions =
        parse_extensions(&data("tests/data/factory/extensions/v1.14.0-rc.1.json")).unwrap();
    let names: Vec<&str> = extensions.iter().take(3).map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "siderolabs/amazon-ena",
            "siderolabs/amdgpu",
            "siderolabs/amd-ucode"
        ]
    );
    assert_eq!(
        extensions[2].reference,
        "ghcr.io/siderolabs/amd-ucode:20260810"
    );
    assert_eq!(extensions[2].tag(), "20260810");
    let overlays = parse_overlays(&data("tests/data/factory/overlays/v1.7.0.json")).unwrap();
    assert!(
        overlays
            .iter()
            .any(|o| o.name == "rpi_generic" && o.image == "siderolabs/sbc-raspberrypi")
    );
}

#[test]
fn null_is_an_empty_list() {
    assert_eq!(
        parse_versions("null\n").unwrap(),
        Vec::<TalosVersion>::new()
    );
    assert_eq!(parse_extensions("null").unwrap(), Vec::new());
    assert_eq!(parse_overlays(" null ").unwrap(), Vec::new());
    assert_eq!(parse_overlays("[]\n").unwrap(), Vec::new());
}

#[test]
fn malformed_json_names_what_was_expected() {
    let en = |error: &CatalogError| crate::i18n::Messages::english().render(&error.text());
    let error = parse_extensions("{\"name\":1}").unwrap_err();
    assert_eq!(error.what, CatalogPart::ExtensionList);
    assert!(
        en(&error)
            .starts_with("invalid extension list: expected a JSON array of objects {name, ref"),
        "{error:?}"
    );
    let error = parse_overlays("<html>").unwrap_err();
    assert!(en(&error).contains("overlay list"), "{error:?}");
    let error = parse_versions("[\"v1.2.0\", \"latest\"]").unwrap_err();
    assert!(en(&error).contains("entry 1"), "{error:?}");
    assert!(en(&error).contains("latest"), "{error:?}");
    assert!(parse_versions("").is_err());
    assert!(
        parse_extensions("[{\"ref\":\"x\"}]").is_err(),
        "name is required"
    );
}

#[test]
fn version_list_is_newest_first_with_prereleases_grouped_after_their_release() {
    let list = VersionList::new(&fixture_versions(), &[]);
    assert_eq!(list.len(), 108);
    assert_eq!(list.entries()[0].version, v("1.14.0-rc.1"));
    assert_eq!(list.latest_stable(), Some(&v("1.13.9")));
    assert_eq!(list.newest(), Some(&v("1.14.0-rc.1")));
    let groups = list.groups();
    let labels: Vec<String> = groups.iter().take(4).map(VersionGroup::label).collect();
    assert_eq!(labels, ["1.14-pre", "1.13", "1.12", "1.11"]);
    assert_eq!(groups[0].entries.len(), 6);
    assert_eq!(groups[1].entries[0].version, v("1.13.9"));
    assert_eq!(groups.last().unwrap().label(), "1.2");
}

#[test]
fn release_group_precedes_its_prerelease_group() {
    let list = VersionList::new(
        &[
            v("1.14.0-rc.1"),
            v("1.13.9"),
            v("1.14.0"),
            v("1.14.0-alpha.0"),
        ],
        &[],
    );
    let labels: Vec<String> = list.groups().iter().map(VersionGroup::label).collect();
    assert_eq!(labels, ["1.14", "1.14-pre", "1.13"]);
    assert_eq!(list.latest_stable(), Some(&v("1.14.0")));
}

#[test]
fn broken_versions_are_flagged_and_never_default() {
    let list = VersionList::new(&[v("1.10.0"), v("1.10.1")], &[v("1.10.2")]);
    assert!(list.is_broken(&v("1.10.2")));
    assert!(!list.is_available(&v("1.10.2")));
    assert!(list.is_available(&v("1.10.1")));
    assert_eq!(list.latest_stable(), Some(&v("1.10.1")));
    assert_eq!(list.entries()[0].version, v("1.10.2"));
}

#[test]
fn sbc_filter_is_strict() {
    let list = VersionList::new(
        &[v("1.6.7"), v("1.7.0-alpha.1"), v("1.7.0"), v("1.8.0")],
        &[],
    );
    let sbc: Vec<TalosVersion> = list
        .for_sbc()
        .entries()
        .iter()
        .map(|e| e.version.clone())
        .collect();
    assert_eq!(sbc, [v("1.8.0"), v("1.7.0")]);
}

#[test]
fn empty_list_has_no_default() {
    let list = VersionList::new(&[], &[]);
    assert!(list.is_empty());
    assert_eq!(list.latest_stable(), None);
    assert!(list.groups().is_empty());
}

#[test]
fn tags_come_from_the_reference() {
    for (reference, tag) in [
        ("ghcr.io/siderolabs/foo:1.2.3", "1.2.3"),
        ("localhost:5000/foo:v1", "v1"),
        ("localhost:5000/foo", ""),
        ("ghcr.io/foo:1@sha256:abc", "1"),
        ("", ""),
    ] {
        assert_eq!(extension("x", reference, "").tag(), tag, "{reference}");
    }
}

#[test]
fn tiers_come_from_the_description() {
    for (description, tier, summary) in [
        ("[core] Provides X.\n", Tier::Core, "Provides X."),
        (
            "[core]This system extension provides bnx2\n",
            Tier::Core,
            "This system extension provides bnx2",
        ),
        ("[extra] E", Tier::Extra, "E"),
        ("[contrib] C", Tier::Contrib, "C"),
        ("[deprecated] D", Tier::Deprecated, "D"),
        ("[beta] B", Tier::Other, "[beta] B"),
        ("plain\n", Tier::Other, "plain"),
        ("", Tier::Other, ""),
        ("[core", Tier::Other, "[core"),
    ] {
        let info = extension("x", "", description);
        assert_eq!(info.tier(), tier, "{description:?}");
        assert_eq!(info.summary(), summary, "{description:?}");
    }
}

#[test]
fn fixture_tiers_are_all_recognised_from_1_11() {
    let extensions =
        parse_extensions(&data("tests/data/factory/extensions/v1.14.0-rc.1.json")).unwrap();
    assert!(
        extensions.iter().all(|e| e.tier() != Tier::Other),
        "every 1.14 extension has a tier"
    );
    let groups = groups_by_tier(&extensions);
    let total: usize = groups.iter().map(TierGroup::count).sum();
    assert_eq!(total, extensions.len());
    assert_eq!(groups[0].tier, Tier::Core);
    assert_eq!(groups.last().unwrap().tier, Tier::Deprecated);
}

#[test]
fn groups_keep_catalog_order_and_skip_empty_tiers() {
    let list = [
        extension("b", "", "[extra] b"),
        extension("a", "", "[core] a"),
        extension("c", "", "[extra] c"),
    ];
    let groups = groups_by_tier(&list);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].tier, Tier::Core);
    let names: Vec<&str> = groups[1]
        .extensions
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["b", "c"]);
}

#[test]
fn a_search_with_no_terms_keeps_every_visible_extension_whatever_is_selected() {
    let list = [
        extension(
            "siderolabs/iscsi-tools",
            "ghcr.io/siderolabs/iscsi-tools:v0.1",
            "[core] iSCSI",
        ),
        extension(
            "siderolabs/zfs",
            "ghcr.io/siderolabs/zfs:2.2-v1",
            "[extra] OpenZFS",
        ),
        extension(
            "siderolabs/metal-agent",
            "ghcr.io/siderolabs/metal-agent:1",
            "[core] agent",
        ),
    ];
    let visible: Vec<&ExtensionInfo> = visible_extensions(&list);
    for query in ["", " ", "\t \n", "zfs", "iscsi zfs", " x "] {
        let keeps_all = search_keeps_all(query);
        assert_eq!(keeps_all, query.trim().is_empty(), "{query:?}");
        let none = search_extensions(&list, query, &[]);
        let some = search_extensions(&list, query, &["siderolabs/iscsi-tools".to_string()]);
        if keeps_all {
            assert_eq!(none, visible, "{query:?}");
            assert_eq!(some, visible, "{query:?}");
        } else {
            assert_ne!(
                none, some,
                "{query:?}: the selection matters to this search"
            );
        }
    }
}

#[test]
fn search_matches_name_ref_and_description_and_keeps_selected() {
    let list = [
        extension(
            "siderolabs/iscsi-tools",
            "ghcr.io/siderolabs/iscsi-tools:v0.1",
            "[core] iSCSI support",
        ),
        extension(
            "siderolabs/qemu-guest-agent",
            "ghcr.io/siderolabs/qemu-guest-agent:9.0",
            "[extra] QEMU agent",
        ),
        extension(
            "siderolabs/metal-agent",
            "ghcr.io/siderolabs/metal-agent:1",
            "[core] agent",
        ),
        extension(
            "siderolabs/zfs",
            "ghcr.io/siderolabs/zfs:2.2-v1",
            "[extra] OpenZFS",
        ),
    ];
    let names =
        |found: Vec<&ExtensionInfo>| found.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(search_extensions(&list, "ISCSI", &[])),
        ["siderolabs/iscsi-tools"]
    );
    assert_eq!(
        names(search_extensions(&list, "agent", &[])),
        ["siderolabs/qemu-guest-agent"]
    );
    assert_eq!(
        names(search_extensions(&list, "9.0", &[])),
        ["siderolabs/qemu-guest-agent"]
    );
    assert_eq!(
        names(search_extensions(&list, "openzfs", &[])),
        ["siderolabs/zfs"]
    );
    assert_eq!(
        names(search_extensions(
            &list,
            "zfs",
            &["siderolabs/iscsi-tools".to_string()]
        )),
        ["siderolabs/iscsi-tools", "siderolabs/zfs"]
    );
    assert_eq!(
        search_extensions(&list, "", &[]).len(),
        3,
        "metal-agent hidden"
    );
    assert_eq!(
        search_extensions(&list, "qemu agent", &[]).len(),
        1,
        "all terms must match"
    );
    assert!(search_extensions(&list, "nothing-like-this", &[]).is_empty());
    assert_eq!(visible_extensions(&list).len(), 3);
    assert!(is_hidden("siderolabs/metal-agent"));
}

#[test]
fn snapshot_versions_pick_three_minors_and_the_newest_prerelease() {
    let list = VersionList::new(&fixture_versions(), &[]);
    assert_eq!(
        snapshot_versions(&list, 3),
        [v("1.14.0-rc.1"), v("1.13.9"), v("1.12.11"), v("1.11.6")]
    );
    let released = VersionList::new(&[v("1.14.0-rc.1"), v("1.14.0"), v("1.13.2")], &[]);
    assert_eq!(snapshot_versions(&released, 3), [v("1.14.0"), v("1.13.2")]);
}

#[test]
fn the_compiled_in_version_list_is_the_shipped_snapshots() {
    // Read here through the whole file's own parser, not the build script's copy.
    let snapshot = CatalogSnapshot::parse(&data("public/catalog-snapshot.json")).unwrap();
    let compiled = snapshot_version_list();
    assert_eq!(compiled, snapshot.version_list());
    assert!(compiled.newest().is_some());
}

#[test]
fn committed_snapshot_parses_and_holds_its_catalogs() {
    let snapshot = CatalogSnapshot::parse(&data("public/catalog-snapshot.json")).unwrap();
    assert!(!snapshot.taken.is_empty());
    let list = snapshot.version_list();
    assert_eq!(list.len(), snapshot.versions.len());
    let latest = list.latest_stable().unwrap();
    let catalog = snapshot.catalog(latest).unwrap();
    assert!(!catalog.extensions.is_empty());
    assert!(!catalog.overlays.is_empty());
    for version in snapshot.catalog_versions() {
        assert!(list.is_available(&version), "{version} listed");
    }
    let reparsed = CatalogSnapshot::parse(&snapshot.to_json()).unwrap();
    assert_eq!(reparsed, snapshot);
}

#[test]
fn snapshot_errors_are_specific() {
    let error = CatalogSnapshot::parse("{}").unwrap_err();
    assert_eq!(error.what, CatalogPart::Snapshot);
    let shown = crate::i18n::Messages::english().render(&error.text());
    assert!(shown.starts_with("invalid catalog snapshot"), "{shown}");
}

#[test]
fn tier_labels_name_every_tier() {
    let english = crate::i18n::Messages::english();
    let labels: Vec<&str> = Tier::ALL
        .iter()
        .map(|&tier| english.tier_text(tier))
        .collect();
    assert_eq!(
        labels,
        [
            "Core (maintained by Sidero Labs)",
            "Extra",
            "Contrib (community)",
            "Other",
            "Deprecated"
        ]
    );
}

#[test]
fn tiers_open_when_searching_or_holding_a_selection() {
    for tier in Tier::ALL {
        assert!(!tier_open_by_default(tier, false, 0, 3), "{tier:?}");
        assert!(tier_open_by_default(tier, false, 1, 3), "{tier:?}");
        assert!(tier_open_by_default(tier, true, 0, 3), "{tier:?}");
        assert!(tier_open_by_default(tier, true, 3, 3), "{tier:?}");
        // A catalog without tier tags is one group: shown open.
        assert!(tier_open_by_default(tier, false, 0, 1), "{tier:?}");
    }
}

/// Unchecking the last choice of a group keeps it open (it would fold under the pointer);
/// starting or ending a search recomputes the default.
#[test]
fn a_group_never_folds_under_the_users_hand() {
    let tier = Tier::Extra;
    // First render: the default.
    assert!(!tier_open_after(None, tier, false, 0, 3));
    assert!(tier_open_after(None, tier, false, 1, 3));
    // Checked, then unchecked: stays open.
    assert!(tier_open_after(Some((true, false)), tier, false, 0, 3));
    // A closed group opens when it gains a choice.
    assert!(tier_open_after(Some((false, false)), tier, false, 1, 3));
    // The search ends: back to the default, folded without a choice.
    assert!(!tier_open_after(Some((true, true)), tier, false, 0, 3));
    // The search starts: every group opens.
    assert!(tier_open_after(Some((false, false)), tier, true, 0, 3));
}

/// The search's case folding maps every character it covers as `char::to_lowercase` does,
/// and leaves every other character alone (never maps it to something else).
#[test]
fn fold_case_agrees_with_unicode_lower_case_where_it_maps() {
    let covered = |c: char| matches!(u32::from(c), 0x41..=0x5A | 0xC0..=0x17F | 0x386..=0x3AB | 0x400..=0x42F);
    let mut mapped = 0;
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let folded = fold_case(&c.to_string());
        let lower: String = c.to_lowercase().collect();
        if folded != c.to_string() {
            assert_eq!(folded, lower, "{c:?} U+{:04X}", u32::from(c));
            mapped += 1;
        } else if covered(c) && lower.chars().count() == 1 {
            assert_eq!(
                folded,
                lower,
                "{c:?} U+{:04X} is covered but not folded",
                u32::from(c)
            );
        }
    }
    // 26 ASCII, 30 Latin-1, 63 Latin Extended-A, 32 Greek and 48 Cyrillic capitals.
    assert_eq!(mapped, 199, "characters that fold");
}

/// Every name, reference and description of the recorded catalogs folds as the full Unicode
/// lower case would.
#[test]
fn fold_case_matches_unicode_on_every_recorded_catalog() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/factory/extensions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the recorded catalogs") {
        let path = entry.expect("a catalog").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let Ok(extensions) = parse_extensions(&text) else {
            continue;
        };
        for extension in &extensions {
            for field in [
                &extension.name,
                &extension.reference,
                &extension.description,
                &extension.author,
            ] {
                assert_eq!(
                    fold_case(field),
                    field.to_lowercase(),
                    "{}: {field:?}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} fields");
}

#[test]
fn saved_stamps_read_as_dates_and_odd_ones_pass_through() {
    assert_eq!(
        saved_at_label("2026-12-01T19:44:00.001Z"),
        "2026-12-01 19:44 UTC"
    );
    assert_eq!(
        saved_at_label("2026-12-01T19:44:00Z"),
        "2026-12-01 19:44 UTC"
    );
    for odd in [
        "",
        "yesterday",
        "2026-12-01",
        "2026-12-01T19:44:00+01:00",
        "2026-1é-01T19:44:00Z",
    ] {
        assert_eq!(saved_at_label(odd), odd);
    }
}
