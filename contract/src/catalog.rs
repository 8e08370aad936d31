//! The catalog bodies checked twice: with the app's decoders (`parse_versions`,
//! `parse_extensions`, `parse_overlays`), and field by field against the wire shape of
//! image-factory `pkg/client/client.go` (`ExtensionInfo`, `OverlayInfo`). The second check
//! is needed because the app's decoders default missing fields: a renamed `ref` would decode
//! as an empty reference without an error.

use serde_json::Value as Json;
use talos_image_studio::catalog::{parse_extensions, parse_overlays, parse_versions};
use talos_image_studio::version::{PreId, TalosVersion};

/// `client.ExtensionInfo` JSON keys, in the struct's order.
pub const EXTENSION_KEYS: [&str; 5] = ["name", "ref", "digest", "author", "description"];
/// `client.OverlayInfo` JSON keys, in the struct's order.
pub const OVERLAY_KEYS: [&str; 4] = ["name", "image", "ref", "digest"];

/// Problems found in a `/versions` body, or the parsed list.
pub fn check_versions(text: &str) -> Result<Vec<TalosVersion>, Vec<String>> {
    let versions = parse_versions(text).map_err(|error| vec![crate::english(&error.text())])?;
    let mut problems = Vec::new();
    if versions.is_empty() {
        problems.push("expected at least one version, got an empty list".to_string());
    }
    // internal/artifacts/versions.go: `slices.SortFunc(versions, semver.Version.Compare)`,
    // ascending by semver precedence (a pre-release sorts before its release).
    for (index, pair) in versions.windows(2).enumerate() {
        if pair[0] >= pair[1] {
            problems.push(format!(
                "expected ascending semver order, got {} at entry {} after {}",
                pair[1],
                index + 1,
                pair[0]
            ));
        }
    }
    // The same file keeps a pre-release only when it has the major.minor of the newest
    // version and exactly two pre-release parts, alpha|beta|rc and a number; so the
    // pre-releases come last until their release is listed.
    if let Some(newest) = versions.iter().max() {
        for version in versions.iter().filter(|version| version.is_prerelease()) {
            let same_minor = (version.major, version.minor) == (newest.major, newest.minor);
            let shape_ok = matches!(
                version.pre.as_slice(),
                [PreId::Alpha(kind), PreId::Numeric(_)] if ["alpha", "beta", "rc"].contains(&kind.as_str())
            );
            if !same_minor || !shape_ok {
                problems.push(format!(
                    "expected pre-releases only of the newest minor ({}.{}) as alpha|beta|rc.N, got {version}",
                    newest.major, newest.minor
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(versions)
    } else {
        Err(problems)
    }
}

/// Problems found in `/version/<v>/extensions/official`; the item count when there are none.
pub fn check_extensions(text: &str) -> Result<usize, Vec<String>> {
    let decoded = parse_extensions(text).map_err(|error| vec![crate::english(&error.text())])?;
    check_shape(text, &EXTENSION_KEYS, "name", decoded.len())
}

/// Problems found in `/version/<v>/overlays/official`; the item count when there are none.
pub fn check_overlays(text: &str) -> Result<usize, Vec<String>> {
    let decoded = parse_overlays(text).map_err(|error| vec![crate::english(&error.text())])?;
    check_shape(text, &OVERLAY_KEYS, "image", decoded.len())
}

/// Every item: exactly `keys`, all strings; `name` non-empty; `ref` = `<registry>/<repo>:<tag>`
/// with `<repo>` the item's `repo_key` field; `digest` = `sha256:<64 hex>`.
fn check_shape(
    text: &str,
    keys: &[&str],
    repo_key: &str,
    decoded: usize,
) -> Result<usize, Vec<String>> {
    let items = match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(items)) => items,
        Ok(other) => return Err(vec![format!("expected a JSON array, got {}", kind(&other))]),
        Err(error) => return Err(vec![format!("not JSON: {error}")]),
    };
    let mut problems = Vec::new();
    if items.is_empty() {
        problems.push("expected a non-empty list, got []".to_string());
    }
    for (index, item) in items.iter().enumerate() {
        let Json::Object(fields) = item else {
            problems.push(format!(
                "item {index}: expected an object, got {}",
                kind(item)
            ));
            continue;
        };
        let label = fields.get("name").and_then(Json::as_str).map_or_else(
            || format!("item {index}"),
            |name| format!("item {index} ({name})"),
        );
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|key| !fields.contains_key(*key))
            .collect();
        let unexpected: Vec<&str> = fields
            .keys()
            .map(String::as_str)
            .filter(|key| !keys.contains(key))
            .collect();
        if !missing.is_empty() || !unexpected.is_empty() {
            problems.push(format!(
                "{label}: expected the keys {}; missing: {}; unexpected: {}\n    served: {item}",
                keys.join(", "),
                list_or_none(&missing),
                list_or_none(&unexpected)
            ));
            continue;
        }
        let value = |key: &str| fields.get(key).unwrap_or(&Json::Null);
        for key in keys {
            if !value(key).is_string() {
                problems.push(format!(
                    "{label}: expected `{key}` to be a string, got {}",
                    kind(value(key))
                ));
            }
        }
        let field = |key: &str| value(key).as_str().unwrap_or_default();
        if field("name").is_empty() {
            problems.push(format!("{label}: expected a non-empty `name`"));
        }
        let repo = field(repo_key);
        if repo.is_empty() || !field("ref").contains(&format!("/{repo}:")) {
            problems.push(format!(
                "{label}: expected `ref` = <registry>/{repo}:<tag>, got {:?}",
                field("ref")
            ));
        }
        let digest = field("digest");
        let hex = digest.strip_prefix("sha256:").unwrap_or_default();
        if hex.len() != 64
            || !hex
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        {
            problems.push(format!(
                "{label}: expected `digest` = sha256:<64 hex>, got {digest:?}"
            ));
        }
    }
    if items.len() != decoded {
        problems.push(format!(
            "the app's decoder read {decoded} items, the body holds {}",
            items.len()
        ));
    }
    if problems.is_empty() {
        Ok(items.len())
    } else {
        Err(problems)
    }
}

fn list_or_none(keys: &[&str]) -> String {
    if keys.is_empty() {
        "none".to_string()
    } else {
        keys.join(", ")
    }
}

fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/factory");
        std::fs::read_to_string(root.join(path)).unwrap()
    }

    #[test]
    fn every_recorded_body_passes() {
        let versions = check_versions(&fixture("versions.json")).unwrap();
        assert_eq!(versions.len(), 108);
        for version in ["v1.5.5", "v1.11.2", "v1.13.9", "v1.14.0-rc.1"] {
            assert!(check_extensions(&fixture(&format!("extensions/{version}.json"))).is_ok());
        }
        for version in ["v1.7.0", "v1.13.9", "v1.14.0-rc.1"] {
            assert!(check_overlays(&fixture(&format!("overlays/{version}.json"))).is_ok());
        }
    }

    #[test]
    fn version_order_and_prereleases_are_checked() {
        let errors = check_versions(r#"["v1.10.0","v1.9.6"]"#).unwrap_err();
        assert!(
            errors[0].contains("got v1.9.6 at entry 1 after v1.10.0"),
            "{errors:?}"
        );
        let errors = check_versions(r#"["v1.13.0-rc.0","v1.13.9","v1.14.0-alpha.0"]"#).unwrap_err();
        assert!(errors[0].contains("got v1.13.0-rc.0"), "{errors:?}");
        let errors = check_versions(r#"["v1.14.0-pre.1"]"#).unwrap_err();
        assert!(errors[0].contains("alpha|beta|rc.N"), "{errors:?}");
        assert!(check_versions("[]").is_err());
        assert!(check_versions(r#"["latest"]"#).is_err());
        assert!(check_versions(r#"["v1.13.9","v1.14.0-rc.1","v1.14.0"]"#).is_ok());
    }

    #[test]
    fn a_renamed_field_is_drift_although_the_app_decodes_it() {
        let body = r#"[{"name":"siderolabs/a","reference":"ghcr.io/siderolabs/a:1","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","author":"","description":""}]"#;
        assert!(parse_extensions(body).is_ok());
        let errors = check_extensions(body).unwrap_err();
        assert!(
            errors[0].contains("missing: ref; unexpected: reference"),
            "{errors:?}"
        );
        let errors = check_overlays(r#"[{"name":1,"image":"","ref":"","digest":""}]"#).unwrap_err();
        assert!(errors[0].starts_with("invalid overlay list"), "{errors:?}");
        assert!(check_overlays("{}").is_err());
        assert!(check_overlays("null\n").is_err());
    }

    #[test]
    fn bad_bodies_are_findings_not_panics() {
        for body in [
            "",
            "[",
            "<html>",
            "[1]",
            "[{}]",
            "[null]",
            "[[]]",
            r#"[{"name":null}]"#,
            r#"[{"name":"a","ref":"a","digest":"sha256:","author":"","description":"","x":1}]"#,
            "\u{0}",
            "[\"\u{1F600}\"]",
        ] {
            assert!(check_extensions(body).is_err(), "{body:?}");
            assert!(check_overlays(body).is_err(), "{body:?}");
            assert!(check_versions(body).is_err(), "{body:?}");
        }
    }
}
