//! The three paged lists (`certifications`, `exams`, `courses`) share one resolver body:
//! each kind says how its filter becomes a snapshot condition, how the snapshot pages it,
//! what it is sorted by and which object wraps it; [`list`] does the rest the same way.

use async_graphql::connection::PageInfo;
use async_graphql::Context;
use certgraph_domain::{Delivery, ExamStatus};
use certgraph_snapshot::{CertId, CourseId, ExamId, Filter, Page, PageRequest};

use super::filters::{CertificationCondition, CertificationFilter, CourseFilter, ExamFilter};
use crate::error::{ApiError, ApiResult, ResultExt};
use crate::objects::{limits, snapshot, Certification, Course, Exam, Snap};
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
pub(super) struct Window(PageArgs);

impl Window {
    pub(super) fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        order: OrderBy,
    ) -> Self {
        Self(PageArgs {
            after,
            before,
            first,
            last,
            order,
        })
    }
}

/// One kind of paged list, named by its connection type.
pub(super) trait Listed: Sized {
    /// The GraphQL filter argument.
    type Filter;
    /// What the snapshot filters by (kept in the connection for `totalCount`).
    type Condition;
    type Id: Copy;
    type Node;

    fn condition(filter: Self::Filter, ctx: &Context<'_>) -> Result<Self::Condition, ApiError>;
    fn page(snap: &Snap, condition: &Self::Condition, request: &PageRequest) -> Page<Self::Id>;
    /// The name (or title) and the code, which the cursor's order reads.
    fn sort_key(snap: &Snap, id: Self::Id) -> (&str, &str);
    fn node(snap: &Snap, id: Self::Id) -> Self::Node;
    fn connection(
        edges: Vec<(String, Self::Node)>,
        info: PageInfo,
        condition: Self::Condition,
        snap: &Snap,
    ) -> Self;
}

/// A page of list `L`, filtered and ordered as asked.
pub(super) fn list<L: Listed>(ctx: &Context<'_>, filter: L::Filter, window: Window) -> ApiResult<L> {
    let snap = snapshot(ctx)?;
    let condition = L::condition(filter, ctx).api()?;
    let order = window.0.order;
    let request = window.0.into_request(&limits(ctx)).api()?;
    let page = L::page(snap, &condition, &request);
    let key = |id| L::sort_key(snap, id);
    let (edges, info) = edges(page, order.field, key, |id| L::node(snap, id));
    Ok(L::connection(edges, info, condition, snap))
}

impl Listed for CertificationConnection {
    type Filter = CertificationFilter;
    type Condition = CertificationCondition;
    type Id = CertId;
    type Node = Certification;

    fn condition(filter: Self::Filter, ctx: &Context<'_>) -> Result<Self::Condition, ApiError> {
        filter.into_condition(&limits(ctx))
    }
    fn page(snap: &Snap, condition: &Self::Condition, request: &PageRequest) -> Page<CertId> {
        snap.certification_page(condition, request)
    }
    fn sort_key(snap: &Snap, id: CertId) -> (&str, &str) {
        let r = &snap.certification(id).record;
        (r.name.as_str(), r.code.as_str())
    }
    fn node(snap: &Snap, id: CertId) -> Certification {
        Certification::new(snap, id)
    }
    fn connection(
        edges: Vec<(String, Certification)>,
        info: PageInfo,
        c: Self::Condition,
        snap: &Snap,
    ) -> Self {
        Self::new(edges, info, c, snap)
    }
}

impl Listed for ExamConnection {
    type Filter = ExamFilter;
    type Condition = Filter<Option<ExamStatus>>;
    type Id = ExamId;
    type Node = Exam;

    fn condition(filter: Self::Filter, ctx: &Context<'_>) -> Result<Self::Condition, ApiError> {
        filter.into_condition(&limits(ctx))
    }
    fn page(snap: &Snap, condition: &Self::Condition, request: &PageRequest) -> Page<ExamId> {
        snap.exam_page(condition, request)
    }
    fn sort_key(snap: &Snap, id: ExamId) -> (&str, &str) {
        let r = &snap.exam(id).record;
        (r.title.as_deref().unwrap_or(""), r.code.as_str())
    }
    fn node(snap: &Snap, id: ExamId) -> Exam {
        Exam::new(snap, id)
    }
    fn connection(edges: Vec<(String, Exam)>, info: PageInfo, c: Self::Condition, snap: &Snap) -> Self {
        Self::new(edges, info, c, snap)
    }
}

impl Listed for CourseConnection {
    type Filter = CourseFilter;
    type Condition = Filter<Option<Delivery>>;
    type Id = CourseId;
    type Node = Course;

    fn condition(filter: Self::Filter, ctx: &Context<'_>) -> Result<Self::Condition, ApiError> {
        filter.into_condition(&limits(ctx))
    }
    fn page(snap: &Snap, condition: &Self::Condition, request: &PageRequest) -> Page<CourseId> {
        snap.course_page(condition, request)
    }
    fn sort_key(snap: &Snap, id: CourseId) -> (&str, &str) {
        let r = &snap.course(id).record;
        (r.title.as_deref().unwrap_or(""), r.code.as_str())
    }
    fn node(snap: &Snap, id: CourseId) -> Course {
        Course::new(snap, id)
    }
    fn connection(edges: Vec<(String, Course)>, info: PageInfo, c: Self::Condition, snap: &Snap) -> Self {
        Self::new(edges, info, c, snap)
    }
}
