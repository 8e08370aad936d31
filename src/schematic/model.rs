//! The schematic model. Field order = the Go struct field order, which is the emission order
//! of the canonical YAML (`owner`, `overlay`, `customization`).

mod value;

pub(crate) use value::{Walk, write_flow};

/// A free-form YAML value, as decoded into Go's `any` inside `overlay.options`.
///
/// Values nest as deep as go-yaml builds them (10,000 levels of flow or block collections
/// each, deeper through aliases), so `Clone`, `PartialEq`, `Debug` and `Drop` are written with
/// an explicit stack (`model/value.rs`), never recursing per level.
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// Integers above `i64::MAX` (Go decodes them as `uint64`).
    Uint(u64),
    Float(f64),
    Str(String),
    /// A YAML timestamp, kept as the RFC 3339 text Go would emit (`2001-12-14T00:00:00Z`).
    Timestamp(String),
    Seq(Vec<Value>),
    /// A nested mapping with string keys. Order as given; the emitter sorts (Go natural order).
    Map(Vec<(String, Value)>),
}

/// `overlay`: omitted from the YAML iff `image`, `name` and `options` are all empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overlay {
    pub image: String,
    pub name: String,
    /// `map[string]any`: order as given; the emitter sorts keys in Go's natural order.
    pub options: Vec<(String, Value)>,
}

/// `customization.meta[]`: a META partition entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetaValue {
    pub key: u8,
    pub value: String,
}

/// `customization.systemExtensions`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemExtensions {
    /// Order preserved, not deduplicated, not sorted (the order is part of the ID).
    pub official_extensions: Vec<String>,
}

/// `customization.bootloader` (talos `imageropts.BootloaderKind`). `None` is omitted; the
/// factory UI's "auto" means `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Bootloader {
    #[default]
    None,
    DualBoot,
    SdBoot,
    Grub,
}

/// `customization.secureboot`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecureBoot {
    /// `off`, `manual`, `if-safe`, `force`; not validated by the factory at creation.
    pub enroll_keys: String,
    pub include_well_known_certificates: bool,
}

/// `customization.diskImage`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiskImage {
    /// 0 = omitted.
    pub sector_size: u64,
}

/// `customization`: always emitted (`customization: {}` when empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Customization {
    pub embedded_machine_configuration: String,
    pub extra_kernel_args: Vec<String>,
    pub meta: Vec<MetaValue>,
    pub system_extensions: SystemExtensions,
    pub bootloader: Bootloader,
    pub secureboot: SecureBoot,
    pub disk_image: DiskImage,
}

/// A whole schematic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schematic {
    /// Enterprise only; the community factory rejects a non-empty owner.
    pub owner: String,
    pub overlay: Overlay,
    pub customization: Customization,
}
