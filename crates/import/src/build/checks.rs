//! The checks that need the whole document: heading codes against prerequisite lists,
//! repeated and unknown certifications, and finally the catalog's own invariants.

use std::collections::{BTreeSet, HashMap};

use certgraph_domain::{Catalog, CatalogProblem, ExamCode, GroupKind, RequirementGroup, RequirementItem};

use super::{Builder, DOCUMENT};
use crate::raw::RawCert;
use crate::MarkdownError;

/// The exams a certification's groups list directly.
fn exams_of(groups: &[RequirementGroup]) -> BTreeSet<&ExamCode> {
    groups
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| match item {
            RequirementItem::Exam(code) => Some(code),
            RequirementItem::Certification(_) => None,
        })
        .collect()
}

fn list(codes: &BTreeSet<&ExamCode>) -> String {
    codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Builder<'_, '_> {
    /// Without a prerequisites list, the exams the heading names are the requirements.
    pub(super) fn heading_requirements(&mut self, cert: &RawCert) -> Vec<RequirementGroup> {
        let line = self.diag.line(cert.start);
        if cert.exam_codes.is_empty() {
            self.diag.warn(
                cert.start,
                format!("certification “{}” lists no prerequisites", cert.name),
            );
            return Vec::new();
        }
        let codes: Vec<String> = cert.exam_codes.iter().map(ToString::to_string).collect();
        self.diag.warn(
            cert.start,
            format!(
            "certification “{}” has no prerequisites list; required ALL_OF the exams its heading names: {}",
            cert.name,
            codes.join(", ")
        ),
        );
        for code in &cert.exam_codes {
            if self.exams.get(code.as_str()).is_none() {
                let exam = certgraph_domain::Exam {
                    code: code.clone(),
                    title: None,
                    url: None,
                    status: certgraph_domain::ExamStatus::Live,
                };
                self.exams.insert(code.as_str(), exam, DOCUMENT, line);
            }
        }
        vec![RequirementGroup {
            kind: GroupKind::AllOf,
            items: cert
                .exam_codes
                .iter()
                .cloned()
                .map(RequirementItem::Exam)
                .collect(),
        }]
    }

    /// The heading's link text names the exams the prerequisites require directly; say where they differ.
    pub(super) fn compare_with_heading(&mut self, cert: &RawCert, groups: &[RequirementGroup]) {
        if cert.exam_codes.is_empty() {
            return;
        }
        let heading: BTreeSet<&ExamCode> = cert.exam_codes.iter().collect();
        let listed = exams_of(groups);
        let only_heading: BTreeSet<_> = heading.difference(&listed).copied().collect();
        let only_listed: BTreeSet<_> = listed.difference(&heading).copied().collect();
        if !only_heading.is_empty() {
            self.diag.warn(
                cert.start,
                format!(
                    "the heading of “{}” names exam(s) {} that its prerequisites do not list",
                    cert.name,
                    list(&only_heading)
                ),
            );
        }
        if !only_listed.is_empty() {
            self.diag.warn(
                cert.start,
                format!(
                    "the prerequisites of “{}” require exam(s) {} that its heading does not name",
                    cert.name,
                    list(&only_listed)
                ),
            );
        }
    }

    /// Checks repeats and references, then the catalog's invariants; the problems go to `diag`.
    pub(super) fn finish(mut self) -> (Catalog, Lines) {
        self.check_repeats();
        let unknown = self.check_references();
        let lines = Lines {
            certs: self.certs.lines(),
            exams: self.exams.lines(),
            courses: self.courses.lines(),
        };
        let catalog = Catalog {
            certifications: self.certs.into_values(),
            exams: self.exams.into_values(),
            courses: self.courses.into_values(),
        };
        if let Err(problems) = catalog.validate() {
            // An unknown certification was reported where it is referred to, just above.
            let again = |p: &CatalogProblem| matches!(p, CatalogProblem::UnknownReference { code, .. } if unknown.contains(code));
            for problem in problems.into_iter().filter(|p| !again(p)) {
                self.diag.fail(lines.locate(problem));
            }
        }
        (catalog, lines)
    }

    /// A certification listed again (under another expert, say) must agree with its first definition.
    fn check_repeats(&mut self) {
        for repeat in std::mem::take(&mut self.repeats) {
            let Some(first) = self.certs.get(repeat.code.as_str()) else {
                continue;
            };
            let (first_line, first_name) = (first.line, first.value.name.clone());
            let defined = exams_of(&first.value.requirements);
            let listed: BTreeSet<&ExamCode> = repeat.exams.iter().collect();
            let mut problems = Vec::new();
            if first_name != repeat.name {
                problems.push(format!(
                    "is named “{}” here but “{first_name}” at line {first_line}",
                    repeat.name
                ));
            }
            if defined != listed {
                problems.push(format!(
                    "is earned by {} here but by {} at line {first_line}",
                    list(&listed),
                    list(&defined)
                ));
            }
            if !problems.is_empty() {
                let message = format!(
                    "certification `{}` {}; kept line {first_line}'s",
                    repeat.code,
                    problems.join(" and ")
                );
                self.diag.warn(repeat.start, message);
            }
        }
    }

    /// Reports each reference to a certification defined nowhere; returns their codes.
    fn check_references(&mut self) -> BTreeSet<String> {
        let mut unknown = BTreeSet::new();
        for (code, name, start) in &self.references {
            if self.certs.get(code.as_str()).is_none() {
                unknown.insert(code.to_string());
                let (line, column) = self.diag.position(*start);
                self.diag.fail(MarkdownError::UnknownCertification {
                    line,
                    column,
                    name: name.clone(),
                    code: code.to_string(),
                });
            }
        }
        unknown
    }
}

/// The line each record was first met on, to place the catalog's problems in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lines {
    certs: HashMap<String, usize>,
    exams: HashMap<String, usize>,
    courses: HashMap<String, usize>,
}

impl Lines {
    fn find(table: &HashMap<String, usize>, code: &str) -> Option<usize> {
        table.get(code).copied()
    }

    /// The line of the record `problem` is about, if the document has it.
    pub(crate) fn line_of(&self, problem: &CatalogProblem) -> Option<usize> {
        let in_kind = |kind: &str, code: &str| match kind {
            "exam" => Self::find(&self.exams, code),
            "course" => Self::find(&self.courses, code),
            _ => Self::find(&self.certs, code),
        };
        let from = |code: &str| Self::find(&self.certs, code).or_else(|| Self::find(&self.courses, code));
        match problem {
            CatalogProblem::DuplicateCode { kind, code }
            | CatalogProblem::EmptyName { kind, code }
            | CatalogProblem::NulInText { kind, code, .. } => in_kind(kind, code),
            CatalogProblem::UnknownReference { from: code, .. } => from(code),
            CatalogProblem::EmptyGroup { certification, .. }
            | CatalogProblem::DuplicateItem { certification, .. } => from(certification),
            CatalogProblem::Cycle { certifications } => certifications.first().and_then(|c| from(c)),
        }
    }

    fn locate(&self, problem: CatalogProblem) -> MarkdownError {
        MarkdownError::Invalid {
            line: self.line_of(&problem).unwrap_or(1),
            problem,
        }
    }
}
