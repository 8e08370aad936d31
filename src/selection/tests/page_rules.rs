use super::{en, strings, v};
use crate::catalog::{ExtensionInfo, OverlayInfo, VersionList};
use crate::outputs::QEMU_GUEST_AGENT;
use crate::platforms::TargetKind;
use crate::selection::{
    GatedOption, KernelArgsNote, LinkProblem, Selection, VersionFinding, VersionGroupView,
    VersionOption, VersionStatus, link_problems,
};
use crate::version::TalosVersion;

fn extension(name: &str) -> ExtensionInfo {
    ExtensionInfo {
        name: name.to_string(),
        reference: format!("ghcr.io/{name}:1.0.0"),
        digest: String::new(),
        author: String::new(),
        description: String::new(),
    }
}

fn catalog(names: &[&str]) -> Vec<ExtensionInfo> {
    names.iter().map(|name| extension(name)).collect()
}

fn overlay(name: &str) -> OverlayInfo {
    OverlayInfo {
        name: name.to_string(),
        image: "siderolabs/sbc-raspberrypi".to_string(),
        reference: "ghcr.io/siderolabs/sbc-raspberrypi:v0.1.0".to_string(),
        digest: String::new(),
    }
}

/// 1.6.7 (below the board floor), 1.7.0-alpha.0 (a pre-release below it), 1.7.0 (the floor),
/// 1.13.8 (broken), 1.13.9 (latest stable), 1.14.0-rc.1 (pre-release).
fn list() -> VersionList {
    VersionList::new(
        &[
            v("1.6.7"),
            v("1.7.0-alpha.0"),
            v("1.7.0"),
            v("1.13.9"),
            v("1.14.0-rc.1"),
        ],
        &[v("1.13.8")],
    )
}

fn board() -> Selection {
    Selection {
        target: TargetKind::Sbc,
        ..Selection::default()
    }
}

#[test]
fn version_status_follows_the_list_the_board_floor_and_the_broken_flag() {
    let metal = Selection::default();
    assert_eq!(
        metal.version_status(&v("1.13.9"), &list()),
        VersionStatus::Offered
    );
    assert_eq!(
        metal.version_status(&v("1.6.7"), &list()),
        VersionStatus::Offered
    );
    assert_eq!(
        metal.version_status(&v("1.99.0"), &list()),
        VersionStatus::NotOffered
    );
    assert_eq!(
        metal.version_status(&v("1.13.8"), &list()),
        VersionStatus::Broken
    );
    let board = board();
    assert_eq!(
        board.version_status(&v("1.6.7"), &list()),
        VersionStatus::TooOldForBoards
    );
    assert_eq!(
        board.version_status(&v("1.7.0-alpha.0"), &list()),
        VersionStatus::TooOldForBoards,
        "strict: a pre-release of 1.7.0 is below 1.7.0"
    );
    assert_eq!(
        board.version_status(&v("1.7.0"), &list()),
        VersionStatus::Offered
    );
    assert_eq!(
        board.version_status(&v("1.13.8"), &list()),
        VersionStatus::Broken
    );
    assert_eq!(
        board.version_status(&v("1.99.0"), &list()),
        VersionStatus::NotOffered
    );
}

#[test]
fn version_status_agrees_with_the_board_filter() {
    let board = board();
    let offered = list().for_sbc();
    for entry in list().entries() {
        let status = board.version_status(&entry.version, &list());
        assert_eq!(
            status == VersionStatus::TooOldForBoards,
            offered.get(&entry.version).is_none(),
            "{}",
            entry.version
        );
    }
}

#[test]
fn version_status_messages() {
    let version = v("1.99.0");
    assert_eq!(VersionStatus::Offered.message(&version), None);
    assert_eq!(
        en(&VersionStatus::NotOffered.message(&version).unwrap()),
        "v1.99.0 is not offered by this factory (it may be too old, broken, or an old pre-release); images for it cannot be built. Pick another version."
    );
    assert_eq!(
        en(&VersionStatus::TooOldForBoards.message(&v("1.6.7")).unwrap()),
        "Single-board computers need Talos 1.7 or later; v1.6.7 is not in the list. Pick a newer version."
    );
    assert_eq!(
        en(&VersionStatus::Broken.message(&v("1.13.8")).unwrap()),
        "v1.13.8 is marked broken by the factory: avoid it."
    );
}

