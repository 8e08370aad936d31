//! Expected schematic IDs for the tests that judge the app's IDs. They never come from the
//! app's own emitter (that would compare the app with itself): the ID and canonical YAML are
//! the recorded ones of `tests/data/vectors` (bytes from the real Go emitters) when a vector
//! holds the same schematic, and otherwise the factory stand-in's independent emitter, which
//! its own tests check against every recorded vector (a note on stderr says so).
//!
//! `e2e-expectations.json` records the schematics of these tests:
//! `STUDIO_RECORD_BODIES=bodies.json cargo test --test e2e bodies_to_record -- --ignored`
//! writes the bodies, `scripts/record-vectors` turns them into vectors with go-yaml.

use std::sync::OnceLock;

use factory_standin::{YamlLibrary, compute_schematic};
use serde_json::Value;
use talos_image_studio::schematic::Schematic;

use crate::harness::repo_root;

/// A schematic's expected ID and canonical YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub id: String,
    pub yaml: String,
    /// Whether a recorded vector gave them (else the stand-in's emitter did).
    pub recorded: bool,
}

/// One recorded vector: the stand-in's reading of its body (to match schematics by meaning)
/// and the recorded bytes per library.
struct Recorded {
    key: String,
    current: (String, String),
    /// Older libraries' bytes where they are recorded, `(label, id, yaml)`.
    older: Vec<(String, String, String)>,
    /// `same_bytes_in_yaml_v3_rc3_rc4_rc6`: every library emits the current bytes.
    same_in_all: bool,
    /// The file records every older library that differs (an unlisted one emits the current
    /// bytes).
    older_complete: bool,
}

fn load() -> &'static [Recorded] {
    static VECTORS: OnceLock<Vec<Recorded>> = OnceLock::new();
    VECTORS.get_or_init(|| {
        let mut all = Vec::new();
        for file in [
            "factory-tests.json",
            "canonical-edge-cases.json",
            "canonical-fuzz.json",
            "e2e-expectations.json",
        ] {
            let path = repo_root().join("tests/data/vectors").join(file);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let items = match &json {
                Value::Array(items) => items.clone(),
                Value::Object(object) => object
                    .get("vectors")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            for vector in items {
                let (Some(yaml), Some(id)) = (
                    vector["canonical_yaml"].as_str(),
                    vector
                        .get("correct_id")
                        .or_else(|| vector.get("id"))
                        .and_then(Value::as_str),
                ) else {
                    continue;
                };
                let body = vector["body"]
                    .as_str()
                    .map_or_else(|| vector["input"].to_string(), str::to_string);
                let Ok((_, key)) = compute_schematic(body.as_bytes(), YamlLibrary::default())
                else {
                    continue;
                };
                let mut older = Vec::new();
                if let Some(Value::Object(variants)) =
                    vector.get("differs_in_older_factory_versions")
                {
                    for (label, variant) in variants {
                        if let (Some(id), Some(yaml)) =
                            (variant["id"].as_str(), variant["canonical_yaml"].as_str())
                        {
                            older.push((label.clone(), id.to_string(), yaml.to_string()));
                        }
                    }
                }
                all.push(Recorded {
                    key,
                    current: (id.to_string(), yaml.to_string()),
                    older,
                    same_in_all: vector["same_bytes_in_yaml_v3_rc3_rc4_rc6"] == true,
                    older_complete: file == "canonical-edge-cases.json",
                });
            }
        }
        all
    })
}

/// The label fragment of a library in `differs_in_older_factory_versions`.
fn label_of(library: YamlLibrary) -> &'static str {
    match library {
        YamlLibrary::GoYamlV4Rc6 => "v4.0.0-rc.6",
        YamlLibrary::GoYamlV4Rc4 => "v4.0.0-rc.4",
        YamlLibrary::GoYamlV4Rc3 => "v4.0.0-rc.3",
        YamlLibrary::YamlV3 => "yaml.v3",
    }
}

/// The expected ID and YAML of `schematic` as the factory release using `library` computes
/// them.
pub fn expected_with(schematic: &Schematic, library: YamlLibrary) -> Result<Expected, String> {
    expected_body(&schematic.to_json(), library)
}

