//! certgraph's own catalog format (JSON or YAML, what `certgraph export` writes), read so
//! that every refused record is reported, each at its own line, in one run.
//!
//! JSON is first read straight into the records, which keeps a large file out of memory;
//! only when that fails is the text read again as a tree with positions, record by record.
//! YAML is always read as such a tree (it is parsed whole anyway).

mod de;
mod fields;
mod locate;
pub(crate) mod tree;

use std::collections::HashSet;
use std::io::{BufReader, Read};

use certgraph_catalog::CatalogDocument;
use certgraph_domain::{Catalog, CatalogProblem};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Severity};
pub(crate) use de::from_node;
use tree::{Node, Value};

/// A catalog as far as it could be read, with the problems of the records left out.
#[derive(Debug, Default)]
pub(crate) struct CatalogRead {
    pub(crate) catalog: Catalog,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Codes of refused records: a reference to one is not also "unknown".
    pub(crate) refused: HashSet<String>,
}

/// Reads JSON from `reader` without keeping its text; `None` when the records must be read
/// again from the text to find all their problems.
pub(crate) fn read_json_fast(
    reader: impl Read,
) -> Result<Result<Catalog, Option<Diagnostic>>, std::io::Error> {
    match serde_json::from_reader::<_, CatalogDocument>(BufReader::new(reader)) {
        Ok(doc) => Ok(Ok(doc.catalog)),
        Err(e) if e.is_io() => Err(e.into()),
        Err(e) if e.is_data() => Ok(Err(None)),
        Err(e) => Ok(Err(Some(json_syntax(&e)))),
    }
}

/// A JSON syntax error at its place, its message without the place serde_json appends.
pub(crate) fn json_syntax(e: &serde_json::Error) -> Diagnostic {
    let text = e.to_string();
    let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m);
    Diagnostic::at(Severity::Error, e.line(), Some(e.column()), message)
}

/// Reads the catalog from `text`, reporting every record it cannot read.
pub(crate) fn read_text(text: &str) -> CatalogRead {
    let mut read = CatalogRead::default();
    let root = match tree::parse(text) {
        Ok(root) => root,
        Err(e) => {
            read.diagnostics
                .push(Diagnostic::at(Severity::Error, e.line, Some(e.column), e.message));
            return read;
        }
    };
    let Some(entries) = top_level(&root, &mut read.diagnostics) else {
        return read;
    };
    for (key, value) in entries {
        let catalog = &mut read.catalog;
        let list = match key.text() {
            Some("certifications") => records(value, "certification", &mut catalog.certifications),
            Some("exams") => records(value, "exam", &mut catalog.exams),
            Some("courses") => records(value, "course", &mut catalog.courses),
            _ => continue,
        };
        read.diagnostics.extend(list.0);
        read.refused.extend(list.1);
    }
    read
}

/// The document's entries; a document that is not a mapping is one error.
pub(crate) fn top_level<'a>(root: &'a Node, diagnostics: &mut Vec<Diagnostic>) -> Option<&'a [(Node, Node)]> {
    match &root.value {
        Value::Map(entries) => Some(entries),
        _ if root.is_null() => Some(&[]),
        _ => {
            diagnostics.push(Diagnostic::at(
                Severity::Error,
                root.line,
                Some(root.column),
                "expected a mapping with `certifications`, `exams` and `courses` lists",
            ));
            None
        }
    }
}

/// Reads each record of the list `node` into `out`; returns the problems (every one of each
/// refused record) and the codes of the records refused.
pub(crate) fn records<T: DeserializeOwned>(
    node: &Node,
    kind: &str,
    out: &mut Vec<T>,
) -> (Vec<Diagnostic>, Vec<String>) {
    records_with(node, kind, out, |record| fields::field_errors(kind, record))
}

/// [`records`], with `explain` finding every problem of a refused record (none: its first).
pub(crate) fn records_with<T: DeserializeOwned>(
    node: &Node,
    kind: &str,
    out: &mut Vec<T>,
    explain: impl Fn(&Node) -> Vec<de::DeError>,
) -> (Vec<Diagnostic>, Vec<String>) {
    let items = match &node.value {
        Value::Seq(items) => items.as_slice(),
        _ if node.is_null() => &[],
        _ => {
            let message = format!("expected a list of {kind} records");
            return (
                vec![Diagnostic::at(
                    Severity::Error,
                    node.line,
                    Some(node.column),
                    message,
                )],
                vec![],
            );
        }
    };
    let (mut problems, mut refused) = (Vec::new(), Vec::new());
    for (i, item) in items.iter().enumerate() {
        match from_node::<T>(item) {
            Ok(record) => out.push(record),
            Err(first) => {
                let code = item.get("code").and_then(Node::text);
                let record = code.map_or_else(|| format!("{kind}s[{i}]"), |c| format!("{kind} `{c}`"));
                let mut errors = explain(item);
                if errors.is_empty() {
                    errors.push(first);
                }
                for e in errors {
                    let (line, column) = e.at.unwrap_or((item.line, item.column));
                    problems.push(
                        Diagnostic::at(Severity::Error, line, Some(column), e.message).in_record(&record),
                    );
                }
                refused.extend(code.map(str::to_owned));
            }
        }
    }
    (problems, refused)
}

/// Places problems found with the whole catalog (and the database) at their records in `text`.
pub(crate) fn locate(
    text: &str,
    problems: Vec<CatalogProblem>,
    refused: &HashSet<String>,
) -> Vec<Diagnostic> {
    let root = tree::parse(text).ok();
    let index = root.as_ref().map(locate::Index::new);
    problems
        .into_iter()
        .filter(|p| !matches!(p, CatalogProblem::UnknownReference { code, .. } if refused.contains(code)))
        .map(|p| match &index {
            Some(index) => index.locate(p),
            None => Diagnostic {
                file: String::new(),
                line: None,
                column: None,
                record: None,
                severity: Severity::Error,
                message: p.to_string(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refused_record_is_reported_at_its_line() {
        let text = "exams:\n- code: AZ-4\n  status: LIVE\n- code: AZ-104\n  status: SOON\ncourses:\n- code: AZ-400T00\n";
        let read = read_text(text);
        let lines: Vec<_> = read.diagnostics.iter().map(|d| d.line).collect();
        // The course lacks two fields: both are reported.
        assert_eq!(
            lines,
            [Some(2), Some(5), Some(7), Some(7)],
            "{:#?}",
            read.diagnostics
        );
        assert_eq!(read.diagnostics[1].record.as_deref(), Some("exam `AZ-104`"));
        assert!(read.catalog.exams.is_empty());
    }

    #[test]
    fn json_syntax_errors_name_their_place_once() {
        let Err(Some(d)) = read_json_fast("{\n  \"exams\": [,]\n}".as_bytes()).unwrap() else {
            panic!("a syntax error")
        };
        assert_eq!(d.line, Some(2));
        assert!(!d.message.contains("line"), "{}", d.message);
    }
}
