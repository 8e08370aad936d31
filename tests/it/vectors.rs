//! Every vector in `tests/data/vectors/` (bytes produced by the factory's Go YAML libraries),
//! checked byte for byte: canonical YAML, ID, and the older-library variants.

use std::path::Path;

use serde_json::Value as Json;
use talos_image_studio::schematic::{Schematic, SchematicId, Value, YamlLibrary, value_yaml};

fn load(name: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn entries(file: &Json) -> &Vec<Json> {
    match file {
        Json::Array(items) => items,
        other => other["vectors"].as_array().unwrap(),
    }
}

fn text<'a>(entry: &'a Json, field: &str) -> &'a str {
    entry[field].as_str().unwrap()
}

/// Collects mismatches so one run reports all of them, then fails with a count.
#[derive(Default)]
struct Report {
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    fn check(&mut self, label: &str, actual: &str, expected: &str) {
        self.checked += 1;
        if actual != expected {
            self.failures.push(format!(
                "{label}\n  expected {expected:?}\n  actual   {actual:?}"
            ));
        }
    }

    fn check_result(&mut self, label: &str, result: Result<String, String>, expected: &str) {
        match result {
            Ok(actual) => self.check(label, &actual, expected),
            Err(error) => {
                self.checked += 1;
                self.failures.push(format!("{label}\n  error {error}"));
            }
        }
    }

    fn finish(self, name: &str) {
        let passed = self.checked - self.failures.len();
        println!("{name}: {passed}/{} checks passed", self.checked);
        assert!(
            self.failures.is_empty(),
            "{name}: {} of {} checks failed:\n{}",
            self.failures.len(),
            self.checked,
            self.failures.join("\n")
        );
    }
}

fn from_input(entry: &Json) -> Result<Schematic, String> {
    let body = serde_json::to_string(&entry["input"]).unwrap();
    Schematic::from_json(&body).map_err(|error| error.to_string())
}

/// Checks the rc.6 bytes and ID of a schematic entry.
fn check_schematic(report: &mut Report, label: &str, schematic: &Schematic, entry: &Json) {
    let expected = text(entry, "canonical_yaml");
    report.check(
        &format!("{label} yaml"),
        &schematic.canonical_yaml(),
        expected,
    );
    let id = entry
        .get("correct_id")
        .and_then(Json::as_str)
        .unwrap_or_else(|| text(entry, "id"));
    report.check(&format!("{label} id"), schematic.id().as_str(), id);
}

fn library_of_label(label: &str) -> YamlLibrary {
    if label.contains("rc.4") || label.contains("rc4") {
        YamlLibrary::GoYamlV4Rc4
    } else if label.contains("rc.3") || label.contains("rc3") {
        YamlLibrary::GoYamlV4Rc3
    } else {
        assert!(label.contains("v3"), "unknown library label {label}");
        YamlLibrary::YamlV3
    }
}

#[test]
fn factory_tests() {
    let file = load("factory-tests.json");
    let mut report = Report::default();
    for (index, entry) in entries(&file).iter().enumerate() {
        let label = format!("factory-tests[{index}] {}", text(entry, "source"));
        match from_input(entry) {
            Ok(schematic) => {
                check_schematic(&mut report, &label, &schematic, entry);
                let same = entry["same_bytes_in_yaml_v3_rc3_rc4_rc6"].as_bool() == Some(true);
                if same {
                    report.check(
                        &format!("{label} yaml.v3"),
                        &schematic.legacy_canonical_yaml(),
                        text(entry, "canonical_yaml"),
                    );
                }
            }
            Err(error) => report.check_result(&label, Err(error), ""),
        }
        if let Some(raw) = entry.get("input_raw").and_then(Json::as_str) {
            let result = Schematic::from_yaml(raw)
                .map(|schematic| schematic.canonical_yaml())
                .map_err(|error| error.to_string());
            report.check_result(
                &format!("{label} input_raw"),
                result,
                text(entry, "canonical_yaml"),
            );
        }
    }
    report.finish("factory-tests");
}

#[test]
fn canonical_edge_cases() {
    let file = load("canonical-edge-cases.json");
    let mut report = Report::default();
    for entry in entries(&file) {
        let label = format!("canonical-edge-cases {}", text(entry, "name"));
        let schematic = match from_input(entry) {
            Ok(schematic) => schematic,
            Err(error) => {
                report.check_result(&label, Err(error), "");
                continue;
            }
        };
        check_schematic(&mut report, &label, &schematic, entry);
        if let Some(older) = entry
            .get("differs_in_older_factory_versions")
            .and_then(Json::as_object)
        {
            for (library_label, variant) in older {
                let library = library_of_label(library_label);
                report.check(
                    &format!("{label} [{library_label}] yaml"),
                    &schematic.canonical_yaml_with(library),
                    text(variant, "canonical_yaml"),
                );
                report.check(
                    &format!("{label} [{library_label}] id"),
                    schematic.id_with(library).as_str(),
                    text(variant, "id"),
                );
            }
        }
    }
    report.finish("canonical-edge-cases");
}

