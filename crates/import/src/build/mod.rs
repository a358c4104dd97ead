//! Turns what the document says into a validated [`Catalog`]: resolves certification codes,
//! merges the repeated mentions of an exam, course or certification, and orders the records
//! as a reader meets them — the document's own certifications and the exams and courses
//! they require first, then the certifications they refer to and those certifications' exams
//! and courses.

use std::fmt::Display;

use certgraph_domain::{
    Catalog, Certification, CertificationCode, CertificationStatus, Course, Exam, ExamCode, ExamStatus,
    GroupKind, RequirementGroup, RequirementItem,
};

use crate::levels::name_level;
use crate::positions::Diagnostics;
use crate::raw::{CertMention, CourseMention, ExamMention, RawCert, RawItem};
use crate::slugs::{Resolved, Resolver};
use crate::MarkdownError;

pub(crate) use checks::Lines;
use registry::Registry;

mod checks;
mod registry;

/// Records under a `###` heading, and what those require directly.
const DOCUMENT: u8 = 0;
/// Certifications named only in prerequisite lists, and their exams and courses.
const REFERENCED: u8 = 1;

/// Builds the catalog from the document's certification sections, and the line each record
/// was first met on. What cannot be built is reported in `diag` and left out, so that every
/// problem is found in one run.
pub(crate) fn build(certs: &[RawCert], diag: &mut Diagnostics<'_>) -> (Catalog, Lines) {
    let mut resolver = Resolver::default();
    for cert in certs {
        resolver.learn(&cert.name, &cert.url);
        for mention in cert_mentions(cert) {
            resolver.learn(&mention.name, &mention.url);
        }
    }
    let mut builder = Builder {
        diag,
        resolver,
        certs: Registry::default(),
        exams: Registry::default(),
        courses: Registry::default(),
        references: Vec::new(),
        repeats: Vec::new(),
    };
    let mut defined = Vec::new();
    for cert in certs {
        match builder.define(cert) {
            Ok(code) => defined.push((cert, code)),
            Err(e) => builder.diag.fail(e),
        }
    }
    for (cert, code) in defined {
        builder.require(cert, &code);
    }
    builder.finish()
}

fn cert_mentions(cert: &RawCert) -> impl Iterator<Item = &CertMention> {
    cert.groups
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| match item {
            RawItem::Certification(mention) => Some(mention),
            RawItem::Exam(_) => None,
        })
}

/// A prerequisite link that repeats a certification defined elsewhere; checked at the end.
struct Repeat {
    code: CertificationCode,
    name: String,
    exams: Vec<ExamCode>,
    start: usize,
}

struct Builder<'d, 'a> {
    diag: &'d mut Diagnostics<'a>,
    resolver: Resolver,
    certs: Registry<Certification>,
    exams: Registry<Exam>,
    courses: Registry<Course>,
    /// Links naming a certification without saying how it is earned: (code, name, offset).
    references: Vec<(CertificationCode, String, usize)>,
    repeats: Vec<Repeat>,
}

impl Builder<'_, '_> {
    /// The code of a certification named in the document; a URL that disagrees with the name is warned about.
    fn resolve(&mut self, name: &str, url: &str, start: usize) -> Result<Resolved, MarkdownError> {
        let resolved = self.resolver.resolve(name, url).ok_or_else(|| {
            let (line, column) = self.diag.position(start);
            MarkdownError::NoCertificationCode {
                line,
                column,
                name: name.to_owned(),
            }
        })?;
        if let Some(problem) = &resolved.problem {
            self.diag.warn(start, problem.clone());
        }
        Ok(resolved)
    }

    /// Registers a `###` certification, without its requirements yet.
    fn define(&mut self, cert: &RawCert) -> Result<CertificationCode, MarkdownError> {
        let resolved = self.resolve(&cert.name, &cert.url, cert.start)?;
        let line = self.diag.line(cert.start);
        let code = resolved.code;
        if let Some(first_line) = self.certs.line(code.as_str()) {
            return Err(MarkdownError::DuplicateCertification {
                line,
                first_line,
                code: code.to_string(),
            });
        }
        let description = (!cert.description.is_empty()).then(|| cert.description.join("\n\n"));
        let value = Certification {
            code: code.clone(),
            name: cert.name.clone(),
            level: cert.level,
            description,
            url: resolved.url,
            path_image: cert.image.clone(),
            status: CertificationStatus::Active,
            requirements: Vec::new(),
        };
        self.certs.insert(code.as_str(), value, DOCUMENT, line);
        Ok(code)
    }

    /// Reads a `###` certification's prerequisite lists into its requirement groups.
    fn require(&mut self, cert: &RawCert, code: &CertificationCode) {
        let mut groups = Vec::new();
        for group in &cert.groups {
            let mut items = Vec::new();
            for item in &group.items {
                match self.item(item) {
                    Ok(item) => items.push(item),
                    Err(e) => self.diag.fail(e),
                }
            }
            if items.is_empty() && !group.items.is_empty() {
                // Every item was refused: the group is not also "empty".
                continue;
            }
            groups.push(RequirementGroup {
                kind: group.kind,
                items,
            });
        }
        if groups.is_empty() {
            groups = self.heading_requirements(cert);
        } else {
            self.compare_with_heading(cert, &groups);
        }
        if let Some(entry) = self.certs.get_mut(code.as_str()) {
            entry.value.requirements = groups;
        }
    }

