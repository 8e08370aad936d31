//! The selection as an [`OutputRequest`]: the target with its platform or board, the
//! architecture that applies, the factory settings, SecureBoot, the disk image format and the
//! Proxmox options. `outputs` does not know about selections; this is the one mapping.

use super::Selection;
use crate::outputs::{self, OutputRequest, Target};
use crate::platforms::TargetKind;
use crate::schematic::Schematic;
use crate::version::TalosVersion;

impl Selection {
    /// The request the outputs are derived from, for `version` and the schematic made from
    /// this selection (`canonical_yaml` is what was hashed into `schematic_id`). The download
    /// selection, the node address and the talosctl file list stay at their defaults: they
    /// are page state, not choices of the selection.
    pub fn output_request(
        &self,
        version: TalosVersion,
        schematic: Schematic,
        canonical_yaml: String,
        schematic_id: String,
    ) -> OutputRequest {
        let target = match self.target {
            TargetKind::Metal => Target::Metal,
            TargetKind::Cloud => Target::Cloud {
                platform: self.platform.name.to_string(),
            },
            TargetKind::Sbc => Target::Sbc {
                board: self.board.param.to_string(),
            },
        };
        let mut request = OutputRequest::new(
            target,
            self.effective_arch(),
            version,
            schematic,
            canonical_yaml,
            schematic_id,
        );
        request.settings = outputs::Settings {
            factory_url: self.settings.factory_url().to_string(),
            registry_host: self.settings.registry_host(),
            pxe_url: self.settings.pxe_url().to_string(),
        };
        request.secureboot = self.secureboot;
        request.disk_format.clone_from(&self.disk_format);
        request.proxmox.clone_from(&self.proxmox);
        request
    }
}