#[test]
fn canonical_fuzz() {
    let file = load("canonical-fuzz.json");
    let mut report = Report::default();
    for (index, entry) in entries(&file).iter().enumerate() {
        let label = format!("canonical-fuzz[{index}]");
        let schematic = match from_input(entry) {
            Ok(schematic) => schematic,
            Err(error) => {
                report.check_result(&label, Err(error), "");
                continue;
            }
        };
        check_schematic(&mut report, &label, &schematic, entry);
        let legacy = entry.get("yaml_v3").unwrap_or(entry);
        report.check(
            &format!("{label} yaml.v3"),
            &schematic.legacy_canonical_yaml(),
            text(legacy, "canonical_yaml"),
        );
        report.check(
            &format!("{label} yaml.v3 id"),
            schematic.legacy_id().as_str(),
            text(legacy, "id"),
        );
        report.check(
            &format!("{label} legacy_differs"),
            &schematic.legacy_differs().to_string(),
            &entry.get("yaml_v3").is_some().to_string(),
        );
    }
    report.finish("canonical-fuzz");
}

/// The three fragments of `yaml-scalars.json` for one string and one library.
fn fragments(input: &str, library: YamlLibrary) -> [String; 3] {
    let as_value = Value::Map(vec![("v".to_owned(), Value::Str(input.to_owned()))]);
    let as_item = Value::Map(vec![(
        "v".to_owned(),
        Value::Seq(vec![Value::Str(input.to_owned())]),
    )]);
    let as_key = Value::Map(vec![(input.to_owned(), Value::Int(1))]);
    [
        value_yaml(&as_value, library),
        value_yaml(&as_item, library),
        value_yaml(&as_key, library),
    ]
}

const POSITIONS: [&str; 3] = ["as_mapping_value", "as_sequence_item", "as_mapping_key"];

#[test]
fn yaml_scalars() {
    let file = load("yaml-scalars.json");
    let mut report = Report::default();
    for entry in entries(&file) {
        let input = text(entry, "input");
        let differs = entry.get("differs_in").and_then(Json::as_object);
        for library in YamlLibrary::ALL {
            let key = match library {
                YamlLibrary::GoYamlV4Rc6 => None,
                YamlLibrary::GoYamlV4Rc4 => Some("yaml_v4_rc4"),
                YamlLibrary::GoYamlV4Rc3 => Some("yaml_v4_rc3"),
                YamlLibrary::YamlV3 => Some("yaml_v3"),
            };
            let expected_entry = key
                .and_then(|key| differs.and_then(|differs| differs.get(key)))
                .unwrap_or(entry);
            let actual = fragments(input, library);
            for (position, actual) in POSITIONS.iter().zip(actual) {
                report.check(
                    &format!("yaml-scalars {input:?} {position} [{}]", library.module()),
                    &actual,
                    text(expected_entry, position),
                );
            }
        }
    }
    report.finish("yaml-scalars");
}

#[test]
fn overlay_options_yaml() {
    let file = load("overlay-options-yaml.json");
    let mut report = Report::default();
    for entry in entries(&file) {
        let body = text(entry, "posted_body");
        let label = format!(
            "overlay-options-yaml {:?}",
            text(entry, "options_yaml_text")
        );
        let decoded = Schematic::from_yaml(body);
        if let Some(server_error) = entry.get("server_error").and_then(Json::as_str) {
            report.checked += 1;
            if let Ok(schematic) = decoded {
                report.failures.push(format!(
                    "{label}\n  expected an error like {server_error:?}\n  decoded {:?}",
                    schematic.canonical_yaml()
                ));
            }
            continue;
        }
        let schematic = match decoded {
            Ok(schematic) => schematic,
            Err(error) => {
                report.check_result(&label, Err(error.to_string()), "");
                continue;
            }
        };
        check_schematic(&mut report, &label, &schematic, entry);
        let legacy = match Schematic::from_yaml_with(body, YamlLibrary::YamlV3) {
            Ok(legacy) => legacy,
            Err(error) => {
                report.check_result(&format!("{label} yaml.v3"), Err(error.to_string()), "");
                continue;
            }
        };
        let expected = entry.get("yaml_v3").unwrap_or(entry);
        report.check(
            &format!("{label} yaml.v3"),
            &legacy.legacy_canonical_yaml(),
            text(expected, "canonical_yaml"),
        );
        report.check(
            &format!("{label} yaml.v3 id"),
            legacy.legacy_id().as_str(),
            text(expected, "id"),
        );
    }
    report.finish("overlay-options-yaml");
}

#[test]
fn schematic_id_parses_only_lowercase_hex() {
    let id: SchematicId = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
        .parse()
        .unwrap();
    assert_eq!(id, Schematic::default().id());
    assert!(
        "376567988AD370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"
            .parse::<SchematicId>()
            .is_err()
    );
    assert!("abc".parse::<SchematicId>().is_err());
}

/// `go-misreads-own-output.json`: block scalars go-yaml cannot read back as it wrote them. The
/// app emits Go's bytes and reads them back as Go does (the same ID, or a refusal).
#[test]
fn go_misreads_its_own_block_scalars_and_so_does_the_app() {
    let file = load("go-misreads-own-output.json");
    let vectors = entries(&file);
    assert_eq!(vectors.len(), 4);
    for vector in vectors {
        let schematic = Schematic::from_json(text(vector, "body")).unwrap();
        assert_eq!(schematic.canonical_yaml(), text(vector, "emitted"));
        assert_eq!(schematic.id().as_str(), text(vector, "id"));
        let read_back = Schematic::from_yaml(text(vector, "emitted"));
        match vector["read_back"]["id"].as_str() {
            Some(id) => {
                let read_back = read_back.unwrap();
                assert_eq!(read_back.id().as_str(), id);
                assert_ne!(read_back.id(), schematic.id());
            }
            None => assert!(read_back.is_err(), "{read_back:?}"),
        }
    }
}
