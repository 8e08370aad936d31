//! Expected schematic IDs for the tests that judge the app's IDs. They never come from the
//! app's own emitter (that would compare the app with itself): the ID and canonical YAML are
//! the recorded ones of `tests/data/vectors` (bytes from the real Go emitters) when a vector
//! holds the same schematic, and otherwise the factory stand-in's independent emitter, which
//! its own tests check against every recorded vector.

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
                let body = vector["input"].to_string();
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
        let mut recorded = 0;
        let cases = crate::builder::wizard_cases();
        for link in &cases {
            let expected = crate::builder::expected_for_link(link)?;
            assert_eq!(expected.id.len(), 64, "{}", link.query());
            recorded += usize::from(expected.recorded);
        }
        eprintln!(
            "{recorded} of {} wizard cases have a recorded vector",
            cases.len()
        );
        Ok(())
    }
}
