//! The one shape every importer reports in: a problem, how much it matters, and where.
//!
//! Markdown, catalog files, Learn responses and the `--requirements` overlay all speak
//! [`Diagnostic`], so a caller prints one list in one format and decides once whether the
//! import may be written.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How much a [`Diagnostic`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// A choice the importer made that the user may want to override. Never fails an
    /// import, not even a strict one: large Learn inputs make the same choice thousands of
    /// times.
    Note,
    /// Something in the input that was ignored or corrected. Fails a strict import.
    Warning,
    /// Something that makes the input unusable: nothing may be written.
    Error,
}

impl Severity {
    /// `note`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One problem found in an input.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How much it matters.
    pub severity: Severity,
    /// The input as the user named it; empty until the pipeline knows the file.
    pub file: String,
    /// 1-based line, when the problem has a place in the text.
    pub line: Option<usize>,
    /// 1-based column in characters, when known more precisely than the line.
    pub column: Option<usize>,
    /// The record concerned (`certification `devops-engineer``, `exams[3]`), when there is one.
    pub record: Option<String>,
    /// What is wrong, and what was done about it.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at a line (and column) of a file not yet named.
    pub fn at(severity: Severity, line: usize, column: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: String::new(),
            line: Some(line),
            column,
            record: None,
            message: message.into(),
        }
    }

    /// A diagnostic about a record, without a place in the text.
    pub fn about(severity: Severity, record: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: String::new(),
            line: None,
            column: None,
            record: Some(record.into()),
            message: message.into(),
        }
    }

    /// The same diagnostic, naming `record`.
    pub fn in_record(mut self, record: impl Into<String>) -> Self {
        self.record = Some(record.into());
        self
    }

    /// Whether this diagnostic stops the import (`strict`: warnings do too).
    pub fn fails(&self, strict: bool) -> bool {
        match self.severity {
            Severity::Error => true,
            Severity::Warning => strict,
            Severity::Note => false,
        }
    }
}

/// `FILE:LINE:COLUMN: SEVERITY: RECORD: MESSAGE`, each place part left out when unknown,
/// as compilers write it so that editors can jump to the place.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.file.is_empty() || self.line.is_some() {
            f.write_str(": ")?;
        }
        write!(f, "{}: ", self.severity.as_str())?;
        if let Some(record) = &self.record {
            write!(f, "{record}: ")?;
        }
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_prints_like_a_compiler_message() {
        let mut d = Diagnostic::at(Severity::Error, 2, Some(9), "bad code").in_record("exams[0]");
        d.file = "broken.yaml".into();
        assert_eq!(d.to_string(), "broken.yaml:2:9: error: exams[0]: bad code");
        d.column = None;
        d.record = None;
        assert_eq!(d.to_string(), "broken.yaml:2: error: bad code");
        d.line = None;
        assert_eq!(d.to_string(), "broken.yaml: error: bad code");
    }

    #[test]
    fn only_strict_imports_fail_on_warnings_and_none_on_notes() {
        let warning = Diagnostic::about(Severity::Warning, "x", "y");
        assert!(!warning.fails(false) && warning.fails(true));
        let note = Diagnostic::about(Severity::Note, "x", "y");
        assert!(!note.fails(true));
    }
}
