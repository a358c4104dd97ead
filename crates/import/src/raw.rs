//! What the document says, read but not yet resolved into a catalog: names and URLs as
//! written, with the source offset of each so that later problems can name their line.

use certgraph_domain::{ExamCode, GroupKind, Image, Level, WebUrl};

use crate::links::CourseLink;

/// A `###` certification section.
#[derive(Debug, Clone)]
pub(crate) struct RawCert {
    /// Offset of the heading's link.
    pub(crate) start: usize,
    pub(crate) name: String,
    pub(crate) url: String,
    /// The exam codes in the heading's link text.
    pub(crate) exam_codes: Vec<ExamCode>,
    pub(crate) level: Level,
    /// Markdown source of each description block.
    pub(crate) description: Vec<String>,
    pub(crate) image: Option<Image>,
    pub(crate) groups: Vec<RawGroup>,
}

/// One prerequisite list and how its items combine.
#[derive(Debug, Clone)]
pub(crate) struct RawGroup {
    pub(crate) kind: GroupKind,
    pub(crate) items: Vec<RawItem>,
}

/// One prerequisite list item.
#[derive(Debug, Clone)]
pub(crate) enum RawItem {
    Exam(ExamMention),
    Certification(CertMention),
}

/// An exam as one link names it, with the courses listed beside it.
#[derive(Debug, Clone)]
pub(crate) struct ExamMention {
    pub(crate) start: usize,
    pub(crate) code: ExamCode,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<WebUrl>,
    pub(crate) beta: bool,
    pub(crate) courses: Vec<CourseMention>,
}

/// A course link.
#[derive(Debug, Clone)]
pub(crate) struct CourseMention {
    pub(crate) start: usize,
    pub(crate) link: CourseLink,
}

/// A certification as a prerequisite link names it, with the exams that earn it (none when
/// the link only refers to a certification defined elsewhere).
#[derive(Debug, Clone)]
pub(crate) struct CertMention {
    pub(crate) start: usize,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) exams: Vec<ExamMention>,
}
