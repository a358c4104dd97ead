//! Batched reads: each call is a bounded number of statements, whatever the batch size.

use certgraph_domain::{CertificationCode, CourseCode, ExamCode};
use sea_orm::sea_query::{Expr, Value};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, Related, RelationTrait, Select,
};
use tracing::instrument;

use crate::entity::{certification, course, course_exam, exam, requirement_group, requirement_item};
use crate::rows::convert;
use crate::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, Store, StoreError};

impl Store {
    async fn fetch<E, R>(&self, select: Select<E>) -> Result<Vec<R>, StoreError>
    where
        E: EntityTrait,
        R: TryFrom<E::Model, Error = StoreError>,
    {
        convert(select.all(&self.db).await?)
    }

    async fn fetch_in<E, R, V>(&self, column: E::Column, values: V) -> Result<Vec<R>, StoreError>
    where
        E: EntityTrait,
        R: TryFrom<E::Model, Error = StoreError>,
        V: IntoIterator,
        V::Item: Into<Value>,
    {
        let values: Vec<Value> = values.into_iter().map(Into::into).collect();
        if values.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch(E::find().filter(column.is_in(values))).await
    }

    /// Every certification, ordered by code.
    #[instrument(skip_all)]
    pub async fn all_certifications(&self) -> Result<Vec<CertificationRow>, StoreError> {
        self.fetch(certification::Entity::find().order_by_asc(certification::Column::Code))
            .await
    }

    #[instrument(skip_all, fields(n = ids.len()))]
    pub async fn certifications_by_ids(&self, ids: &[i32]) -> Result<Vec<CertificationRow>, StoreError> {
        self.fetch_in::<certification::Entity, _, _>(certification::Column::Id, ids.iter().copied())
            .await
    }

    #[instrument(skip_all, fields(n = codes.len()))]
    pub async fn certifications_by_codes(
        &self,
        codes: &[CertificationCode],
    ) -> Result<Vec<CertificationRow>, StoreError> {
        let values = codes.iter().map(|c| c.as_str().to_owned());
        self.fetch_in::<certification::Entity, _, _>(certification::Column::Code, values)
            .await
    }

    #[instrument(skip_all, fields(n = ids.len()))]
    pub async fn exams_by_ids(&self, ids: &[i32]) -> Result<Vec<ExamRow>, StoreError> {
        self.fetch_in::<exam::Entity, _, _>(exam::Column::Id, ids.iter().copied())
            .await
    }

    #[instrument(skip_all, fields(n = codes.len()))]
    pub async fn exams_by_codes(&self, codes: &[ExamCode]) -> Result<Vec<ExamRow>, StoreError> {
        let values = codes.iter().map(|c| c.as_str().to_owned());
        self.fetch_in::<exam::Entity, _, _>(exam::Column::Code, values)
            .await
    }

    #[instrument(skip_all, fields(n = ids.len()))]
    pub async fn courses_by_ids(&self, ids: &[i32]) -> Result<Vec<CourseRow>, StoreError> {
        self.fetch_in::<course::Entity, _, _>(course::Column::Id, ids.iter().copied())
            .await
    }

    #[instrument(skip_all, fields(n = codes.len()))]
    pub async fn courses_by_codes(&self, codes: &[CourseCode]) -> Result<Vec<CourseRow>, StoreError> {
        let values = codes.iter().map(|c| c.as_str().to_owned());
        self.fetch_in::<course::Entity, _, _>(course::Column::Code, values)
            .await
    }

    /// The requirement groups of these certifications, in position order.
    #[instrument(skip_all, fields(n = certification_ids.len()))]
    pub async fn groups_of_certifications(
        &self,
        certification_ids: &[i32],
    ) -> Result<Vec<GroupRow>, StoreError> {
        if certification_ids.is_empty() {
            return Ok(Vec::new());
        }
        let select = requirement_group::Entity::find()
            .filter(requirement_group::Column::CertificationId.is_in(certification_ids.iter().copied()))
            .order_by_asc(requirement_group::Column::Position);
        self.fetch(select).await
    }

    /// The items of these groups, in position order.
    #[instrument(skip_all, fields(n = group_ids.len()))]
    pub async fn items_of_groups(&self, group_ids: &[i32]) -> Result<Vec<ItemRow>, StoreError> {
        if group_ids.is_empty() {
            return Ok(Vec::new());
        }
        let select = requirement_item::Entity::find()
            .filter(requirement_item::Column::GroupId.is_in(group_ids.iter().copied()))
            .order_by_asc(requirement_item::Column::Position);
        self.fetch(select).await
    }

    /// `(exam id, course)` for every course that prepares for one of these exams. One statement.
    #[instrument(skip_all, fields(n = exam_ids.len()))]
    pub async fn courses_of_exams(&self, exam_ids: &[i32]) -> Result<Vec<(i32, CourseRow)>, StoreError> {
        let pairs = self
            .links(course_exam::Column::ExamId, exam_ids, course::Entity)
            .await?;
        pairs
            .into_iter()
            .map(|(link, c)| Ok((link.exam_id, CourseRow::try_from(c)?)))
            .collect()
    }

    /// `(course id, exam)` for every exam one of these courses prepares for. One statement.
    #[instrument(skip_all, fields(n = course_ids.len()))]
    pub async fn exams_of_courses(&self, course_ids: &[i32]) -> Result<Vec<(i32, ExamRow)>, StoreError> {
        let pairs = self
            .links(course_exam::Column::CourseId, course_ids, exam::Entity)
            .await?;
        pairs
            .into_iter()
            .map(|(link, e)| Ok((link.course_id, ExamRow::try_from(e)?)))
            .collect()
    }

    async fn links<E>(
        &self,
        column: course_exam::Column,
        ids: &[i32],
        target: E,
    ) -> Result<Vec<(course_exam::Model, E::Model)>, StoreError>
    where
        E: EntityTrait,
        course_exam::Entity: Related<E>,
    {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = course_exam::Entity::find()
            .find_also_related(target)
            .filter(column.is_in(ids.iter().copied()))
            .order_by_asc(course_exam::Column::Position)
            .order_by_asc(course_exam::Column::CourseId)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(link, row)| row.map(|r| (link, r)))
            .collect())
    }

    /// A requirement group by row id.
    #[instrument(skip_all, fields(n = ids.len()))]
    pub async fn groups_by_ids(&self, ids: &[i32]) -> Result<Vec<GroupRow>, StoreError> {
        self.fetch_in::<requirement_group::Entity, _, _>(requirement_group::Column::Id, ids.iter().copied())
            .await
    }

    /// `(target id, requiring certification id)` for every requirement item naming one of
    /// these certifications or exams: the reverse edges. One statement.
    #[instrument(skip_all, fields(n = ids.len()))]
    pub async fn requirers_of(&self, kind: TargetKind, ids: &[i32]) -> Result<Vec<(i32, i32)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let column = match kind {
            TargetKind::Certification => requirement_item::Column::CertificationId,
            TargetKind::Exam => requirement_item::Column::ExamId,
        };
        let pairs: Vec<(i32, i32)> = requirement_item::Entity::find()
            .select_only()
            .column(column)
            .column_as(
                Expr::col((
                    requirement_group::Entity,
                    requirement_group::Column::CertificationId,
                )),
                "requirer",
            )
            .join(JoinType::InnerJoin, requirement_item::Relation::Group.def())
            .filter(column.is_in(ids.iter().copied()))
            .order_by_asc(requirement_group::Column::CertificationId)
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(pairs)
    }
}

/// Which kind of node a requirement item targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Certification,
    Exam,
}
