//! Source positions (byte offset → 1-based line and column) in a Markdown document, and the
//! warnings and errors collected on the way: reading goes on past an error so that one run
//! reports them all.

use crate::diagnostic::{Diagnostic, Severity};
use crate::MarkdownError;

/// Maps byte offsets in the source to 1-based lines and columns.
///
/// Line endings are those of CommonMark: `\n`, `\r\n` and a lone `\r`.
#[derive(Debug)]
pub(crate) struct Diagnostics<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) errors: Vec<MarkdownError>,
}

impl<'a> Diagnostics<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        Self {
            text,
            line_starts,
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The source text.
    pub(crate) fn source(&self) -> &'a str {
        self.text
    }

    /// The 1-based line holding `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).max(1)
    }

    /// The 1-based line and column (in characters) of `offset`.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        (line, column)
    }

    /// Records a warning about the line holding `offset`.
    pub(crate) fn warn(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.line(offset);
        self.warnings
            .push(Diagnostic::at(Severity::Warning, line, None, message));
    }

    /// Records an error; the caller skips what it concerns and reads on.
    pub(crate) fn fail(&mut self, error: MarkdownError) {
        self.errors.push(error);
    }

    /// The warnings, ordered by line (stable, so warnings on one line keep their order).
    pub(crate) fn into_warnings(mut self) -> Vec<Diagnostic> {
        self.warnings.sort_by_key(|w| w.line);
        self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let d = Diagnostics::new("ab\ncdé\r\nf\rg");
        assert_eq!(d.position(0), (1, 1));
        assert_eq!(d.position(1), (1, 2));
        assert_eq!(d.position(3), (2, 1));
        assert_eq!(d.position(7), (2, 4), "columns count characters, not bytes");
        assert_eq!(d.position(9), (3, 1));
        assert_eq!(d.position(11), (4, 1), "a lone CR ends a line");
    }

    #[test]
    fn offsets_past_the_end_do_not_panic() {
        let d = Diagnostics::new("é");
        assert_eq!(d.position(1), (1, 1));
        assert_eq!(d.position(99), (1, 1));
    }
}
