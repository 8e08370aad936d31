//! The upgrade planner over the recorded factory data: the path the Talos docs recommend,
//! installer naming across the 1.10 boundary, SecureBoot and platform variants, extension
//! tags (updated, new, removed, renamed) and the gates a hop lacks.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::catalog::{
    ExtensionInfo, OverlayInfo, VersionList, parse_extensions, parse_overlays, parse_versions,
};
use crate::platforms::{self, TargetKind};
use crate::selection::{
    ACROSS_MINORS, Catalogs, CustomOverlay, GatedOption, HopKind, PathError, Selection, TagChange,
    TagFound, VersionFinding, across_versions, extension_tags, tags_across, upgrade_path,
    upgrade_start_options,
};
use crate::version::TalosVersion;

const ID: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

fn data(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

fn recorded_list(broken: &[&str]) -> VersionList {
    let versions = parse_versions(&data("tests/data/factory/versions.json")).unwrap();
    let broken: Vec<TalosVersion> = broken.iter().map(|b| v(b)).collect();
    VersionList::new(&versions, &broken)
}

/// Every recorded catalog, by version.
fn recorded_catalogs() -> Recorded {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/factory/extensions");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            let version = name.trim_end_matches(".json").to_string();
            let extensions =
                parse_extensions(&data(&format!("tests/data/factory/extensions/{name}"))).unwrap();
            let overlays =
                parse_overlays(&data(&format!("tests/data/factory/overlays/{name}"))).unwrap();
            (v(&version), (extensions, overlays))
        })
        .collect()
}

type Recorded = HashMap<TalosVersion, (Vec<ExtensionInfo>, Vec<OverlayInfo>)>;

/// The recorded catalogs of `version`, as the planner reads them.
fn known_in<'a>(catalogs: &'a Recorded, version: &TalosVersion) -> Option<Catalogs<'a>> {
    catalogs
        .get(version)
        .map(|(extensions, overlays)| Catalogs {
            extensions,
            overlays,
        })
}

fn path(from: &str, to: &str, list: &VersionList) -> Vec<(String, HopKind)> {
    upgrade_path(&v(from), &v(to), list)
        .unwrap()
        .into_iter()
        .map(|(version, kind)| (version.to_string(), kind))
        .collect()
}

fn hop(version: &str, kind: HopKind) -> (String, HopKind) {
    (version.to_string(), kind)
}

#[test]
fn the_path_takes_the_latest_patch_of_every_minor_on_the_way() {
    let list = recorded_list(&[]);
    // 1.11.6 is already the latest 1.11 patch: straight to 1.12's latest, then the target.
    assert_eq!(
        path("1.11.6", "1.13.9", &list),
        [
            hop("v1.12.11", HopKind::IntermediateMinor),
            hop("v1.13.9", HopKind::Target)
        ]
    );
    assert_eq!(
        path("1.11.2", "1.13.9", &list),
        [
            hop("v1.11.6", HopKind::LatestPatchOfCurrentMinor),
            hop("v1.12.11", HopKind::IntermediateMinor),
            hop("v1.13.9", HopKind::Target)
        ]
    );
    // Within one minor: the target only (an older patch as target included).
    assert_eq!(
        path("1.13.2", "1.13.5", &list),
        [hop("v1.13.5", HopKind::Target)]
    );
    // An older target patch than the latest: the path still ends at the chosen target.
    assert_eq!(
        path("1.12.3", "1.13.1", &list),
        [
            hop("v1.12.11", HopKind::LatestPatchOfCurrentMinor),
            hop("v1.13.1", HopKind::Target)
        ]
    );
}

#[test]
fn a_pre_release_target_is_reached_through_stable_releases_only() {
    let list = recorded_list(&[]);
    assert_eq!(
        path("1.13.9", "1.14.0-rc.1", &list),
        [hop("v1.14.0-rc.1", HopKind::Target)]
    );
    assert_eq!(
        path("1.12.3", "1.14.0-rc.1", &list),
        [
            hop("v1.12.11", HopKind::LatestPatchOfCurrentMinor),
            hop("v1.13.9", HopKind::IntermediateMinor),
            hop("v1.14.0-rc.1", HopKind::Target)
        ]
    );
}

