//! The canary's checks over a fetched directory, and its report.
//!
//! Directory layout (written by `scripts/factory-canary.sh`), one `<name>.headers` +
//! `<name>.body` pair per GET, every GET sent with an `Origin` header:
//!
//! | name | request |
//! | --- | --- |
//! | `versions` | `/versions` |
//! | `extensions`, `overlays` | `/version/<v>/extensions/official`, `/overlays/official`; `<v>` in `catalog-version` |
//! | `schematic-<id>` | `/schematics/<id>` for each of [`crate::vectors::CANARY_IDS`] |
//! | `openapi` | `/openapi.yaml` (a 404 means not served: skipped) |

use std::fmt::Write as _;
use std::path::Path;

use talos_image_studio::catalog::{VersionList, parse_versions};
use talos_image_studio::schematic::SchematicId;

use crate::catalog::{check_extensions, check_overlays, check_versions};
use crate::diff::unified;
use crate::response::Response;
use crate::vectors;

/// The schematic fields the app writes (src/schematic/json.rs and the canonical YAML of
/// src/schematic/yaml.rs, after image-factory `pkg/schematic/schematic.go`), as dotted paths;
/// `/openapi.yaml` must still name the last part of each.
pub const SCHEMATIC_FIELDS: [&str; 16] = [
    "overlay",
    "overlay.image",
    "overlay.name",
    "overlay.options",
    "customization",
    "customization.extraKernelArgs",
    "customization.meta",
    "customization.meta.key",
    "customization.meta.value",
    "customization.systemExtensions",
    "customization.systemExtensions.officialExtensions",
    "customization.secureboot.enrollKeys",
    "customization.secureboot.includeWellKnownCertificates",
    "customization.bootloader",
    "customization.diskImage.sectorSize",
    "customization.embeddedMachineConfiguration",
];

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: String,
    pub outcome: Outcome,
    /// Indented under the check in the report.
    pub detail: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Skipped,
    Drift,
}

/// Every finding of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    fn push(&mut self, check: impl Into<String>, outcome: Outcome, detail: Vec<String>) {
        self.findings.push(Finding {
            check: check.into(),
            outcome,
            detail,
        });
    }

    fn ok(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.push(check, Outcome::Ok, vec![detail.into()]);
    }

    fn drift(&mut self, check: impl Into<String>, detail: Vec<String>) {
        self.push(check, Outcome::Drift, detail);
    }

    /// How many checks found drift.
    pub fn drifted(&self) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.outcome == Outcome::Drift)
            .count()
    }

    /// The findings of one check name (for tests and callers that look for one).
    pub fn find(&self, check: &str) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.check == check)
            .collect()
    }

    /// The readable report: a summary line, then one line per check and its detail.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let drifted = self.drifted();
        let _ = writeln!(
            out,
            "factory contract canary: {} checks, {}",
            self.findings.len(),
            if drifted == 0 {
                "no drift".to_string()
            } else {
                format!("{drifted} DRIFTED")
            }
        );
        for finding in &self.findings {
            let label = match finding.outcome {
                Outcome::Ok => "ok   ",
                Outcome::Skipped => "skip ",
                Outcome::Drift => "DRIFT",
            };
            let _ = writeln!(out, "{label} {}", finding.check);
            for line in &finding.detail {
                for part in line.lines() {
                    let _ = writeln!(out, "        {part}");
                }
            }
        }
        out
    }
}

/// The newest release in a `/versions` body (whose catalogs the canary checks).
pub fn newest_stable(versions_body: &str) -> Result<String, String> {
    let versions = parse_versions(versions_body).map_err(|error| crate::english(&error.text()))?;
    VersionList::new(&versions, &[])
        .latest_stable()
        .map(ToString::to_string)
        .ok_or_else(|| "the version list holds no release".to_string())
}

/// Loads `<name>`, checks status 200 and `Access-Control-Allow-Origin`, and hands the
/// response on when it has a readable body.
fn fetched<'a>(
    report: &mut Report,
    dir: &Path,
    name: &str,
    request: &str,
    storage: &'a mut Option<Response>,
) -> Option<&'a Response> {
    let response = match Response::load(dir, name) {
        Ok(response) => response,
        Err(error) => {
            report.drift(
                format!("{request}: fetched"),
                vec![format!("expected a saved response, got none: {error}")],
            );
            return None;
        }
    };
    match response.header("Access-Control-Allow-Origin") {
        Some(value) => report.ok(
            format!("{request}: CORS"),
            format!("Access-Control-Allow-Origin: {value}"),
        ),
        None => report.drift(
            format!("{request}: CORS"),
            vec![
                "expected an Access-Control-Allow-Origin header (the request sent Origin), got none"
                    .to_string(),
                format!("served headers: {}", header_names(&response)),
            ],
        ),
    }
    if response.status != 200 {
        let body = String::from_utf8_lossy(&response.body);
        report.drift(
            format!("{request}: status"),
            vec![format!(
                "expected 200, got {}: {}",
                response.status,
                excerpt(&body)
            )],
        );
        return None;
    }
    Some(storage.insert(response))
}

fn header_names(response: &Response) -> String {
    let names: Vec<&str> = response
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// The first 300 characters of a body, for the report.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(300).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    format!("{:?}", out)
}

/// Runs every check over a fetched directory.
pub fn check_dir(dir: &Path) -> Report {
    let mut report = Report::default();
    check_version_list(&mut report, dir);
    check_catalogs(&mut report, dir);
    check_schematics(&mut report, dir);
    check_openapi(&mut report, dir);
    report
}

