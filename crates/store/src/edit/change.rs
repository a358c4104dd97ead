//! What an edit asks for: a record to create, the fields of one to change, or one to delete.

use certgraph_domain::{
    Certification, CertificationStatus, Course, Delivery, Exam, ExamCode, ExamStatus, Image, Level,
    RequirementGroup, WebUrl,
};

use crate::changes::RecordKind;

/// A certification's fields to change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct CertificationPatch {
    pub name: Option<String>,
    pub level: Option<Level>,
    pub description: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub path_image: Option<Option<Image>>,
    pub status: Option<CertificationStatus>,
    pub requirements: Option<Vec<RequirementGroup>>,
}

/// An exam's fields to change (see [`CertificationPatch`]).
#[derive(Debug, Clone, Default)]
pub struct ExamPatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub status: Option<ExamStatus>,
}

/// A course's fields to change (see [`CertificationPatch`]).
#[derive(Debug, Clone, Default)]
pub struct CoursePatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub delivery: Option<Delivery>,
    pub exams: Option<Vec<ExamCode>>,
}

/// One change to the catalog.
#[derive(Debug, Clone)]
pub enum Edit {
    CreateCertification(Certification),
    CreateExam(Exam),
    CreateCourse(Course),
    UpdateCertification {
        code: String,
        expected_version: i32,
        patch: CertificationPatch,
    },
    UpdateExam {
        code: String,
        expected_version: i32,
        patch: ExamPatch,
    },
    UpdateCourse {
        code: String,
        expected_version: i32,
        patch: CoursePatch,
    },
    Delete {
        kind: RecordKind,
        code: String,
        expected_version: i32,
    },
}

/// A record that refers to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    pub kind: RecordKind,
    pub code: String,
}