#[test]
fn finding_sentences_are_capitalised_with_their_consequence() {
    let version = v("1.13.9");
    assert_eq!(
        en(&VersionFinding::OptionUnsupported {
            option: GatedOption::SecureBoot
        }
        .sentence(&version)),
        "SecureBoot needs Talos 1.5.0 or later: it is left out of the schematic for v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::OptionUnsupported {
            option: GatedOption::EmbeddedConfig
        }
        .sentence(&version)),
        "The embedded machine configuration needs Talos 1.12.0 or later (pre-releases of it count): it is left out of the schematic for v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::BoardUnavailable {
            board: "rpi_5".into()
        }
        .sentence(&version)),
        "Board rpi_5 is not offered for this version: the factory cannot build it with v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::OverlayMissing {
            name: "rpi_5".into()
        }
        .sentence(&version)),
        "Overlay rpi_5 is not in this version's overlay catalog: the factory cannot build it with v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::PlatformUnavailable {
            platform: "akamai".into()
        }
        .sentence(&version)),
        "Cloud platform akamai is not offered for this version: the factory cannot build it with v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::ExtensionMissing {
            name: "siderolabs/i915-ucode".into(),
            replacement: Some("siderolabs/i915".into()),
        }
        .sentence(&version)),
        "Extension siderolabs/i915-ucode is not in this version's catalog; it is called siderolabs/i915 there: the factory cannot build it with v1.13.9."
    );
    assert_eq!(
        en(&VersionFinding::ExtensionMissing {
            name: "éx/y".into(),
            replacement: None,
        }
        .sentence(&version)),
        "Extension éx/y is not in this version's catalog: the factory cannot build it with v1.13.9."
    );
}

fn labels(groups: &[VersionGroupView]) -> Vec<(String, Vec<String>)> {
    groups
        .iter()
        .map(|group| {
            (
                en(&group.label),
                group
                    .options
                    .iter()
                    .map(|option| en(&option.label))
                    .collect(),
            )
        })
        .collect()
}

fn group(label: &str, options: &[&str]) -> (String, Vec<String>) {
    (label.to_string(), strings(options))
}

#[test]
fn version_options_are_grouped_newest_first_with_suffixes() {
    let metal = Selection::default();
    let groups = metal.version_options(&list(), None, true);
    assert_eq!(
        labels(&groups),
        [
            group("1.14-pre", &["1.14.0-rc.1 (pre-release)"]),
            group("1.13", &["1.13.9 (latest stable)", "1.13.8 (broken)"]),
            group("1.7", &["1.7.0"]),
            group("1.7-pre", &["1.7.0-alpha.0 (pre-release)"]),
            group("1.6", &["1.6.7"]),
        ]
    );
    assert_eq!(
        groups[1].options[1],
        VersionOption {
            value: "v1.13.8".into(),
            label: crate::i18n::Text::version_option_broken(crate::i18n::Text::as_is("1.13.8")),
            broken: true,
            prerelease: false,
        }
    );
    assert!(groups[0].prerelease && groups[0].options[0].prerelease);
    assert_eq!(groups[0].options[0].value, "v1.14.0-rc.1");
    let values: Vec<TalosVersion> = groups
        .iter()
        .flat_map(|group| &group.options)
        .map(|option| option.value.parse().unwrap())
        .collect();
    assert_eq!(values.len(), list().len(), "every version once");
}

#[test]
fn version_options_hide_prereleases_except_the_chosen_one() {
    let metal = Selection::default();
    let hidden = metal.version_options(&list(), Some(&v("1.13.9")), false);
    assert_eq!(
        labels(&hidden),
        [
            group("1.13", &["1.13.9 (latest stable)", "1.13.8 (broken)"]),
            group("1.7", &["1.7.0"]),
            group("1.6", &["1.6.7"]),
        ]
    );
    let chosen_pre = metal.version_options(&list(), Some(&v("1.14.0-rc.1")), false);
    assert_eq!(
        labels(&chosen_pre),
        [
            group("1.14-pre", &["1.14.0-rc.1 (pre-release)"]),
            group("1.13", &["1.13.9 (latest stable)", "1.13.8 (broken)"]),
            group("1.7", &["1.7.0"]),
            group("1.6", &["1.6.7"]),
        ]
    );
}

