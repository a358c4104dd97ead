//! Ranked text search across the catalog.

use async_graphql::{Context, Object, Union};
use certgraph_snapshot::{SearchHit, Words};

use super::filters::checked_text;
use crate::error::{ApiError, ApiResult, ResultExt};
use crate::objects::{limits, snapshot, Certification, Course, Exam};

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
    /// Certifications, exams and courses where every word of `text` occurs in the code,
    /// name, title or description (any order; case and accents ignored), best first: an
    /// exact code match, then codes starting with the text, then matches in codes and
    /// names or titles, then the rest; equal matches list certifications, then exams,
    /// then courses, each by code.
    #[graphql(complexity = "crate::cost::sized(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for (1 to 200 characters).")] text: String,
        #[graphql(default = 20, desc = "How many hits to return (1 to 100).")] first: i32,
    ) -> ApiResult<Vec<SearchResult>> {
        let limits = limits(ctx);
        let words = checked_text(Some(text), &limits)
            .api()?
            .as_deref()
            .and_then(Words::parse);
        let Some(words) = words else {
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
        let snap = snapshot(ctx)?;
        Ok(snap
            .search(&words)
            .into_iter()
            .take(first as usize)
            .map(|hit| match hit {
                SearchHit::Certification(id) => SearchResult::Certification(Certification::new(snap, id)),
                SearchHit::Exam(id) => SearchResult::Exam(Exam::new(snap, id)),
                SearchHit::Course(id) => SearchResult::Course(Course::new(snap, id)),
            })
            .collect())
    }
}
