//! The factory UI's compiled-in tables (talos `platforms.go` / `sbcs.go`): hardware targets,
//! architectures, cloud platforms and single-board computers.

use std::fmt;

/// The factory UI's first choice (`target` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TargetKind {
    #[default]
    Metal,
    Cloud,
    Sbc,
}

impl TargetKind {
    /// The URL parameter value (`metal`, `cloud`, `sbc`).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Metal => "metal",
            TargetKind::Cloud => "cloud",
            TargetKind::Sbc => "sbc",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        match text {
            "metal" => Some(TargetKind::Metal),
            "cloud" => Some(TargetKind::Cloud),
            "sbc" => Some(TargetKind::Sbc),
            _ => None,
        }
    }
}

/// Machine architecture (`arch` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Arch {
    #[default]
    Amd64,
    Arm64,
}

impl Arch {
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        match text {
            "amd64" => Some(Arch::Amd64),
            "arm64" => Some(Arch::Arm64),
            _ => None,
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
