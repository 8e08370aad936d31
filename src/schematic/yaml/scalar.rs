//! String scalars: which style the Go emitter picks for a string (the representer's request,
//! then libyaml's `analyze_scalar` veto rules) and the writers for each style.
//!
//! Ported from go-yaml (`representer.go` `stringv`, `emitterc.go` `analyze_scalar`,
//! `select_scalar_style`, `write_plain/single_quoted/double_quoted/literal_scalar`).

use super::YamlLibrary;
use super::resolve::resolves_to_str;

/// The four styles a Go string can come out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// Where a scalar sits: a simple key cannot be a block scalar nor span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Value,
    SimpleKey,
    ComplexKey,
}

/// The flags libyaml's `analyze_scalar` computes.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub(crate) multiline: bool,
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

/// YAML 1.1 bool words that YAML 1.2 reads as strings.
const OLD_BOOLS: [&str; 22] = [
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
    "OFF", "true", "True", "TRUE", "false", "False", "FALSE",
];

/// `isOldBool`: a YAML 1.1 bool word (`true`/`false` are handled by `resolve` already).
fn is_old_bool(text: &str) -> bool {
    OLD_BOOLS[..16].contains(&text)
}

/// `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        index += 1;
    }
    if !bytes.get(index).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    index += 1;
    while bytes
        .get(index)
        .is_some_and(|byte| byte.is_ascii_digit() || *byte == b'_')
    {
        index += 1;
    }
    let mut groups = 0;
    while bytes.get(index) == Some(&b':') {
        index += 1;
        // `[0-5]?[0-9]`: one digit, or two digits with the first in 0..=5.
        match (bytes.get(index), bytes.get(index + 1)) {
            (Some(first), Some(second))
                if (b'0'..=b'5').contains(first) && second.is_ascii_digit() =>
            {
                index += 2;
            }
            (Some(first), _) if first.is_ascii_digit() => index += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        while bytes
            .get(index)
            .is_some_and(|byte| byte.is_ascii_digit() || *byte == b'_')
        {
            index += 1;
        }
    }
    index == bytes.len()
}

/// Strings that rc.6 hard-codes to single quotes and older libraries to double quotes.
fn is_legacy_quoted(text: &str) -> bool {
    is_old_bool(text) || is_base60_float(text) || text == "<<"
}

