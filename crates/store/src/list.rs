//! Filtered, ordered, keyset-paged listings and ranked text search.
//!
//! Pages are cut by a key (sort value, code) rather than an offset, so a cursor keeps its
//! place while rows are added elsewhere, and the database never counts past skipped rows.

use certgraph_domain::{CertificationStatus, Delivery, ExamStatus, Level};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tracing::instrument;

use crate::entity::{certification, course, exam};
use crate::rows::convert;
use crate::{CertificationRow, CourseRow, ExamRow, Store, StoreError};

/// What a listing is ordered by; the code always breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Code,
    /// A certification's name, an exam's or course's title.
    Name,
}

/// A position in an ordering: the sort value and the code of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub value: String,
    pub code: String,
}

/// Which slice of an ordering to return (Relay's `first/after`, `last/before`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub sort: SortField,
    pub descending: bool,
    pub after: Option<SortKey>,
    pub before: Option<SortKey>,
    /// Rows to take from the start (after `after`), or ...
    pub first: Option<u64>,
    /// ... rows to take from the end (before `before`).
    pub last: Option<u64>,
}

/// One page and whether rows exist beyond it.
#[derive(Debug, Clone)]
pub struct Page<R> {
    pub rows: Vec<R>,
    pub has_previous: bool,
    pub has_next: bool,
}

/// Filters on certifications.
#[derive(Debug, Clone, Default)]
pub struct CertificationFilter {
    pub level: Option<Level>,
    pub status: Option<CertificationStatus>,
    pub text: Option<String>,
}

/// Filters on exams.
#[derive(Debug, Clone, Default)]
pub struct ExamFilter {
    pub status: Option<ExamStatus>,
    pub text: Option<String>,
}

/// Filters on courses.
#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    pub delivery: Option<Delivery>,
    pub text: Option<String>,
}