#[test]
fn version_options_for_boards_start_at_1_7_0() {
    let groups = board().version_options(&list(), None, true);
    assert_eq!(
        labels(&groups),
        [
            group("1.14-pre", &["1.14.0-rc.1 (pre-release)"]),
            group("1.13", &["1.13.9 (latest stable)", "1.13.8 (broken)"]),
            group("1.7", &["1.7.0"]),
        ]
    );
}

#[test]
fn a_chosen_version_the_picker_lacks_gets_its_own_first_group() {
    let metal = Selection::default();
    let groups = metal.version_options(&list(), Some(&v("1.99.0")), false);
    assert_eq!(
        groups[0].label,
        crate::i18n::Text::version_group_not_offered()
    );
    assert_eq!(en(&groups[0].label), "Not offered");
    assert_eq!(
        groups[0].options,
        [VersionOption {
            value: "v1.99.0".into(),
            label: crate::i18n::Text::version_option_not_offered("1.99.0"),
            broken: false,
            prerelease: false,
        }]
    );
    assert_eq!(groups.len(), 4);
    let old = board().version_options(&list(), Some(&v("1.6.7")), true);
    assert_eq!(
        labels(&old)[0],
        group(
            "Not offered",
            &["1.6.7 (not offered for single-board computers)"]
        )
    );
    assert_eq!(old.len(), 4, "the board list itself is unchanged");
    assert!(
        metal
            .version_options(&VersionList::default(), None, true)
            .is_empty()
    );
}

#[test]
fn guest_agent_is_suggested_for_nocloud_only() {
    let mut nocloud = Selection {
        target: TargetKind::Cloud,
        platform: crate::platforms::cloud_platform("nocloud").unwrap(),
        ..Selection::default()
    };
    let with_agent = catalog(&[QEMU_GUEST_AGENT, "siderolabs/iscsi-tools"]);
    let without_agent = catalog(&["siderolabs/iscsi-tools"]);
    assert!(nocloud.guest_agent_missing(None), "catalog not loaded yet");
    assert!(nocloud.guest_agent_missing(Some(&with_agent)));
    assert!(!nocloud.guest_agent_missing(Some(&without_agent)));
    let aws = Selection {
        platform: crate::platforms::cloud_platform("aws").unwrap(),
        ..nocloud.clone()
    };
    assert!(!aws.guest_agent_missing(None));
    let metal = Selection {
        platform: crate::platforms::cloud_platform("nocloud").unwrap(),
        ..Selection::default()
    };
    assert!(
        !metal.guest_agent_missing(None),
        "metal ignores the platform"
    );
    nocloud.extensions = strings(&["siderolabs/iscsi-tools"]);
    nocloud.add_guest_agent();
    assert!(!nocloud.guest_agent_missing(Some(&with_agent)));
    nocloud.add_guest_agent();
    assert_eq!(
        nocloud.extensions,
        strings(&["siderolabs/iscsi-tools", QEMU_GUEST_AGENT])
    );
}

#[test]
fn missing_extensions_come_with_known_replacements() {
    let selection = Selection {
        target: TargetKind::Sbc,
        extensions: strings(&[
            "siderolabs/i915-ucode",
            "siderolabs/iscsi-tools",
            "example/gone",
        ]),
        ..Selection::default()
    };
    let catalog = catalog(&["siderolabs/i915", "siderolabs/iscsi-tools"]);
    let missing = selection.missing_extensions(&v("1.13.9"), &catalog, &[overlay("other-overlay")]);
    assert_eq!(
        missing,
        [
            (
                "siderolabs/i915-ucode".to_string(),
                Some("siderolabs/i915".to_string())
            ),
            ("example/gone".to_string(), None),
        ],
        "only extensions, not the missing overlay"
    );
    let mut replaced = selection.clone();
    replaced.replace_all_missing(&missing);
    assert_eq!(
        replaced.extensions,
        strings(&["siderolabs/i915", "siderolabs/iscsi-tools", "example/gone"])
    );
    let mut removed = selection;
    removed.remove_extensions(&strings(&["example/gone", "not/selected"]));
    assert_eq!(
        removed.extensions,
        strings(&["siderolabs/i915-ucode", "siderolabs/iscsi-tools"])
    );
}

