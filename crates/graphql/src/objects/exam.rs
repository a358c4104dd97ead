//! The `Exam` GraphQL object: a snapshot record with its courses and global ID.

use async_graphql::{Object, ID};
use certgraph_snapshot::{ExamId, ExamNode};

use super::{certifications, Certification, Course, ExamStatus, Snap};
use crate::ids::GlobalId;

/// An exam; passing it satisfies requirement items that name it.
#[derive(Clone)]
pub struct Exam {
    snap: Snap,
    pub(crate) id: ExamId,
}

impl Exam {
    pub(crate) fn new(snap: &Snap, id: ExamId) -> Self {
        Self {
            snap: snap.clone(),
            id,
        }
    }

    pub(crate) fn node(&self) -> &ExamNode {
        self.snap.exam(self.id)
    }
}

/// An exam; passing it satisfies requirement items that name it.
#[Object]
impl Exam {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Exam(self.node().record.code.to_string()).encode())
    }

    /// The exam's own version: 1 when created, one more on every change. Send it as
    /// `expectedVersion` when changing it.
    async fn version(&self) -> i32 {
        self.snap.exam_revision(self.id).version
    }

    /// When the exam last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        super::time(self.snap.exam_revision(self.id).updated_at_ms)
    }

    /// Exam code, e.g. `AZ-400` (lookups are case-insensitive).
    async fn code(&self) -> &str {
        self.node().record.code.as_str()
    }

    /// The exam's title; `null` where the source names the exam only by its code.
    async fn title(&self) -> Option<&str> {
        self.node().record.title.as_deref()
    }

    /// The exam's official page.
    async fn url(&self) -> Option<&str> {
        self.node().record.url.as_ref().map(|u| u.as_str())
    }

    /// Whether the exam can be taken (`BETA` exams can, with delayed results).
    async fn status(&self) -> ExamStatus {
        self.node().record.status.into()
    }

    /// Courses that prepare for this exam; empty when there is no training (a fact, not a gap).
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CoursesOfExam, child_complexity)")]
    async fn courses(&self) -> Vec<Course> {
        self.node()
            .courses
            .iter()
            .map(|&c| Course::new(&self.snap, c))
            .collect()
    }

    /// Certifications that list this exam as a requirement, by code.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::RequiredBy, child_complexity)")]
    async fn required_by(&self) -> Vec<Certification> {
        certifications(&self.snap, self.node().required_by.iter().copied())
    }
}
