//! Imports a Microsoft Learn Catalog API response (`GET /api/catalog`) into a [`Catalog`].
//!
//! Used: `certifications` and `mergedCertifications` (uid, title, subtitle, url,
//! certification_type, exams, levels, prerequisites), `exams` (uid, display_name, title, url,
//! courses), `courses` (uid, course_number, title, url, exam) and the `levels` taxonomy.
//! Everything else is skipped unread: other arrays, unknown fields, and fields the catalog
//! has no place for (icon_url, roles, products, subjects, summary, duration_in_hours, a
//! course's certification).
//!
//! Mapping: a certification's code is its uid without `certification.`, an exam's its
//! display_name, a course's its course_number. Level: `fundamentals` → FUNDAMENTALS,
//! `specialty` → SPECIALTY, `role-based` → EXPERT when the title or a level says
//! expert/advanced, else ASSOCIATE. A certification's exams form one `ALL_OF` group after its
//! prerequisites group (several prerequisites, which the source gives without AND/OR, become
//! one `ONE_OF` with a [`Severity::Note`]); [`LearnOptions::requirements`] replaces both.
//! Tracking parameters (`WT.*`) are removed from URLs. A `(beta)` marker makes an exam BETA.
//!
//! A record missing a required field, or whose code is malformed, is skipped with a warning
//! naming it by uid. A requirement whose uid cannot be resolved is an error: dropping it would
//! make the certification easier to earn than it is. A uid not in the input still resolves
//! when it names a code (`exam.az-104`), so an input can refer to records already stored.

mod map;
mod raw;
mod requirements;
mod urls;

use std::collections::HashMap;
use std::io::{BufReader, Read};

use certgraph_domain::{Catalog, CertificationCode, RequirementGroup};
use thiserror::Error;

use crate::diagnostic::Diagnostic;
pub use crate::diagnostic::Severity;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct LearnOptions {
    /// Requirement groups that replace the ones derived from the input, by certification
    /// (from a catalog file given with `--requirements`).
    pub requirements: HashMap<CertificationCode, Vec<RequirementGroup>>,
}

impl LearnOptions {
    /// Options taking the requirement groups of every certification of `overlay`; nothing
    /// else of it is used.
    pub fn with_requirements_of(overlay: Catalog) -> Self {
        Self {
            requirements: overlay
                .certifications
                .into_iter()
                .map(|c| (c.code, c.requirements))
                .collect(),
        }
    }
}

/// How many records the input held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordCounts {
    /// Certifications (a `mergedCertifications` record with a certification counts once).
    pub certifications: usize,
    /// Exams.
    pub exams: usize,
    /// Courses.
    pub courses: usize,
    /// Records skipped as unusable.
    pub skipped: usize,
}

/// The result of reading a response.
#[derive(Debug, Clone)]
pub struct LearnImport {
    /// The catalog, not yet validated: it is checked together with what the database holds.
    pub catalog: Catalog,
    /// Notes, warnings and errors, in the input's order within each kind of record.
    pub diagnostics: Vec<Diagnostic>,
    /// What the input held.
    pub records: RecordCounts,
}

impl LearnImport {
    /// True when a diagnostic is an [`Severity::Error`]: the catalog must not be written.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Why a response could not be read at all.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LearnError {
    /// Not JSON, or not an object of arrays.
    #[error("malformed Learn catalog JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The input could not be read.
    #[error("cannot read the Learn catalog: {0}")]
    Io(String),
}

/// Reads a Learn Catalog API response incrementally and maps it to a catalog.
pub fn parse_learn(reader: impl Read, options: &LearnOptions) -> Result<LearnImport, LearnError> {
    let raw: raw::RawLearn = serde_json::from_reader(BufReader::new(reader)).map_err(|e| {
        if e.is_io() {
            LearnError::Io(e.to_string())
        } else {
            LearnError::Syntax {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            }
        }
    })?;
    let mut mapper = map::Mapper::new(options);
    let catalog = mapper.map(raw);
    Ok(LearnImport {
        catalog,
        diagnostics: mapper.diagnostics,
        records: mapper.counts,
    })
}

/// True when the start of a JSON text looks like a Learn response rather than a certgraph
/// catalog: Learn records have `uid` fields, certgraph's never do.
pub fn looks_like_learn(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(start);
    text.match_indices("\"uid\"")
        .any(|(at, m)| text[at + m.len()..].trim_start().starts_with(':'))
        || ["\"mergedCertifications\"", "\"learningPaths\"", "\"modules\""]
            .iter()
            .any(|key| text.contains(key))
}

#[cfg(test)]
mod tests {
    use super::looks_like_learn;

    #[test]
    fn learn_responses_are_told_from_catalog_files() {
        assert!(looks_like_learn(
            br#"{"certifications": [{"uid" : "certification.x"}]}"#
        ));
        assert!(looks_like_learn(br#"{"modules": []}"#));
        assert!(!looks_like_learn(
            br#"{"certifications": [{"code": "x", "description": "a \"uid\" here"}]}"#
        ));
    }
}
