//! Learn records → catalog records: codes, levels, URLs, and requirements resolved by uid.

use std::collections::{HashMap, HashSet};

use certgraph_domain::{
    Catalog, Certification, CertificationCode, CertificationStatus, Course, CourseCode, Delivery, Exam,
    ExamCode, ExamStatus, Level, WebUrl,
};

use super::raw::{merge, RawLearn, RawRecord};
use super::urls::strip_tracking;
use super::{LearnOptions, RecordCounts, Severity};
use crate::diagnostic::Diagnostic;

/// Uids of the records kept, resolved to codes.
#[derive(Default)]
pub(super) struct Uids {
    pub(super) exams: HashMap<String, ExamCode>,
    courses: HashMap<String, CourseCode>,
    pub(super) certifications: HashMap<String, CertificationCode>,
}

pub(crate) struct Mapper<'a> {
    pub(super) options: &'a LearnOptions,
    levels: HashMap<String, String>,
    pub(super) uids: Uids,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) counts: RecordCounts,
}

pub(super) fn label(r: &RawRecord, kind: &str) -> String {
    match &r.uid {
        Some(uid) => format!("{kind} {uid:?}"),
        None => format!("{}[{}]", r.array, r.index),
    }
}

impl<'a> Mapper<'a> {
    pub(crate) fn new(options: &'a LearnOptions) -> Self {
        Self {
            options,
            levels: HashMap::new(),
            uids: Uids::default(),
            diagnostics: Vec::new(),
            counts: RecordCounts::default(),
        }
    }

    pub(super) fn say(&mut self, severity: Severity, record: String, message: String) {
        self.diagnostics
            .push(Diagnostic::about(severity, record, message));
    }

