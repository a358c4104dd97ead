//! The one way in: an input (a file or text), its format (or detection), an optional
//! `--requirements` overlay; out come the catalog and every diagnostic, each naming its
//! file. Nothing here writes or prints.

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use certgraph_domain::{Catalog, CatalogProblem};
use thiserror::Error;

use crate::catalog_file;
use crate::diagnostic::{Diagnostic, Severity};
use crate::learn::{self, LearnError, LearnOptions, RecordCounts};

/// The formats an input can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The seed's Markdown.
    Markdown,
    /// certgraph's catalog format, JSON or YAML (what `certgraph export` writes).
    Catalog,
    /// A Microsoft Learn Catalog API response (JSON).
    Learn,
}

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file, read when imported (twice when a JSON catalog has problems to place).
    File(PathBuf),
    /// Text in memory, with the name diagnostics give it (its extension tells the format).
    Text {
        /// The name shown in diagnostics.
        name: String,
        /// The input.
        text: String,
    },
}

impl Source {
    /// The name diagnostics give the input.
    pub fn name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Text { name, .. } => name.clone(),
        }
    }

    /// The size of the input in bytes (0 when it cannot be told).
    pub fn len(&self) -> u64 {
        match self {
            Self::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Self::Text { text, .. } => text.len() as u64,
        }
    }

    /// True when the input is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn extension(&self) -> Option<String> {
        let path = match self {
            Self::File(path) => path.as_path(),
            Self::Text { name, .. } => Path::new(name),
        };
        Some(path.extension()?.to_str()?.to_ascii_lowercase())
    }

    fn open(&self) -> Result<Box<dyn Read>, InputError> {
        match self {
            Self::File(path) => std::fs::File::open(path)
                .map(|f| Box::new(f) as Box<dyn Read>)
                .map_err(|e| self.unreadable(e)),
            Self::Text { text, .. } => Ok(Box::new(Cursor::new(text.clone().into_bytes()))),
        }
    }

    fn read_text(&self, mut reader: Box<dyn Read>) -> Result<String, InputError> {
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(|e| self.unreadable(e))?;
        Ok(text)
    }

    fn unreadable(&self, e: impl std::fmt::Display) -> InputError {
        InputError::Unreadable {
            name: self.name(),
            message: e.to_string(),
        }
    }
}

/// What to import.
#[derive(Debug, Clone)]
pub struct Request {
    /// The input.
    pub source: Source,
    /// Its format; `None` detects it: `.md` → Markdown, `.yaml`/`.yml` → catalog, `.json`
    /// → Learn when it looks like a Learn response, else catalog.
    pub format: Option<Format>,
    /// A catalog file whose certifications' `requirements` replace the groups derived from
    /// a Learn input. Learn only.
    pub requirements: Option<Source>,
}

/// Why an input could not be read at all (its problems are [`Diagnostic`]s instead).
#[derive(Debug, Error)]
pub enum InputError {
    /// The file cannot be opened or read.
    #[error("cannot read {name}: {message}")]
    Unreadable {
        /// The input's name.
        name: String,
        /// Why.
        message: String,
    },
    /// The format was not given and the extension does not tell it.
    #[error("cannot tell the format of {0} from its extension: pass --format markdown|catalog|learn")]
    UnknownFormat(String),
    /// `--requirements` with an input that is not a Learn response.
    #[error("--requirements applies to --format learn only")]
    RequirementsNeedLearn,
}

impl InputError {
    /// The request itself is wrong (rather than the file): a usage error.
    pub fn is_usage(&self) -> bool {
        !matches!(self, Self::Unreadable { .. })
    }
}

/// An input, read.
#[derive(Debug)]
pub struct Import {
    /// The format it was read as.
    pub format: Format,
    /// The catalog, not yet validated against what is stored; `None` when nothing could be
    /// read that is worth validating (a syntax error, a refused Markdown document).
    pub catalog: Option<Catalog>,
    /// Every problem found, in the input's order, each naming its file.
    pub diagnostics: Vec<Diagnostic>,
    /// What a Learn response held.
    pub learn_records: Option<RecordCounts>,
    source: Source,
    refused: HashSet<String>,
    /// A Markdown document's record lines.
    lines: Option<crate::build::Lines>,
}

impl Import {
    /// How many diagnostics fail the import (`strict`: warnings count too).
    pub fn failures(&self, strict: bool) -> usize {
        self.diagnostics.iter().filter(|d| d.fails(strict)).count()
    }