#[test]
fn replacing_keeps_the_position_and_never_duplicates() {
    let mut selection = Selection {
        extensions: strings(&["a/one", "a/old", "a/two"]),
        ..Selection::default()
    };
    selection.replace_extension("a/old", "a/new");
    assert_eq!(selection.extensions, strings(&["a/one", "a/new", "a/two"]));
    selection.replace_extension("a/absent", "a/other");
    assert_eq!(selection.extensions, strings(&["a/one", "a/new", "a/two"]));
    selection.replace_extension("a/one", "a/two");
    assert_eq!(selection.extensions, strings(&["a/new", "a/two"]));
    selection.replace_extension("a/new", "a/new");
    assert_eq!(selection.extensions, strings(&["a/new", "a/two"]));
}

#[test]
fn kernel_args_note_texts_and_the_strict_1_10_boundary() {
    let selection = Selection::default();
    assert_eq!(
        selection.kernel_args_note(&v("1.10.0-rc.1")),
        Some(KernelArgsNote::IgnoredByInstaller)
    );
    assert_eq!(selection.kernel_args_note(&v("1.10.0")), None);
    assert_eq!(
        en(&KernelArgsNote::IgnoredByInstaller.text()),
        "Before Talos 1.10 the installer image ignores these arguments: also set machine.install.extraKernelArgs in the machine configuration."
    );
    assert_eq!(
        en(&KernelArgsNote::Signed.text()),
        "With SecureBoot the kernel command line is signed into the image and cannot be changed on the machine."
    );
}

#[test]
fn share_query_pins_the_version_and_drops_secrets_and_pending_ids() {
    let selection = Selection {
        embedded_config: "machine:\n  token: secret\n".into(),
        pending_schematic_id: Some("a".repeat(64).parse().unwrap()),
        ..Selection::default()
    };
    let shared = selection.share_query(Some(&v("1.13.9")));
    assert_eq!(shared, "target=metal&version=1.13.9");
    assert_eq!(selection.share_query(None), "target=metal");
    let chosen = Selection {
        version: Some(v("1.12.11")),
        ..Selection::default()
    };
    assert_eq!(
        chosen.share_query(Some(&v("1.13.9"))),
        "target=metal&version=1.12.11",
        "a chosen version is kept"
    );
    let (read, notices) = Selection::from_query(&shared);
    assert!(notices.is_empty());
    assert_eq!(read.version, Some(v("1.13.9")));
}

fn link(query: &str) -> (Selection, Vec<crate::selection::QueryNotice>) {
    Selection::from_query(query)
}

#[test]
fn link_problems_in_order_version_extensions_parameters() {
    let (selection, notices) = link(
        "version=1.99.0&extensions=siderolabs%2Fi915-ucode&extensions=foo%2Fbar&extensions=siderolabs%2Fiscsi-tools&colour=blue",
    );
    let catalog = catalog(&["siderolabs/i915", "siderolabs/iscsi-tools"]);
    let problems = link_problems(
        &selection,
        &notices,
        Some(&list()),
        Some(&catalog),
        Some(&v("1.99.0")),
    );
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert_eq!(
        problems[0],
        LinkProblem::VersionNotOffered {
            version: v("1.99.0")
        }
    );
    assert_eq!(
        en(&problems[0].text()),
        "Version 1.99.0 from the link is not offered by this factory; images for it cannot be built."
    );
    assert_eq!(
        problems[1],
        LinkProblem::UnknownExtension {
            name: "siderolabs/i915-ucode".into(),
            replacement: Some("siderolabs/i915".into())
        }
    );
    assert_eq!(
        en(&problems[1].text()),
        "Extension “siderolabs/i915-ucode” from the link is not in this version's catalog; it is still in the schematic, so the factory will refuse to build it. This version calls it “siderolabs/i915”: replace it with that."
    );
    assert_eq!(
        en(&problems[2].text()),
        "Extension “foo/bar” from the link is not in this version's catalog; it is still in the schematic, so the factory will refuse to build it. Remove it or pick another version."
    );
    assert_eq!(
        en(&problems[3].text()),
        "Link parameter ignored: colour=“blue”: unknown parameter"
    );
}