/// go-yaml `is_printable` (the set the emitter may write raw).
fn is_printable(ch: char) -> bool {
    matches!(ch, '\n' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && ch != '\u{FEFF}'
}

/// libyaml `IS_BREAK`.
pub(crate) fn is_break(ch: char) -> bool {
    matches!(ch, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml `IS_BLANKZ` for the character at a position (`None` = end of string).
fn is_blankz(ch: Option<char>) -> bool {
    match ch {
        None => true,
        Some(ch) => ch == ' ' || ch == '\t' || ch == '\0' || is_break(ch),
    }
}

/// `analyze_scalar` from go-yaml `emitterc.go`.
pub(crate) fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            plain_allowed: false,
            single_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let mut tabs = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;
    let mut preceded_by_whitespace = true;
    let last = chars.len() - 1;
    for (index, &ch) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blankz(chars.get(index + 1).copied());
        if index == 0 {
            match ch {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match ch {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if ch == '\t' {
            tabs = true;
        } else if !is_printable(ch) {
            special = true;
        }
        if is_break(ch) {
            line_breaks = true;
        }
        if ch == ' ' {
            if index == 0 {
                leading_space = true;
            }
            if index == last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            if index == 0 {
                leading_break = true;
            }
            if index == last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(ch));
    }
    let mut analysis = Analysis {
        multiline: line_breaks,
        plain_allowed: true,
        single_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        analysis.plain_allowed = false;
    }
    if trailing_space {
        analysis.block_allowed = false;
    }
    if break_space {
        analysis.plain_allowed = false;
        analysis.single_allowed = false;
    }
    if space_break || special {
        analysis.plain_allowed = false;
        analysis.single_allowed = false;
        analysis.block_allowed = false;
    }
    if tabs {
        analysis.plain_allowed = false;
        analysis.single_allowed = false;
    }
    // The schematic is emitted in block context, so only the block indicators matter.
    if line_breaks || block_indicators {
        analysis.plain_allowed = false;
    }
    analysis
}

/// The style the representer asks for (`stringv`), before the emitter's veto.
fn requested_style(text: &str, library: YamlLibrary) -> Style {
    if text.contains('\n') {
        let literal = match library {
            YamlLibrary::YamlV3 => true,
            _ => text.len() >= 2 && text.chars().any(|ch| !ch.is_whitespace()),
        };
        return if literal {
            Style::Literal
        } else {
            Style::Double
        };
    }
    if is_legacy_quoted(text) {
        return match library {
            YamlLibrary::GoYamlV4Rc6 => Style::Single,
            YamlLibrary::YamlV3 if text == "<<" => Style::Plain,
            _ => Style::Double,
        };
    }
    if resolves_to_str(text) {
        Style::Plain
    } else {
        Style::Double
    }
}

/// The style the emitter writes: the request after `select_scalar_style`.
pub(crate) fn style_for(
    text: &str,
    analysis: &Analysis,
    position: Position,
    library: YamlLibrary,
) -> Style {
    let mut style = requested_style(text, library);
    if position == Position::SimpleKey && analysis.multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!analysis.plain_allowed || text.is_empty()) {
        style = Style::Single;
    }
    if style == Style::Single && !analysis.single_allowed {
        style = Style::Double;
    }
    if style == Style::Literal && (!analysis.block_allowed || position == Position::SimpleKey) {
        style = Style::Double;
    }
    style
}

/// Writes `text` in `style`. `indent` is the emitter's indentation for the scalar: the content
/// column of a block scalar, and where continuation lines of a quoted scalar start.
pub(crate) fn write(
    out: &mut String,
    text: &str,
    style: Style,
    indent: usize,
    library: YamlLibrary,
) {
    match style {
        Style::Plain => out.push_str(text),
        Style::Single => write_single_quoted(out, text, indent),
        Style::Double => write_double_quoted(out, text),
        Style::Literal => write_literal(out, text, indent, library),
    }
}

/// The column of the end of `out` (characters since the last line break).
fn column(out: &str) -> usize {
    out.chars().rev().take_while(|ch| !is_break(*ch)).count()
}

/// libyaml `write_indent` while inside a scalar (indention already set by a break).
fn write_indent(out: &mut String, indent: usize) {
    if column(out) > indent {
        out.push('\n');
    }
    let pad = indent.saturating_sub(column(out));
    out.extend(std::iter::repeat_n(' ', pad));
}

fn write_single_quoted(out: &mut String, text: &str, indent: usize) {
    out.push('\'');
    let mut breaks = false;
    for ch in text.chars() {
        if ch == ' ' {
            out.push(' ');
        } else if is_break(ch) {
            if !breaks && ch == '\n' {
                out.push('\n');
            }
            out.push(ch);
            breaks = true;
        } else {
            if breaks {
                write_indent(out, indent);
            }
            if ch == '\'' {
                out.push('\'');
            }
            out.push(ch);
            breaks = false;
        }
    }
    out.push('\'');
}

fn write_double_quoted(out: &mut String, text: &str) {
    // go-yaml's `is_bom` ignores its index: a leading BOM escapes every character.
    let escape_all = text.starts_with('\u{FEFF}');
    out.push('"');
    for ch in text.chars() {
        let escape = escape_all || !is_printable(ch) || is_break(ch) || ch == '"' || ch == '\\';
        if !escape {
            out.push(ch);
            continue;
        }
        match ch {
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{B}' => out.push_str("\\v"),
            '\u{C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1B}' => out.push_str("\\e"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{85}' => out.push_str("\\N"),
            '\u{A0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            _ => {
                let code = u32::from(ch);
                let escaped = if code <= 0xFF {
                    format!("\\x{code:02X}")
                } else if code <= 0xFFFF {
                    format!("\\u{code:04X}")
                } else {
                    format!("\\U{code:08X}")
                };
                out.push_str(&escaped);
            }
        }
    }
    out.push('"');
}

fn write_literal(out: &mut String, text: &str, indent: usize, library: YamlLibrary) {
    out.push('|');
    let first = text.chars().next();
    let indent_hint = match library {
        YamlLibrary::GoYamlV4Rc6 | YamlLibrary::GoYamlV4Rc4 => first == Some(' '),
        YamlLibrary::GoYamlV4Rc3 | YamlLibrary::YamlV3 => {
            first.is_some_and(|ch| ch == ' ' || is_break(ch))
        }
    };
    if indent_hint {
        out.push('4');
    }
    let mut reversed = text.chars().rev();
    let last = reversed.next();
    let before_last = reversed.next();
    if !last.is_some_and(is_break) {
        out.push('-');
    } else if before_last.is_none_or(is_break) {
        out.push('+');
    }
    out.push('\n');
    let mut chars = text.chars().peekable();
    // gopkg.in/yaml.v3 drops a leading line break (the header's own break absorbs it).
    if library == YamlLibrary::YamlV3 && chars.peek().copied().is_some_and(is_break) {
        chars.next();
    }
    let mut at_line_start = true;
    for ch in chars {
        if is_break(ch) {
            out.push(ch);
            at_line_start = true;
        } else {
            if at_line_start {
                super::push_spaces(out, indent);
            }
            out.push(ch);
            at_line_start = false;
        }
    }
}
