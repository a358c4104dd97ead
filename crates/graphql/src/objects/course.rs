//! The `Course` GraphQL object: a snapshot record with the exams it prepares for.

use async_graphql::{Object, ID};
use certgraph_snapshot::{CourseId, CourseNode};

use super::{exams, CourseDelivery, Exam, Snap};
use crate::ids::GlobalId;

/// A course that prepares for one or more exams.
#[derive(Clone)]
pub struct Course {
    snap: Snap,
    pub(crate) id: CourseId,
}

impl Course {
    pub(crate) fn new(snap: &Snap, id: CourseId) -> Self {
        Self {
            snap: snap.clone(),
            id,
        }
    }

    fn node(&self) -> &CourseNode {
        self.snap.course(self.id)
    }
}

/// A course that prepares for one or more exams.
#[Object]
impl Course {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Course(self.node().record.code.to_string()).encode())
    }

    /// The course's own version: 1 when created, one more on every change. Send it as
    /// `expectedVersion` when changing it.
    async fn version(&self) -> i32 {
        self.snap.course_revision(self.id).version
    }

    /// When the course last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        super::time(self.snap.course_revision(self.id).updated_at_ms)
    }

    /// Course code, e.g. `AZ-400T00` (lookups are case-insensitive).
    async fn code(&self) -> &str {
        self.node().record.code.as_str()
    }

    /// The course's title as the source gives it.
    async fn title(&self) -> Option<&str> {
        self.node().record.title.as_deref()
    }

    /// The course's official page.
    async fn url(&self) -> Option<&str> {
        self.node().record.url.as_ref().map(|u| u.as_str())
    }

    /// How the course is delivered.
    async fn delivery(&self) -> CourseDelivery {
        self.node().record.delivery.into()
    }

    /// The exams this course prepares for.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::ExamsOfCourse, child_complexity)")]
    async fn exams(&self) -> Vec<Exam> {
        exams(&self.snap, self.node().exams.iter().copied())
    }
}
