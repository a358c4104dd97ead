//! Why a Markdown document, or a part of it, could not be imported.

use certgraph_domain::{CatalogProblem, DomainError};

use crate::diagnostic::{Diagnostic, Severity};
use thiserror::Error;

/// A problem that keeps (part of) a Markdown document from being imported. Every variant
/// that concerns a place in the document names its 1-based line (and column, where a link
/// is to blame); the message does not repeat them.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MarkdownError {
    /// A `###` certification heading without the link that gives its code.
    #[error(
        "the certification heading “{text}” has no link; expected `### [EXAM-CODES](certification URL) Name`"
    )]
    HeadingWithoutLink {
        /// 1-based line of the heading.
        line: usize,
        /// The heading's text.
        text: String,
    },

    /// A certification heading or link with nothing to name the certification.
    #[error("the certification has no name")]
    MissingName {
        /// 1-based line of the link.
        line: usize,
        /// 1-based column (in characters) of the link.
        column: usize,
    },

    /// A certification whose level is given neither by its section nor by its name.
    #[error("cannot tell the level of certification “{name}”: put it under a `## … Expert` (Associate, Fundamentals, Specialty) section or end its name with the level")]
    UnknownLevel {
        /// 1-based line of the certification.
        line: usize,
        /// The certification's name.
        name: String,
    },

    /// A prerequisite list item that is neither an exam link nor a certification link.
    #[error(
        "the prerequisite “{text}” is neither `[Exam CODE: Title](url)` nor `[Certification: Name](url)`"
    )]
    UnrecognisedPrerequisite {
        /// 1-based line of the item.
        line: usize,
        /// 1-based column (in characters) of the item's content.
        column: usize,
        /// The item's text (at most 120 characters).
        text: String,
    },

    /// An exam code that the domain refuses.
    #[error("{error}")]
    InvalidCode {
        /// 1-based line of the link.
        line: usize,
        /// 1-based column (in characters) of the link.
        column: usize,
        /// Why the code was refused.
        #[source]
        error: DomainError,
    },

    /// A certification name from which no code can be derived (it has no ASCII letters or digits).
    #[error("cannot derive a certification code from the name “{name}”")]
    NoCertificationCode {
        /// 1-based line of the link.
        line: usize,
        /// 1-based column (in characters) of the link.
        column: usize,
        /// The certification's name.
        name: String,
    },

    /// A prerequisite certification that the document neither defines nor says how to earn.
    #[error("the prerequisite certification “{name}” (`{code}`) is not defined in the document: add its `###` heading or the exam that earns it, as in `(See: [Exam: AZ-104](url))`")]
    UnknownCertification {
        /// 1-based line of the link.
        line: usize,
        /// 1-based column (in characters) of the link.
        column: usize,
        /// The name in the link's text.
        name: String,
        /// The code the link resolved to.
        code: String,
    },

    /// Two `###` headings for the same certification.
    #[error("certification `{code}` is already defined at line {first_line}")]
    DuplicateCertification {
        /// 1-based line of the second heading.
        line: usize,
        /// 1-based line of the first heading.
        first_line: usize,
        /// The certification's code.
        code: String,
    },

    /// The document has no certification headings at all.
    #[error("the document defines no certifications: expected `### [EXAM-CODES](certification URL) Name` headings")]
    NoCertifications,

    /// The imported catalog breaks a cross-record invariant (a cycle, a duplicate item…).
    #[error("{problem}")]
    Invalid {
        /// 1-based line of the certification (or course) the problem is about.
        line: usize,
        /// What is wrong.
        problem: CatalogProblem,
    },
}

impl MarkdownError {
    /// A stable SHOUTY_SNAKE code for the error, for reports and API error extensions.
    pub fn code(&self) -> &'static str {
        match self {
            Self::HeadingWithoutLink { .. } => "HEADING_WITHOUT_LINK",
            Self::MissingName { .. } => "MISSING_NAME",
            Self::UnknownLevel { .. } => "UNKNOWN_LEVEL",
            Self::UnrecognisedPrerequisite { .. } => "UNRECOGNISED_PREREQUISITE",
            Self::InvalidCode { .. } => "INVALID_CODE",
            Self::NoCertificationCode { .. } => "NO_CERTIFICATION_CODE",
            Self::UnknownCertification { .. } => "UNKNOWN_CERTIFICATION",
            Self::DuplicateCertification { .. } => "DUPLICATE_CERTIFICATION",
            Self::NoCertifications => "NO_CERTIFICATIONS",
            Self::Invalid { .. } => "INVALID_CATALOG",
        }
    }

    /// The 1-based line the error is about (the first one, for an invalid catalog).
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::HeadingWithoutLink { line, .. }
            | Self::MissingName { line, .. }
            | Self::UnknownLevel { line, .. }
            | Self::UnrecognisedPrerequisite { line, .. }
            | Self::InvalidCode { line, .. }
            | Self::NoCertificationCode { line, .. }
            | Self::UnknownCertification { line, .. }
            | Self::DuplicateCertification { line, .. }
            | Self::Invalid { line, .. } => Some(*line),
            Self::NoCertifications => None,
        }
    }

    /// The 1-based column the error is about, where a link is to blame.
    pub fn column(&self) -> Option<usize> {
        match self {
            Self::MissingName { column, .. }
            | Self::UnrecognisedPrerequisite { column, .. }
            | Self::InvalidCode { column, .. }
            | Self::NoCertificationCode { column, .. }
            | Self::UnknownCertification { column, .. } => Some(*column),
            _ => None,
        }
    }

    /// The error as a [`Diagnostic`] (of a file not yet named).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: String::new(),
            line: self.line(),
            column: self.column(),
            record: None,
            message: self.to_string(),
        }
    }
}
