use async_graphql::{Context, Object, ID};
use certgraph_store::ExamRow;

use super::{certifications_by_code, loaders, Certification, Course, ExamStatus};
use crate::error::{ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::loaders::{CoursesFor, RequiredBy};

/// An exam; passing it satisfies requirement items that name it.
pub struct Exam(pub ExamRow);

/// An exam; passing it satisfies requirement items that name it.
#[Object]
impl Exam {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Exam(self.0.code.to_string()).encode())
    }

    /// Exam code, e.g. `AZ-400` (lookups are case-insensitive).
    async fn code(&self) -> &str {
        self.0.code.as_str()
    }

    /// The exam's title; `null` where the source names the exam only by its code.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The exam's official page.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_ref().map(|u| u.as_str())
    }

    /// Whether the exam can be taken (`BETA` exams can, with delayed results).
    async fn status(&self) -> ExamStatus {
        self.0.status.into()
    }

    /// Courses that prepare for this exam; empty when there is no training (a fact, not a gap).
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn courses(&self, ctx: &Context<'_>) -> ApiResult<Vec<Course>> {
        let courses = loaders(ctx)?.load_one(CoursesFor(self.0.id)).await.api()?;
        Ok(courses.unwrap_or_default().into_iter().map(Course).collect())
    }

    /// Certifications that list this exam as a requirement, by code.
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn required_by(&self, ctx: &Context<'_>) -> ApiResult<Vec<Certification>> {
        let loaders = loaders(ctx)?;
        let ids = loaders
            .load_one(RequiredBy(self.0.id))
            .await
            .api()?
            .unwrap_or_default();
        certifications_by_code(loaders, &ids).await
    }
}
