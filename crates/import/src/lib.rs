//! Imports catalogs from every supported format: [`import`] is the one entry point. It
//! detects the format, reads the input (and a `--requirements` overlay), and returns the
//! catalog with every [`Diagnostic`] found on the way, each at its line where the input has
//! lines. Callers only print them and decide whether to write.
//!
//! The seed's Markdown format into a [`CatalogDocument`]:
//!
//! The format, as `catalog/seed/expert-certifications.md` uses it:
//!
//! ```markdown
//! ## Microsoft Certified: Expert ★★★
//!
//! ### [AZ-400](https://…/certifications/devops-engineer/) DevOps Engineer Expert
//!
//! Description paragraphs, kept as Markdown.
//!
//! #### **Prerequisites**
//!
//! One of:
//!
//!  * [Certification: Azure Administrator Associate](https://…/certifications/azure-administrator/) (See: [Exam: AZ-104](https://…/exams/az-104), [Instructor-led Training](https://…/courses/az-104t00))
//!
//! Then:
//!
//!  * [Exam AZ-400: Designing and Implementing Microsoft DevOps Solutions](https://…/exams/az-400) (See: [Instructor-led Training](https://…/courses/az-400t00))
//!
//! ![DevOps Engineer Expert Certification Path](assets/images/devops-engineer-expert-path.png)
//! ```
//!
//! The document is read through pulldown-cmark's event stream, never with line regexes.
//! Where the source contradicts itself (a link whose text names one exam or certification
//! and whose URL names another) the text wins and a warning names the line.

#![warn(missing_docs)]

mod build;
mod catalog_file;
mod diagnostic;
mod error;
mod items;
pub mod learn;
mod levels;
mod links;
mod markdown;
mod overlay;
mod pipeline;
mod positions;
mod raw;
mod reader;
mod slugs;

use certgraph_catalog::CatalogDocument;

pub use diagnostic::{Diagnostic, Severity};
pub use error::MarkdownError;
pub use learn::{looks_like_learn, parse_learn, LearnImport, LearnOptions};
pub use pipeline::{import, Format, Import, InputError, Request, Source};

/// The result of a successful Markdown import: the document and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownImport {
    /// The imported catalog, validated; its `notes` repeat the warnings as `line N: message`.
    pub document: CatalogDocument,
    /// Everything in the source that was corrected or ignored, ordered by line.
    pub warnings: Vec<Diagnostic>,
    /// Where each record was first met, to place problems found later (with the database).
    lines: build::Lines,
}

impl MarkdownImport {
    /// The line of the record a problem of the catalog is about, if the document has it.
    pub fn line_of(&self, problem: &certgraph_domain::CatalogProblem) -> Option<usize> {
        self.lines.line_of(problem)
    }
}

/// Why a Markdown document was refused: every error found, and the warnings beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownRefused {
    /// Every error, in the order found (by certification, then by link).
    pub errors: Vec<MarkdownError>,
    /// What was corrected or ignored, ordered by line.
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for MarkdownRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            match e.line() {
                Some(line) => write!(f, "{sep}line {line}: {e}")?,
                None => write!(f, "{sep}{e}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for MarkdownRefused {}

/// Parses a Markdown catalog in the seed's format and validates the result.
///
/// Levels come from `##` sections (★★★ / "Expert" → `EXPERT`, also Associate, Fundamentals
/// and Specialty) or, failing that, from the last word of a certification's name.
/// Certifications are `###` headings; their descriptions are the exact source of the blocks
/// before `#### Prerequisites` (line endings normalised to `\n`), joined by blank lines.
/// Each prerequisite list is one requirement group: `ONE_OF` after "One of:", otherwise
/// `ALL_OF`. A certification named in a list with the exam that earns it
/// (`(See: [Exam: AZ-104](…))`) is defined there, at the level its name ends with.
///
/// Reading goes on past an error, so that one run reports them all. Any input returns `Ok`
/// or `Err`; nothing panics.
pub fn parse_markdown(text: &str) -> Result<MarkdownImport, MarkdownRefused> {
    let mut diag = positions::Diagnostics::new(text);
    let certs = reader::read(text, &mut diag);
    let (catalog, lines) = build::build(&certs, &mut diag);
    let errors = std::mem::take(&mut diag.errors);
    let warnings = diag.into_warnings();
    if !errors.is_empty() {
        return Err(MarkdownRefused { errors, warnings });
    }
    let notes = warnings
        .iter()
        .map(|w| format!("line {}: {}", w.line.unwrap_or(1), w.message))
        .collect();
    Ok(MarkdownImport {
        document: CatalogDocument { notes, catalog },
        warnings,
        lines,
    })
}
