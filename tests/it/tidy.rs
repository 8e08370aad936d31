//! Repository invariant: the pure core modules never name the web stack. `version`,
//! `schematic`, `platforms`, `catalog`, `selection` and `outputs` (and their submodules) must
//! not mention `leptos`, `web_sys`, `gloo` or `wasm_bindgen` in code (comments are ignored).

use std::path::{Path, PathBuf};

const PURE_MODULES: [&str; 8] = [
    "version",
    "schematic",
    "platforms",
    "catalog",
    "selection",
    "outputs",
    "presence",
    "i18n",
];

const FORBIDDEN: [&str; 5] = ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

/// `src/<module>.rs` and every `.rs` file under `src/<module>/`.
fn module_files(src: &Path, module: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let root = src.join(format!("{module}.rs"));
    if root.exists() {
        files.push(root);
    }
    let mut folders = vec![src.join(module)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// A Rust file split into its code (comments dropped, string and character literals emptied)
/// and its string literals (as written between the quotes).
fn scan(source: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut literals = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let ch = chars[index];
        let next = chars.get(index + 1).copied();
        if ch == '/' && next == Some('/') {
            while index < chars.len() && chars[index] != '\n' {
                index += 1;
            }
        } else if ch == '/' && next == Some('*') {
            index += 2;
            while index + 1 < chars.len() && !(chars[index] == '*' && chars[index + 1] == '/') {
                index += 1;
            }
            index += 2;
            code.push(' ');
        } else if ch == '\'' && next == Some('\\') {
            // An escaped character literal such as '\n' or '\u{85}'.
            index += 2;
            while index < chars.len() && chars[index] != '\'' {
                index += 1;
            }
            index += 1;
            code.push_str("' '");
        } else if ch == '\'' && chars.get(index + 2) == Some(&'\'') {
            index += 3;
            code.push_str("' '");
        } else if ch == '"' {
            index += 1;
            let start = index;
            while index < chars.len() && chars[index] != '"' {
                if chars[index] == '\\' {
                    index += 1;
                }
                index += 1;
            }
            literals.push(chars[start..index.min(chars.len())].iter().collect());
            index += 1;
            code.push_str("\"\"");
        } else {
            code.push(ch);
            index += 1;
        }
    }
    (code, literals)
}

/// The code of a Rust file without comments, string and character literals (so that prose
/// about the web stack is allowed, while `use`, paths and macros are caught).
fn code_only(source: &str) -> String {
    scan(source).0
}

/// Identifiers of the code that start with a forbidden name (`gloo_net`, `leptos::prelude`).
fn forbidden_identifiers(code: &str) -> Vec<String> {
    code.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .filter(|word| FORBIDDEN.iter().any(|name| word.starts_with(name)))
        .map(str::to_owned)
        .collect()
}

#[test]
fn pure_modules_do_not_name_the_web_stack() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut scanned = 0;
    for module in PURE_MODULES {
        for file in module_files(&src, module) {
            let source = std::fs::read_to_string(&file).unwrap();
            scanned += 1;
            for identifier in forbidden_identifiers(&code_only(&source)) {
                violations.push(format!("{}: {identifier}", file.display()));
            }
        }
    }
    assert!(
        scanned >= PURE_MODULES.len(),
        "only {scanned} files scanned"
    );
    assert!(
        violations.is_empty(),
        "web stack named in the pure core:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_scanner_sees_code_but_not_prose() {
    let code =
        code_only("//! Not leptos.\nuse leptos::prelude::*; // web_sys\nlet s = \"gloo\";\n");
    assert_eq!(forbidden_identifiers(&code), vec!["leptos".to_owned()]);
    let code = code_only("/* wasm_bindgen */ fn f() { gloo_net::http::Request::get(\"\"); }");
    assert_eq!(forbidden_identifiers(&code), vec!["gloo_net".to_owned()]);
    let code = code_only("let q = '\"'; let n = '\\n'; fn f<'a>() { gloo_net::x(); }");
    assert_eq!(forbidden_identifiers(&code), vec!["gloo_net".to_owned()]);
}

/// Rule logic the shell must take from the core: version constructors and comparisons, and
/// documentation roots built by hand.
const SHELL_FORBIDDEN: [&str; 5] = [
    "TalosVersion::new",
    "TalosVersion::lit",
    "at_least(",
    "docs.siderolabs.com",
    "to_uppercase",
];

/// Whether `text` holds a version literal such as `"1.7.0"` or `"1.12.0-alpha.2"`.
fn has_version_literal(text: &str) -> bool {
    text.split('"').skip(1).step_by(2).any(|literal| {
        let core = literal.split('-').next().unwrap_or("");
        let parts: Vec<&str> = core.trim_start_matches('v').split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[test]
fn the_shell_applies_no_rule_of_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for file in module_files(&src, "ui") {
        let source = std::fs::read_to_string(&file).unwrap();
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for pattern in SHELL_FORBIDDEN {
                if code.contains(pattern) {
                    violations.push(format!("{}:{}: {pattern}", file.display(), number + 1));
                }
            }
            if has_version_literal(code) {
                violations.push(format!(
                    "{}:{}: version literal",
                    file.display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "rules in the shell (move them to the core):\n{}",
        violations.join("\n")
    );
}

#[test]
fn version_literals_are_recognised() {
    assert!(has_version_literal(r#"let v = "1.7.0";"#));
    assert!(has_version_literal(r#"x("v1.12.0-alpha.2")"#));
    assert!(!has_version_literal(r#"let id = "ext-1.2";"#));
    assert!(!has_version_literal(r#"format!("{a}.{b}.{c}")"#));
}

/// The modules whose words the page shows in the user's language: they answer with typed
/// values (`i18n::Text`, or enums the page words through the message files), never with
/// English of their own. (`outputs`, `platforms` and `schematic` join when theirs are done.)
const SPEAKING_MODULES: [&str; 6] = [
    "selection",
    "presence",
    "factory_status",
    "factory",
    "catalog",
    "version",
];

/// `Display` implementations allowed there: data written as it is, never a sentence.
const DISPLAY_ALLOWED: [(&str, &str); 2] = [
    // `1.10.9`'s pre-release identifiers (`rc`, `1`), as the factory writes them.
    ("version.rs", "PreId"),
    // `v1.10.9`, as the factory writes it.
    ("version.rs", "TalosVersion"),
];

/// Files whose prose is meant to stay English: the documents the page hands out (the upgrade
/// script and Markdown plan carry commands and are pasted into terminals and tickets).
const PROSE_ALLOWED: [&str; 1] = ["selection/upgrade/documents.rs"];

/// Single literals there that read like words but are not said to the user.
const LITERALS_ALLOWED: [(&str, &str); 2] = [
    // A command, copied as it is.
    (
        "selection/upgrade.rs",
        "talosctl upgrade --nodes {node} --image {}",
    ),
    // The panic message of `TalosVersion::lit`, for version literals in the code.
    ("version.rs", "version literal"),
];

/// The source of a file without its test module (`#[cfg(test)] mod tests` ends a file here);
/// `None` for files that are tests.
fn non_test_source(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    if name == "tests.rs" || path.components().any(|part| part.as_os_str() == "tests") {
        return None;
    }
    let source = std::fs::read_to_string(path).ok()?;
    Some(match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => source[..at].to_string(),
        None => source,
    })
}

/// The string literals of Rust code (comments and character literals skipped), as written
/// between the quotes.
fn string_literals(source: &str) -> Vec<String> {
    scan(source).1
}

/// Whether a literal reads as words: two or more plain words (letters, an apostrophe, a
/// final punctuation mark). Names, paths, parameters, placeholders and commands are not
/// plain words (`siderolabs/zfs`, `--nodes`, `{version}`, `sd-boot`).
fn is_prose(literal: &str) -> bool {
    literal
        .split_whitespace()
        .filter(|word| {
            let word = word.trim_end_matches([',', '.', ';', ':']);
            let mut letters = word.chars();
            word.chars().count() >= 2
                && letters.next().is_some_and(|c| c.is_ascii_alphabetic())
                && letters.all(|c| c.is_ascii_lowercase() || c == '\'')
        })
        .count()
        >= 2
}

/// `impl fmt::Display for X` / `impl std::fmt::Display for X` / `impl Display for X`: the
/// type names.
fn display_impls(code: &str) -> Vec<String> {
    let words: Vec<&str> = code.split_whitespace().collect();
    words
        .windows(4)
        .filter(|w| {
            w[0] == "impl"
                && matches!(w[1], "fmt::Display" | "std::fmt::Display" | "Display")
                && w[2] == "for"
        })
        .map(|w| {
            w[3].chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn the_speaking_modules_hold_no_english_for_the_page() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut scanned = 0;
    for module in SPEAKING_MODULES {
        for file in module_files(&src, module) {
            let Some(source) = non_test_source(&file) else {
                continue;
            };
            scanned += 1;
            let relative = file
                .strip_prefix(&src)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            for type_name in display_impls(&code_only(&source)) {
                if !DISPLAY_ALLOWED.contains(&(relative.as_str(), type_name.as_str())) {
                    violations.push(format!(
                        "{relative}: impl Display for {type_name} (answer with i18n::Text or a typed value; data types go in DISPLAY_ALLOWED)"
                    ));
                }
            }
            if PROSE_ALLOWED.contains(&relative.as_str()) {
                continue;
            }
            for literal in string_literals(&source) {
                if is_prose(&literal)
                    && !LITERALS_ALLOWED.contains(&(relative.as_str(), literal.as_str()))
                {
                    violations.push(format!(
                        "{relative}: English text {literal:?} (move it to locales/en.json)"
                    ));
                }
            }
        }
    }
    assert!(scanned >= SPEAKING_MODULES.len(), "only {scanned} files");
    assert!(
        violations.is_empty(),
        "English in modules the page shows in the user's language:\n{}",
        violations.join("\n")
    );
}

/// Modules whose literals are mostly what users copy (commands, scripts, YAML) or names
/// (boards, clouds, as Talos and the overlays name them), so the prose rule above would flag
/// them wholesale: there the page's own words must at least not come from a `Display`
/// implementation. A `Display` there is data, or English rendered from the message file
/// (for the JavaScript API and error chains), never a sentence written in code.
const COPYING_MODULES: [&str; 3] = ["outputs", "platforms", "schematic"];

/// `Display` implementations allowed in [`COPYING_MODULES`] without the message file: data.
const COPYING_DISPLAY_DATA: [(&str, &str); 2] = [
    // `amd64`, `arm64`.
    ("platforms.rs", "Arch"),
    // The 64 hex digits.
    ("schematic/id.rs", "SchematicId"),
];

#[test]
fn the_copying_modules_word_their_errors_from_the_message_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut seen = 0;
    for module in COPYING_MODULES {
        for file in module_files(&src, module) {
            let Some(source) = non_test_source(&file) else {
                continue;
            };
            let relative = file
                .strip_prefix(&src)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let code = code_only(&source);
            for type_name in display_impls(&code) {
                seen += 1;
                if COPYING_DISPLAY_DATA.contains(&(relative.as_str(), type_name.as_str())) {
                    continue;
                }
                // The implementation's body: from its `impl` line to the next item.
                let start = code
                    .find(&format!("Display for {type_name}"))
                    .unwrap_or_default();
                let body = code[start..].split("\nimpl ").next().unwrap_or_default();
                if !body.contains("Messages::english()") {
                    violations.push(format!(
                        "{relative}: impl Display for {type_name} writes its own words \
                         (render a Text with Messages::english(), or list it as data)"
                    ));
                }
            }
        }
    }
    assert!(seen >= 4, "only {seen} Display implementations found");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_english_detector_sees_sentences_and_display_but_not_data() {
    assert!(is_prose("the factory has nothing at this address"));
    assert!(is_prose("{url} did not answer within {seconds} s"));
    assert!(is_prose("Not confirmed: {reason}."));
    assert!(is_prose("Proxmox VM template"));
    assert!(!is_prose("siderolabs/qemu-guest-agent"));
    assert!(!is_prose("--nodes {node} --image {}"));
    assert!(!is_prose("sd-boot"));
    assert!(!is_prose("X-Studio-Saved"));
    assert!(!is_prose("target=cloud&platform=nocloud"));
    assert_eq!(
        string_literals(
            "let q = '\"'; // \"not this\"\nf(\"a b\", '\\''); /* \"nor\" */ g(\"c\");"
        ),
        vec!["a b".to_string(), "c".to_string()]
    );
    assert_eq!(
        display_impls(&code_only(
            "impl fmt::Display for Finding {\n}\nimpl std::fmt::Display for Other{}\n// impl Display for Comment\n"
        )),
        vec!["Finding".to_string(), "Other".to_string()]
    );
}
