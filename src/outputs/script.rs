//! The offline download script: a POSIX sh script that fetches the chosen assets into a
//! directory, records the schematic ID, the version and the schematic YAML beside them, and
//! writes SHA256SUMS computed locally (the community factory serves no checksums).

use super::Resolved;
use super::links::Asset;
use super::quoting::{heredoc_delimiter, shell_word, with_final_newline};

/// The script; its first argument overrides the target directory.
pub fn download_script(resolved: &Resolved, downloads: &[Asset]) -> String {
    let version = resolved.version();
    let id = resolved.id();
    let short_id: String = id.chars().take(12).collect();
    let default_dir = format!("talos-{version}-{short_id}");
    let mut script = String::from("#!/bin/sh\n");
    script.push_str(&format!(
        "# Download Talos Linux {version} assets built by the Image Factory for schematic\n# {id}\n# Usage: sh <this script> [directory]\nset -eu\n\n"
    ));
    script.push_str(&format!("DIR=${{1:-{}}}\n", shell_word(&default_dir)));
    script.push_str("mkdir -p \"$DIR\"\ncd \"$DIR\"\n\n");
    for asset in downloads {
        script.push_str(&format!(
            "curl -fL -o {} {}\n",
            shell_word(&asset.file_name),
            shell_word(&asset.url)
        ));
    }
    if !downloads.is_empty() {
        script.push('\n');
    }
    script.push_str(&format!(
        "printf '%s\\n' {} > schematic-id.txt\n",
        shell_word(id)
    ));
    script.push_str(&format!(
        "printf '%s\\n' {} > version.txt\n",
        shell_word(&version.to_string())
    ));
    let yaml = with_final_newline(&resolved.request.canonical_yaml);
    let delimiter = heredoc_delimiter(&yaml);
    script.push_str(&format!(
        "cat > schematic.yaml <<'{delimiter}'\n{yaml}{delimiter}\n\n"
    ));
    let mut files: Vec<String> = downloads
        .iter()
        .map(|asset| shell_word(&asset.file_name))
        .collect();
    files.extend(["schematic-id.txt", "schematic.yaml", "version.txt"].map(String::from));
    let files = files.join(" ");
    script.push_str(&format!(
        "if command -v sha256sum >/dev/null 2>&1; then\n  sha256sum -- {files} > SHA256SUMS\nelse\n  shasum -a 256 -- {files} > SHA256SUMS\nfi\n"
    ));
    script.push_str("echo \"Saved to $DIR; verify later with: sha256sum -c SHA256SUMS\"\n");
    script
}