/// [`expected_with`] for a request body (YAML or JSON), read by the stand-in, not the app.
pub fn expected_body(body: &str, library: YamlLibrary) -> Result<Expected, String> {
    let (_, key) = compute_schematic(body.as_bytes(), YamlLibrary::default())?;
    for vector in load().iter().filter(|vector| vector.key == key) {
        let older = vector
            .older
            .iter()
            .find(|(label, _, _)| label.contains(label_of(library)))
            .map(|(_, id, yaml)| (id.clone(), yaml.clone()));
        let found = if library == YamlLibrary::GoYamlV4Rc6 || vector.same_in_all {
            Some(vector.current.clone())
        } else if older.is_some() {
            older
        } else if vector.older_complete {
            Some(vector.current.clone())
        } else {
            None
        };
        if let Some((id, yaml)) = found {
            return Ok(Expected {
                id,
                yaml,
                recorded: true,
            });
        }
    }
    let (id, yaml) = compute_schematic(body.as_bytes(), library)?;
    eprintln!("no recorded vector for {body:?} ({library:?}): the stand-in's emitter gives {id}");
    Ok(Expected {
        id,
        yaml,
        recorded: false,
    })
}

/// [`expected_with`] for the current factory release.
pub fn expected(schematic: &Schematic) -> Result<Expected, String> {
    expected_with(schematic, YamlLibrary::default())
}