fn check_version_list(report: &mut Report, dir: &Path) {
    let request = "GET /versions";
    let mut storage = None;
    let Some(response) = fetched(report, dir, "versions", request, &mut storage) else {
        return;
    };
    let outcome = response
        .text()
        .map_err(|error| vec![error])
        .and_then(check_versions);
    match outcome {
        Ok(versions) => {
            let first = versions
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            let last = versions.last().map(ToString::to_string).unwrap_or_default();
            report.ok(
                format!("{request}: decodes, ascending"),
                format!("{} versions, {first} … {last}", versions.len()),
            );
        }
        Err(problems) => report.drift(format!("{request}: decodes, ascending"), problems),
    }
}

fn check_catalogs(report: &mut Report, dir: &Path) {
    let version = std::fs::read_to_string(dir.join("catalog-version"))
        .map(|text| text.trim().to_string())
        .unwrap_or_else(|_| "<newest release>".to_string());
    type Check = fn(&str) -> Result<usize, Vec<String>>;
    let catalogs: [(&str, &str, Check); 2] = [
        ("extensions", "extensions", check_extensions),
        ("overlays", "overlays", check_overlays),
    ];
    for (name, kind, check) in catalogs {
        let request = format!("GET /version/{version}/{kind}/official");
        let mut storage = None;
        let Some(response) = fetched(report, dir, name, &request, &mut storage) else {
            continue;
        };
        match response.text().map_err(|error| vec![error]).and_then(check) {
            Ok(count) => report.ok(
                format!("{request}: decodes, wire shape"),
                format!("{count} {kind}"),
            ),
            Err(problems) => report.drift(format!("{request}: decodes, wire shape"), problems),
        }
    }
}

fn check_schematics(report: &mut Report, dir: &Path) {
    let vectors = match vectors::canary() {
        Ok(vectors) => vectors,
        Err(error) => {
            report.drift("recorded vectors", vec![error]);
            return;
        }
    };
    for vector in vectors {
        let request = format!("GET /schematics/{}", vector.id);
        let mut storage = None;
        let Some(response) = fetched(
            report,
            dir,
            &format!("schematic-{}", vector.id),
            &request,
            &mut storage,
        ) else {
            continue;
        };
        let served = String::from_utf8_lossy(&response.body);
        let hashed = SchematicId::of_yaml(&served);
        let mut problems = Vec::new();
        if response.text().is_err() {
            problems.push("expected UTF-8 YAML, got invalid UTF-8".to_string());
        }
        if hashed.as_str() != vector.id {
            problems.push(format!(
                "expected the body to hash (sha256) to {}, got {hashed}",
                vector.id
            ));
        }
        if served != vector.canonical_yaml {
            problems.push(format!(
                "expected the recorded canonical YAML ({}), got other bytes:",
                vector.source
            ));
            problems.extend(unified(&vector.canonical_yaml, &served));
        }
        if problems.is_empty() {
            report.ok(
                format!("{request}: body"),
                "hashes to its ID, equals the recorded canonical YAML",
            );
        } else {
            report.drift(format!("{request}: body"), problems);
        }
    }
}

fn check_openapi(report: &mut Report, dir: &Path) {
    let request = "GET /openapi.yaml";
    match Response::load(dir, "openapi") {
        Err(_) => {
            report.push(request, Outcome::Skipped, vec!["not fetched".to_string()]);
            return;
        }
        Ok(response) if matches!(response.status, 404 | 405) => {
            report.push(
                request,
                Outcome::Skipped,
                vec![format!("not served ({})", response.status)],
            );
            return;
        }
        Ok(_) => {}
    }
    let mut storage = None;
    let Some(response) = fetched(report, dir, "openapi", request, &mut storage) else {
        return;
    };
    let text = String::from_utf8_lossy(&response.body);
    let missing: Vec<&str> = SCHEMATIC_FIELDS
        .iter()
        .copied()
        .filter(|path| {
            let field = path.rsplit('.').next().unwrap_or(path);
            !names_key(&text, field)
        })
        .collect();
    if missing.is_empty() {
        report.ok(
            format!("{request}: schematic fields"),
            format!("names all {} fields the app writes", SCHEMATIC_FIELDS.len()),
        );
    } else {
        report.drift(
            format!("{request}: schematic fields"),
            vec![format!(
                "expected every schematic field the app writes, missing: {}",
                missing.join(", ")
            )],
        );
    }
}

/// Whether some line of a YAML (or JSON) document declares `key` as a mapping key, bare or
/// quoted.
fn names_key(text: &str, key: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches("- ");
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|form| line.starts_with(form.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_as_keys_only() {
        let text = "properties:\n  extraKernelArgs:\n    type: array\n  - \"meta\": {}\n";
        assert!(names_key(text, "extraKernelArgs"));
        assert!(names_key(text, "meta"));
        assert!(!names_key(text, "array"));
        assert!(!names_key(text, "type: array"));
        assert!(!names_key("description: the overlay: x", "overlay"));
    }

    #[test]
    fn newest_stable_skips_prereleases() {
        assert_eq!(
            newest_stable(r#"["v1.13.9","v1.14.0-rc.1"]"#).unwrap(),
            "v1.13.9"
        );
        assert!(newest_stable(r#"["v1.14.0-rc.1"]"#).is_err());
        assert!(newest_stable("<html>").is_err());
    }

    #[test]
    fn an_empty_directory_is_all_drift_and_no_panic() {
        let dir =
            std::env::temp_dir().join(format!("factory-contract-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let report = check_dir(&dir);
        assert!(report.drifted() >= 8, "{}", report.render());
        assert!(report.render().contains("skip  GET /openapi.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
