//! Lookups by code and the three paged lists (whose one body is [`super::list::list`]).

use async_graphql::{Context, Object};

use super::filters::{CertificationFilter, CourseFilter, ExamFilter};
use super::list::{list, CertificationConnection, CourseConnection, ExamConnection, Window};
use crate::error::ApiResult;
use crate::objects::{snapshot, Certification, Course, Exam};
use crate::paging::OrderBy;

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// A certification by its code, case-insensitive (`DevOps-Engineer` finds
    /// `devops-engineer`); `null` if there is none.
    async fn certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certification's code, e.g. `devops-engineer`; case-insensitive.")] code: String,
    ) -> ApiResult<Option<Certification>> {
        let snap = snapshot(ctx)?;
        Ok(snap
            .certification_by_code(&code)
            .map(|id| Certification::new(snap, id)))
    }

    /// An exam by its code, case-insensitive (`az-400` finds `AZ-400`); `null` if there is none.
    async fn exam(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The exam's code, e.g. `AZ-400`; case-insensitive.")] code: String,
    ) -> ApiResult<Option<Exam>> {
        let snap = snapshot(ctx)?;
        Ok(snap.exam_by_code(&code).map(|id| Exam::new(snap, id)))
    }

    /// A course by its code, case-insensitive (`az-400t00` finds `AZ-400T00`); `null` if there is none.
    async fn course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course's code, e.g. `AZ-400T00`; case-insensitive.")] code: String,
    ) -> ApiResult<Option<Course>> {
        let snap = snapshot(ctx)?;
        Ok(snap.course_by_code(&code).map(|id| Course::new(snap, id)))
    }

    /// Certifications, filtered, ordered and paged (Relay cursor connection).
    #[graphql(complexity = "crate::cost::page(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn certifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default, desc = "Conditions every certification listed must meet.")]
        filter: CertificationFilter,
        #[graphql(default, desc = "The order of the list (default: by code, ascending).")] order_by: OrderBy,
        #[graphql(desc = "Return the first N after `after` (1 to 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "A cursor: start after this edge.")] after: Option<String>,
        #[graphql(desc = "Return the last N before `before` (1 to 100).")] last: Option<i32>,
        #[graphql(desc = "A cursor: end before this edge.")] before: Option<String>,
    ) -> ApiResult<CertificationConnection> {
        let window = Window::new(first, after, last, before, order_by);
        list::<CertificationConnection>(ctx, filter, window)
    }

    /// Exams, filtered, ordered and paged (Relay cursor connection).
    #[graphql(complexity = "crate::cost::page(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn exams(
        &self,
        ctx: &Context<'_>,
        #[graphql(default, desc = "Conditions every exam listed must meet.")] filter: ExamFilter,
        #[graphql(default, desc = "The order of the list (default: by code, ascending).")] order_by: OrderBy,
        #[graphql(desc = "Return the first N after `after` (1 to 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "A cursor: start after this edge.")] after: Option<String>,
        #[graphql(desc = "Return the last N before `before` (1 to 100).")] last: Option<i32>,
        #[graphql(desc = "A cursor: end before this edge.")] before: Option<String>,
    ) -> ApiResult<ExamConnection> {
        let window = Window::new(first, after, last, before, order_by);
        list::<ExamConnection>(ctx, filter, window)
    }

    /// Courses, filtered, ordered and paged (Relay cursor connection).
    #[graphql(complexity = "crate::cost::page(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(default, desc = "Conditions every course listed must meet.")] filter: CourseFilter,
        #[graphql(default, desc = "The order of the list (default: by code, ascending).")] order_by: OrderBy,
        #[graphql(desc = "Return the first N after `after` (1 to 100; default 20).")] first: Option<i32>,
        #[graphql(desc = "A cursor: start after this edge.")] after: Option<String>,
        #[graphql(desc = "Return the last N before `before` (1 to 100).")] last: Option<i32>,
        #[graphql(desc = "A cursor: end before this edge.")] before: Option<String>,
    ) -> ApiResult<CourseConnection> {
        let window = Window::new(first, after, last, before, order_by);
        list::<CourseConnection>(ctx, filter, window)
    }
}
