//! Reading and writing catalog documents as JSON or YAML, and the canonical form exports use.
//!
//! The canonical form is deterministic: records sorted by code (byte order, the same on every
//! database), fields in the order the domain types declare them, absent optional fields left
//! out, and a trailing newline. Exporting, importing into an empty database and exporting
//! again gives the same bytes.

use std::io::{Read, Write};
use std::path::Path;

use crate::{CatalogDocument, CatalogError};

/// How a catalog document is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    Json,
    Yaml,
}

impl CatalogFormat {
    /// The format a file name implies: `.json`, or `.yaml`/`.yml` (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "yaml" | "yml" => Some(Self::Yaml),
            _ => None,
        }
    }
}

impl CatalogDocument {
    /// Parses a document without checking cross-record invariants: an import validates the
    /// records together with what the database already holds. Reads incrementally, so the
    /// text is never held in memory beside the parsed records (JSON; YAML is read whole).
    pub fn read_unvalidated(reader: impl Read, format: CatalogFormat) -> Result<Self, CatalogError> {
        match format {
            CatalogFormat::Json => serde_json::from_reader(std::io::BufReader::new(reader)).map_err(|e| {
                if e.is_io() {
                    CatalogError::Io(e.to_string())
                } else {
                    CatalogError::Syntax {
                        line: e.line(),
                        column: e.column(),
                        message: e.to_string(),
                    }
                }
            }),
            CatalogFormat::Yaml => {
                let de = serde_norway::Deserializer::from_reader(reader);
                serde_norway::with::singleton_map_recursive::deserialize::<crate::YamlDocument, _>(de)
                    .map(Self::from)
                    .map_err(yaml_error)
            }
        }
    }

    /// Parses and validates a YAML catalog document.
    pub fn from_yaml(text: &str) -> Result<Self, CatalogError> {
        let doc = Self::read_unvalidated(text.as_bytes(), CatalogFormat::Yaml)?;
        doc.catalog.validate().map_err(CatalogError::Invalid)?;
        Ok(doc)
    }

    /// Sorts certifications, exams and courses by code. Requirement groups, their items and a
    /// course's exams keep their order: it is part of the data.
    pub fn sort_by_code(&mut self) {
        let catalog = &mut self.catalog;
        catalog.certifications.sort_by(|a, b| a.code.cmp(&b.code));
        catalog.exams.sort_by(|a, b| a.code.cmp(&b.code));
        catalog.courses.sort_by(|a, b| a.code.cmp(&b.code));
    }

    /// Writes the document as it stands (call [`sort_by_code`](Self::sort_by_code) first for
    /// the canonical form): JSON pretty-printed with two-space indents, or YAML with
    /// requirement items as `exam: AZ-400` maps; both end with a newline.
    pub fn write(&self, mut writer: impl Write, format: CatalogFormat) -> Result<(), CatalogError> {
        match format {
            CatalogFormat::Json => {
                serde_json::to_writer_pretty(&mut writer, self)
                    .map_err(|e| CatalogError::Io(e.to_string()))?;
                writer
                    .write_all(b"\n")
                    .map_err(|e| CatalogError::Io(e.to_string()))?;
            }
            CatalogFormat::Yaml => {
                let mut ser = serde_norway::Serializer::new(&mut writer);
                serde_norway::with::singleton_map_recursive::serialize(self, &mut ser).map_err(yaml_error)?;
            }
        }
        writer.flush().map_err(|e| CatalogError::Io(e.to_string()))
    }

    /// The canonical text of this document in `format`.
    pub fn to_canonical_string(&self, format: CatalogFormat) -> Result<String, CatalogError> {
        let mut sorted = self.clone();
        sorted.sort_by_code();
        let mut bytes = Vec::new();
        sorted.write(&mut bytes, format)?;
        String::from_utf8(bytes).map_err(|e| CatalogError::Io(e.to_string()))
    }
}

fn yaml_error(e: serde_norway::Error) -> CatalogError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    CatalogError::YamlSyntax {
        line,
        column,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(
            CatalogFormat::from_path(Path::new("a/b.JSON")),
            Some(CatalogFormat::Json)
        );
        assert_eq!(
            CatalogFormat::from_path(Path::new("b.yml")),
            Some(CatalogFormat::Yaml)
        );
        assert_eq!(CatalogFormat::from_path(Path::new("b.md")), None);
    }

    #[test]
    fn json_and_yaml_round_trip_to_the_same_document() {
        let doc = bundled().unwrap();
        for format in [CatalogFormat::Json, CatalogFormat::Yaml] {
            let text = doc.to_canonical_string(format).unwrap();
            assert!(text.ends_with('\n'));
            let back = CatalogDocument::read_unvalidated(text.as_bytes(), format).unwrap();
            let mut sorted = doc.clone();
            sorted.sort_by_code();
            assert_eq!(back, sorted, "{format:?}");
            assert_eq!(
                back.to_canonical_string(format).unwrap(),
                text,
                "{format:?} is not stable"
            );
        }
    }

    #[test]
    fn yaml_requirement_items_are_plain_maps() {
        let text = bundled()
            .unwrap()
            .to_canonical_string(CatalogFormat::Yaml)
            .unwrap();
        assert!(text.contains("- exam: AZ-400\n"), "{text}");
        assert!(text.contains("- certification: azure-administrator\n"), "{text}");
        assert!(!text.contains('!'), "no YAML tags: {text}");
    }

    #[test]
    fn yaml_errors_carry_a_position_and_invalid_yaml_is_refused() {
        let err = CatalogDocument::read_unvalidated("exams:\n  - code: [\n".as_bytes(), CatalogFormat::Yaml)
            .unwrap_err();
        assert!(matches!(err, CatalogError::YamlSyntax { line: 3, .. }), "{err}");
        let text = "certifications:\n- code: a\n  name: A\n  level: EXPERT\n  status: ACTIVE\n  requirements:\n  - kind: ALL_OF\n    items:\n    - exam: ZZ-999\n";
        let err = CatalogDocument::from_yaml(text).unwrap_err();
        assert!(err.to_string().contains("unknown exam `ZZ-999`"), "{err}");
    }
}