/// Lower-cases `text` and escapes LIKE's wildcards in it, so user input matches literally.
pub(crate) fn escape_like(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A LIKE pattern whose escape character is `\`.
pub(crate) fn like(pattern: &str) -> LikeExpr {
    LikeExpr::new(pattern).escape('\\')
}

fn lower<C: ColumnTrait>(column: C) -> SimpleExpr {
    Func::lower(Expr::col(column)).into()
}

/// Case-insensitive "contains" over any of these columns.
pub(crate) fn text_matches<C: ColumnTrait>(text: &str, columns: &[C]) -> Condition {
    let pattern = format!("%{}%", escape_like(text));
    columns
        .iter()
        .fold(Condition::any(), |any, c| any.add(lower(*c).like(like(&pattern))))
}

/// The listing's plan: its filter, sort expression and code column.
struct Listing<C> {
    filter: Condition,
    sort: SimpleExpr,
    code: C,
}

impl<C: ColumnTrait> Listing<C> {
    fn new(filter: Condition, sort: SortField, code: C, name: C) -> Self {
        let sort = match sort {
            SortField::Code => Expr::col(code),
            SortField::Name => Func::coalesce([Expr::col(name), Expr::val("")]).into(),
        };
        Self { filter, sort, code }
    }

    /// Rows strictly beyond `key` in the direction `ascending`.
    fn beyond(&self, key: &SortKey, ascending: bool) -> Condition {
        let value = || Expr::val(key.value.clone());
        let code = || Expr::val(key.code.clone());
        let (sort, col) = (self.sort.clone(), Expr::col(self.code));
        if ascending {
            Condition::any()
                .add(sort.clone().gt(value()))
                .add(Condition::all().add(sort.eq(value())).add(col.gt(code())))
        } else {
            Condition::any()
                .add(sort.clone().lt(value()))
                .add(Condition::all().add(sort.eq(value())).add(col.lt(code())))
        }
    }

    async fn page<E, R>(&self, store: &Store, request: &PageRequest) -> Result<Page<R>, StoreError>
    where
        E: EntityTrait<Column = C>,
        R: TryFrom<E::Model, Error = StoreError>,
    {
        let forward = request.last.is_none() || request.first.is_some();
        let limit = if forward { request.first } else { request.last }.unwrap_or(20);
        let mut condition = self.filter.clone();
        if let Some(after) = &request.after {
            condition = condition.add(self.beyond(after, !request.descending));
        }
        if let Some(before) = &request.before {
            condition = condition.add(self.beyond(before, request.descending));
        }
        // Walking from the end means reading the ordering backwards, then restoring it.
        let ascending = forward != request.descending;
        let order = if ascending { Order::Asc } else { Order::Desc };
        let models = E::find()
            .filter(condition)
            .order_by(self.sort.clone(), order.clone())
            .order_by(self.code, order)
            .limit(limit + 1)
            .all(&store.db)
            .await?;
        let mut rows: Vec<R> = convert(models)?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        if forward {
            Ok(Page {
                rows,
                has_previous: request.after.is_some(),
                has_next: more,
            })
        } else {
            rows.reverse();
            Ok(Page {
                rows,
                has_previous: more,
                has_next: request.before.is_some(),
            })
        }
    }

    async fn count<E>(&self, store: &Store) -> Result<u64, StoreError>
    where
        E: EntityTrait<Column = C>,
        E::Model: Sync,
    {
        Ok(E::find().filter(self.filter.clone()).count(&store.db).await?)
    }
}

fn certification_listing(filter: &CertificationFilter, sort: SortField) -> Listing<certification::Column> {
    use certification::Column as C;
    let mut condition = Condition::all();
    if let Some(level) = filter.level {
        condition = condition.add(C::Level.eq(level.as_str()));
    }
    if let Some(status) = filter.status {
        condition = condition.add(C::Status.eq(status.as_str()));
    }
    if let Some(text) = &filter.text {
        condition = condition.add(text_matches(text, &[C::Code, C::Name, C::Description]));
    }
    Listing::new(condition, sort, C::Code, C::Name)
}

fn exam_listing(filter: &ExamFilter, sort: SortField) -> Listing<exam::Column> {
    use exam::Column as C;
    let mut condition = Condition::all();
    if let Some(status) = filter.status {
        condition = condition.add(C::Status.eq(status.as_str()));
    }
    if let Some(text) = &filter.text {
        condition = condition.add(text_matches(text, &[C::Code, C::Title]));
    }
    Listing::new(condition, sort, C::Code, C::Title)
}

fn course_listing(filter: &CourseFilter, sort: SortField) -> Listing<course::Column> {
    use course::Column as C;
    let mut condition = Condition::all();
    if let Some(delivery) = filter.delivery {
        condition = condition.add(C::Delivery.eq(delivery.as_str()));
    }
    if let Some(text) = &filter.text {
        condition = condition.add(text_matches(text, &[C::Code, C::Title]));
    }
    Listing::new(condition, sort, C::Code, C::Title)
}

impl Store {
    /// One page of certifications. One statement.
    #[instrument(skip_all)]
    pub async fn certification_page(
        &self,
        filter: &CertificationFilter,
        request: &PageRequest,
    ) -> Result<Page<CertificationRow>, StoreError> {
        certification_listing(filter, request.sort)
            .page::<certification::Entity, _>(self, request)
            .await
    }

    /// How many certifications match. One statement.
    pub async fn certification_count(&self, filter: &CertificationFilter) -> Result<u64, StoreError> {
        certification_listing(filter, SortField::Code)
            .count::<certification::Entity>(self)
            .await
    }

    /// One page of exams. One statement.
    #[instrument(skip_all)]
    pub async fn exam_page(
        &self,
        filter: &ExamFilter,
        request: &PageRequest,
    ) -> Result<Page<ExamRow>, StoreError> {
        exam_listing(filter, request.sort)
            .page::<exam::Entity, _>(self, request)
            .await
    }

    /// How many exams match. One statement.
    pub async fn exam_count(&self, filter: &ExamFilter) -> Result<u64, StoreError> {
        exam_listing(filter, SortField::Code)
            .count::<exam::Entity>(self)
            .await
    }

    /// One page of courses. One statement.
    #[instrument(skip_all)]
    pub async fn course_page(
        &self,
        filter: &CourseFilter,
        request: &PageRequest,
    ) -> Result<Page<CourseRow>, StoreError> {
        course_listing(filter, request.sort)
            .page::<course::Entity, _>(self, request)
            .await
    }

    /// How many courses match. One statement.
    pub async fn course_count(&self, filter: &CourseFilter) -> Result<u64, StoreError> {
        course_listing(filter, SortField::Code)
            .count::<course::Entity>(self)
            .await
    }
}
