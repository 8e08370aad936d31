//! Boot assets: the factory's asset path grammar (`internal/profile` `ParseFromPath`), the
//! `Content-Type` rules (`internal/mime`), the iPXE scripts (`standard.ipxe`, `secureboot.ipxe`)
//! and the stand-in's small deterministic asset bodies.

use crate::version::TalosVersion;

/// What an asset path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Kernel,
    Cmdline,
    Initramfs,
    Iso,
    Uki,
    Installer,
    Image,
}

/// A parsed asset path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub kind: OutputKind,
    pub platform: String,
    /// Board of a pre-1.7 `metal-<board>-arm64` path.
    pub board: String,
    /// `amd64` or `arm64` (`x86_64`/`i386` are read as `amd64`).
    pub arch: String,
    pub secure_boot: bool,
}

fn parse_arch(text: &str) -> Result<String, String> {
    match text {
        "amd64" | "x86_64" | "i386" => Ok("amd64".to_string()),
        "arm64" => Ok("arm64".to_string()),
        _ => Err(format!("invalid architecture: {text:?}")),
    }
}

/// `<platform>-<arch>[-secureboot]` (and `metal-<board>-arm64` before overlays existed).
fn parse_platform_arch(
    text: &str,
    version: &TalosVersion,
    kind: OutputKind,
) -> Result<Profile, String> {
    let (text, secure_boot) = match text.strip_suffix("-secureboot") {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let Some((platform, rest)) = text.split_once('-') else {
        return Err(format!("invalid platform-arch: {text:?}"));
    };
    let (platform, mut rest) = match (platform, rest.strip_prefix("ocean-")) {
        ("digital", Some(rest)) => ("digital-ocean", rest),
        _ => (platform, rest),
    };
    let mut board = String::new();
    if platform == "metal"
        && rest.ends_with("-arm64")
        && !version.quirk_at_least(&TalosVersion::new(1, 7, 0))
    {
        let (board_name, arch) = rest.split_once('-').unwrap_or((rest, ""));
        board = board_name.to_string();
        rest = arch;
    }
    Ok(Profile {
        kind,
        platform: platform.to_string(),
        board,
        arch: parse_arch(rest)?,
        secure_boot,
    })
}

fn fixed_platform(kind: OutputKind, arch: &str, secure_boot: bool) -> Result<Profile, String> {
    Ok(Profile {
        kind,
        platform: "metal".to_string(),
        board: String::new(),
        arch: parse_arch(arch)?,
        secure_boot,
    })
}

/// Parses an asset path; the error text is the factory's (it answers 400 with it).
pub fn parse_path(path: &str, version: &TalosVersion) -> Result<Profile, String> {
    if let Some(rest) = path.strip_prefix("kernel-") {
        return fixed_platform(OutputKind::Kernel, rest, false);
    }
    if let Some(rest) = path.strip_prefix("cmdline-") {
        return parse_platform_arch(rest, version, OutputKind::Cmdline);
    }
    if let Some(rest) = path
        .strip_prefix("initramfs-")
        .and_then(|rest| rest.strip_suffix(".xz"))
    {
        return fixed_platform(OutputKind::Initramfs, rest, false);
    }
    if let Some(rest) = path.strip_suffix(".iso") {
        return parse_platform_arch(rest, version, OutputKind::Iso);
    }
    if let Some(rest) = path.strip_suffix("-uki.efi") {
        return parse_platform_arch(rest, version, OutputKind::Uki);
    }
    if let Some(rest) = path
        .strip_prefix("installer-")
        .and_then(|rest| rest.strip_suffix(".tar"))
    {
        return match rest.strip_suffix("-secureboot") {
            Some(arch) => fixed_platform(OutputKind::Installer, arch, true),
            None => fixed_platform(OutputKind::Installer, rest, false),
        };
    }
    // A disk image: cut the compression, then the disk format, then platform and arch.
    let mut rest = path;
    for compression in [".tar.gz", ".gz", ".xz", ".zst"] {
        if let Some(stripped) = rest.strip_suffix(compression) {
            rest = stripped;
            break;
        }
    }
    let mut disk_format = None;
    for format in ["raw", "qcow2", "vhd", "ova"] {
        if let Some(stripped) = rest.strip_suffix(&format!(".{format}")) {
            rest = stripped;
            disk_format = Some(format);
            break;
        }
    }
    if disk_format.is_none() {
        return Err(format!("invalid profile path: {rest:?}"));
    }
    parse_platform_arch(rest, version, OutputKind::Image)
}

/// `internal/mime.ContentType`: the factory's own table, then Go's built-in one; everything
/// else (`.zst`, `.tar`, `.raw`, `.ova`, `.vhd`, no extension) is `application/octet-stream`.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension {
        "efi" => "application/efi",
        "iso" => "application/x-iso9660-image",
        "xz" => "application/x-xz",
        "gz" => "application/gzip",
        "qcow2" => "application/x-qemu-disk",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The stand-in's kernel command line for a profile: a representative Talos base command line
/// plus the schematic's extra kernel arguments (for the outputs that carry them).
pub fn cmdline(profile: &Profile, extra_kernel_args: &[String]) -> String {
    let console = if profile.arch == "arm64" {
        "console=ttyAMA0"
    } else {
        "console=ttyS0"
    };
    let mut args = vec![
        format!("talos.platform={}", profile.platform),
        console.to_string(),
        "console=tty0".to_string(),
        "init_on_alloc=1".to_string(),
        "slab_nomerge".to_string(),
        "pti=on".to_string(),
        "consoleblank=0".to_string(),
        "nvme_core.io_timeout=4294967295".to_string(),
        "printk.devkmsg=on".to_string(),
        "selinux=1".to_string(),
    ];
    args.extend(extra_kernel_args.iter().cloned());
    args.join(" ")
}

/// The body of a served asset: the command line for `cmdline-*`, otherwise a few
/// deterministic lines naming the asset (so checksums are stable and differ per asset).
pub fn asset_body(
    schematic_id: &str,
    version_tag: &str,
    path: &str,
    profile: &Profile,
    extra_kernel_args: &[String],
) -> Vec<u8> {
    if profile.kind == OutputKind::Cmdline {
        return cmdline(profile, extra_kernel_args).into_bytes();
    }
    format!(
        "talos image factory stand-in asset\nschematic: {schematic_id}\nversion: {version_tag}\npath: {path}\n"
    )
    .into_bytes()
}

/// The iPXE script of `GET /pxe/<id>/<version>/<platform>-<arch>[-secureboot]`.
pub fn ipxe_script(
    pxe_url: &str,
    schematic_id: &str,
    version_tag: &str,
    profile: &Profile,
    extra_kernel_args: &[String],
) -> String {
    let image = format!(
        "{}/image/{schematic_id}/{version_tag}",
        pxe_url.trim_end_matches('/')
    );
    let cmdline = cmdline(profile, extra_kernel_args);
    if profile.secure_boot {
        format!(
            "#!ipxe\n\nimgfree\nkernel {image}/{}-{}-secureboot-uki.efi {cmdline}\nboot\n",
            profile.platform, profile.arch
        )
    } else {
        format!(
            "#!ipxe\n\nimgfree\nkernel {image}/kernel-{arch} {cmdline}\ninitrd {image}/initramfs-{arch}.xz\nboot\n",
            arch = profile.arch
        )
    }
}

#[cfg(test)]
mod tests;
