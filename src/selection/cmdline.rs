//! Kernel command line text ⇄ arguments. Two splitting rules: the factory UI's
//! (`strings.Split(strings.TrimSpace(text), " ")`, so two spaces make an empty argument and
//! quotes mean nothing) and a shell-like one (quotes and backslashes, so an argument may
//! contain spaces). The UI explains when the two disagree.

use crate::i18n::Text;

/// A shell-like command line that could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmdlineError {
    /// A quote (`'` or `"`) opened at this character position (0-based) is never closed.
    UnterminatedQuote { quote: char, position: usize },
    /// The text ends with a lone backslash.
    TrailingBackslash,
}

impl CmdlineError {
    /// What the page says about it.
    pub fn text(&self) -> Text {
        match self {
            CmdlineError::UnterminatedQuote {
                quote: '\'',
                position,
            } => Text::cmdline_single_quote(position + 1),
            CmdlineError::UnterminatedQuote { position, .. } => {
                Text::cmdline_double_quote(position + 1)
            }
            CmdlineError::TrailingBackslash => Text::cmdline_trailing_backslash(),
        }
    }
}

/// The factory UI's rule: trim white space, then split on every single space. Empty text
/// gives no arguments; consecutive spaces give empty arguments; tabs and newlines stay inside
/// arguments.
pub fn split_cmdline_factory(text: &str) -> Vec<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed.split(' ').map(str::to_string).collect()
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Shell-like splitting: blanks (space, tab, newline) separate arguments; `'…'` keeps
/// everything literally; `"…"` keeps everything except `\"` and `\\`, which escape; outside
/// quotes a backslash escapes the next character (a backslash-newline joins lines). `''`
/// makes an empty argument.
pub fn split_cmdline_shell(text: &str) -> Result<Vec<String>, CmdlineError> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut in_arg = false;
    let mut chars = text.chars().enumerate().peekable();
    while let Some((position, c)) = chars.next() {
        match c {
            c if is_separator(c) => {
                if in_arg {
                    args.push(std::mem::take(&mut current));
                    in_arg = false;
                }
            }
            '\'' => {
                in_arg = true;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, inner)) => current.push(inner),
                        None => {
                            return Err(CmdlineError::UnterminatedQuote {
                                quote: '\'',
                                position,
                            });
                        }
                    }
                }
            }
            '"' => {
                in_arg = true;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.peek() {
                            Some(&(_, escaped @ ('"' | '\\'))) => {
                                current.push(escaped);
                                chars.next();
                            }
                            _ => current.push('\\'),
                        },
                        Some((_, inner)) => current.push(inner),
                        None => {
                            return Err(CmdlineError::UnterminatedQuote {
                                quote: '"',
                                position,
                            });
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some((_, '\n')) => {}
                Some((_, escaped)) => {
                    in_arg = true;
                    current.push(escaped);
                }
                None => return Err(CmdlineError::TrailingBackslash),
            },
            other => {
                in_arg = true;
                current.push(other);
            }
        }
    }
    if in_arg {
        args.push(current);
    }
    Ok(args)
}

/// Writes arguments as shell-like text that [`split_cmdline_shell`] splits back into the
/// same arguments: plain when safe, single-quoted otherwise (`'` as `'\''`).
pub fn join_cmdline_shell(args: &[String]) -> String {
    let quoted: Vec<String> = args
        .iter()
        .map(|arg| {
            let plain = !arg.is_empty()
                && arg
                    .chars()
                    .all(|c| !is_separator(c) && !matches!(c, '\'' | '"' | '\\'));
            if plain {
                arg.clone()
            } else {
                format!("'{}'", arg.replace('\'', "'\\''"))
            }
        })
        .collect();
    quoted.join(" ")
}

/// Whether the two rules split `text` differently (a shell-like error counts as different).
pub fn splits_differ(text: &str) -> bool {
    split_cmdline_shell(text).map_or(true, |shell| shell != split_cmdline_factory(text))
}
