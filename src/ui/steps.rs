//! The builder's sections, one component per file, in the factory wizard's order.

mod customization;
mod extensions;
mod import;
mod platform;
mod target;
mod upgrade;
mod version;

pub use customization::CustomizationStep;
pub use extensions::{ExtensionAcross, ExtensionsStep};
pub use import::{ImportForm, ImportPanel, PresetsPanel};
pub use platform::PlatformStep;
pub use target::TargetStep;
pub use upgrade::UpgradePlanner;
pub use version::VersionStep;
