//! Lookups by code and the three paged lists.

use async_graphql::{Context, Object};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};
use certgraph_store as store;

use super::filters::{CertificationFilter, CourseFilter, ExamFilter};
use crate::error::{ApiResult, ResultExt};
use crate::objects::{limits, loaders, Certification, Course, Exam};
use crate::paging::{connection_type, edges, OrderBy, OrderField, PageArgs};
use crate::{prefetch, store_of};

connection_type!(
    /// A page of certifications (Relay cursor connection).
    CertificationConnection,
    /// A certification in a page, with its cursor.
    CertificationEdge,
    Certification,
    store::CertificationFilter,
    certification_count
);
connection_type!(
    /// A page of exams (Relay cursor connection).
    ExamConnection,
    /// An exam in a page, with its cursor.
    ExamEdge,
    Exam,
    store::ExamFilter,
    exam_count
);
connection_type!(
    /// A page of courses (Relay cursor connection).
    CourseConnection,
    /// A course in a page, with its cursor.
    CourseEdge,
    Course,
    store::CourseFilter,
    course_count
);

fn sort_value(field: OrderField, code: &str, name: Option<&str>) -> (String, String) {
    match field {
        OrderField::Code => (code.to_owned(), code.to_owned()),
        OrderField::Name => (name.unwrap_or_default().to_owned(), code.to_owned()),
    }
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// A certification by its code (e.g. `devops-engineer`); `null` if there is none.
    async fn certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certification's code, e.g. `devops-engineer`.")] code: String,
    ) -> ApiResult<Option<Certification>> {
        let Ok(code) = CertificationCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Certification))
    }

    /// An exam by its code, case-insensitive (`az-400` finds `AZ-400`); `null` if there is none.
    async fn exam(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The exam's code, e.g. `AZ-400`; case-insensitive.")] code: String,
    ) -> ApiResult<Option<Exam>> {
        let Ok(code) = ExamCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Exam))
    }

    /// A course by its code, case-insensitive (`az-400t00` finds `AZ-400T00`); `null` if there is none.
    async fn course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course's code, e.g. `AZ-400T00`; case-insensitive.")] code: String,
    ) -> ApiResult<Option<Course>> {
        let Ok(code) = CourseCode::parse(&code) else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(code).await.api()?.map(Course))
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
        let limits = limits(ctx);
        let filter = filter.into_store(&limits).api()?;
        let request = PageArgs {
            after,
            before,
            first,
            last,
            order: order_by,
        }
        .into_request(&limits)
        .api()?;
        let page = store_of(ctx)?.certification_page(&filter, &request).await.api()?;
        prefetch::certification_page(ctx, loaders(ctx)?, &page.rows).await?;
        let field = order_by.field;
        let (edges, info) = edges(
            page,
            field,
            |r| sort_value(field, r.code.as_str(), Some(&r.name)),
            Certification,
        );
        Ok(CertificationConnection::new(edges, info, filter))
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
        let limits = limits(ctx);
        let filter = filter.into_store(&limits).api()?;
        let request = PageArgs {
            after,
            before,
            first,
            last,
            order: order_by,
        }
        .into_request(&limits)
        .api()?;
        let page = store_of(ctx)?.exam_page(&filter, &request).await.api()?;
        let field = order_by.field;
        let (edges, info) = edges(
            page,
            field,
            |r| sort_value(field, r.code.as_str(), r.title.as_deref()),
            Exam,
        );
        Ok(ExamConnection::new(edges, info, filter))
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
        let limits = limits(ctx);
        let filter = filter.into_store(&limits).api()?;
        let request = PageArgs {
            after,
            before,
            first,
            last,
            order: order_by,
        }
        .into_request(&limits)
        .api()?;
        let page = store_of(ctx)?.course_page(&filter, &request).await.api()?;
        let field = order_by.field;
        let (edges, info) = edges(
            page,
            field,
            |r| sort_value(field, r.code.as_str(), r.title.as_deref()),
            Course,
        );
        Ok(CourseConnection::new(edges, info, filter))
    }
}