#[test]
fn broken_releases_are_never_a_hop() {
    let list = recorded_list(&["1.10.9", "1.12.11"]);
    assert_eq!(
        path("1.9.6", "1.13.9", &list),
        [
            hop("v1.10.8", HopKind::IntermediateMinor),
            hop("v1.11.6", HopKind::IntermediateMinor),
            hop("v1.12.10", HopKind::IntermediateMinor),
            hop("v1.13.9", HopKind::Target)
        ]
    );
}

#[test]
fn no_plan_for_a_target_that_is_not_newer() {
    let list = recorded_list(&[]);
    let older = upgrade_path(&v("1.13.9"), &v("1.12.11"), &list).unwrap_err();
    assert!(matches!(older, PathError::NotNewer { .. }));
    let en = |error: &PathError| crate::i18n::Messages::english().render(&error.text());
    assert!(en(&older).contains("older than v1.13.9"), "{older:?}");
    let same = upgrade_path(&v("1.13.9"), &v("1.13.9"), &list).unwrap_err();
    assert!(en(&same).contains("already runs v1.13.9"), "{same:?}");
}

fn plan_installers(selection: &Selection, from: &str, to: &str) -> Vec<String> {
    let list = recorded_list(&[]);
    selection
        .upgrade_plan(&v(from), &v(to), &list, ID, "10.0.0.2", |_| None)
        .unwrap()
        .hops
        .into_iter()
        .map(|hop| hop.installer)
        .collect()
}

#[test]
fn installer_names_follow_each_hops_version_platform_and_secureboot() {
    let mut selection = Selection::default();
    assert_eq!(
        plan_installers(&selection, "1.9.2", "1.11.6"),
        [
            format!("factory.talos.dev/installer/{ID}:v1.9.6"),
            format!("factory.talos.dev/metal-installer/{ID}:v1.10.9"),
            format!("factory.talos.dev/metal-installer/{ID}:v1.11.6"),
        ]
    );
    selection.secureboot = true;
    assert_eq!(
        plan_installers(&selection, "1.9.6", "1.10.9"),
        [format!(
            "factory.talos.dev/metal-installer-secureboot/{ID}:v1.10.9"
        )]
    );
    assert_eq!(
        plan_installers(&selection, "1.8.0", "1.9.6")[0],
        format!("factory.talos.dev/installer-secureboot/{ID}:v1.8.4")
    );
    selection.secureboot = false;
    selection.target = TargetKind::Cloud;
    selection.platform = platforms::cloud_platform("aws").unwrap();
    assert_eq!(
        plan_installers(&selection, "1.10.9", "1.11.6"),
        [format!("factory.talos.dev/aws-installer/{ID}:v1.11.6")]
    );
    // Boards upgrade with the metal installer.
    selection.target = TargetKind::Sbc;
    assert_eq!(
        plan_installers(&selection, "1.10.9", "1.11.6"),
        [format!("factory.talos.dev/metal-installer/{ID}:v1.11.6")]
    );
}

#[test]
fn every_hop_has_its_exact_command_and_the_plan_copies_as_a_script_and_markdown() {
    let list = recorded_list(&[]);
    let plan = Selection::default()
        .upgrade_plan(&v("1.11.6"), &v("1.13.9"), &list, ID, "10.0.0.2", |_| None)
        .unwrap();
    assert_eq!(
        plan.hops[0].command,
        format!(
            "talosctl upgrade --nodes 10.0.0.2 --image factory.talos.dev/metal-installer/{ID}:v1.12.11"
        )
    );
    assert_eq!(plan.path_text(), "v1.11.6 → v1.12.11 → v1.13.9");
    // No node address yet: the variable the script sets.
    for node in ["", "  ", "$NODE"] {
        assert_eq!(
            crate::selection::upgrade_command(node, "r/i:v1"),
            "talosctl upgrade --nodes \"$NODE\" --image r/i:v1"
        );
    }
    assert_eq!(
        crate::selection::upgrade_command("node one", "r/i:v1"),
        "talosctl upgrade --nodes 'node one' --image r/i:v1"
    );
    let script = plan.shell_script();
    assert!(script.starts_with("#!/bin/sh\n"), "{script}");
    assert!(script.contains(&format!(
        "talosctl upgrade --nodes \"$NODE\" --image factory.talos.dev/metal-installer/{ID}:v1.13.9\n"
    )));
    assert_eq!(script.matches("talosctl upgrade").count(), 2, "{script}");
    let markdown = plan.markdown();
    assert!(markdown.contains("| 2 | v1.13.9 | target |"), "{markdown}");
}

