//! The stand-in's canonical YAML emitter: what go-yaml's `yaml.Marshal` writes for the
//! schematic struct of image-factory `pkg/schematic/schematic.go` (indent 4, non-compact
//! sequences, no line folding). Rules from go.yaml.in/yaml/v4 v4.0.0-rc.6 `encode.go`
//! (`stringv`: style requests), `internal/libyaml/emitter.go` (`analyze_scalar`,
//! `select_scalar_style`, the plain, single, double and literal writers) and `representer.go`
//! (`keyList.Less`: natural key order). Older libraries differ only where
//! [`YamlLibrary`] says so. What the stand-in cannot reproduce for sure is refused with
//! [`Unsupported`] instead of being hashed wrongly.

use super::resolve::{Resolved, resolve};
use super::{Schematic, Value, YamlLibrary};

/// Why the stand-in refuses to emit a schematic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

type Result<T> = std::result::Result<T, Unsupported>;

fn unsupported<T>(reason: &str) -> Result<T> {
    Err(Unsupported(reason.to_string()))
}

/// A node about to be written.
enum Node<'a> {
    Map(Vec<(Key<'a>, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    Str(&'a str),
    /// Already-formatted plain text (numbers, bools, null, timestamps).
    Raw(String),
}

enum Key<'a> {
    /// A struct field name (always plain).
    Field(&'static str),
    /// A free-form option key.
    Str(&'a str),
}

/// `next4(i)`: the smallest multiple of 4 above `i`.
fn deeper(indent: usize) -> usize {
    indent / 4 * 4 + 4
}

struct Emitter {
    out: String,
    library: YamlLibrary,
}

/// Emits the canonical YAML of a schematic.
pub fn canonical_yaml(schematic: &Schematic, library: YamlLibrary) -> Result<String> {
    let root = schematic_node(schematic, library)?;
    let mut emitter = Emitter {
        out: String::new(),
        library,
    };
    let Node::Map(entries) = root else {
        return unsupported("the document root is not a mapping");
    };
    emitter.map_entries(&entries, 0)?;
    if !emitter.out.ends_with('\n') {
        emitter.out.push('\n');
    }
    Ok(emitter.out)
}

fn strings(items: &[String]) -> Node<'_> {
    Node::Seq(items.iter().map(|item| Node::Str(item)).collect())
}

fn schematic_node(schematic: &Schematic, library: YamlLibrary) -> Result<Node<'_>> {
    let mut root = Vec::new();
    if !schematic.owner.is_empty() {
        root.push((Key::Field("owner"), Node::Str(&schematic.owner)));
    }
    let overlay = &schematic.overlay;
    if !overlay.image.is_empty() || !overlay.name.is_empty() || !overlay.options.is_empty() {
        let mut fields = vec![
            (Key::Field("image"), Node::Str(&overlay.image)),
            (Key::Field("name"), Node::Str(&overlay.name)),
        ];
        if !overlay.options.is_empty() {
            fields.push((Key::Field("options"), map_value(&overlay.options, library)?));
        }
        root.push((Key::Field("overlay"), Node::Map(fields)));
    }
    let c = &schematic.customization;
    let mut fields = Vec::new();
    if !c.embedded_machine_configuration.is_empty() {
        fields.push((
            Key::Field("embeddedMachineConfiguration"),
            Node::Str(&c.embedded_machine_configuration),
        ));
    }
    if !c.extra_kernel_args.is_empty() {
        fields.push((Key::Field("extraKernelArgs"), strings(&c.extra_kernel_args)));
    }
    if !c.meta.is_empty() {
        let items = c
            .meta
            .iter()
            .map(|(key, value)| {
                Node::Map(vec![
                    (Key::Field("key"), Node::Raw(key.to_string())),
                    (Key::Field("value"), Node::Str(value)),
                ])
            })
            .collect();
        fields.push((Key::Field("meta"), Node::Seq(items)));
    }
    if !c.system_extensions.official_extensions.is_empty() {
        fields.push((
            Key::Field("systemExtensions"),
            Node::Map(vec![(
                Key::Field("officialExtensions"),
                strings(&c.system_extensions.official_extensions),
            )]),
        ));
    }
    if let Some(bootloader) = c.bootloader {
        fields.push((Key::Field("bootloader"), Node::Str(bootloader)));
    }
    let secureboot = &c.secureboot;
    if !secureboot.enroll_keys.is_empty() || secureboot.include_well_known_certificates {
        let mut sb = Vec::new();
        if !secureboot.enroll_keys.is_empty() {
            sb.push((Key::Field("enrollKeys"), Node::Str(&secureboot.enroll_keys)));
        }
        if secureboot.include_well_known_certificates {
            sb.push((
                Key::Field("includeWellKnownCertificates"),
                Node::Raw("true".to_string()),
            ));
        }
        fields.push((Key::Field("secureboot"), Node::Map(sb)));
    }
    if c.disk_image.sector_size != 0 {
        fields.push((
            Key::Field("diskImage"),
            Node::Map(vec![(
                Key::Field("sectorSize"),
                Node::Raw(c.disk_image.sector_size.to_string()),
            )]),
        ));
    }
    root.push((Key::Field("customization"), Node::Map(fields)));
    Ok(Node::Map(root))
}

