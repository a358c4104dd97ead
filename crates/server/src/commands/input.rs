//! The import's input as the command line names it, handed to the import crate's one
//! pipeline; here only the flags are translated and the diagnostics printed, as
//! `PATH:LINE:COLUMN: error: …` lines an editor can jump to.

use std::path::Path;

use certgraph_import::{Diagnostic, Format, Import, InputError, Request, Severity, Source};
use certgraph_store::StoreError;
use clap::ValueEnum;
use thiserror::Error;

use super::console::Console;
use super::progress::Progress;

/// The formats `certgraph import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The seed's Markdown (`catalog/seed/expert-certifications.md`).
    Markdown,
    /// certgraph's catalog format, JSON or YAML (what `certgraph export` writes).
    Catalog,
    /// A Microsoft Learn Catalog API response (JSON).
    Learn,
}

impl From<ImportFormat> for Format {
    fn from(format: ImportFormat) -> Self {
        match format {
            ImportFormat::Markdown => Self::Markdown,
            ImportFormat::Catalog => Self::Catalog,
            ImportFormat::Learn => Self::Learn,
        }
    }
}

/// Why `certgraph import` failed. Nothing was written in any case.
#[derive(Debug, Error)]
pub enum ImportFailure {
    /// The command line asks for something impossible (exit code 2, like clap's own).
    #[error("{0}")]
    Usage(String),
    /// The input cannot be read.
    #[error("{0}")]
    Input(String),
    /// The input was read but is invalid (or, with --strict, has warnings); the problems
    /// were printed.
    #[error("{0} problem(s) in the input; nothing was written")]
    Invalid(usize),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportFailure {
    /// 2 for a usage error, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<InputError> for ImportFailure {
    fn from(e: InputError) -> Self {
        if e.is_usage() {
            Self::Usage(e.to_string())
        } else {
            Self::Input(e.to_string())
        }
    }
}

/// Notes printed before the rest are only counted: they repeat for every certification
/// of a large Learn response.
const MAX_NOTES: usize = 10;

/// Reads `path` through the import pipeline, with a progress bar over the bytes read.
pub fn read(
    path: &Path,
    format: Option<ImportFormat>,
    requirements: Option<&Path>,
    console: &mut Console,
) -> Result<(Import, Progress), ImportFailure> {
    let source = Source::File(path.to_owned());
    let request = Request {
        format: format.map(Format::from),
        requirements: requirements.map(|p| Source::File(p.to_owned())),
        source,
    };
    let mut progress = Progress::start(console, &request.source.name(), request.source.len());
    let read = certgraph_import::import(&request, &mut |reader| progress.reader(reader));
    let done = match &read {
        Ok(Import { catalog: Some(c), .. }) => format!(
            "read {} certifications, {} exams, {} courses",
            c.certifications.len(),
            c.exams.len(),
            c.courses.len()
        ),
        _ => "read".to_owned(),
    };
    progress.finish(console, &done);
    let import = read?;
    print(console, &import.diagnostics);
    if let Some(r) = import.learn_records {
        console.note(format_args!(
            "import: {} holds {} certifications, {} exams, {} courses; {} records skipped",
            request.source.name(),
            r.certifications,
            r.exams,
            r.courses,
            r.skipped
        ));
    }
    Ok((import, progress))
}

/// Prints diagnostics on standard error, a few notes and every warning and error.
pub fn print(console: &mut Console, diagnostics: &[Diagnostic]) {
    let mut notes = 0;
    for d in diagnostics {
        notes += usize::from(d.severity == Severity::Note);
        if d.severity != Severity::Note || notes <= MAX_NOTES {
            console.note(d);
        }
    }
    if notes > MAX_NOTES {
        let file = diagnostics.first().map_or("", |d| d.file.as_str());
        console.note(format_args!(
            "{file}: note: {} more notes like these",
            notes - MAX_NOTES
        ));
    }
}