    /// Places problems found when the catalog was validated (with what is stored) at their
    /// records in the input, where the format allows; a reference to a record already
    /// reported as refused is not reported again.
    pub fn locate(&self, problems: Vec<CatalogProblem>) -> Vec<Diagnostic> {
        let text = match self.format {
            Format::Catalog => self.source.open().and_then(|r| self.source.read_text(r)).ok(),
            Format::Markdown | Format::Learn => None,
        };
        let mut located = match text {
            Some(text) => catalog_file::locate(&text, problems, &self.refused),
            None => problems
                .into_iter()
                .map(|p| Diagnostic {
                    severity: Severity::Error,
                    file: String::new(),
                    line: self.lines.as_ref().and_then(|lines| lines.line_of(&p)),
                    column: None,
                    record: None,
                    message: p.to_string(),
                })
                .collect(),
        };
        name(&mut located, &self.source.name());
        located
    }
}

/// Bytes looked at to tell a Learn response from a catalog file.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The format of `source` by its extension (and, for JSON, its first bytes).
pub fn detect(source: &Source) -> Result<Format, InputError> {
    match source.extension().as_deref() {
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("yaml" | "yml") => Ok(Format::Catalog),
        Some("json") => {
            let mut start = Vec::new();
            source
                .open()?
                .take(SNIFF_BYTES)
                .read_to_end(&mut start)
                .map_err(|e| source.unreadable(e))?;
            Ok(if learn::looks_like_learn(&start) {
                Format::Learn
            } else {
                Format::Catalog
            })
        }
        _ => Err(InputError::UnknownFormat(source.name())),
    }
}

/// Reads `request`'s input; `observe` wraps the input's reader (a progress bar, say).
pub fn import(
    request: &Request,
    observe: &mut dyn FnMut(Box<dyn Read>) -> Box<dyn Read>,
) -> Result<Import, InputError> {
    let format = match request.format {
        Some(format) => format,
        None => detect(&request.source)?,
    };
    if request.requirements.is_some() && format != Format::Learn {
        return Err(InputError::RequirementsNeedLearn);
    }
    let source = &request.source;
    let mut import = Import {
        format,
        catalog: None,
        diagnostics: Vec::new(),
        learn_records: None,
        source: source.clone(),
        refused: HashSet::new(),
        lines: None,
    };
    let input = observe(source.open()?);
    match format {
        Format::Markdown => read_markdown(&mut import, source.read_text(input)?),
        Format::Catalog if source.extension().as_deref() == Some("json") => {
            match catalog_file::read_json_fast(input).map_err(|e| source.unreadable(e))? {
                Ok(catalog) => import.catalog = Some(catalog),
                Err(Some(syntax)) => import.diagnostics.push(syntax),
                Err(None) => read_catalog(&mut import, &source.read_text(source.open()?)?),
            }
        }
        Format::Catalog => read_catalog(&mut import, &source.read_text(input)?),
        Format::Learn => read_learn(&mut import, input, request.requirements.as_ref())?,
    }
    name(&mut import.diagnostics, &source.name());
    Ok(import)
}

/// Gives every diagnostic not yet naming a file the name of `file`.
fn name(diagnostics: &mut [Diagnostic], file: &str) {
    for d in diagnostics.iter_mut().filter(|d| d.file.is_empty()) {
        d.file = file.to_owned();
    }
}

fn read_markdown(import: &mut Import, text: String) {
    match crate::parse_markdown(&text) {
        Ok(read) => {
            import.diagnostics = read.warnings;
            import.catalog = Some(read.document.catalog);
            import.lines = Some(read.lines);
        }
        Err(refused) => {
            import.diagnostics = refused.warnings;
            import
                .diagnostics
                .extend(refused.errors.iter().map(crate::MarkdownError::to_diagnostic));
            // Errors and warnings together, in the document's order.
            import.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
        }
    }
}

fn read_catalog(import: &mut Import, text: &str) {
    let read = catalog_file::read_text(text);
    import.diagnostics = read.diagnostics;
    import.refused = read.refused;
    // A document that could not be parsed at all gives nothing to validate.
    let parsed = !import.diagnostics.iter().any(|d| d.record.is_none());
    import.catalog = parsed.then_some(read.catalog);
}

fn read_learn(
    import: &mut Import,
    input: Box<dyn Read>,
    requirements: Option<&Source>,
) -> Result<(), InputError> {
    let mut options = LearnOptions::default();
    if let Some(overlay) = requirements {
        let text = overlay.read_text(overlay.open()?)?;
        let (groups, mut problems) = crate::overlay::read(&text);
        name(&mut problems, &overlay.name());
        import.diagnostics.extend(problems);
        options.requirements = groups;
    }
    match learn::parse_learn(input, &options) {
        Ok(read) => {
            import.diagnostics.extend(read.diagnostics);
            import.learn_records = Some(read.records);
            import.catalog = Some(read.catalog);
            Ok(())
        }
        Err(LearnError::Syntax {
            line,
            column,
            message,
        }) => {
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            import
                .diagnostics
                .push(Diagnostic::at(Severity::Error, line, Some(column), message));
            Ok(())
        }
        Err(e) => Err(import.source.unreadable(e)),
    }
}
