//! The query root.

use async_graphql::{Context, Object};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};

use crate::error::{ApiResult, ResultExt};
use crate::objects::{loaders, Certification, Course, Exam};

/// Read the catalog.
#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// A certification by its code (e.g. `devops-engineer`); `null` if there is none.
    async fn certification(&self, ctx: &Context<'_>, code: String) -> ApiResult<Option<Certification>> {
        let Ok(code) = CertificationCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Certification))
    }

    /// An exam by its code, case-insensitive (`az-400` finds `AZ-400`); `null` if there is none.
    async fn exam(&self, ctx: &Context<'_>, code: String) -> ApiResult<Option<Exam>> {
        let Ok(code) = ExamCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Exam))
    }

    /// A course by its code, case-insensitive (`az-400t00` finds `AZ-400T00`); `null` if there is none.
    async fn course(&self, ctx: &Context<'_>, code: String) -> ApiResult<Option<Course>> {
        let Ok(code) = CourseCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Course))
    }

    /// Every certification, ordered by code.
    async fn certifications(&self, ctx: &Context<'_>) -> ApiResult<Vec<Certification>> {
        let store = ctx.data::<certgraph_store::Store>()?;
        Ok(store
            .all_certifications()
            .await
            .api()?
            .into_iter()
            .map(Certification)
            .collect())
    }
}
