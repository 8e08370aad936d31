//! `scripts/refresh-snapshot.sh` against the in-repo factory stand-in: a factory that answers
//! gives a fresh snapshot the app reads; one whose answers fail (an error status, a body that
//! is not the catalog) leaves the previous snapshot in place and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use factory_standin::{Fault, Route, StandIn};
use talos_image_studio::catalog::CatalogSnapshot;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of the shipped snapshot in a fresh directory, for the script to replace.
fn copy_of_shipped(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refresh-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("catalog-snapshot.json");
    std::fs::copy(root().join("public/catalog-snapshot.json"), &path).unwrap();
    path
}

/// Runs the script against `url` with `output` as the snapshot; (exit code, stderr).
fn refresh(url: &str, output: &Path) -> (i32, String) {
    let result = Command::new("bash")
        .current_dir(root())
        .arg("scripts/refresh-snapshot.sh")
        .arg(url)
        .env("FACTORY_CONTRACT", env!("CARGO_BIN_EXE_factory-contract"))
        .env("SNAPSHOT_OUTPUT", output)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (
        result.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&result.stderr).into_owned(),
    )
}

#[test]
fn a_factory_that_answers_gives_a_fresh_snapshot_the_app_reads() {
    let standin = StandIn::start(&root().join("tests/data/factory")).unwrap();
    let output = copy_of_shipped("ok");
    let (code, stderr) = refresh(&standin.base_url(), &output);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("refreshed from"), "{stderr}");
    let text = std::fs::read_to_string(&output).unwrap();
    let snapshot = CatalogSnapshot::parse(&text).unwrap();
    assert!(!text.contains("\"digest\""));
    assert!(!snapshot.catalog_versions().is_empty());
    // Today's date (UTC), in the form the page shows.
    let taken = &snapshot.taken;
    assert_eq!(taken.len(), 10, "{taken}");
    assert_ne!(
        taken, "2026-08-21",
        "the date is the refresh's, not the fixtures'"
    );
}

#[test]
fn a_failing_factory_keeps_the_committed_snapshot_and_says_why() {
    let before = std::fs::read_to_string(root().join("public/catalog-snapshot.json")).unwrap();
    for (route, fault) in [
        (Route::Versions, Fault::Status(503)),
        (Route::Extensions, Fault::MalformedJson),
        (Route::Overlays, Fault::Status(500)),
    ] {
        let standin = StandIn::start(&root().join("tests/data/factory")).unwrap();
        standin.set_fault(route, Some(fault));
        let output = copy_of_shipped("fault");
        let (code, stderr) = refresh(&standin.base_url(), &output);
        assert_eq!(code, 1, "{route:?} {fault}: {stderr}");
        assert!(
            stderr.contains("kept the committed snapshot"),
            "{route:?} {fault}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(&output).unwrap(), before);
    }
}