/// A `map[string]any` with its keys in go-yaml's natural order.
fn map_value(entries: &[(String, Value)], library: YamlLibrary) -> Result<Node<'_>> {
    let mut sorted: Vec<&(String, Value)> = entries.iter().collect();
    for (key, _) in &sorted {
        if key.len() > 128 || key.contains(is_break) {
            return unsupported("an option key longer than 128 bytes or with a line break");
        }
    }
    let mut error = None;
    sorted.sort_by(|a, b| {
        natural_order(&a.0, &b.0).unwrap_or_else(|reason| {
            error = Some(reason);
            std::cmp::Ordering::Equal
        })
    });
    if let Some(reason) = error {
        return Err(reason);
    }
    let mut nodes = Vec::new();
    for (key, value) in sorted {
        nodes.push((Key::Str(key), value_node(value, library)?));
    }
    Ok(Node::Map(nodes))
}

fn value_node(value: &Value, library: YamlLibrary) -> Result<Node<'_>> {
    Ok(match value {
        Value::MinusZero if library == YamlLibrary::YamlV3 => Node::Raw("0".to_string()),
        Value::MinusZero => Node::Raw("-0".to_string()),
        Value::Null => Node::Raw("null".to_string()),
        Value::Bool(b) => Node::Raw(b.to_string()),
        Value::Int(i) => Node::Raw(i.to_string()),
        Value::Uint(u) => Node::Raw(u.to_string()),
        Value::Float(f) => Node::Raw(go_float(*f)),
        Value::Timestamp(text) => Node::Raw(text.clone()),
        Value::Str(s) => Node::Str(s),
        Value::Seq(items) => Node::Seq(
            items
                .iter()
                .map(|item| value_node(item, library))
                .collect::<Result<_>>()?,
        ),
        Value::Map(entries) => map_value(entries, library)?,
    })
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` with YAML's names for the infinities and NaN.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, as Go's shortest mode does.
    let scientific = format!("{:e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let x: i64 = exponent.parse().unwrap_or(0);
    let sign = if f < 0.0 { "-" } else { "" };
    let n = digits.len() as i64;
    // `%e` when the exponent is below -4 or at least 6 (the shortest mode's precision).
    if !(-4..6).contains(&x) {
        let mut text = format!("{sign}{}", &digits[..1]);
        if n > 1 {
            text.push('.');
            text.push_str(&digits[1..]);
        }
        let abs = x.unsigned_abs();
        text.push_str(&format!("e{}{abs:02}", if x < 0 { '-' } else { '+' }));
        return text;
    }
    let dp = x + 1;
    if dp <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat(dp.unsigned_abs() as usize))
    } else if dp >= n {
        format!("{sign}{digits}{}", "0".repeat((dp - n) as usize))
    } else {
        let (whole, fraction) = digits.split_at(dp as usize);
        format!("{sign}{whole}.{fraction}")
    }
}

/// go-yaml's `keyList.Less` for two string keys. Go's `unicode.IsLetter`/`IsDigit` differ
/// from Rust's predicates outside ASCII, so keys with a non-ASCII letter or digit are refused,
/// as are digit runs long enough to overflow Go's `int64` accumulator.
fn natural_order(a: &str, b: &str) -> Result<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if a.chars()
        .chain(b.chars())
        .any(|c| !c.is_ascii() && c.is_alphanumeric())
    {
        return unsupported("option keys with a non-ASCII letter or digit");
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut digits = false;
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            digits = ar[i].is_ascii_digit();
            continue;
        }
        let al = ar[i].is_ascii_alphabetic();
        let bl = br[i].is_ascii_alphabetic();
        if al && bl {
            return Ok(ar[i].cmp(&br[i]));
        }
        if al || bl {
            let a_first = if digits { al } else { bl };
            return Ok(if a_first {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            for j in (0..i).rev() {
                if !ar[j].is_ascii_digit() {
                    break;
                }
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let run = |chars: &[char], mut n: i64| -> Result<(usize, i64)> {
            let mut end = i;
            while end < chars.len() && chars[end].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(i64::from(chars[end] as u8 - b'0')))
                    .ok_or_else(|| Unsupported("an option key with a very long number".into()))?;
                end += 1;
            }
            Ok((end, n))
        };
        let (ai, an) = run(&ar, an)?;
        let (bi, bn) = run(&br, bn)?;
        if an != bn {
            return Ok(an.cmp(&bn));
        }
        if ai != bi {
            return Ok(ai.cmp(&bi));
        }
        return Ok(ar[i].cmp(&br[i]));
    }
    Ok(ar.len().cmp(&br.len()))
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml's printable set (`is_printable`), without TAB.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// Go's `unicode.IsSpace`.
fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{85}' | '\u{A0}'
    ) || (c > '\u{FF}' && c.is_whitespace())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// `analyze_scalar`'s verdicts.
struct Analysis {
    plain: bool,
    single: bool,
    literal: bool,
}

fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    let special = chars.iter().any(|&c| c != '\t' && !is_printable(c));
    let tab = chars.contains(&'\t');
    let any_break = chars.iter().any(|&c| is_break(c));
    let leading_space = chars.first() == Some(&' ');
    let trailing_space = chars.last() == Some(&' ');
    let leading_break = chars.first().is_some_and(|&c| is_break(c));
    let trailing_break = chars.last().is_some_and(|&c| is_break(c));
    let space_break = chars.windows(2).any(|w| w[0] == ' ' && is_break(w[1]));
    let break_space = chars.windows(2).any(|w| is_break(w[0]) && w[1] == ' ');
    let followed_by_blank = |i: usize| {
        chars
            .get(i + 1)
            .is_none_or(|&c| c == ' ' || c == '\t' || is_break(c))
    };
    let mut indicator = s.starts_with("---") || s.starts_with("...");
    if let Some(&first) = chars.first() {
        indicator |= "#,[]{}&*!|>'\"%@`".contains(first);
        indicator |= matches!(first, '?' | ':' | '-') && followed_by_blank(0);
    }
    for i in 1..chars.len() {
        indicator |= chars[i] == ':' && followed_by_blank(i);
        indicator |= chars[i] == '#' && matches!(chars[i - 1], ' ' | '\t');
    }
    Analysis {
        plain: !(leading_space
            || trailing_space
            || leading_break
            || trailing_break
            || any_break
            || space_break
            || break_space
            || tab
            || special
            || indicator),
        single: !(space_break || break_space || tab || special),
        literal: !(s.is_empty() || trailing_space || space_break || special),
    }
}

