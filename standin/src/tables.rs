//! Tables copied from the factory's public sources, so that the stand-in does not borrow the
//! app's copies (a test of the app against the stand-in must not compare the app with itself).

/// The extension names the factory builds under another name, `(requested, built)`.
/// Copied from siderolabs/image-factory `internal/profile/profile.go` `ExtensionNameAlias`,
/// tag v1.5.0 (same list at commit 26b95ca).
pub const EXTENSION_ALIASES: &[(&str, &str)] = &[
    ("siderolabs/v4l-uvc", "siderolabs/v4l-uvc-drivers"),
    ("siderolabs/usb-modem", "siderolabs/usb-modem-drivers"),
    ("siderolabs/gasket", "siderolabs/gasket-driver"),
    (
        "siderolabs/talos-vmtoolsd",
        "siderolabs/vmtoolsd-guest-agent",
    ),
    (
        "siderolabs/xe-guest-utilities",
        "siderolabs/xen-guest-agent",
    ),
    (
        "siderolabs/nvidia-container-toolkit",
        "siderolabs/nvidia-container-toolkit-lts",
    ),
    (
        "siderolabs/nvidia-open-gpu-kernel-modules",
        "siderolabs/nvidia-open-gpu-kernel-modules-lts",
    ),
    (
        "siderolabs/nonfree-kmod-nvidia",
        "siderolabs/nonfree-kmod-nvidia-lts",
    ),
    (
        "siderolabs/nvidia-fabricmanager",
        "siderolabs/nvidia-fabric-manager-lts",
    ),
    ("siderolabs/i915-ucode", "siderolabs/i915"),
    ("siderolabs/amdgpu-firmware", "siderolabs/amdgpu"),
];

/// The files `GET /talosctl/<v>` lists, sorted by name as the factory sorts them.
/// Copied from siderolabs/image-factory `docs/api.md` ("GET /talosctl/:version" example),
/// tag v1.5.0; the files come from the `talosctl-all` image
/// (`internal/artifacts/versions.go`).
pub const TALOSCTL_FILES: &[&str] = &[
    "talosctl-darwin-amd64",
    "talosctl-darwin-arm64",
    "talosctl-freebsd-amd64",
    "talosctl-freebsd-arm64",
    "talosctl-linux-amd64",
    "talosctl-linux-arm64",
    "talosctl-linux-armv7",
    "talosctl-windows-amd64.exe",
    "talosctl-windows-arm64.exe",
];
