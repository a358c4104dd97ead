use async_graphql::{Context, Object, ID};
use certgraph_store::CourseRow;

use super::{loaders, CourseDelivery, Exam};
use crate::error::{ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::loaders::ExamsFor;

/// A course that prepares for one or more exams.
pub struct Course(pub CourseRow);

/// A course that prepares for one or more exams.
#[Object]
impl Course {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Course(self.0.code.to_string()).encode())
    }

    /// Course code, e.g. `AZ-400T00` (lookups are case-insensitive).
    async fn code(&self) -> &str {
        self.0.code.as_str()
    }

    /// The course's title as the source gives it.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The course's official page.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_ref().map(|u| u.as_str())
    }

    /// How the course is delivered.
    async fn delivery(&self) -> CourseDelivery {
        self.0.delivery.into()
    }

    /// The exams this course prepares for.
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn exams(&self, ctx: &Context<'_>) -> ApiResult<Vec<Exam>> {
        let exams = loaders(ctx)?.load_one(ExamsFor(self.0.id)).await.api()?;
        Ok(exams.unwrap_or_default().into_iter().map(Exam).collect())
    }
}
