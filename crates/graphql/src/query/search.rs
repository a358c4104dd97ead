//! Ranked text search across the catalog.

use async_graphql::{Context, Object, Union};
use certgraph_store::SearchHit;

use super::filters::checked_text;
use crate::error::{ApiError, ApiResult, ResultExt};
use crate::objects::{limits, Certification, Course, Exam};
use crate::store_of;

/// One search hit: a certification, an exam or a course.
#[derive(Union)]
pub enum SearchResult {
    Certification(Certification),
    Exam(Exam),
    Course(Course),
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Certifications, exams and courses whose code, name, title or description contains
    /// `text` (case-insensitive), best first: an exact code match, then codes starting with
    /// the text, then names and titles, then descriptions; ties by code.
    #[graphql(complexity = "crate::cost::sized(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for (1 to 200 characters).")] text: String,
        #[graphql(default = 20, desc = "How many hits to return (1 to 100).")] first: i32,
    ) -> ApiResult<Vec<SearchResult>> {
        let limits = limits(ctx);
        let Some(text) = checked_text(Some(text), &limits).api()? else {
            return Err(ApiError::BadUserInput("`text` must not be empty".into()).into_gql());
        };
        if first < 1 {
            return Err(
                ApiError::BadUserInput(format!("`first` must be at least 1, got {first}")).into_gql(),
            );
        }
        if first as u64 > limits.max_page_size {
            return Err(ApiError::LimitExceeded(format!(
                "`first` is {first}, above the maximum of {}",
                limits.max_page_size
            ))
            .into_gql());
        }
        let hits = store_of(ctx)?.search(&text, first as u64).await.api()?;
        Ok(hits
            .into_iter()
            .map(|hit| match hit {
                SearchHit::Certification(r) => SearchResult::Certification(Certification(r)),
                SearchHit::Exam(r) => SearchResult::Exam(Exam(r)),
                SearchHit::Course(r) => SearchResult::Course(Course(r)),
            })
            .collect())
    }
}
