//! `factory-contract`: the canary's checker and the snapshot writer.
//!
//! ```text
//! factory-contract check DIR              check a fetched directory; exit 1 on drift
//! factory-contract newest-stable FILE     the newest release in a /versions body
//! factory-contract schematic-ids          the recorded schematic IDs the canary fetches
//! factory-contract canonical-yaml ID      a recorded schematic's canonical YAML (to seed a stand-in)
//! factory-contract snapshot-needed DIR    versions whose catalogs the snapshot takes
//! factory-contract snapshot DIR TAKEN OUT write the offline catalog snapshot
//! ```
//!
//! Exit status: 0 fine, 1 drift (the report is on stdout), 2 usage or I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

use factory_contract::{check_dir, newest_stable, snapshot, vectors};

const USAGE: &str = "usage: factory-contract check DIR | newest-stable FILE | schematic-ids \
                     | canonical-yaml ID | snapshot-needed DIR | snapshot DIR TAKEN OUTPUT";

fn fail(message: &str) -> ExitCode {
    eprintln!("factory-contract: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["check", dir] => {
            let report = check_dir(&PathBuf::from(dir));
            print!("{}", report.render());
            if report.drifted() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["newest-stable", file] => match std::fs::read_to_string(file)
            .map_err(|error| format!("{file}: {error}"))
            .and_then(|text| newest_stable(&text))
        {
            Ok(version) => {
                println!("{version}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        ["schematic-ids"] => {
            for id in vectors::CANARY_IDS {
                println!("{id}");
            }
            ExitCode::SUCCESS
        }
        ["canonical-yaml", id] => match vectors::recorded().and_then(|recorded| {
            recorded
                .into_iter()
                .find(|vector| vector.id == *id)
                .ok_or_else(|| format!("no verified vector with ID {id}"))
        }) {
            Ok(vector) => {
                print!("{}", vector.canonical_yaml);
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        ["snapshot-needed", dir] => match snapshot::needed(&PathBuf::from(dir)) {
            Ok(versions) => {
                for version in versions {
                    println!("{version}");
                }
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        ["snapshot", dir, taken, output] => {
            let result = snapshot::build(&PathBuf::from(dir), taken)
                .and_then(|built| snapshot::to_json(&built).map(|text| (built, text)))
                .and_then(|(built, text)| {
                    std::fs::write(output, text)
                        .map_err(|error| format!("{output}: {error}"))
                        .map(|()| built)
                });
            match result {
                Ok(built) => {
                    let versions: Vec<&str> = built
                        .catalogs
                        .iter()
                        .map(|catalog| catalog.version.as_str())
                        .collect();
                    eprintln!("wrote {output} ({})", versions.join(", "));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        _ => fail(USAGE),
    }
}
