//! `SchematicError`: why a pasted schematic was rejected, with the field path and, for YAML
//! syntax and type errors, the line and column.

use std::fmt;

/// A schematic that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchematicError {
    /// What is wrong, lowercase, without the location.
    pub message: String,
    /// The field, e.g. `customization.meta[0].key`; empty for the document itself.
    pub path: String,
    /// 1-based line of the offending node, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending node, when known.
    pub column: Option<usize>,
}

impl SchematicError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        SchematicError {
            message: message.into(),
            path: String::new(),
            line: None,
            column: None,
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn in_field(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }

    /// The field path (empty for the whole document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for SchematicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, " (line {line}, column {column})"),
            (Some(line), None) => write!(f, " (line {line})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for SchematicError {}
