//! Lookups by code and the three paged lists.

use async_graphql::{Context, Object};
use certgraph_domain::{Delivery, ExamStatus};
use certgraph_snapshot::Filter;

use super::filters::{CertificationCondition, CertificationFilter, CourseFilter, ExamFilter};
use crate::error::{ApiResult, ResultExt};
use crate::objects::{limits, snapshot, Certification, Course, Exam};
use crate::paging::{connection_type, edges, OrderBy, PageArgs};

connection_type!(
    /// A page of certifications (Relay cursor connection).
    CertificationConnection,
    /// A certification in a page, with its cursor.
    CertificationEdge,
    Certification,
    CertificationCondition,
    certification_total
);
connection_type!(
    /// A page of exams (Relay cursor connection).
    ExamConnection,
    /// An exam in a page, with its cursor.
    ExamEdge,
    Exam,
    Filter<Option<ExamStatus>>,
    exam_total
);
connection_type!(
    /// A page of courses (Relay cursor connection).
    CourseConnection,
    /// A course in a page, with its cursor.
    CourseEdge,
    Course,
    Filter<Option<Delivery>>,
    course_total
);

/// The four Relay arguments and the order, as given.
struct Window {
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
    order: OrderBy,
}

impl Window {
    fn request(self, ctx: &Context<'_>) -> ApiResult<certgraph_snapshot::PageRequest> {
        PageArgs {
            after: self.after,
            before: self.before,
            first: self.first,
            last: self.last,
            order: self.order,
        }
        .into_request(&limits(ctx))
        .api()
    }
}

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
        let snap = snapshot(ctx)?;
        let filter = filter.into_condition(&limits(ctx)).api()?;
        let (first, last, order) = (first, last, order_by);
        let request = Window {
            first,
            after,
            last,
            before,
            order,
        }
        .request(ctx)?;
        let page = snap.certification_page(&filter, &request);
        let key = |id| {
            let r = &snap.certification(id).record;
            (r.name.as_str(), r.code.as_str())
        };
        let (edges, info) = edges(page, order.field, key, |id| Certification::new(snap, id));
        Ok(CertificationConnection::new(edges, info, filter, snap))
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
        let snap = snapshot(ctx)?;
        let filter = filter.into_condition(&limits(ctx)).api()?;
        let (first, last, order) = (first, last, order_by);
        let request = Window {
            first,
            after,
            last,
            before,
            order,
        }
        .request(ctx)?;
        let page = snap.exam_page(&filter, &request);
        let key = |id| {
            let r = &snap.exam(id).record;
            (r.title.as_deref().unwrap_or(""), r.code.as_str())
        };
        let (edges, info) = edges(page, order.field, key, |id| Exam::new(snap, id));
        Ok(ExamConnection::new(edges, info, filter, snap))
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
        let snap = snapshot(ctx)?;
        let filter = filter.into_condition(&limits(ctx)).api()?;
        let (first, last, order) = (first, last, order_by);
        let request = Window {
            first,
            after,
            last,
            before,
            order,
        }
        .request(ctx)?;
        let page = snap.course_page(&filter, &request);
        let key = |id| {
            let r = &snap.course(id).record;
            (r.title.as_deref().unwrap_or(""), r.code.as_str())
        };
        let (edges, info) = edges(page, order.field, key, |id| Course::new(snap, id));
        Ok(CourseConnection::new(edges, info, filter, snap))
    }
}