#[test]
fn link_problems_need_what_they_check() {
    let (selection, notices) = link("version=1.99.0&extensions=foo%2Fbar");
    let known = catalog(&["siderolabs/iscsi-tools"]);
    assert!(link_problems(&selection, &notices, None, None, None).is_empty());
    assert_eq!(
        link_problems(&selection, &notices, None, Some(&known), None).len(),
        1,
        "the extension without the version list"
    );
    assert!(
        link_problems(&selection, &notices, None, Some(&known), Some(&v("1.13.9"))).is_empty(),
        "a catalog of another version than the link's says nothing"
    );
    let (unversioned, notices) = link("extensions=foo%2Fbar");
    assert_eq!(
        link_problems(
            &unversioned,
            &notices,
            Some(&list()),
            Some(&known),
            Some(&v("1.13.9"))
        )
        .len(),
        1,
        "no version in the link: only the extension"
    );
    let (offered, notices) = link("version=1.13.8&target=sbc");
    assert!(
        link_problems(&offered, &notices, Some(&list()), None, None).is_empty(),
        "listed versions (broken ones too) are reported by version_status"
    );
}

#[test]
fn a_platform_or_board_newer_than_the_version_is_explained() {
    use crate::platforms::TargetKind;
    use crate::selection::Selection;
    let v = |text: &str| text.parse::<crate::version::TalosVersion>().unwrap();
    let metal = Selection::default();
    assert_eq!(metal.target_unavailable(&v("1.2.0")), None);
    let pi5 = Selection {
        target: TargetKind::Sbc,
        board: crate::platforms::board("rpi_5").unwrap(),
        ..Selection::default()
    };
    assert_eq!(pi5.target_unavailable(&v("1.12.3")), None);
    let message = en(&pi5.target_unavailable(&v("1.12.2")).expect("too old"));
    assert!(
        message.contains("Raspberry Pi 5") && message.contains("1.12.3"),
        "{message}"
    );
    let aws = Selection {
        target: TargetKind::Cloud,
        ..Selection::default()
    };
    assert_eq!(aws.target_unavailable(&v("1.13.9")), None);
}

#[test]
fn folded_sections_summarise_their_choice() {
    use crate::platforms::TargetKind;
    use crate::selection::{Selection, Step, StepSummary};
    let v: crate::version::TalosVersion = "1.13.9".parse().unwrap();
    let mut selection = Selection::default();
    assert_eq!(
        selection.step_summary(Step::Target, Some(&v)),
        StepSummary::Metal
    );
    assert_eq!(
        selection.step_summary(Step::Version, Some(&v)),
        StepSummary::Version("1.13.9".to_string())
    );
    assert_eq!(
        selection.step_summary(Step::Version, None),
        StepSummary::VersionLoading
    );
    selection.secureboot = true;
    assert_eq!(
        selection.step_summary(Step::Platform, Some(&v)),
        StepSummary::Platform {
            place: None,
            arch: "amd64",
            secureboot: true
        }
    );
    selection.target = TargetKind::Cloud;
    selection.platform = crate::platforms::cloud_platform("nocloud").unwrap();
    assert!(matches!(
        selection.step_summary(Step::Target, Some(&v)),
        StepSummary::Cloud { .. }
    ));
    selection.target = TargetKind::Sbc;
    let board = selection.step_summary(Step::Platform, Some(&v));
    assert!(
        matches!(
            board,
            StepSummary::Platform {
                arch: "arm64",
                secureboot: false,
                ..
            }
        ),
        "SecureBoot is not offered for boards: {board:?}"
    );
}