    fn item(&mut self, item: &RawItem) -> Result<RequirementItem, MarkdownError> {
        match item {
            RawItem::Exam(exam) => {
                self.exam(exam, DOCUMENT);
                Ok(RequirementItem::Exam(exam.code.clone()))
            }
            RawItem::Certification(mention) => {
                let resolved = self.resolve(&mention.name, &mention.url, mention.start)?;
                for exam in &mention.exams {
                    self.exam(exam, REFERENCED);
                }
                let code = resolved.code.clone();
                if mention.exams.is_empty() {
                    self.references
                        .push((code.clone(), mention.name.clone(), mention.start));
                } else {
                    self.define_referenced(resolved, mention)?;
                }
                Ok(RequirementItem::Certification(code))
            }
        }
    }

    /// A certification defined by a prerequisite link: earned by ALL_OF the exams listed beside it.
    fn define_referenced(&mut self, resolved: Resolved, mention: &CertMention) -> Result<(), MarkdownError> {
        let exams: Vec<ExamCode> = mention.exams.iter().map(|e| e.code.clone()).collect();
        let line = self.diag.line(mention.start);
        if self.certs.get(resolved.code.as_str()).is_some() {
            self.repeats.push(Repeat {
                code: resolved.code,
                name: mention.name.clone(),
                exams,
                start: mention.start,
            });
            return Ok(());
        }
        let level = name_level(&mention.name).ok_or_else(|| MarkdownError::UnknownLevel {
            line,
            name: mention.name.clone(),
        })?;
        let value = Certification {
            code: resolved.code.clone(),
            name: mention.name.clone(),
            level,
            description: None,
            url: resolved.url,
            path_image: None,
            status: CertificationStatus::Active,
            requirements: vec![RequirementGroup {
                kind: GroupKind::AllOf,
                items: exams.into_iter().map(RequirementItem::Exam).collect(),
            }],
        };
        self.certs.insert(resolved.code.as_str(), value, REFERENCED, line);
        Ok(())
    }

    /// Registers or merges an exam mention and its courses.
    fn exam(&mut self, mention: &ExamMention, tier: u8) {
        let line = self.diag.line(mention.start);
        let code = mention.code.as_str();
        match self.exams.get_mut(code) {
            None => {
                let status = if mention.beta {
                    ExamStatus::Beta
                } else {
                    ExamStatus::Live
                };
                let exam = Exam {
                    code: mention.code.clone(),
                    title: mention.title.clone(),
                    url: mention.url.clone(),
                    status,
                };
                self.exams.insert(code, exam, tier, line);
            }
            Some(entry) => {
                entry.tier = entry.tier.min(tier);
                let what = format!("exam {code}");
                let origin = Origin {
                    what: &what,
                    first_line: entry.line,
                    start: mention.start,
                };
                merge(
                    &mut entry.value.title,
                    mention.title.as_ref(),
                    "title",
                    &origin,
                    self.diag,
                );
                merge(
                    &mut entry.value.url,
                    mention.url.as_ref(),
                    "URL",
                    &origin,
                    self.diag,
                );
                if mention.beta {
                    entry.value.status = ExamStatus::Beta;
                }
            }
        }
        for course in &mention.courses {
            self.course(course, &mention.code, tier);
        }
    }

    fn course(&mut self, mention: &CourseMention, exam: &ExamCode, tier: u8) {
        let link = &mention.link;
        let line = self.diag.line(mention.start);
        let code = link.code.as_str();
        match self.courses.get_mut(code) {
            None => {
                let course = Course {
                    code: link.code.clone(),
                    title: Some(link.title.clone()),
                    url: link.url.clone(),
                    delivery: link.delivery,
                    exams: vec![exam.clone()],
                };
                self.courses.insert(code, course, tier, line);
            }
            Some(entry) => {
                entry.tier = entry.tier.min(tier);
                if !entry.value.exams.contains(exam) {
                    entry.value.exams.push(exam.clone());
                }
                let what = format!("course {code}");
                let origin = Origin {
                    what: &what,
                    first_line: entry.line,
                    start: mention.start,
                };
                merge(
                    &mut entry.value.title,
                    Some(&link.title),
                    "title",
                    &origin,
                    self.diag,
                );
                merge(&mut entry.value.url, link.url.as_ref(), "URL", &origin, self.diag);
            }
        }
    }
}

/// Where a repeated mention of a record is, and where the record was first met.
struct Origin<'w> {
    what: &'w str,
    first_line: usize,
    start: usize,
}

/// Fills `slot` from `given`, or warns when both are set and differ (the first is kept).
fn merge<T: Clone + PartialEq + Display>(
    slot: &mut Option<T>,
    given: Option<&T>,
    field: &str,
    origin: &Origin<'_>,
    diag: &mut Diagnostics<'_>,
) {
    match (slot.as_ref(), given) {
        (None, Some(value)) => *slot = Some(value.clone()),
        (Some(kept), Some(value)) if kept != value => diag.warn(
            origin.start,
            format!(
                "{} has the {field} “{value}” here but “{kept}” at line {}; kept “{kept}”",
                origin.what, origin.first_line
            ),
        ),
        _ => {}
    }
}
