//! Reading an import's input, in any of the three formats, into a catalog, printing what
//! was noticed on the way as `PATH:LINE: warning: …` lines.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use certgraph_catalog::{CatalogDocument, CatalogError, CatalogFormat};
use certgraph_domain::{Catalog, CertificationCode, RequirementGroup};
use certgraph_import::{looks_like_learn, parse_learn, LearnOptions, Severity};
use clap::ValueEnum;
use serde::Deserialize;

use super::import::ImportError;
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

/// Notes printed before the rest are only counted.
const MAX_NOTES: usize = 10;

/// Bytes looked at to tell a Learn response from a catalog file.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The format `path` is in: `.md` → markdown; `.yaml`/`.yml` → catalog; `.json` → learn when
/// it looks like a Learn response, else catalog.
pub fn detect(path: &Path) -> Result<ImportFormat, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown") => Ok(ImportFormat::Markdown),
        Some("yaml" | "yml") => Ok(ImportFormat::Catalog),
        Some("json") => {
            let mut start = Vec::new();
            open(path)?
                .take(SNIFF_BYTES)
                .read_to_end(&mut start)
                .map_err(|e| ImportError::input(path, e))?;
            Ok(if looks_like_learn(&start) {
                ImportFormat::Learn
            } else {
                ImportFormat::Catalog
            })
        }
        _ => Err(ImportError::Usage(format!(
            "cannot tell the format of {} from its extension: pass --format markdown|catalog|learn",
            path.display()
        ))),
    }
}

pub fn open(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|e| ImportError::input(path, e))
}

/// A catalog read from the input, and how many errors were reported while reading it.
pub struct Parsed {
    pub catalog: Catalog,
    /// Errors already printed: the input must not be written, but it is still validated
    /// against the database so that every problem is reported in one run.
    pub errors: usize,
}

/// Reads `path` (already opened as `file`), adding warnings and errors to `lines` (printed
/// by the caller once the progress bar is gone).
pub fn read(
    path: &Path,
    file: File,
    format: ImportFormat,
    requirements: Option<&Path>,
    lines: &mut Vec<String>,
    progress: &Progress,
) -> Result<Parsed, ImportError> {
    let shown = path.display().to_string();
    match format {
        ImportFormat::Markdown => read_markdown(&shown, progress.reader(file), lines),
        ImportFormat::Catalog => {
            let format = CatalogFormat::from_path(path).unwrap_or(CatalogFormat::Json);
            match CatalogDocument::read_unvalidated(progress.reader(file), format) {
                Ok(doc) => Ok(Parsed {
                    catalog: doc.catalog,
                    errors: 0,
                }),
                Err(e) => Err(catalog_error(&shown, e, lines)),
            }
        }
        ImportFormat::Learn => {
            let options = match requirements {
                Some(file) => LearnOptions {
                    requirements: read_requirements(file, lines)?,
                },
                None => LearnOptions::default(),
            };
            read_learn(&shown, progress.reader(file), &options, lines)
        }
    }
}

fn read_markdown(shown: &str, mut reader: impl Read, lines: &mut Vec<String>) -> Result<Parsed, ImportError> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| ImportError::Input(format!("{shown}: {e}")))?;
    match certgraph_import::parse_markdown(&text) {
        Ok(import) => {
            for w in &import.warnings {
                lines.push(format!("{shown}:{}: warning: {}", w.line, w.message));
            }
            Ok(Parsed {
                catalog: import.document.catalog,
                errors: 0,
            })
        }
        Err(certgraph_import::ImportError::Invalid(problems)) => {
            for p in &problems {
                lines.push(format!("{shown}:{}: error: {}", p.line, p.problem));
            }
            Err(ImportError::Invalid(problems.len()))
        }
        Err(e) => {
            let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
            // The message names its line already; the prefix makes it clickable.
            lines.push(format!("{shown}{line}: error: {e}"));
            Err(ImportError::Invalid(1))
        }
    }
}

fn catalog_error(shown: &str, e: CatalogError, lines: &mut Vec<String>) -> ImportError {
    match e {
        CatalogError::Syntax {
            line,
            column,
            message,
        }
        | CatalogError::YamlSyntax {
            line,
            column,
            message,
        } => {
            lines.push(format!("{shown}:{line}:{column}: error: {message}"));
            ImportError::Invalid(1)
        }
        CatalogError::Invalid(problems) => {
            for p in &problems {
                lines.push(format!("{shown}: error: {p}"));
            }
            ImportError::Invalid(problems.len())
        }
        CatalogError::Io(message) => ImportError::Input(format!("{shown}: {message}")),
    }
}

fn read_learn(
    shown: &str,
    reader: impl Read,
    options: &LearnOptions,
    lines: &mut Vec<String>,
) -> Result<Parsed, ImportError> {
    let import = parse_learn(reader, options).map_err(|e| match e {
        certgraph_import::learn::LearnError::Syntax {
            line,
            column,
            message,
        } => {
            lines.push(format!("{shown}:{line}:{column}: error: {message}"));
            ImportError::Invalid(1)
        }
        other => ImportError::Input(format!("{shown}: {other}")),
    })?;
    let mut notes = 0;
    for d in &import.diagnostics {
        // Notes repeat for every certification of a large response: show a few.
        notes += usize::from(d.severity == Severity::Note);
        if d.severity != Severity::Note || notes <= MAX_NOTES {
            lines.push(format!("{shown}: {d}"));
        }
    }
    if notes > MAX_NOTES {
        lines.push(format!(
            "{shown}: note: {} more notes like these",
            notes - MAX_NOTES
        ));
    }
    let r = import.records;
    lines.push(format!(
        "import: {shown} holds {} certifications, {} exams, {} courses; {} records skipped",
        r.certifications, r.exams, r.courses, r.skipped
    ));
    let errors = import
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Ok(Parsed {
        catalog: import.catalog,
        errors,
    })
}

/// `--requirements FILE`: a catalog file (JSON or YAML) of which only each certification's
/// `code` and `requirements` are read, so a short file of just those is enough.
fn read_requirements(
    path: &Path,
    lines: &mut Vec<String>,
) -> Result<std::collections::HashMap<CertificationCode, Vec<RequirementGroup>>, ImportError> {
    #[derive(Deserialize)]
    struct Overlay {
        #[serde(default)]
        certifications: Vec<OverlayCertification>,
    }
    #[derive(Deserialize)]
    struct OverlayCertification {
        code: CertificationCode,
        #[serde(default)]
        requirements: Vec<RequirementGroup>,
    }
    let shown = path.display().to_string();
    // YAML is a superset of JSON, so one reader serves both.
    let de = serde_yaml::Deserializer::from_reader(open(path)?);
    let overlay: Overlay = serde_yaml::with::singleton_map_recursive::deserialize(de).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        lines.push(format!("{shown}{at}: error: {e}"));
        ImportError::Invalid(1)
    })?;
    Ok(overlay
        .certifications
        .into_iter()
        .map(|c| (c.code, c.requirements))
        .collect())
}
