//! The generated shell and YAML, checked by the tools that will read them: `sh -n`, shellcheck,
//! real runs against stand-in `curl`, `xz` and `qm` commands, and an independent YAML parser
//! (Python's PyYAML). scripts/setup.sh installs shellcheck and PyYAML.

use super::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A YAML document that tries to end every here-document early and expand everything.
const HOSTILE_YAML: &str = "customization:\n  extraKernelArgs:\n    - \"EOF\"\n    - $HOME\n    - '`id`'\n    - \"a\\\\b\"\n    - ${x}\n    - '%{y}'\nEOF\nEOF_1\nEOT\n  trailing: spaces   \n";

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.join(name)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> TempDir {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "talos-image-studio-{}-{name}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// `sh -n`, then shellcheck (SC2016 off: a `$` inside single quotes is meant
/// literally, user text is quoted that way on purpose).
pub(crate) fn check_shell(name: &str, script: &str) {
    let dir = temp_dir("lint");
    let path = dir.join(format!("{name}.sh"));
    write(&path, script);
    let output = Command::new("sh")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("sh");
    assert!(
        output.status.success(),
        "sh -n {name}: {}\n{script}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = Command::new("shellcheck")
        .args(["-s", "sh", "-e", "SC2016"])
        .arg(&path)
        .output()
        .expect("shellcheck runs (scripts/setup.sh installs it)");
    assert!(
        output.status.success(),
        "shellcheck {name}: {}\n{script}",
        String::from_utf8_lossy(&output.stdout)
    );
}

fn requests() -> Vec<OutputRequest> {
    let mut hostile = secureboot(cloud("nocloud", "1.12.0"));
    hostile.canonical_yaml = HOSTILE_YAML.to_string();
    hostile.node = "node 1;rm -rf /".to_string();
    hostile.proxmox.storage = "it's $(bad)".to_string();
    hostile.proxmox.vm_name = "`x`".to_string();
    hostile.proxmox.download_dir = "/tmp/a b".to_string();
    let mut talosctl = metal("1.11.0");
    talosctl.downloads = vec![
        AssetKind::Talosctl("talosctl-linux-amd64".to_string()),
        AssetKind::Uki,
    ];
    vec![
        metal("1.10.2"),
        secureboot(metal("1.13.0")),
        cloud("nocloud", "1.9.0"),
        cloud("equinixMetal", "1.10.0"),
        sbc("rpi_generic", "1.10.0"),
        talosctl,
        hostile,
    ]
}

#[test]
fn every_script_and_command_passes_sh_n_and_shellcheck() {
    for (index, request) in requests().iter().enumerate() {
        let outputs = derive(request);
        let commands = &outputs.commands;
        check_shell(&format!("register-{index}"), &commands.register_schematic);
        check_shell(&format!("download-{index}"), &commands.download);
        check_shell(&format!("upgrade-{index}"), &commands.upgrade);
        check_shell(&format!("booter-{index}"), &commands.booter);
        if let Some(local) = &commands.local_cluster {
            check_shell(&format!("local-{index}"), local);
        }
        check_shell(&format!("script-{index}"), &outputs.download_script);
        if let Some(proxmox) = &outputs.proxmox {
            check_shell(&format!("proxmox-{index}"), &proxmox.script);
        }
    }
}

/// A directory of stand-in commands: `curl` writes `fetched <url>` to its `-o` file or copies
/// stdin to `$CAPTURE`; `xz`, `zstd` and `gzip` drop the suffix; `qm` logs its arguments.
fn fake_bin() -> TempDir {
    let bin = temp_dir("bin");
    let commands = [
        (
            "curl",
            "#!/bin/sh\nout=''\nurl=''\nwhile [ $# -gt 0 ]; do\n  case \"$1\" in\n    -o) out=$2; shift 2 ;;\n    -*) shift ;;\n    @-) shift ;;\n    *) url=$1; shift ;;\n  esac\ndone\nif [ -n \"$out\" ]; then printf 'fetched %s\\n' \"$url\" > \"$out\"; else cat > \"$CAPTURE\"; fi\n",
        ),
        (
            "xz",
            "#!/bin/sh\nfor last; do :; done\nmv \"$last\" \"${last%.xz}\"\n",
        ),
        (
            "qm",
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$QM_LOG\"\nif [ \"$1\" = config ]; then echo \"unused0: local-lvm:vm-$2-disk-0\"; fi\n",
        ),
    ];
    for (name, body) in commands {
        let path = bin.join(name);
        write(&path, body);
        let status = Command::new("chmod")
            .arg("+x")
            .arg(&path)
            .status()
            .expect("chmod");
        assert!(status.success());
    }
    bin
}

fn run_sh(script: &str, dir: &Path, bin: &Path, env: &[(&str, &Path)], args: &[&str]) -> String {
    let path = dir.join("run.sh");
    write(&path, script);
    let search_path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("sh");
    command
        .arg(&path)
        .args(args)
        .current_dir(dir)
        .env("PATH", search_path);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("sh");
    assert!(
        output.status.success(),
        "script failed: {}\n{script}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn register_command_posts_the_yaml_byte_for_byte() {
    let bin = fake_bin();
    for yaml in ["customization: {}\n", HOSTILE_YAML, "customization: {}"] {
        let dir = temp_dir("register");
        let capture = dir.join("body");
        let command = commands::register_schematic_command("https://factory.talos.dev", yaml);
        run_sh(&command, &dir, &bin, &[("CAPTURE", &capture)], &[]);
        let body = std::fs::read_to_string(&capture).expect("captured body");
        assert_eq!(body, quoting::with_final_newline(yaml));
    }
}

#[test]
fn download_script_fetches_records_and_checksums() {
    if !have("sha256sum") && !have("shasum") {
        println!("note: neither sha256sum nor shasum is installed; download script not run");
        return;
    }
    let bin = fake_bin();
    let mut request = secureboot(cloud("nocloud", "1.12.0"));
    request.canonical_yaml = HOSTILE_YAML.to_string();
    let outputs = derive(&request);
    let dir = temp_dir("download");
    run_sh(&outputs.download_script, &dir, &bin, &[], &["bundle dir"]);
    let bundle = dir.join("bundle dir");
    let read = |name: &str| {
        std::fs::read_to_string(bundle.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    };
    assert_eq!(read("schematic.yaml"), HOSTILE_YAML);
    assert_eq!(read("schematic-id.txt"), format!("{ID}\n"));
    assert_eq!(read("version.txt"), "v1.12.0\n");
    for asset in &outputs.downloads {
        assert_eq!(read(&asset.file_name), format!("fetched {}\n", asset.url));
    }
    let sums = read("SHA256SUMS");
    assert_eq!(sums.lines().count(), outputs.downloads.len() + 3, "{sums}");
    if have("sha256sum") {
        let status = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(&bundle)
            .status()
            .expect("sha256sum");
        assert!(status.success());
    }
}

#[test]
fn proxmox_script_runs_against_stand_in_commands() {
    let bin = fake_bin();
    let dir = temp_dir("proxmox");
    let mut request = cloud("nocloud", "1.10.0");
    request.proxmox.download_dir = dir.join("down load").display().to_string();
    std::fs::create_dir_all(dir.join("down load")).expect("dir");
    let script = derive(&request).proxmox.expect("proxmox").script;
    let log = dir.join("qm.log");
    run_sh(&script, &dir, &bin, &[("QM_LOG", &log)], &[]);
    let image = dir.join("down load").join("nocloud-amd64.raw");
    assert!(image.exists(), "decompressed image");
    let log = std::fs::read_to_string(&log).expect("qm log");
    let expected = format!(
        "create 9000 --name talos --memory 4096 --cores 2 --cpu host --ostype l26 --scsihw virtio-scsi-single --net0 virtio,bridge=vmbr0 --serial0 socket --agent enabled=1
importdisk 9000 {} local-lvm
config 9000
set 9000 --scsi0 local-lvm:vm-9000-disk-0 --boot order=scsi0 --ide2 local-lvm:cloudinit
resize 9000 scsi0 20G
template 9000
",
        image.display()
    );
    assert_eq!(log, expected);
}

/// The YAML parsed by Python's yaml module (PyYAML, an independent YAML 1.1 parser), as JSON.
/// scripts/setup.sh installs PyYAML; without it this check fails rather than pass unchecked.
fn parse_yaml(yaml: &str) -> serde_json::Value {
    let dir = temp_dir("yaml");
    let path = dir.join("doc.yaml");
    write(&path, yaml);
    let output = Command::new("python3")
        .args(["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8')), default=str))"])
        .arg(&path)
        .output()
        .expect("python3 runs (scripts/setup.sh installs what the tests need)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named"),
        "python3 has no yaml module: run scripts/setup.sh (it installs PyYAML)"
    );
    assert!(
        output.status.success(),
        "YAML did not parse: {stderr}\n{yaml}"
    );
    serde_json::from_slice(&output.stdout).expect("python printed JSON")
}

fn hostile_schematic_request() -> OutputRequest {
    use crate::schematic::{MetaValue, Overlay, Value};
    let mut request = sbc("rpi_generic", "1.12.0");
    let customization = &mut request.schematic.customization;
    customization.system_extensions.official_extensions = [
        "siderolabs/iscsi-tools",
        "yes",
        "on",
        "a: b",
        "#x",
        "- y",
        "line\nbreak",
        "quote\"s",
        "\u{2028}",
        "émoji 😀",
    ]
    .map(String::from)
    .to_vec();
    customization.extra_kernel_args =
        vec!["console=ttyS0,115200".to_string(), "-console".to_string()];
    customization.meta = vec![MetaValue {
        key: 10,
        value: "{\"a\": 1}".to_string(),
    }];
    customization.secureboot.include_well_known_certificates = true;
    customization.bootloader = crate::schematic::Bootloader::DualBoot;
    request.schematic.overlay = Overlay {
        image: "siderolabs/sbc-raspberrypi".to_string(),
        name: "rpi_generic".to_string(),
        options: vec![
            (
                "configTxtAppend".to_string(),
                Value::Str("dtoverlay=x\n".to_string()),
            ),
            ("n".to_string(), Value::Float(1.0)),
            (
                "list".to_string(),
                Value::Seq(vec![Value::Int(1), Value::Bool(true), Value::Null]),
            ),
            (
                "map".to_string(),
                Value::Map(vec![("k".to_string(), Value::Uint(u64::MAX))]),
            ),
        ],
    };
    request
}

#[test]
fn profile_talhelper_and_patch_parse_as_yaml() {
    let request = hostile_schematic_request();
    let outputs = derive(&request);
    let extensions = &request
        .schematic
        .customization
        .system_extensions
        .official_extensions;
    // Textual checks that hold without a parser.
    assert!(
        outputs
            .profile
            .contains(&format!("\n    schematic_id: \"{ID}\"\n"))
    );
    assert!(
        outputs
            .talhelper
            .starts_with("# talhelper schematics have no bootloader: "),
        "{}",
        outputs.talhelper
    );

    let profile = parse_yaml(&outputs.profile);
    let talos = &profile["talos"];
    assert_eq!(talos["factory"]["schematic_id"], ID);
    assert_eq!(talos["factory"]["url"], "https://factory.talos.dev");
    assert_eq!(talos["version"], "v1.12.0");
    assert_eq!(talos["arch"], "arm64");
    assert_eq!(talos["platform"], "metal");
    assert_eq!(talos["board"], "rpi_generic");
    assert_eq!(talos["secureboot"], false);
    assert_eq!(talos["installer_image"], outputs.installer_image.as_str());
    assert_eq!(talos["extensions"], serde_json::json!(extensions));
    assert_eq!(
        talos["extra_kernel_args"],
        serde_json::json!(["console=ttyS0,115200", "-console"])
    );

    let talhelper = parse_yaml(&outputs.talhelper);
    assert_eq!(talhelper["talosVersion"], "v1.12.0");
    for group in ["controlPlane", "worker"] {
        let schematic = &talhelper[group]["schematic"];
        assert_eq!(
            schematic["customization"]["systemExtensions"]["officialExtensions"],
            serde_json::json!(extensions),
            "{group}"
        );
        assert_eq!(
            schematic["customization"]["meta"],
            serde_json::json!([{"key": 10, "value": "{\"a\": 1}"}])
        );
        assert_eq!(
            schematic["customization"]["secureboot"]["includeWellKnownCertificates"],
            true
        );
        assert_eq!(schematic["overlay"]["name"], "rpi_generic");
        assert_eq!(
            schematic["overlay"]["options"],
            serde_json::json!({"configTxtAppend": "dtoverlay=x\n", "n": 1.0, "list": [1, true, null], "map": {"k": u64::MAX}})
        );
        assert_eq!(
            talhelper[group]["machineSpec"],
            serde_json::json!({"mode": "metal", "arch": "arm64", "bootMethod": "disk-image", "imageSuffix": "raw.xz"})
        );
    }

    let patch = parse_yaml(&outputs.install_patch);
    assert_eq!(
        patch["machine"]["install"]["image"],
        outputs.installer_image.as_str()
    );

    let empty = parse_yaml(&derive(&metal("1.10.0")).talhelper);
    assert_eq!(
        empty["worker"]["schematic"],
        serde_json::json!({"customization": {}})
    );
}

#[test]
fn terraform_keeps_the_yaml_literal() {
    let mut request = cloud("aws", "1.10.0");
    request.canonical_yaml = HOSTILE_YAML.to_string();
    let terraform = derive(&request).terraform;
    let body = HOSTILE_YAML.replace("${", "$${").replace("%{", "%%{");
    assert!(terraform.starts_with(&format!("resource \"talos_image_factory_schematic\" \"this\" {{\n  schematic = <<EOT_1\n{body}EOT_1\n}}\n")), "{terraform}");
    assert!(terraform.contains("  platform      = \"aws\"\n  architecture  = \"amd64\"\n"));
    assert!(terraform.contains("urls.installer\n"));

    let board = derive(&sbc("rpi_5", "1.12.3")).terraform;
    assert!(board.contains("  talos_version = \"v1.12.3\"\n  schematic_id  = talos_image_factory_schematic.this.id\n  sbc           = \"rpi_5\"\n  architecture  = \"arm64\"\n"), "{board}");
}