/// YAML 1.1 bool words and base-60 numbers, which rc.6 single-quotes (`encode.go` `stringv`).
fn is_legacy_word(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) || is_base60(s)
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`
fn is_base60(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (body, fraction) = match body.split_once('.') {
        Some((body, fraction)) => (body, Some(fraction)),
        None => (body, None),
    };
    if fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = body.split(':');
    let Some(head) = parts.next() else {
        return false;
    };
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    let mut sixties = 0;
    for part in parts {
        sixties += 1;
        let ok = match part.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    sixties > 0
}

impl Emitter {
    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn map_entries(&mut self, entries: &[(Key<'_>, Node<'_>)], indent: usize) -> Result<()> {
        for (index, (key, value)) in entries.iter().enumerate() {
            if index > 0 || !self.out.ends_with(' ') {
                self.newline();
                self.out.push_str(&" ".repeat(indent));
            }
            match key {
                Key::Field(name) => self.out.push_str(name),
                Key::Str(text) => {
                    let style = self.style(text)?;
                    if style == Style::Literal {
                        return unsupported("an option key with a line break");
                    }
                    self.inline(text, style)?;
                }
            }
            self.out.push(':');
            self.value(value, deeper(indent), true)?;
        }
        Ok(())
    }

    /// Writes a value after `key:` (`in_map`) or after `-`; `child` is the indent of its
    /// children.
    fn value(&mut self, node: &Node<'_>, child: usize, in_map: bool) -> Result<()> {
        match node {
            Node::Map(entries) if entries.is_empty() => self.out.push_str(" {}"),
            Node::Seq(items) if items.is_empty() => self.out.push_str(" []"),
            Node::Map(entries) => {
                if in_map {
                    self.map_entries(entries, child)?;
                } else {
                    self.out.push(' ');
                    self.map_entries(entries, child)?;
                }
            }
            Node::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    if in_map || index > 0 {
                        self.newline();
                        self.out.push_str(&" ".repeat(child));
                    } else {
                        self.out.push(' ');
                    }
                    self.out.push('-');
                    self.value(item, child + 2, false)?;
                }
            }
            Node::Raw(text) => {
                self.out.push(' ');
                self.out.push_str(text);
            }
            Node::Str(text) => {
                let style = self.style(text)?;
                self.out.push(' ');
                if style == Style::Literal {
                    self.literal(text, child);
                } else {
                    self.inline(text, style)?;
                }
            }
        }
        Ok(())
    }

    /// The style go-yaml ends up with for a string.
    fn style(&self, s: &str) -> Result<Style> {
        if s.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
            return unsupported("U+0085, U+2028 or U+2029 in a string");
        }
        if s.starts_with('\u{FEFF}') {
            return unsupported("a string starting with U+FEFF");
        }
        let old = self.library != YamlLibrary::GoYamlV4Rc6;
        let requested = if s.contains('\n') {
            if self.library == YamlLibrary::YamlV3
                && (s.starts_with('\n') || s.trim_matches('\n').is_empty())
            {
                return unsupported(
                    "yaml.v3's block scalars of strings that start with a line break",
                );
            }
            if s.len() >= 2 && s.chars().any(|c| !is_go_space(c)) {
                Style::Literal
            } else {
                Style::Double
            }
        } else if s == "<<" {
            match self.library {
                YamlLibrary::GoYamlV4Rc6 => Style::Single,
                YamlLibrary::YamlV3 => Style::Plain,
                _ => Style::Double,
            }
        } else if is_legacy_word(s) {
            if old { Style::Double } else { Style::Single }
        } else if resolve(s) != Resolved::Str {
            Style::Double
        } else {
            Style::Plain
        };
        let analysis = analyze(s);
        Ok(match requested {
            Style::Plain if analysis.plain => Style::Plain,
            Style::Plain | Style::Single if analysis.single => Style::Single,
            Style::Literal if analysis.literal => Style::Literal,
            _ => Style::Double,
        })
    }

    fn inline(&mut self, s: &str, style: Style) -> Result<()> {
        match style {
            Style::Plain => self.out.push_str(s),
            Style::Single => {
                self.out.push('\'');
                self.out.push_str(&s.replace('\'', "''"));
                self.out.push('\'');
            }
            Style::Double => self.double(s),
            Style::Literal => return unsupported("a block scalar in an inline position"),
        }
        Ok(())
    }

    fn double(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            let escape = match c {
                '\0' => Some("\\0".to_string()),
                '\u{7}' => Some("\\a".to_string()),
                '\u{8}' => Some("\\b".to_string()),
                '\t' => Some("\\t".to_string()),
                '\n' => Some("\\n".to_string()),
                '\u{B}' => Some("\\v".to_string()),
                '\u{C}' => Some("\\f".to_string()),
                '\r' => Some("\\r".to_string()),
                '\u{1B}' => Some("\\e".to_string()),
                '"' => Some("\\\"".to_string()),
                '\\' => Some("\\\\".to_string()),
                '\u{85}' => Some("\\N".to_string()),
                '\u{A0}' => Some("\\_".to_string()),
                '\u{2028}' => Some("\\L".to_string()),
                '\u{2029}' => Some("\\P".to_string()),
                c if is_printable(c) => None,
                c if (c as u32) <= 0xFF => Some(format!("\\x{:02X}", c as u32)),
                c if (c as u32) <= 0xFFFF => Some(format!("\\u{:04X}", c as u32)),
                c => Some(format!("\\U{:08X}", c as u32)),
            };
            match escape {
                Some(text) => self.out.push_str(&text),
                None => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.out.push('|');
        let leading_break = s.starts_with('\n');
        if s.starts_with(' ') || (leading_break && self.library == YamlLibrary::GoYamlV4Rc3) {
            self.out.push('4');
        }
        if !s.ends_with('\n') {
            self.out.push('-');
        } else if s == "\n" || s.ends_with("\n\n") {
            self.out.push('+');
        }
        self.out.push('\n');
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            if !line.is_empty() {
                self.out.push_str(&" ".repeat(indent));
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
        if !s.ends_with('\n') {
            // The last line has no break of its own: the next entry starts the line.
            self.out.pop();
        }
    }
}

/// The three fragments of `yaml-scalars.json` for a string: `{"v": s}`, `{"v": [s]}` and
/// `{s: 1}`.
#[cfg(test)]
pub fn fragments(s: &str, library: YamlLibrary) -> Result<[String; 3]> {
    let documents = [
        vec![(Key::Str("v"), Node::Str(s))],
        vec![(Key::Str("v"), Node::Seq(vec![Node::Str(s)]))],
        vec![(Key::Str(s), Node::Raw("1".to_string()))],
    ];
    let mut out: [String; 3] = Default::default();
    for (slot, entries) in out.iter_mut().zip(documents) {
        if let Key::Str(key) = &entries[0].0
            && (key.len() > 128 || key.contains(is_break))
        {
            return unsupported("a complex key");
        }
        let mut emitter = Emitter {
            out: String::new(),
            library,
        };
        emitter.map_entries(&entries, 0)?;
        emitter.out.push('\n');
        if emitter.out.ends_with("\n\n") && !s.ends_with('\n') {
            emitter.out.pop();
        }
        *slot = emitter.out;
    }
    Ok(out)
}
