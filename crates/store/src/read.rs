//! Batched reads: each call is a bounded number of statements, whatever the batch size.

use certgraph_domain::{CertificationCode, CourseCode, ExamCode};
use sea_orm::sea_query::Value;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select};
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

    /// `(exam id, course)` for every course that prepares for one of these exams. Two statements.
    #[instrument(skip_all, fields(n = exam_ids.len()))]
    pub async fn courses_of_exams(&self, exam_ids: &[i32]) -> Result<Vec<(i32, CourseRow)>, StoreError> {
        let links = self.links(course_exam::Column::ExamId, exam_ids).await?;
        let courses = self
            .courses_by_ids(&links.iter().map(|l| l.course_id).collect::<Vec<_>>())
            .await?;
        Ok(join(links, courses, |l| (l.exam_id, l.course_id), |c| c.id))
    }

    /// `(course id, exam)` for every exam one of these courses prepares for. Two statements.
    #[instrument(skip_all, fields(n = course_ids.len()))]
    pub async fn exams_of_courses(&self, course_ids: &[i32]) -> Result<Vec<(i32, ExamRow)>, StoreError> {
        let links = self.links(course_exam::Column::CourseId, course_ids).await?;
        let exams = self
            .exams_by_ids(&links.iter().map(|l| l.exam_id).collect::<Vec<_>>())
            .await?;
        Ok(join(links, exams, |l| (l.course_id, l.exam_id), |e| e.id))
    }

    async fn links(
        &self,
        column: course_exam::Column,
        ids: &[i32],
    ) -> Result<Vec<course_exam::Model>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let select = course_exam::Entity::find()
            .filter(column.is_in(ids.iter().copied()))
            .order_by_asc(course_exam::Column::Position)
            .order_by_asc(course_exam::Column::CourseId);
        Ok(select.all(&self.db).await?)
    }
}

/// Pairs each link's owner with the row it points at, keeping the links' order.
fn join<R: Clone>(
    links: Vec<course_exam::Model>,
    rows: Vec<R>,
    ends: impl Fn(&course_exam::Model) -> (i32, i32),
    id: impl Fn(&R) -> i32,
) -> Vec<(i32, R)> {
    let by_id: std::collections::HashMap<i32, R> = rows.into_iter().map(|r| (id(&r), r)).collect();
    links
        .iter()
        .filter_map(|l| {
            let (owner, target) = ends(l);
            by_id.get(&target).map(|r| (owner, r.clone()))
        })
        .collect()
}
