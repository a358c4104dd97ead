//! The mutations' input objects, named as the read side names things, and their conversion
//! into domain values: every malformed code, URL, empty name or empty group is noted with
//! its input path before anything reaches the store.

use async_graphql::{InputObject, MaybeUndefined, OneofObject};
use certgraph_domain::{
    CertificationCode, CourseCode, ExamCode, Image, RequirementGroup, RequirementItem, WebUrl,
};

use super::problems::{at, parsed, Locate, Problems, Step};
use crate::objects::RequirementKind;

/// One requirement: a certification or an exam, by code.
#[derive(OneofObject, Clone, Debug)]
pub enum RequirementItemInput {
    /// A certification's code, e.g. `azure-administrator`.
    Certification(String),
    /// An exam's code, e.g. `AZ-104`.
    Exam(String),
}

/// A requirement group: all of its items, or any one of them.
#[derive(InputObject, Clone, Debug)]
pub struct RequirementGroupInput {
    /// Whether every item is needed or any one is enough.
    pub kind: RequirementKind,
    /// What the group asks for; at least one item.
    pub items: Vec<RequirementItemInput>,
}

/// An image: where it is and its alternative text.
#[derive(InputObject, Clone, Debug)]
pub struct ImageInput {
    /// Where the image is (any URL or path).
    pub url: String,
    /// The image's alternative text.
    pub alt: String,
}

impl From<ImageInput> for Image {
    fn from(i: ImageInput) -> Self {
        Image {
            url: i.url,
            alt: i.alt,
        }
    }
}

pub(crate) fn certification_code(problems: &mut Problems, raw: &str) -> Option<CertificationCode> {
    parsed(problems, at("code"), CertificationCode::parse(raw))
}

pub(crate) fn exam_code(problems: &mut Problems, raw: &str) -> Option<ExamCode> {
    parsed(problems, at("code"), ExamCode::parse(raw))
}

pub(crate) fn course_code(problems: &mut Problems, raw: &str) -> Option<CourseCode> {
    parsed(problems, at("code"), CourseCode::parse(raw))
}

/// A URL field: `None` for no URL.
pub(crate) fn url(problems: &mut Problems, field: &'static str, raw: Option<&str>) -> Option<Option<WebUrl>> {
    match raw {
        None => Some(None),
        Some(raw) => parsed(problems, at(field), WebUrl::parse(raw)).map(Some),
    }
}

/// A name that must not be blank.
pub(crate) fn name(problems: &mut Problems, field: &'static str, raw: String) -> String {
    if raw.trim().is_empty() {
        problems.add(at(field), "must not be empty");
    }
    raw
}

/// Requirement groups, under `input.<field>`: every code well formed, no group empty, no
/// item twice in one certification.
pub(crate) fn groups(
    problems: &mut Problems,
    field: &'static str,
    input: &[RequirementGroupInput],
) -> Vec<RequirementGroup> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (g, group) in input.iter().enumerate() {
        let path = |rest: &[Step]| {
            let mut p = vec![Step::Field("input"), Step::Field(field), Step::Index(g)];
            p.extend_from_slice(rest);
            p
        };
        if group.items.is_empty() {
            problems.add(
                path(&[Step::Field("items")]),
                "a requirement group needs at least one item",
            );
        }
        let mut items = Vec::new();
        for (i, item) in group.items.iter().enumerate() {
            let (which, parsed_item) = match item {
                RequirementItemInput::Certification(c) => (
                    "certification",
                    CertificationCode::parse(c).map(RequirementItem::Certification),
                ),
                RequirementItemInput::Exam(e) => ("exam", ExamCode::parse(e).map(RequirementItem::Exam)),
            };
            let at_item = path(&[Step::Field("items"), Step::Index(i), Step::Field(which)]);
            let Some(parsed_item) = parsed(problems, at_item.clone(), parsed_item) else {
                continue;
            };
            if !seen.insert(parsed_item.clone()) {
                problems.add(
                    at_item,
                    "listed more than once in this certification's requirements",
                );
                continue;
            }
            items.push(parsed_item);
        }
        out.push(RequirementGroup {
            kind: group.kind.into(),
            items,
        });
    }
    out
}

/// Where each code sits in a list of requirement groups given as `input.<field>`.
pub(crate) struct GroupsAt<'a> {
    pub field: &'static str,
    pub groups: &'a [RequirementGroupInput],
}

impl Locate for GroupsAt<'_> {
    fn reference(&self, code: &str) -> Option<Vec<Step>> {
        for (g, group) in self.groups.iter().enumerate() {
            for (i, item) in group.items.iter().enumerate() {
                let (which, named) = match item {
                    RequirementItemInput::Certification(c) => ("certification", c),
                    RequirementItemInput::Exam(e) => ("exam", e),
                };
                if named.trim().eq_ignore_ascii_case(code) {
                    return Some(vec![
                        Step::Field("input"),
                        Step::Field(self.field),
                        Step::Index(g),
                        Step::Field("items"),
                        Step::Index(i),
                        Step::Field(which),
                    ]);
                }
            }
        }
        None
    }
}

/// Where each exam code sits in a course's `input.exams`.
pub(crate) struct ExamsAt<'a>(pub &'a [String]);

impl Locate for ExamsAt<'_> {
    fn reference(&self, code: &str) -> Option<Vec<Step>> {
        self.0
            .iter()
            .position(|e| e.trim().eq_ignore_ascii_case(code))
            .map(|i| vec![Step::Field("input"), Step::Field("exams"), Step::Index(i)])
    }
}

/// A course's exams under `input.exams`: well formed, none twice.
pub(crate) fn exam_codes(problems: &mut Problems, raw: &[String]) -> Vec<ExamCode> {
    let mut out: Vec<ExamCode> = Vec::new();
    for (i, code) in raw.iter().enumerate() {
        let path = vec![Step::Field("input"), Step::Field("exams"), Step::Index(i)];
        if let Some(code) = parsed(problems, path.clone(), ExamCode::parse(code)) {
            if out.contains(&code) {
                problems.add(path, "listed more than once");
            } else {
                out.push(code);
            }
        }
    }
    out
}

/// An optional field of an update: absent leaves it, `null` clears it.
pub(crate) fn clearable<T, U>(
    value: MaybeUndefined<T>,
    convert: impl FnOnce(T) -> Option<U>,
) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => convert(v).map(Some),
    }
}
