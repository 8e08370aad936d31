//! The stand-in's decoder and emitter against the vectors recorded from the real Go emitters
//! (`tests/data/vectors`, see their README): every vector must give the recorded bytes and ID,
//! or be refused as unsupported (counted, with the reason, and bounded so the count cannot grow
//! unnoticed).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::{Schematic, UNSUPPORTED, YamlLibrary, emit};

fn vectors(file: &str) -> Vec<Json> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/vectors")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    match json {
        Json::Array(items) => items,
        Json::Object(mut object) => match object.remove("vectors") {
            Some(Json::Array(items)) => items,
            _ => panic!("{file}: no vectors"),
        },
        _ => panic!("{file}: unexpected shape"),
    }
}

fn label_library(label: &str) -> YamlLibrary {
    if label.contains("rc.4") || label.contains("rc4") {
        YamlLibrary::GoYamlV4Rc4
    } else if label.contains("rc.3") || label.contains("rc3") {
        YamlLibrary::GoYamlV4Rc3
    } else if label.contains("v3") {
        YamlLibrary::YamlV3
    } else {
        panic!("unknown library label {label}")
    }
}

#[derive(Default)]
struct Tally {
    checked: usize,
    unsupported: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    /// Decodes `body`, emits it with `library`, and compares with `expected` (`canonical_yaml`
    /// and `id`, or `server_error`).
    fn check(&mut self, name: &str, body: &str, library: YamlLibrary, expected: &Json) {
        self.checked += 1;
        let decoded = Schematic::decode(body);
        if let Some(error) = expected.get("server_error").and_then(Json::as_str) {
            match decoded {
                Ok(_) => self.failures.push(format!(
                    "{name} {library:?}: accepted, factory says {error}"
                )),
                // Construct errors and EOF are go-yaml's own texts; parser errors are worded
                // by yaml-rust2.
                Err(message)
                    if (error.starts_with("yaml: construct errors:") || error == "EOF")
                        && message != error =>
                {
                    self.failures
                        .push(format!("{name}: says {message:?}, factory says {error:?}"));
                }
                Err(_) => {}
            }
            return;
        }
        let result = decoded.and_then(|schematic| {
            schematic
                .canonical_yaml(library)
                .map_err(|reason| format!("{UNSUPPORTED}: {}", reason.0))
        });
        match result {
            Err(message) if message.starts_with(UNSUPPORTED) => {
                *self.unsupported.entry(message).or_default() += 1;
            }
            Err(message) => self.failures.push(format!("{name} {library:?}: {message}")),
            Ok(yaml) => {
                let id = crate::json::hex(&Sha256::digest(yaml.as_bytes()));
                let want_id = expected
                    .get("correct_id")
                    .or_else(|| expected.get("id"))
                    .and_then(Json::as_str);
                if Some(yaml.as_str()) != expected["canonical_yaml"].as_str()
                    || Some(id.as_str()) != want_id
                {
                    self.failures.push(format!(
                        "{name} {library:?}: got {yaml:?}, want {}",
                        expected["canonical_yaml"]
                    ));
                }
            }
        }
    }

    fn finish(self, file: &str, max_unsupported: usize) {
        let unsupported: usize = self.unsupported.values().sum();
        eprintln!(
            "{file}: {} checked, {unsupported} unsupported, {} failed",
            self.checked,
            self.failures.len()
        );
        for (reason, count) in &self.unsupported {
            eprintln!("  {count} × {reason}");
        }
        assert!(
            self.failures.is_empty(),
            "{file}: {} mismatches:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            unsupported <= max_unsupported,
            "{file}: {unsupported} unsupported, at most {max_unsupported} expected"
        );
    }
}

fn body_of(vector: &Json) -> String {
    vector
        .get("input_raw")
        .or_else(|| vector.get("posted_body"))
        .or_else(|| vector.get("body"))
        .and_then(Json::as_str)
        .map_or_else(|| vector["input"].to_string(), str::to_string)
}

/// Checks the current library's bytes, and the older libraries' where recorded; `same_in` are
/// the libraries whose bytes are the current ones when nothing else is recorded.
fn check_file(file: &str, same_in: &[YamlLibrary], max_unsupported: usize) {
    let mut tally = Tally::default();
    for (index, vector) in vectors(file).iter().enumerate() {
        if vector.get("verified") == Some(&Json::Bool(false)) && vector.get("correct_id").is_none()
        {
            continue;
        }
        let name = format!("{file}[{index}]");
        let body = body_of(vector);
        tally.check(&name, &body, YamlLibrary::GoYamlV4Rc6, vector);
        let mut older: Vec<(YamlLibrary, &Json)> = Vec::new();
        if let Some(Json::Object(variants)) = vector.get("differs_in_older_factory_versions") {
            older.extend(variants.iter().map(|(label, v)| (label_library(label), v)));
        }
        if let Some(variant) = vector.get("yaml_v3") {
            older.push((YamlLibrary::YamlV3, variant));
        }
        for library in same_in {
            if !older.iter().any(|(known, _)| known == library) {
                older.push((*library, vector));
            }
        }
        for (library, expected) in older {
            if expected.get("error").is_some_and(|e| !e.is_null()) {
                continue;
            }
            tally.check(&name, &body, library, expected);
        }
    }
    tally.finish(file, max_unsupported);
}

