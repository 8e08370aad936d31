//! Writes `public/catalog-snapshot.json`, the builder's offline catalog, from recorded
//! factory responses: `/versions` plus the extension and overlay catalogs of the latest
//! release of each of the newest three minors and the newest pre-release.
//!
//! Usage: `cargo run --example make_snapshot -- [DATA_DIR] [TAKEN] [OUTPUT]`, defaults
//! `tests/data/factory`, `2026-08-21` (the date the recorded responses were taken) and
//! `public/catalog-snapshot.json`. DATA_DIR holds `versions.json`,
//! `extensions/<version>.json` and `overlays/<version>.json`.
//!
//! `cargo run --example make_snapshot -- --needed DATA_DIR` prints, one per line, the versions
//! whose catalogs the snapshot takes (scripts/refresh-snapshot.sh fetches exactly those).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use talos_image_studio::catalog::{
    CatalogSnapshot, VersionCatalog, VersionList, parse_extensions, parse_overlays, parse_versions,
    snapshot_versions,
};

const MINORS: usize = 3;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

fn build(data_dir: &Path, taken: &str) -> Result<CatalogSnapshot, String> {
    let versions_text = read(&data_dir.join("versions.json"))?;
    let versions = parse_versions(&versions_text).map_err(|error| error.to_string())?;
    let list = VersionList::new(&versions, &[]);
    let mut catalogs = Vec::new();
    for version in snapshot_versions(&list, MINORS) {
        let extensions_path = data_dir.join(format!("extensions/{version}.json"));
        let overlays_path = data_dir.join(format!("overlays/{version}.json"));
        let extensions = parse_extensions(&read(&extensions_path)?)
            .map_err(|error| format!("{}: {error}", extensions_path.display()))?;
        let overlays = parse_overlays(&read(&overlays_path)?)
            .map_err(|error| format!("{}: {error}", overlays_path.display()))?;
        catalogs.push(VersionCatalog {
            version: version.to_string(),
            extensions,
            overlays,
        });
    }
    Ok(CatalogSnapshot {
        taken: taken.to_string(),
        versions: versions.iter().map(ToString::to_string).collect(),
        catalogs,
    })
}

fn needed(data_dir: &Path) -> Result<Vec<String>, String> {
    let versions_text = read(&data_dir.join("versions.json"))?;
    let versions = parse_versions(&versions_text).map_err(|error| error.to_string())?;
    let list = VersionList::new(&versions, &[]);
    Ok(snapshot_versions(&list, MINORS)
        .iter()
        .map(ToString::to_string)
        .collect())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--needed") {
        args.next();
        let data_dir = PathBuf::from(args.next().unwrap_or_else(|| "tests/data/factory".into()));
        return match needed(&data_dir) {
            Ok(versions) => {
                println!("{}", versions.join("\n"));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("make_snapshot: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let data_dir = PathBuf::from(args.next().unwrap_or_else(|| "tests/data/factory".into()));
    let taken = args.next().unwrap_or_else(|| "2026-08-21".into());
    let output = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "public/catalog-snapshot.json".into()),
    );
    let result = build(&data_dir, &taken).and_then(|snapshot| {
        std::fs::write(&output, snapshot.to_json())
            .map_err(|error| format!("{}: {error}", output.display()))
            .map(|()| snapshot)
    });
    match result {
        Ok(snapshot) => {
            let versions: Vec<&str> = snapshot
                .catalogs
                .iter()
                .map(|catalog| catalog.version.as_str())
                .collect();
            eprintln!("wrote {} ({})", output.display(), versions.join(", "));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("make_snapshot: {error}");
            ExitCode::FAILURE
        }
    }
}
