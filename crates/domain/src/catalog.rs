//! The whole catalog as one value, and the invariants that span records.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{find_cycle, Certification, Course, Exam, PrerequisiteEdge, RequirementItem};

/// Every certification, exam and course, with the requirement edges between them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    #[serde(default)]
    pub certifications: Vec<Certification>,
    #[serde(default)]
    pub exams: Vec<Exam>,
    #[serde(default)]
    pub courses: Vec<Course>,
}

/// One broken invariant. `validate` returns all of them at once so a user fixes a file in one pass.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CatalogProblem {
    DuplicateCode {
        kind: &'static str,
        code: String,
    },
    UnknownReference {
        from: String,
        kind: &'static str,
        code: String,
    },
    EmptyGroup {
        certification: String,
        position: usize,
    },
    DuplicateItem {
        certification: String,
        code: String,
    },
    EmptyName {
        kind: &'static str,
        code: String,
    },
    Cycle {
        certifications: Vec<String>,
    },
    /// Text holding NUL (U+0000), which PostgreSQL cannot store: refused on every backend,
    /// so a catalog means the same wherever it is imported.
    NulInText {
        kind: &'static str,
        code: String,
        field: &'static str,
    },
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateCode { kind, code } => write!(f, "duplicate {kind} code `{code}`"),
            Self::UnknownReference { from, kind, code } => {
                write!(f, "`{from}` refers to unknown {kind} `{code}`")
            }
            Self::EmptyGroup {
                certification,
                position,
            } => {
                write!(
                    f,
                    "certification `{certification}`: requirement group {position} has no items"
                )
            }
            Self::DuplicateItem { certification, code } => {
                write!(f, "certification `{certification}` lists `{code}` more than once")
            }
            Self::EmptyName { kind, code } => write!(f, "{kind} `{code}` has an empty name"),
            Self::NulInText { kind, code, field } => {
                write!(f, "{kind} `{code}`: `{field}` contains NUL (U+0000)")
            }
            Self::Cycle { certifications } => write!(
                f,
                "prerequisite cycle through certifications {}",
                certifications
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Every free-text field, for the NUL check.
fn check_text(catalog: &Catalog, problems: &mut Vec<CatalogProblem>) {
    let mut check = |kind: &'static str, code: &str, field: &'static str, text: Option<&str>| {
        if text.is_some_and(|t| t.contains('\0')) {
            problems.push(CatalogProblem::NulInText {
                kind,
                code: code.to_owned(),
                field,
            });
        }
    };
    for c in &catalog.certifications {
        let code = c.code.as_str();
        check("certification", code, "name", Some(&c.name));
        check("certification", code, "description", c.description.as_deref());
        check(
            "certification",
            code,
            "pathImage.url",
            c.path_image.as_ref().map(|i| i.url.as_str()),
        );
        check(
            "certification",
            code,
            "pathImage.alt",
            c.path_image.as_ref().map(|i| i.alt.as_str()),
        );
    }
    for e in &catalog.exams {
        check("exam", e.code.as_str(), "title", e.title.as_deref());
    }
    for c in &catalog.courses {
        check("course", c.code.as_str(), "title", c.title.as_deref());
    }
}

impl Catalog {
    /// Checks every cross-record invariant and reports all violations, sorted.
    pub fn validate(&self) -> Result<(), Vec<CatalogProblem>> {
        let mut problems = Vec::new();
        let certs = unique_codes(
            self.certifications.iter().map(|c| c.code.as_str()),
            "certification",
            &mut problems,
        );
        let exams = unique_codes(self.exams.iter().map(|e| e.code.as_str()), "exam", &mut problems);
        unique_codes(
            self.courses.iter().map(|c| c.code.as_str()),
            "course",
            &mut problems,
        );

        for cert in &self.certifications {
            if cert.name.trim().is_empty() {
                problems.push(CatalogProblem::EmptyName {
                    kind: "certification",
                    code: cert.code.to_string(),
                });
            }
            check_requirements(cert, &certs, &exams, &mut problems);
        }
        check_text(self, &mut problems);
        for course in &self.courses {
            for exam in &course.exams {
                if !exams.contains(exam.as_str()) {
                    problems.push(CatalogProblem::UnknownReference {
                        from: course.code.to_string(),
                        kind: "exam",
                        code: exam.to_string(),
                    });
                }
            }
        }
        if let Some(cycle) = find_cycle(self.prerequisite_edges()) {
            problems.push(CatalogProblem::Cycle {
                certifications: cycle.into_iter().map(String::from).collect(),
            });
        }
        problems.sort();
        problems.dedup();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Every certification → certification requirement edge.
    pub fn prerequisite_edges(&self) -> impl Iterator<Item = PrerequisiteEdge<'_>> {
        self.certifications.iter().flat_map(|cert| {
            cert.requirements
                .iter()
                .flat_map(|g| &g.items)
                .filter_map(move |item| match item {
                    RequirementItem::Certification(to) => Some(PrerequisiteEdge { from: &cert.code, to }),
                    RequirementItem::Exam(_) => None,
                })
        })
    }
}

fn unique_codes<'a>(
    codes: impl Iterator<Item = &'a str>,
    kind: &'static str,
    problems: &mut Vec<CatalogProblem>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for code in codes {
        if !seen.insert(code) {
            problems.push(CatalogProblem::DuplicateCode {
                kind,
                code: code.to_owned(),
            });
        }
    }
    seen
}