#[test]
fn extension_tags_come_from_both_catalogs() {
    let catalogs = recorded_catalogs();
    let (from, _) = &catalogs[&v("v1.11.6")];
    let (to, _) = &catalogs[&v("v1.13.9")];
    let selected = [
        "siderolabs/amd-ucode".to_string(),
        "siderolabs/iscsi-tools".to_string(),
        "siderolabs/bird2".to_string(),
        "example/unknown".to_string(),
    ];
    let tags = extension_tags(&selected, from, to);
    assert_eq!(tags[0].from.as_deref(), Some("20251125"));
    assert_eq!(tags[0].to.as_deref(), Some("20260810"));
    assert_eq!(tags[0].change, TagChange::Updated);
    assert_eq!(tags[1].change, TagChange::Same);
    assert_eq!(tags[2].from, None);
    assert_eq!(tags[2].change, TagChange::NewInTarget);
    assert_eq!(tags[3].change, TagChange::Unknown);

    // Removed, and renamed (the catalogs' nvidia-fabricmanager → -lts from v1.8).
    let (old, _) = &catalogs[&v("v1.7.7")];
    let (new, _) = &catalogs[&v("v1.8.4")];
    let moved = extension_tags(&["siderolabs/nvidia-fabricmanager".to_string()], old, new);
    assert_eq!(
        moved[0].change,
        TagChange::Renamed {
            to: "siderolabs/nvidia-fabricmanager-lts".to_string()
        }
    );
    assert!(
        moved[0].from.is_some() && moved[0].to.is_some(),
        "{moved:?}"
    );
    let gone: Vec<String> = old
        .iter()
        .filter(|e| !new.iter().any(|n| n.name == e.name))
        .map(|e| e.name.clone())
        .filter(|name| name != "siderolabs/nvidia-fabricmanager")
        .collect();
    for tags in extension_tags(&gone, old, new) {
        assert!(
            matches!(tags.change, TagChange::Removed | TagChange::Renamed { .. }),
            "{tags:?}"
        );
    }
}

#[test]
fn a_hop_whose_catalog_lacks_an_extension_or_option_is_flagged() {
    let catalogs = recorded_catalogs();
    let known = |version: &TalosVersion| known_in(&catalogs, version);
    let list = recorded_list(&[]);
    let mut selection = Selection {
        extensions: vec!["siderolabs/bird2".to_string()],
        ..Selection::default()
    };
    let plan = selection
        .upgrade_plan(&v("1.11.2"), &v("1.13.9"), &list, ID, "n", known)
        .unwrap();
    // Every hop is recorded; bird2 first appears in the v1.12 catalogs.
    assert!(plan.hops.iter().all(|hop| hop.catalog_loaded));
    assert_eq!(
        plan.hops[0].findings,
        [VersionFinding::ExtensionMissing {
            name: "siderolabs/bird2".to_string(),
            replacement: None
        }],
    );
    assert!(plan.hops[1].findings.is_empty());
    assert!(plan.hops[2].findings.is_empty());
    assert_eq!(
        plan.extensions.as_ref().unwrap()[0].change,
        TagChange::NewInTarget
    );

    // Gates need no catalog: a custom overlay before 1.7 is flagged even unloaded.
    selection.extensions.clear();
    selection.custom_overlay = Some(CustomOverlay {
        name: "rpi_generic".to_string(),
        image: "siderolabs/sbc-raspberrypi".to_string(),
    });
    let plan = selection
        .upgrade_plan(&v("1.5.0"), &v("1.7.7"), &list, ID, "n", |_| None)
        .unwrap();
    let versions: Vec<String> = plan.hops.iter().map(|h| h.version.to_string()).collect();
    assert_eq!(versions, ["v1.5.6", "v1.6.8", "v1.7.7"]);
    for hop in &plan.hops[..2] {
        assert!(!hop.catalog_loaded);
        assert_eq!(
            hop.findings,
            [VersionFinding::OptionUnsupported {
                option: GatedOption::Overlay
            }]
        );
    }
    assert!(plan.hops[2].findings.is_empty());
    assert_eq!(
        plan.extensions, None,
        "start and target catalogs not loaded"
    );
}