/// [`expected`] for a JSON body.
pub fn expected_json(body: &str) -> Result<Expected, String> {
    let schematic = Schematic::from_json(body).map_err(|error| error.to_string())?;
    expected(&schematic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::{WizardLink, expected_for_link, wizard_cases};

    /// The request bodies the end-to-end tests derive expectations from, `(source, body)`.
    /// Inline links of single tests are repeated here; one missed only falls back to the
    /// stand-in's emitter.
    fn bodies() -> Vec<(String, String)> {
        let mut links: Vec<(String, WizardLink)> = Vec::new();
        for link in wizard_cases() {
            links.push((format!("builder wizard case {}", link.query()), link));
        }
        for index in [0, 1, 2, 3, 4, 5, 6, 7, 8, 99] {
            links.push((format!("faults link({index})"), crate::faults::link(index)));
        }
        for case in crate::outputs::cases() {
            links.push((format!("outputs case {}", case.link.query()), case.link));
        }
        let inline = [
            (
                "builder form link",
                WizardLink {
                    target: "metal",
                    version: "1.13.9",
                    extensions: vec!["siderolabs/iscsi-tools", "siderolabs/amd-ucode"],
                    cmdline: "net.ifnames=0  console=tty0 ",
                    ..WizardLink::default()
                },
            ),
            (
                "builder version switch",
                WizardLink {
                    target: "metal",
                    version: "1.7.0",
                    extensions: vec![
                        "siderolabs/nvme-cli",
                        "siderolabs/i915-ucode",
                        "siderolabs/iscsi-tools",
                    ],
                    ..WizardLink::default()
                },
            ),
            (
                "builder history first",
                WizardLink {
                    target: "metal",
                    version: "1.13.9",
                    extensions: vec!["siderolabs/iscsi-tools"],
                    ..WizardLink::default()
                },
            ),
            (
                "builder history sbc",
                WizardLink {
                    target: "sbc",
                    version: "1.13.9",
                    board: Some("rpi_generic"),
                    extensions: vec!["siderolabs/iscsi-tools"],
                    ..WizardLink::default()
                },
            ),
            (
                "outputs offline script",
                WizardLink {
                    target: "metal",
                    version: "1.13.9",
                    arch: Some("amd64"),
                    extensions: vec!["siderolabs/iscsi-tools", "siderolabs/util-linux-tools"],
                    cmdline: "console=ttyS0",
                    ..WizardLink::default()
                },
            ),
            (
                "outputs shell check",
                WizardLink {
                    target: "cloud",
                    version: "1.13.9",
                    platform: Some("nocloud"),
                    arch: Some("amd64"),
                    extensions: vec!["siderolabs/qemu-guest-agent"],
                    cmdline: "console=ttyS0 it's=\"quoted\" $HOME",
                    ..WizardLink::default()
                },
            ),
        ];
        links.extend(
            inline
                .into_iter()
                .map(|(name, link)| (name.to_string(), link)),
        );
        let mut bodies: Vec<(String, String)> = vec![
            (
                "proxmox and offline_and_js guest agent".to_string(),
                r#"{"customization":{"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent"]}}}"#.to_string(),
            ),
            (
                "foundation no-cors post".to_string(),
                r#"{"customization":{"extraKernelArgs":["net.ifnames=0"],"systemExtensions":{"officialExtensions":["siderolabs/qemu-guest-agent","siderolabs/iscsi-tools"]}}}"#.to_string(),
            ),
            (
                "foundation unreadable reply".to_string(),
                r#"{"customization":{"extraKernelArgs":["console=ttyS1"]}}"#.to_string(),
            ),
            (
                "offline_and_js benchmark".to_string(),
                serde_json::json!({
                    "overlay": {"name": "rpi_generic", "image": "siderolabs/sbc-raspberrypi",
                                "options": {"configTxtAppend": "dtoverlay=vc4-kms-v3d", "boot": {"delay": 2, "quiet": true}}},
                    "customization": {
                        "extraKernelArgs": ["console=ttyS0,115200", "net.ifnames=0", "talos.dashboard.disabled=1"],
                        "systemExtensions": {"officialExtensions": [
                            "siderolabs/amd-ucode", "siderolabs/intel-ucode", "siderolabs/i915", "siderolabs/iscsi-tools",
                            "siderolabs/qemu-guest-agent", "siderolabs/util-linux-tools", "siderolabs/nvme-cli",
                            "siderolabs/zfs", "siderolabs/tailscale", "siderolabs/drbd"]}
                    }
                })
                .to_string(),
            ),
        ];
        for (source, link) in links {
            let body = crate::builder::link_body(&link);
            if !bodies.iter().any(|(_, known)| *known == body) {
                bodies.push((source, body));
            }
        }
        bodies
    }

    /// Writes the bodies to record to `STUDIO_RECORD_BODIES` (see the module comment).
    #[test]
    #[ignore = "writes the bodies to record with scripts/record-vectors"]
    fn bodies_to_record() -> Result<(), String> {
        // The browser suite runs every ignored test: without the variable this one has
        // nothing to do.
        let Ok(path) = std::env::var("STUDIO_RECORD_BODIES") else {
            eprintln!("STUDIO_RECORD_BODIES is not set: no bodies written");
            return Ok(());
        };
        let list: Vec<Value> = bodies()
            .into_iter()
            .map(|(source, body)| serde_json::json!({"source": source, "body": body}))
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(|error| error.to_string())?;
        std::fs::write(path, text).map_err(|error| error.to_string())
    }

    /// Every body the end-to-end tests use has a recorded vector, and the stand-in agrees.
    #[test]
    fn the_end_to_end_schematics_are_recorded() -> Result<(), String> {
        for (source, body) in bodies() {
            let recorded = expected_body(&body, YamlLibrary::default())?;
            assert!(recorded.recorded, "{source}: no recorded vector for {body}");
            let (id, yaml) = compute_schematic(body.as_bytes(), YamlLibrary::default())?;
            assert_eq!((id, yaml), (recorded.id, recorded.yaml), "{source}");
        }
        Ok(())
    }

    /// Runs without a browser: the expectations exist and come from where they should.
    #[test]
    fn expectations_come_from_recorded_vectors_or_the_standin() -> Result<(), String> {
        let default = expected(&Schematic::default())?;
        assert!(default.recorded);
        assert_eq!(
            default.id,
            "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
        );
        let off = r#"{"customization":{"secureboot":{"enrollKeys":"off"}}}"#;
        let current = expected_json(off)?;
        let schematic = Schematic::from_json(off).map_err(|error| error.to_string())?;
        let older = expected_with(&schematic, YamlLibrary::GoYamlV4Rc4)?;
        assert!(current.recorded && older.recorded);
        assert_ne!(current.id, older.id);
        assert!(older.yaml.contains("enrollKeys: \"off\""), "{}", older.yaml);
        for link in &wizard_cases() {
            assert_eq!(expected_for_link(link)?.id.len(), 64, "{}", link.query());
        }
        Ok(())
    }
}
