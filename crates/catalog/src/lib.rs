//! The catalog interchange document (`certgraph` catalog format) and the bundled catalog.
//!
//! A document is a [`Catalog`] plus free-form `notes` (provenance, discrepancies found in
//! a source). Parsing validates every code and every cross-record invariant, so a
//! [`CatalogDocument`] that parsed is safe to store.

mod format;

use certgraph_domain::{Catalog, CatalogProblem};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use format::CatalogFormat;

/// The JSON Schema of the catalog format (`catalog/catalog.schema.json`).
pub const SCHEMA_JSON: &str = include_str!("../../../catalog/catalog.schema.json");

/// The catalog shipped in the binary, built from `catalog/seed/expert-certifications.md`.
pub const BUNDLED_JSON: &str = include_str!("../../../catalog/expert-certifications.json");

/// A catalog file: the catalog itself and notes about where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogDocument {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(flatten)]
    pub catalog: Catalog,
}

/// The document as it is read. Deserializing `#[serde(flatten)]` buffers the whole input in
/// serde's generic content tree before building the records (reading and validating the
/// 236 MB benchmark catalog peaked at 1.3 GB with it, 0.5 GB without, at 2.4× the CPU), so
/// the fields are named here and the records built straight from the input. Unknown fields
/// are ignored, as they were with `flatten`.
#[derive(Deserialize)]
struct WireDocument {
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    certifications: Vec<certgraph_domain::Certification>,
    #[serde(default)]
    exams: Vec<certgraph_domain::Exam>,
    #[serde(default)]
    courses: Vec<certgraph_domain::Course>,
}

/// The document as YAML is read: YAML is parsed whole anyway, and with the catalog
/// flattened every syntax error is reported before any error in a record's fields.
#[derive(Deserialize)]
pub(crate) struct YamlDocument {
    #[serde(default)]
    notes: Vec<String>,
    #[serde(flatten)]
    catalog: Catalog,
}

impl From<YamlDocument> for CatalogDocument {
    fn from(doc: YamlDocument) -> Self {
        Self {
            notes: doc.notes,
            catalog: doc.catalog,
        }
    }
}

impl<'de> Deserialize<'de> for CatalogDocument {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut wire = WireDocument::deserialize(deserializer)?;
        // A vector read from a sequence of unknown length doubles as it grows, so up to half
        // its capacity is unused (~70 MB on a million records); the records stay for the
        // whole import, the slack need not.
        wire.certifications.shrink_to_fit();
        wire.exams.shrink_to_fit();
        wire.courses.shrink_to_fit();
        Ok(Self {
            notes: wire.notes,
            catalog: Catalog {
                certifications: wire.certifications,
                exams: wire.exams,
                courses: wire.courses,
            },
        })
    }
}

/// Why a catalog document was refused.
#[derive(Debug, Error)]
pub enum CatalogError {
    #[error("malformed catalog JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("malformed catalog YAML at line {line}, column {column}: {message}")]
    YamlSyntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("invalid catalog: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<CatalogProblem>),
    #[error("cannot read or write the catalog: {0}")]
    Io(String),
}

impl CatalogDocument {
    /// Parses and validates a JSON catalog document.
    pub fn from_json(text: &str) -> Result<Self, CatalogError> {
        let doc: Self = serde_json::from_str(text).map_err(|e| CatalogError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        doc.catalog.validate().map_err(CatalogError::Invalid)?;
        Ok(doc)
    }
}

/// The bundled catalog, parsed and validated.
pub fn bundled() -> Result<CatalogDocument, CatalogError> {
    CatalogDocument::from_json(BUNDLED_JSON)
}

/// Exams the seed names only by code. The bundled catalog gives them their official titles
/// from Microsoft Learn's exam pages, so a dashboard has something to print; an import of
/// the seed alone leaves them untitled.
pub const TITLES_NOT_IN_SEED: [&str; 4] = ["AZ-104", "AZ-204", "PL-200", "PL-400"];

/// The bundled catalog as the seed alone describes it: without [`TITLES_NOT_IN_SEED`].
/// What importing the seed must give.
pub fn bundled_as_seeded() -> Result<CatalogDocument, CatalogError> {
    let mut doc = bundled()?;
    for exam in &mut doc.catalog.exams {
        if TITLES_NOT_IN_SEED.contains(&exam.code.as_str()) {
            exam.title = None;
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalog_is_valid_and_complete() {
        let doc = bundled().expect("bundled catalog must validate");
        assert_eq!(doc.catalog.certifications.len(), 7);
        assert_eq!(doc.catalog.exams.len(), 8);
        assert_eq!(doc.catalog.courses.len(), 7);
        assert!(doc.notes.iter().any(|n| n.contains("pl-4000")));
        assert!(doc.notes.iter().any(|n| n.contains("Microsoft Learn")));
        assert!(doc.catalog.exams.iter().all(|e| e.title.is_some()));
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = CatalogDocument::from_json("{\n  \"exams\": [,]\n}").unwrap_err();
        assert!(matches!(err, CatalogError::Syntax { line: 2, .. }), "{err}");
    }

    #[test]
    fn invalid_references_are_refused() {
        let text = r#"{"certifications":[{"code":"a","name":"A","level":"EXPERT","status":"ACTIVE",
            "requirements":[{"kind":"ALL_OF","items":[{"exam":"ZZ-999"}]}]}]}"#;
        let err = CatalogDocument::from_json(text).unwrap_err();
        assert!(err.to_string().contains("unknown exam `ZZ-999`"), "{err}");
    }
}
