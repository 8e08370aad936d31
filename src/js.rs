//! The schematic functions exported to JavaScript (wasm only). Each takes a schematic as
//! YAML or JSON text (as pasted, or as a `POST /schematics` body) and returns a `Promise`:
//! the decoder they need is a chunk of its own in the release build, fetched on the first
//! call. A rejected promise carries a JS `Error` whose message says what is wrong and where;
//! the error also carries `path`, `line` and `column` properties when known.

use js_sys::{Error, Reflect};
use wasm_bindgen::prelude::*;

use crate::schematic::{Schematic, SchematicError, SchematicId};
use crate::ui::chunks::{self, ChunkFailed};

fn to_js_error(error: &SchematicError) -> JsValue {
    let js_error = Error::new(&error.to_string());
    let object: &JsValue = js_error.as_ref();
    // Setting plain data properties on a fresh Error object cannot fail.
    let _ = Reflect::set(object, &"path".into(), &error.path().into());
    if let Some(line) = error.line() {
        let _ = Reflect::set(object, &"line".into(), &JsValue::from(line as f64));
    }
    if let Some(column) = error.column() {
        let _ = Reflect::set(object, &"column".into(), &JsValue::from(column as f64));
    }
    js_error.into()
}

async fn parse(text: String) -> Result<Schematic, JsValue> {
    match chunks::decode_schematic(text).await {
        Ok(decoded) => decoded.map_err(|error| to_js_error(&error)),
        Err(ChunkFailed) => Err(Error::new(
            "the schematic decoder could not be loaded (a network failure, or a file that is not the one this build shipped)",
        )
        .into()),
    }
}

/// The schematic ID on the current factory (64 lowercase hex characters).
#[wasm_bindgen(js_name = schematicId)]
pub async fn schematic_id(text: String) -> Result<String, JsValue> {
    Ok(parse(text).await?.id().to_string())
}

/// The schematic ID on factory releases up to v0.8.4 (`gopkg.in/yaml.v3`).
#[wasm_bindgen(js_name = legacySchematicId)]
pub async fn legacy_schematic_id(text: String) -> Result<String, JsValue> {
    Ok(parse(text).await?.legacy_id().to_string())
}

/// The canonical YAML the current factory hashes.
#[wasm_bindgen(js_name = canonicalYaml)]
pub async fn canonical_yaml(text: String) -> Result<String, JsValue> {
    Ok(parse(text).await?.canonical_yaml())
}

/// The canonical YAML of factory releases up to v0.8.4.
#[wasm_bindgen(js_name = legacyCanonicalYaml)]
pub async fn legacy_canonical_yaml(text: String) -> Result<String, JsValue> {
    Ok(parse(text).await?.legacy_canonical_yaml())
}

/// The `POST /schematics` JSON body of a schematic.
#[wasm_bindgen(js_name = schematicJson)]
pub async fn schematic_json(text: String) -> Result<String, JsValue> {
    Ok(parse(text).await?.to_json())
}

/// Whether `text` is a schematic ID (64 lowercase hex characters).
#[wasm_bindgen(js_name = isSchematicId)]
pub fn is_schematic_id(text: &str) -> bool {
    text.parse::<SchematicId>().is_ok()
}
