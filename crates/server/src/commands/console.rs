//! Where a one-shot command writes: its result on standard output, diagnostics and progress on
//! standard error. Tests capture both.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// A command's two output streams, and whether a person is watching standard error.
pub struct Console {
    pub out: Box<dyn Write + Send>,
    pub err: Box<dyn Write + Send>,
    /// Draw progress bars (standard error is a terminal) rather than plain lines.
    pub interactive: bool,
}

impl Console {
    /// The process's standard output and error.
    pub fn stdio() -> Self {
        Self {
            out: Box::new(std::io::stdout()),
            err: Box::new(std::io::stderr()),
            interactive: std::io::stderr().is_terminal(),
        }
    }

    /// A console writing into memory, and handles to read what was written.
    pub fn captured() -> (Self, Captured, Captured) {
        let (out, err) = (Captured::default(), Captured::default());
        let console = Self {
            out: Box::new(out.clone()),
            err: Box::new(err.clone()),
            interactive: false,
        };
        (console, out, err)
    }

    /// Writes one line on standard error; a closed stream is not the command's failure.
    pub fn note(&mut self, line: impl std::fmt::Display) {
        let _ = writeln!(self.err, "{line}");
    }

    /// Writes one line on standard output.
    /// `rows` (the first one the header) in left-aligned columns.
    pub fn table<const N: usize>(&mut self, rows: &[[String; N]]) {
        let widths: Vec<usize> = (0..N)
            .map(|column| rows.iter().map(|r| r[column].chars().count()).max().unwrap_or(0))
            .collect();
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &width)| format!("{cell:<width$}"))
                .collect();
            self.say(cells.join("  ").trim_end());
        }
    }

    pub fn say(&mut self, line: impl std::fmt::Display) {
        let _ = writeln!(self.out, "{line}");
    }
}

/// An in-memory stream shared with the test that reads it.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
