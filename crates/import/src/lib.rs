//! Imports the seed's Markdown format into a [`CatalogDocument`].
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
//! and whose URL names another) the text wins and a [`Warning`] names the line.

#![warn(missing_docs)]

mod build;
mod diagnostics;
mod error;
mod items;
pub mod learn;
mod levels;
mod links;
mod markdown;
mod raw;
mod reader;
mod slugs;

use certgraph_catalog::CatalogDocument;
use serde::{Deserialize, Serialize};

pub use error::{ImportError, LocatedProblem};
pub use learn::{looks_like_learn, parse_learn, LearnDiagnostic, LearnImport, LearnOptions, Severity};

/// The result of a successful import: the document and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownImport {
    /// The imported catalog, validated; its `notes` repeat the warnings as `line N: message`.
    pub document: CatalogDocument,
    /// Everything in the source that was corrected or ignored, ordered by line.
    pub warnings: Vec<Warning>,
}

/// Something in the source that the importer corrected or ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based line in the source.
    pub line: usize,
    /// What was wrong and what was stored instead.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

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
/// Any input returns `Ok` or `Err`; nothing panics.
pub fn parse_markdown(text: &str) -> Result<MarkdownImport, ImportError> {
    let mut diag = diagnostics::Diagnostics::new(text);
    let certs = reader::read(text, &mut diag)?;
    let catalog = build::build(&certs, &mut diag)?;
    let warnings = diag.into_warnings();
    let notes = warnings.iter().map(ToString::to_string).collect();
    Ok(MarkdownImport {
        document: CatalogDocument { notes, catalog },
        warnings,
    })
}