fn check_requirements(
    cert: &Certification,
    certs: &HashSet<&str>,
    exams: &HashSet<&str>,
    problems: &mut Vec<CatalogProblem>,
) {
    let mut listed = BTreeSet::new();
    for (position, group) in cert.requirements.iter().enumerate() {
        if group.items.is_empty() {
            problems.push(CatalogProblem::EmptyGroup {
                certification: cert.code.to_string(),
                position: position + 1,
            });
        }
        for item in &group.items {
            let (kind, code, known) = match item {
                RequirementItem::Certification(c) => {
                    ("certification", c.as_str(), certs.contains(c.as_str()))
                }
                RequirementItem::Exam(e) => ("exam", e.as_str(), exams.contains(e.as_str())),
            };
            if !known {
                problems.push(CatalogProblem::UnknownReference {
                    from: cert.code.to_string(),
                    kind,
                    code: code.to_owned(),
                });
            }
            if !listed.insert(item) {
                problems.push(CatalogProblem::DuplicateItem {
                    certification: cert.code.to_string(),
                    code: code.to_owned(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CertificationCode, CertificationStatus, ExamCode, ExamStatus, GroupKind, Level, RequirementGroup,
    };

    fn cert(code: &str, items: Vec<RequirementItem>) -> Certification {
        Certification {
            code: CertificationCode::parse(code).unwrap(),
            name: code.to_uppercase(),
            level: Level::Associate,
            description: None,
            url: None,
            path_image: None,
            status: CertificationStatus::Active,
            requirements: vec![RequirementGroup {
                kind: GroupKind::AllOf,
                items,
            }],
        }
    }

    fn c(code: &str) -> RequirementItem {
        RequirementItem::Certification(CertificationCode::parse(code).unwrap())
    }

    fn e(code: &str) -> RequirementItem {
        RequirementItem::Exam(ExamCode::parse(code).unwrap())
    }

    fn exam(code: &str) -> Exam {
        Exam {
            code: ExamCode::parse(code).unwrap(),
            title: None,
            url: None,
            status: ExamStatus::Live,
        }
    }

    #[test]
    fn a_consistent_catalog_validates() {
        let catalog = Catalog {
            certifications: vec![cert("a", vec![e("AZ-104")]), cert("b", vec![c("a"), e("AZ-400")])],
            exams: vec![exam("AZ-104"), exam("AZ-400")],
            courses: vec![],
        };
        assert_eq!(catalog.validate(), Ok(()));
    }

    #[test]
    fn nul_in_text_is_refused_naming_the_record_and_field() {
        let mut named = cert("a", vec![e("AZ-104")]);
        named.name = "Azure\0Admin".into();
        let mut titled = exam("AZ-104");
        titled.title = Some("Microsoft Azure\0".into());
        let catalog = Catalog {
            certifications: vec![named],
            exams: vec![titled],
            courses: vec![],
        };
        let problems: Vec<String> = catalog
            .validate()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "certification `a`: `name` contains NUL (U+0000)",
                "exam `AZ-104`: `title` contains NUL (U+0000)"
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_together() {
        let catalog = Catalog {
            certifications: vec![
                cert("a", vec![c("b"), e("XX-999")]),
                cert("b", vec![c("a")]),
                cert("b", vec![]),
            ],
            exams: vec![],
            courses: vec![],
        };
        let problems = catalog.validate().unwrap_err();
        assert!(problems.contains(&CatalogProblem::DuplicateCode {
            kind: "certification",
            code: "b".into()
        }));
        assert!(problems.contains(&CatalogProblem::UnknownReference {
            from: "a".into(),
            kind: "exam",
            code: "XX-999".into()
        }));
        assert!(problems.contains(&CatalogProblem::EmptyGroup {
            certification: "b".into(),
            position: 1
        }));
        assert!(problems.contains(&CatalogProblem::Cycle {
            certifications: vec!["a".into(), "b".into()]
        }));
    }
}
