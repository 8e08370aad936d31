//! The document the factory hashes: the schematic model (field for field as `pkg/schematic` in
//! siderolabs/image-factory), its canonical YAML and its ID.

mod model;

pub use model::*;