#[test]
fn the_plan_script_passes_shellcheck() {
    let catalogs = recorded_catalogs();
    let known = |version: &TalosVersion| known_in(&catalogs, version);
    let selection = Selection {
        extensions: vec![
            "siderolabs/bird2".to_string(),
            "example/$(id)".to_string(),
            "example/x\nrm -rf /".to_string(),
        ],
        secureboot: true,
        ..Selection::default()
    };
    let plan = selection
        .upgrade_plan(
            &v("1.9.2"),
            &v("1.13.9"),
            &recorded_list(&[]),
            ID,
            "n",
            known,
        )
        .unwrap();
    let script = plan.shell_script();
    assert!(
        script.contains("# WARNING: extension example/$(id)"),
        "{script}"
    );
    assert!(
        script.contains("# WARNING: extension example/x rm -rf /"),
        "{script}"
    );
    assert!(
        !script.lines().any(|line| line.starts_with("rm")),
        "{script}"
    );
    crate::outputs::tests::generated::check_shell("upgrade-plan", &script);
}

#[test]
fn the_start_choices_are_the_releases_before_the_target_and_the_links_own() {
    let list = recorded_list(&["1.10.2"]);
    let options = upgrade_start_options(&list, &v("1.11.0"), None);
    assert_eq!(options[0], v("1.10.9"));
    assert!(
        options.contains(&v("1.10.2")),
        "machines may run a broken release"
    );
    assert!(options.iter().all(|o| *o < v("1.11.0") && o.pre.is_empty()));
    assert!(options.windows(2).all(|w| w[0] > w[1]));
    let odd = upgrade_start_options(&list, &v("1.11.0"), Some(&v("1.10.99")));
    assert_eq!(odd[0], v("1.10.99"));
    assert_eq!(odd.len(), options.len() + 1);
}

#[test]
fn one_extension_across_the_newest_minors() {
    let list = recorded_list(&["1.13.9"]);
    let versions = across_versions(&list);
    assert_eq!(versions.len(), ACROSS_MINORS);
    // Broken releases are skipped: 1.13's newest good patch stands for it.
    assert_eq!(versions[0], v("1.13.8"));
    assert_eq!(versions[1], v("1.12.11"));
    let minors: Vec<(u64, u64)> = versions.iter().map(|v| (v.major, v.minor)).collect();
    let mut unique = minors.clone();
    unique.dedup();
    assert_eq!(minors, unique, "one release per minor");

    let catalogs = recorded_catalogs();
    let known = |version: &TalosVersion| catalogs.get(version).map(|(e, _)| e.as_slice());
    let across = tags_across(
        "siderolabs/amd-ucode",
        &[v("1.13.9"), v("1.11.6"), v("1.5.5"), v("1.9.6")],
        known,
    );
    assert_eq!(across[0].1, TagFound::Tag("20260810".to_string()));
    assert_eq!(across[1].1, TagFound::Tag("20251125".to_string()));
    assert!(matches!(across[2].1, TagFound::Tag(_)), "{:?}", across[2]);
    assert_eq!(across[3].1, TagFound::NotLoaded, "no recorded v1.9.6");
    let bird = tags_across("siderolabs/bird2", &[v("1.11.6")], known);
    assert_eq!(bird[0].1, TagFound::Absent);
    let renamed = tags_across("siderolabs/nvidia-fabricmanager", &[v("1.8.4")], known);
    assert!(
        matches!(&renamed[0].1, TagFound::Renamed { name, .. } if name == "siderolabs/nvidia-fabricmanager-lts"),
        "{renamed:?}"
    );
}