    /// Reports wrong-typed fields and the first missing required one; `false` skips the record.
    fn check(&mut self, r: &RawRecord, kind: &str, required: &[(&'static str, bool)]) -> bool {
        if r.malformed.iter().any(|(field, _)| *field == "record") {
            self.say(
                Severity::Warning,
                label(r, kind),
                "not an object; record skipped".into(),
            );
            self.counts.skipped += 1;
            return false;
        }
        for (field, expected) in &r.malformed {
            let message = format!("field `{field}` is not {expected}; ignored");
            self.say(Severity::Warning, label(r, kind), message);
        }
        let missing: Vec<&str> = required
            .iter()
            .filter(|(_, present)| !present)
            .map(|(f, _)| *f)
            .collect();
        if missing.is_empty() {
            return true;
        }
        let fields = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let plural = if missing.len() > 1 { "s" } else { "" };
        let message = format!("missing required field{plural} {fields}; record skipped");
        self.say(Severity::Warning, label(r, kind), message);
        self.counts.skipped += 1;
        false
    }

    fn url(&mut self, r: &RawRecord, kind: &str) -> Option<WebUrl> {
        let raw = r.url.as_deref()?;
        match WebUrl::parse(&strip_tracking(raw)) {
            Ok(url) => Some(url),
            Err(e) => {
                self.say(Severity::Warning, label(r, kind), format!("{e}; url not stored"));
                None
            }
        }
    }

    /// Maps the whole response.
    pub(crate) fn map(&mut self, raw: RawLearn) -> Catalog {
        self.levels = raw.levels;
        self.counts.exams = raw.exams.len();
        self.counts.courses = raw.courses.len();
        let exams: Vec<(RawRecord, Exam)> = raw
            .exams
            .into_iter()
            .filter_map(|r| self.exam(&r).map(|e| (r, e)))
            .collect();
        let courses: Vec<(RawRecord, Course)> = raw
            .courses
            .into_iter()
            .filter_map(|r| self.course(&r).map(|c| (r, c)))
            .collect();
        let certs = merge(raw.certifications, raw.merged_certifications);
        self.counts.certifications = certs.len();
        let certs: Vec<(RawRecord, Certification)> = certs
            .into_iter()
            .filter_map(|r| self.certification(&r).map(|c| (r, c)))
            .collect();

        let courses = self.link_courses(courses, &exams);
        let certifications = certs.into_iter().map(|(r, c)| self.requirements(&r, c)).collect();
        self.report_unused_overlay();
        Catalog {
            certifications,
            exams: exams.into_iter().map(|(_, e)| e).collect(),
            courses,
        }
    }

    fn exam(&mut self, r: &RawRecord) -> Option<Exam> {
        if !self.check(
            r,
            "exam",
            &[("uid", r.uid.is_some()), ("display_name", r.code.is_some())],
        ) {
            return None;
        }
        let (display, beta_code) = without_beta(r.code.as_deref().unwrap_or_default());
        let code = match ExamCode::parse(&display) {
            Ok(code) => code,
            Err(e) => {
                self.say(
                    Severity::Warning,
                    label(r, "exam"),
                    format!("display_name: {e}; record skipped"),
                );
                self.counts.skipped += 1;
                return None;
            }
        };
        let (title, beta_title) = match r.title.as_deref().map(without_beta) {
            Some((t, beta)) => (Some(t), beta),
            None => (None, false),
        };
        self.uids
            .exams
            .insert(r.uid.clone().unwrap_or_default(), code.clone());
        Some(Exam {
            code,
            title,
            url: self.url(r, "exam"),
            status: if beta_code || beta_title {
                ExamStatus::Beta
            } else {
                ExamStatus::Live
            },
        })
    }

    fn course(&mut self, r: &RawRecord) -> Option<Course> {
        if !self.check(
            r,
            "course",
            &[("uid", r.uid.is_some()), ("course_number", r.code.is_some())],
        ) {
            return None;
        }
        let code = match CourseCode::parse(r.code.as_deref().unwrap_or_default()) {
            Ok(code) => code,
            Err(e) => {
                self.say(
                    Severity::Warning,
                    label(r, "course"),
                    format!("course_number: {e}; record skipped"),
                );
                self.counts.skipped += 1;
                return None;
            }
        };
        self.uids
            .courses
            .insert(r.uid.clone().unwrap_or_default(), code.clone());
        Some(Course {
            code,
            title: r.title.clone(),
            url: self.url(r, "course"),
            delivery: Delivery::InstructorLed,
            exams: Vec::new(),
        })
    }

    fn certification(&mut self, r: &RawRecord) -> Option<Certification> {
        let required = [("uid", r.uid.is_some()), ("title", r.title.is_some())];
        if !self.check(r, "certification", &required) {
            return None;
        }
        let uid = r.uid.clone().unwrap_or_default();
        let code = match certification_code(&uid) {
            Ok(code) => code,
            Err(e) => {
                self.say(
                    Severity::Warning,
                    label(r, "certification"),
                    format!("uid: {e}; record skipped"),
                );
                self.counts.skipped += 1;
                return None;
            }
        };
        let name = r.title.clone().unwrap_or_default();
        let Some(level) = self.level(r, &name) else {
            let message = match &r.kind {
                Some(kind) => format!(
                    "unknown certification_type {kind:?} and the title names no level; record skipped"
                ),
                None => {
                    "missing required field `certification_type` and the title names no level; record skipped"
                        .into()
                }
            };
            self.say(Severity::Warning, label(r, "certification"), message);
            self.counts.skipped += 1;
            return None;
        };
        self.uids.certifications.insert(uid, code.clone());
        Some(Certification {
            code,
            name,
            level,
            description: r.subtitle.clone(),
            url: self.url(r, "certification"),
            path_image: None,
            status: CertificationStatus::Active,
            requirements: Vec::new(),
        })
    }

    /// `fundamentals`, `specialty`; `role-based` is Expert when its title or a level says
    /// expert/advanced, else Associate. Other types fall back on the title's words.
    fn level(&self, r: &RawRecord, title: &str) -> Option<Level> {
        let says = |text: &str, words: &[&str]| {
            let lower = text.to_lowercase();
            words.iter().any(|w| lower.contains(w))
        };
        let level_says_expert = r.levels.iter().any(|id| {
            let name = self.levels.get(id).map_or("", String::as_str);
            says(id, &["expert", "advanced"]) || says(name, &["expert", "advanced"])
        });
        match r.kind.as_deref().map(str::to_lowercase).as_deref() {
            Some("fundamentals") => Some(Level::Fundamentals),
            Some("specialty") => Some(Level::Specialty),
            Some("role-based") if level_says_expert || says(title, &["expert", "advanced"]) => {
                Some(Level::Expert)
            }
            Some("role-based") => Some(Level::Associate),
            _ => [
                ("expert", Level::Expert),
                ("associate", Level::Associate),
                ("fundamentals", Level::Fundamentals),
                ("specialty", Level::Specialty),
            ]
            .into_iter()
            .find(|(word, _)| says(title, &[word]))
            .map(|(_, level)| level),
        }
    }

    /// A course prepares for its own `exam` and for every exam that lists it.
    fn link_courses(
        &mut self,
        courses: Vec<(RawRecord, Course)>,
        exams: &[(RawRecord, Exam)],
    ) -> Vec<Course> {
        let mut listed_by: HashMap<&str, Vec<&ExamCode>> = HashMap::new();
        for (r, exam) in exams {
            for course_uid in &r.links {
                if self.uids.courses.contains_key(course_uid) {
                    listed_by.entry(course_uid.as_str()).or_default().push(&exam.code);
                } else {
                    let message =
                        format!("courses: {course_uid:?} is not a course in the input; link not stored");
                    self.say(Severity::Warning, label(r, "exam"), message);
                }
            }
        }
        let mut out = Vec::with_capacity(courses.len());
        for (r, mut course) in courses {
            for exam_uid in &r.links {
                match self.exam_code(exam_uid) {
                    Ok(code) => course.exams.push(code),
                    Err(e) => self.say(
                        Severity::Warning,
                        label(&r, "course"),
                        format!("exam: {e}; link not stored"),
                    ),
                }
            }
            let uid = r.uid.as_deref().unwrap_or_default();
            course
                .exams
                .extend(listed_by.get(uid).into_iter().flatten().map(|c| (*c).clone()));
            let mut seen = HashSet::new();
            course.exams.retain(|e| seen.insert(e.clone()));
            out.push(course);
        }
        out
    }
}

/// `certification.devops-engineer` → `devops-engineer`.
pub(super) fn certification_code(uid: &str) -> Result<CertificationCode, certgraph_domain::DomainError> {
    CertificationCode::parse(uid.strip_prefix("certification.").unwrap_or(uid))
}

/// Removes a `(beta)` marker (any case); true when there was one.
fn without_beta(text: &str) -> (String, bool) {
    // ASCII lower-casing keeps byte positions, so `at` is a position in `text` too.
    let lower = text.to_ascii_lowercase();
    let parts = lower
        .find("(beta)")
        .and_then(|at| Some((text.get(..at)?, text.get(at + "(beta)".len()..)?)));
    match parts {
        Some((before, after)) => {
            let cleaned = format!("{before} {after}");
            (cleaned.split_whitespace().collect::<Vec<_>>().join(" "), true)
        }
        None => (text.to_owned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_markers_are_removed() {
        assert_eq!(
            without_beta("Power Platform (beta) Architect"),
            ("Power Platform Architect".into(), true)
        );
        assert_eq!(without_beta("PL-600 (Beta)"), ("PL-600".into(), true));
        assert_eq!(without_beta("Beta testing"), ("Beta testing".into(), false));
    }

    #[test]
    fn certification_codes_drop_the_uid_prefix() {
        assert_eq!(
            certification_code("certification.devops-engineer")
                .unwrap()
                .as_str(),
            "devops-engineer"
        );
        assert!(certification_code("certification.Bad Code").is_err());
    }
}
