//! Ranked text search across the catalog, as a cursor connection.

use async_graphql::connection::{CursorType, PageInfo};
use async_graphql::{Context, Object, SimpleObject, Union};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use certgraph_snapshot::{MatchRank, SearchHit, Words};
use serde::{Deserialize, Serialize};

use super::filters::checked_text;
use crate::error::{ApiError, ApiResult, ResultExt};
use crate::objects::{limits, snapshot, Certification, Course, Exam, Snap};
use crate::paging::page_size;

/// One search hit: a certification, an exam or a course.
#[derive(Union)]
pub enum SearchResult {
    Certification(Certification),
    Exam(Exam),
    Course(Course),
}

/// A hit in a page of search results, with its cursor.
#[derive(SimpleObject)]
pub struct SearchEdge {
    /// An opaque cursor for `after`.
    cursor: String,
    /// The hit at this edge.
    node: SearchResult,
}

/// A page of search results, best first (Relay cursor connection).
pub struct SearchConnection {
    edges: Vec<SearchEdge>,
    page_info: PageInfo,
    total: usize,
}

/// A page of search results, best first (Relay cursor connection).
#[Object]
impl SearchConnection {
    /// The hits of this page, each with its cursor.
    async fn edges(&self) -> &[SearchEdge] {
        &self.edges
    }

    /// The hits of this page (the edges' nodes, without cursors).
    async fn nodes(&self) -> Vec<&SearchResult> {
        self.edges.iter().map(|e| &e.node).collect()
    }

    /// Where this page sits in the whole result.
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }

    /// How many records match, across all pages.
    async fn total_count(&self) -> u64 {
        self.total as u64
    }
}

/// A position in a ranked result: the hit's rank, kind and code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct SearchCursor {
    #[serde(rename = "r")]
    rank: u8,
    #[serde(rename = "k")]
    kind: u8,
    #[serde(rename = "c")]
    code: String,
}

impl SearchCursor {
    fn of(snap: &Snap, rank: MatchRank, hit: SearchHit) -> Self {
        let kind = match hit {
            SearchHit::Certification(_) => 0,
            SearchHit::Exam(_) => 1,
            SearchHit::Course(_) => 2,
        };
        Self {
            rank: rank as u8,
            kind,
            code: snap.hit_code(hit).to_owned(),
        }
    }
}

impl CursorType for SearchCursor {
    type Error = ApiError;

    fn decode_cursor(s: &str) -> Result<Self, ApiError> {
        let malformed = || {
            ApiError::BadUserInput(format!(
                "malformed cursor {s:?}: use a `cursor` returned by `search`"
            ))
        };
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| malformed())?;
        serde_json::from_slice(&bytes).map_err(|_| malformed())
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }
}

fn result(snap: &Snap, hit: SearchHit) -> SearchResult {
    match hit {
        SearchHit::Certification(id) => SearchResult::Certification(Certification::new(snap, id)),
        SearchHit::Exam(id) => SearchResult::Exam(Exam::new(snap, id)),
        SearchHit::Course(id) => SearchResult::Course(Course::new(snap, id)),
    }
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
    #[graphql(complexity = "crate::cost::page(first, None, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for (1 to 200 characters): words, in any order.")] text: String,
        #[graphql(desc = "Return the first N hits after `after` (0 to 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "A cursor: start after this edge.")] after: Option<String>,
    ) -> ApiResult<SearchConnection> {
        let limits = limits(ctx);
        let words = checked_text(Some(text), &limits)
            .api()?
            .as_deref()
            .and_then(Words::parse);
        let Some(words) = words else {
            return Err(ApiError::BadUserInput("`text` must not be empty".into()).into_gql());
        };
        let size = page_size("first", first, &limits)
            .api()?
            .unwrap_or(limits.default_page_size) as usize;
        let after = after.map(|a| SearchCursor::decode_cursor(&a)).transpose().api()?;
        let snap = snapshot(ctx)?;
        let hits = snap.search_ranked(&words);
        let total = hits.len();
        let start = match &after {
            Some(after) => hits.partition_point(|&(rank, hit)| SearchCursor::of(snap, rank, hit) <= *after),
            None => 0,
        };
        let page = &hits[start..(start + size).min(total)];
        let edges: Vec<SearchEdge> = page
            .iter()
            .map(|&(rank, hit)| SearchEdge {
                cursor: SearchCursor::of(snap, rank, hit).encode_cursor(),
                node: result(snap, hit),
            })
            .collect();
        let page_info = PageInfo {
            has_previous_page: start > 0,
            has_next_page: start + page.len() < total,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        };
        Ok(SearchConnection {
            edges,
            page_info,
            total,
        })
    }
}
