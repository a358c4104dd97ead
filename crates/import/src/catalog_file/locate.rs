//! Places a problem of the catalog as a whole (a duplicate, an unknown reference, a cycle)
//! at the record it concerns, and where possible at the offending value inside it.

use certgraph_domain::CatalogProblem;

use super::tree::{Node, Value};
use crate::diagnostic::{Diagnostic, Severity};

/// The records of a catalog file by kind, in the file's order.
pub(super) struct Index<'a> {
    records: Vec<(&'static str, &'a Node)>,
}

impl<'a> Index<'a> {
    pub(super) fn new(root: &'a Node) -> Self {
        let mut records = Vec::new();
        for (key, kind) in [
            ("certifications", "certification"),
            ("exams", "exam"),
            ("courses", "course"),
        ] {
            if let Some(Value::Seq(items)) = root.get(key).map(|n| &n.value) {
                records.extend(items.iter().map(|item| (kind, item)));
            }
        }
        Self { records }
    }

    /// Records of `kind` whose code is `code` (codes compare case-insensitively, as exam
    /// codes are normalised).
    fn find(&self, kind: &'static str, code: &str) -> impl Iterator<Item = &'a Node> + '_ {
        let code = code.to_owned();
        self.records.iter().filter_map(move |(k, node)| {
            let same = *k == kind
                && node
                    .get("code")
                    .and_then(Node::text)
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(&code));
            same.then_some(*node)
        })
    }

    /// A certification or course `code` (what references start from).
    fn referrer(&self, code: &str) -> Option<(&'static str, &'a Node)> {
        let cert = self
            .find("certification", code)
            .next()
            .map(|n| ("certification", n));
        cert.or_else(|| self.find("course", code).next().map(|n| ("course", n)))
    }

    pub(super) fn locate(&self, problem: CatalogProblem) -> Diagnostic {
        let place: Option<(&str, &Node, Option<&Node>)> = match &problem {
            // The last copy is the one to remove.
            CatalogProblem::DuplicateCode { kind, code } => {
                self.find(kind, code).last().map(|n| (*kind, n, None))
            }
            CatalogProblem::EmptyName { kind, code } => self
                .find(kind, code)
                .next()
                .map(|n| (*kind, n, n.get("name").or_else(|| n.get("title")))),
            CatalogProblem::NulInText { kind, code, field } => {
                self.find(kind, code).next().map(|n| (*kind, n, n.get(field)))
            }
            CatalogProblem::UnknownReference { from, code, .. } => self
                .referrer(from)
                .map(|(kind, n)| (kind, n, scalar(n, code, false))),
            CatalogProblem::DuplicateItem { certification, code } => self
                .referrer(certification)
                .map(|(kind, n)| (kind, n, scalar(n, code, true))),
            CatalogProblem::EmptyGroup { certification, .. } => self
                .referrer(certification)
                .map(|(kind, n)| (kind, n, n.get("requirements"))),
            CatalogProblem::Cycle { certifications } => certifications
                .first()
                .and_then(|c| self.referrer(c))
                .map(|(kind, n)| (kind, n, n.get("requirements"))),
        };
        let message = problem.to_string();
        match place {
            Some((kind, record, at)) => {
                let at = at.unwrap_or(record);
                let code = record.get("code").and_then(Node::text).unwrap_or_default();
                Diagnostic::at(Severity::Error, at.line, Some(at.column), message)
                    .in_record(format!("{kind} `{code}`"))
            }
            None => Diagnostic {
                severity: Severity::Error,
                file: String::new(),
                line: None,
                column: None,
                record: None,
                message,
            },
        }
    }
}

/// The first (or last) scalar under `node` that reads `text`.
fn scalar<'a>(node: &'a Node, text: &str, last: bool) -> Option<&'a Node> {
    let mut found = Vec::new();
    collect(node, text, &mut found);
    if last {
        found.last().copied()
    } else {
        found.first().copied()
    }
}

fn collect<'a>(node: &'a Node, text: &str, found: &mut Vec<&'a Node>) {
    match &node.value {
        Value::Scalar { text: t, .. } if t.trim().eq_ignore_ascii_case(text) => found.push(node),
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter().for_each(|n| collect(n, text, found)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| collect(v, text, found)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog_file::tree::parse;

    #[test]
    fn problems_are_placed_at_the_offending_value() {
        let text = "certifications:\n- code: a\n  requirements:\n  - kind: ALL_OF\n    items:\n    - exam: ZZ-999\nexams:\n- code: AZ-104\n- code: AZ-104\n";
        let root = parse(text).unwrap();
        let index = Index::new(&root);
        let unknown = index.locate(CatalogProblem::UnknownReference {
            from: "a".into(),
            kind: "exam",
            code: "ZZ-999".into(),
        });
        assert_eq!(
            (unknown.line, unknown.record.as_deref()),
            (Some(6), Some("certification `a`"))
        );
        let duplicate = index.locate(CatalogProblem::DuplicateCode {
            kind: "exam",
            code: "AZ-104".into(),
        });
        assert_eq!(duplicate.line, Some(9));
    }
}
