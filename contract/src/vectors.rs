//! The recorded schematics the canary asks the factory for: IDs published in Talos sources,
//! so the public factory has them, with their canonical YAML as the factory's Go emitter
//! writes it (`tests/data/vectors/factory-tests.json`, see `tests/data/README.md`).

use serde_json::Value as Json;

/// `tests/data/vectors/factory-tests.json`, compiled in so the checker needs no path.
const FACTORY_TESTS: &str = include_str!("../../tests/data/vectors/factory-tests.json");

/// The IDs fetched with `GET /schematics/<id>`, each from a public source that uses it
/// against factory.talos.dev:
/// - the empty schematic: siderolabs/talos `cmd/talosctl/cmd/constants/constants.go`
///   `ImageFactoryEmptySchematicID`;
/// - two schematics of the Talos docs, `talos-guides/install/boot-assets.md` (v1.11);
/// - the `rpi_generic` overlay schematic of the Talos docs
///   (`single-board-computers/rpi_generic.md`, v1.11);
/// - `factoryUpgradeSchematic` of siderolabs/talos `.github/workflows/ci.yaml`.
///
/// The factory answers `GET /schematics/<id>` by re-marshalling the stored schematic, so a
/// body can differ from the hashed bytes when the storing release's YAML library quoted
/// differently; for these five every library the factory has used writes the same bytes
/// (`same_bytes_in_yaml_v3_rc3_rc4_rc6`), so the body must hash to its ID.
pub const CANARY_IDS: [&str; 5] = [
    "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
    "b8e8fbbe1b520989e6c52c8dc8303070cb42095997e76e812fa8892393e1d176",
    "d9ff89777e246792e7642abd3220a616afb4e49822382e4213a2e528ab826fe5",
    "ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
    "cf9b7aab9ed7c365d5384509b4d31c02fdaa06d2b3ac6cc0bc806f28130eff1f",
];

/// One recorded schematic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vector {
    pub id: String,
    /// The exact bytes the factory serves for `GET /schematics/<id>` (and hashes).
    pub canonical_yaml: String,
    /// Where the ID was published.
    pub source: String,
    /// gopkg.in/yaml.v3 and go-yaml v4 rc.3, rc.4 and rc.6 emit the same bytes.
    pub same_bytes_in_every_library: bool,
}

/// Every entry of `factory-tests.json` whose canonical YAML hashes to its ID.
pub fn recorded() -> Result<Vec<Vector>, String> {
    let file: Json = serde_json::from_str(FACTORY_TESTS)
        .map_err(|error| format!("factory-tests.json: {error}"))?;
    let entries = file
        .as_array()
        .ok_or_else(|| "factory-tests.json: not an array".to_string())?;
    Ok(entries
        .iter()
        .filter(|entry| entry["verified"].as_bool() == Some(true))
        .filter_map(|entry| {
            Some(Vector {
                id: entry["id"].as_str()?.to_string(),
                canonical_yaml: entry["canonical_yaml"].as_str()?.to_string(),
                source: entry["source"].as_str().unwrap_or_default().to_string(),
                same_bytes_in_every_library: entry["same_bytes_in_yaml_v3_rc3_rc4_rc6"].as_bool()
                    == Some(true),
            })
        })
        .collect())
}

/// The vectors of [`CANARY_IDS`], in that order.
pub fn canary() -> Result<Vec<Vector>, String> {
    let recorded = recorded()?;
    CANARY_IDS
        .iter()
        .map(|id| {
            recorded
                .iter()
                .find(|vector| vector.id == *id)
                .cloned()
                .ok_or_else(|| format!("no verified vector with ID {id} in factory-tests.json"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use talos_image_studio::schematic::{Schematic, SchematicId};

    #[test]
    fn every_canary_id_is_a_recorded_vector_that_hashes_to_it() {
        let vectors = canary().unwrap();
        assert_eq!(vectors.len(), CANARY_IDS.len());
        for vector in vectors {
            assert_eq!(
                SchematicId::of_yaml(&vector.canonical_yaml).as_str(),
                vector.id
            );
            // The app's own emitter writes the same bytes, so the stand-in serves them too.
            let schematic = Schematic::from_yaml(&vector.canonical_yaml).unwrap();
            assert_eq!(schematic.canonical_yaml(), vector.canonical_yaml);
            assert!(vector.same_bytes_in_every_library, "{}", vector.id);
            assert_eq!(
                schematic.legacy_canonical_yaml(),
                vector.canonical_yaml,
                "gopkg.in/yaml.v3 bytes"
            );
        }
    }
}
