//! Proxmox VE template commands for the nocloud platform: download and decompress the nocloud
//! disk image on the Proxmox host, then `qm create`, `qm importdisk`, `qm set`, `qm resize` and
//! `qm template`, with the VM ID, storage, bridge and download directory editable.

use super::links::{self, Asset, AssetKind};
use super::quoting::shell_word;
use super::{Proxmox, Resolved};
use crate::i18n::Text;
use crate::platforms::Arch;

/// The extension Proxmox needs to read the VM's addresses and shut it down cleanly.
pub const QEMU_GUEST_AGENT: &str = "siderolabs/qemu-guest-agent";

/// How an importable format is unpacked: (suffix, command before the import, imported suffix).
const IMPORTABLE: &[(&str, Option<&str>, &str)] = &[
    ("raw.xz", Some("xz -d -f"), "raw"),
    ("raw.zst", Some("zstd -d -f --rm"), "raw"),
    ("raw.gz", Some("gzip -d -f"), "raw"),
    ("raw", None, "raw"),
    ("qcow2", None, "qcow2"),
];

/// The Proxmox recipe, for nocloud targets only.
pub fn proxmox(resolved: &Resolved) -> Option<Proxmox> {
    if resolved.board.is_some() || resolved.platform.name != "nocloud" {
        return None;
    }
    let request = resolved.request;
    let options = &request.proxmox;
    let mut warnings = Vec::new();
    let chosen = resolved.disk_suffix().unwrap_or("raw.xz");
    let (suffix, unpack, imported) = IMPORTABLE
        .iter()
        .find(|(suffix, _, _)| *suffix == chosen)
        .copied()
        .unwrap_or(IMPORTABLE[0]);
    if suffix != chosen {
        warnings.push(Text::out_pve_cannot_import(chosen, suffix));
    }
    let path = links::disk_image_path("nocloud", resolved.arch, resolved.secureboot, suffix);
    let image = Asset {
        url: links::image_url(resolved, &path),
        kind: AssetKind::DiskImage,
        label: Text::out_disk_image(),
        file_name: path.clone(),
    };
    let imported_name =
        links::disk_image_path("nocloud", resolved.arch, resolved.secureboot, imported);

    let mut script = String::from("#!/bin/sh\n# Run on the Proxmox VE host.\nset -eu\n\n");
    script.push_str(&format!("VMID={}\n", options.vm_id));
    script.push_str(&format!("STORAGE={}\n", shell_word(&options.storage)));
    script.push_str(&format!("BRIDGE={}\n", shell_word(&options.bridge)));
    script.push_str(&format!("DIR={}\n\n", shell_word(&options.download_dir)));
    script.push_str(&format!(
        "curl -fL -o \"$DIR/{}\" {}\n",
        image.file_name,
        shell_word(&image.url)
    ));
    if let Some(unpack) = unpack {
        script.push_str(&format!("{unpack} \"$DIR/{}\"\n", image.file_name));
    }
    let mut create = format!(
        "qm create \"$VMID\" --name {} --memory {} --cores {} --cpu host --ostype l26 \\\n  --scsihw virtio-scsi-single --net0 \"virtio,bridge=$BRIDGE\" \\\n  --serial0 socket --agent enabled=1",
        shell_word(&options.vm_name),
        options.memory_mib,
        options.cores
    );
    if resolved.secureboot {
        create.push_str(" \\\n  --machine q35 --bios ovmf --efidisk0 \"$STORAGE:1,efitype=4m,pre-enrolled-keys=0\" \\\n  --tpmstate0 \"$STORAGE:1,version=v2.0\"");
        warnings.push(Text::out_pve_secureboot());
    }
    script.push_str(&create);
    script.push('\n');
    script.push_str(&format!(
        "qm importdisk \"$VMID\" \"$DIR/{imported_name}\" \"$STORAGE\"\n"
    ));
    script.push_str("DISK=$(qm config \"$VMID\" | sed -n 's/^unused0: //p')\n");
    script.push_str(
        "qm set \"$VMID\" --scsi0 \"$DISK\" --boot order=scsi0 --ide2 \"$STORAGE:cloudinit\"\n",
    );
    script.push_str(&format!(
        "qm resize \"$VMID\" scsi0 {}G\n",
        options.disk_size_gib
    ));
    script.push_str("qm template \"$VMID\"\n");

    let extensions = &request
        .schematic
        .customization
        .system_extensions
        .official_extensions;
    if !extensions.iter().any(|name| name == QEMU_GUEST_AGENT) {
        warnings.push(Text::out_pve_guest_agent(QEMU_GUEST_AGENT));
    }
    if resolved.arch == Arch::Arm64 {
        warnings.push(Text::out_pve_arm64());
    }
    Some(Proxmox { script, warnings })
}