const OLDER: [YamlLibrary; 3] = [
    YamlLibrary::GoYamlV4Rc4,
    YamlLibrary::GoYamlV4Rc3,
    YamlLibrary::YamlV3,
];

#[test]
fn factory_tests_vectors() {
    // Same bytes in all four libraries (`same_bytes_in_yaml_v3_rc3_rc4_rc6`).
    check_file("factory-tests.json", &OLDER, 0);
}

#[test]
fn canonical_edge_case_vectors() {
    check_file("canonical-edge-cases.json", &OLDER, 1);
}

#[test]
fn canonical_fuzz_vectors() {
    // Only the yaml.v3 differences are recorded for these.
    check_file("canonical-fuzz.json", &[YamlLibrary::YamlV3], 10);
}

#[test]
fn decoding_vectors() {
    // Bodies chosen to exercise the decoder (typing, nulls, errors), recorded with go-yaml
    // v4.0.0-rc.6 by scripts/record-vectors; errors must be errors (construct errors with the
    // same text), accepted bodies must give the same bytes, or be refused as unsupported.
    check_file("standin-decoding.json", &[], 5);
}

#[test]
fn end_to_end_expectation_vectors() {
    // Recorded by scripts/record-vectors (go-yaml v4.0.0-rc.6) for the app's browser tests.
    check_file("e2e-expectations.json", &[], 0);
}

#[test]
fn overlay_options_vectors() {
    check_file("overlay-options-yaml.json", &[YamlLibrary::YamlV3], 10);
}

/// Fragments the emitter refuses (U+0085/U+2028/U+2029, a leading BOM, complex keys, and
/// yaml.v3's block scalars that start with a line break), over 271 strings × 4 libraries.
const MAX_UNSUPPORTED_FRAGMENTS: usize = 156;

#[test]
fn yaml_scalar_fragments() {
    let mut failures = Vec::new();
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    let fields = ["as_mapping_value", "as_sequence_item", "as_mapping_key"];
    for vector in vectors("yaml-scalars.json") {
        let Some(input) = vector["input"].as_str() else {
            continue;
        };
        let libraries = [
            (YamlLibrary::GoYamlV4Rc6, None),
            (YamlLibrary::GoYamlV4Rc4, Some("yaml_v4_rc4")),
            (YamlLibrary::GoYamlV4Rc3, Some("yaml_v4_rc3")),
            (YamlLibrary::YamlV3, Some("yaml_v3")),
        ];
        for (library, label) in libraries {
            let expected = label
                .and_then(|label| vector.get("differs_in").and_then(|d| d.get(label)))
                .unwrap_or(&vector);
            match emit::fragments(input, library) {
                Err(reason) => *unsupported.entry(reason.0).or_default() += 1,
                Ok(actual) => {
                    for (field, got) in fields.iter().zip(actual) {
                        if expected[field].as_str() != Some(got.as_str()) {
                            failures.push(format!(
                                "{input:?} {library:?} {field}: got {got:?}, want {}",
                                expected[field]
                            ));
                        }
                    }
                }
            }
        }
    }
    eprintln!("yaml-scalars.json: unsupported {unsupported:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(unsupported.values().sum::<usize>() <= MAX_UNSUPPORTED_FRAGMENTS);
}

#[test]
fn truncated_and_mangled_bodies_never_panic() {
    let mut bodies: Vec<String> = Vec::new();
    for file in ["factory-tests.json", "canonical-edge-cases.json"] {
        bodies.extend(vectors(file).iter().map(body_of));
    }
    bodies.push("- [{a: [".repeat(200));
    for body in &bodies {
        let cuts = body.char_indices().map(|(at, _)| at).step_by(3);
        for cut in cuts {
            for text in [&body[..cut], &body[cut..]] {
                if let Ok(schematic) = Schematic::decode(text) {
                    for library in [YamlLibrary::GoYamlV4Rc6, YamlLibrary::YamlV3] {
                        let _ = schematic.canonical_yaml(library);
                    }
                }
            }
        }
    }
}
