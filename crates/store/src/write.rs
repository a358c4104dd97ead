//! Transactional writes. A catalog is written whole or not at all.

use std::collections::HashMap;

use certgraph_domain::{Catalog, RequirementItem};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, EntityTrait, PaginatorTrait, QuerySelect,
    TransactionTrait,
};
use tracing::instrument;

use crate::entity::{certification, course, course_exam, exam, requirement_group, requirement_item};
use crate::{Store, StoreError};

/// Rows are inserted in chunks so one statement stays under every backend's parameter limit.
const INSERT_CHUNK: usize = 500;

/// What a catalog write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub certifications: usize,
    pub exams: usize,
    pub courses: usize,
    pub requirement_groups: usize,
}

impl Store {
    /// True when the catalog holds no certification, exam or course.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let certs = certification::Entity::find().count(&self.db).await?;
        let exams = exam::Entity::find().count(&self.db).await?;
        let courses = course::Entity::find().count(&self.db).await?;
        Ok(certs + exams + courses == 0)
    }

    /// Inserts a validated catalog into an empty database in one transaction.
    #[instrument(skip_all, fields(certifications = catalog.certifications.len()))]
    pub async fn insert_catalog(&self, catalog: &Catalog) -> Result<ImportSummary, StoreError> {
        let txn = self.db.begin().await?;
        let summary = insert_all(&txn, catalog).await?;
        txn.commit().await?;
        Ok(summary)
    }
}

async fn insert_all(txn: &DatabaseTransaction, catalog: &Catalog) -> Result<ImportSummary, StoreError> {
    insert_chunked(
        txn,
        catalog.exams.iter().map(|e| exam::ActiveModel {
            code: Set(e.code.to_string()),
            title: Set(e.title.clone()),
            url: Set(e.url.as_ref().map(ToString::to_string)),
            status: Set(e.status.as_str().to_owned()),
            ..Default::default()
        }),
    )
    .await?;
    insert_chunked(
        txn,
        catalog.certifications.iter().map(|c| certification::ActiveModel {
            code: Set(c.code.to_string()),
            name: Set(c.name.clone()),
            level: Set(c.level.as_str().to_owned()),
            description: Set(c.description.clone()),
            url: Set(c.url.as_ref().map(ToString::to_string)),
            path_image_url: Set(c.path_image.as_ref().map(|i| i.url.clone())),
            path_image_alt: Set(c.path_image.as_ref().map(|i| i.alt.clone())),
            status: Set(c.status.as_str().to_owned()),
            ..Default::default()
        }),
    )
    .await?;
    insert_chunked(
        txn,
        catalog.courses.iter().map(|c| course::ActiveModel {
            code: Set(c.code.to_string()),
            title: Set(c.title.clone()),
            url: Set(c.url.as_ref().map(ToString::to_string)),
            delivery: Set(c.delivery.as_str().to_owned()),
            ..Default::default()
        }),
    )
    .await?;

    let exam_ids = code_ids::<exam::Entity>(txn, exam::Column::Id, exam::Column::Code).await?;
    let cert_ids =
        code_ids::<certification::Entity>(txn, certification::Column::Id, certification::Column::Code)
            .await?;
    let course_ids = code_ids::<course::Entity>(txn, course::Column::Id, course::Column::Code).await?;

    let exam_ids_ref = &exam_ids;
    insert_chunked(
        txn,
        catalog.courses.iter().flat_map(|c| {
            let exam_ids = exam_ids_ref;
            let course_id = course_ids[c.code.as_str()];
            c.exams
                .iter()
                .enumerate()
                .map(move |(i, e)| course_exam::ActiveModel {
                    course_id: Set(course_id),
                    exam_id: Set(exam_ids[e.as_str()]),
                    position: Set(i as i32),
                })
        }),
    )
    .await?;
    let groups = insert_requirements(txn, catalog, &cert_ids, &exam_ids).await?;
    Ok(ImportSummary {
        certifications: catalog.certifications.len(),
        exams: catalog.exams.len(),
        courses: catalog.courses.len(),
        requirement_groups: groups,
    })
}

async fn insert_requirements(
    txn: &DatabaseTransaction,
    catalog: &Catalog,
    cert_ids: &HashMap<String, i32>,
    exam_ids: &HashMap<String, i32>,
) -> Result<usize, StoreError> {
    let mut count = 0;
    insert_chunked(
        txn,
        catalog.certifications.iter().flat_map(|c| {
            let certification_id = cert_ids[c.code.as_str()];
            count += c.requirements.len();
            c.requirements
                .iter()
                .enumerate()
                .map(move |(i, g)| requirement_group::ActiveModel {
                    certification_id: Set(certification_id),
                    position: Set(i as i32),
                    kind: Set(g.kind.as_str().to_owned()),
                    ..Default::default()
                })
        }),
    )
    .await?;
    let group_ids: HashMap<(i32, i32), i32> = requirement_group::Entity::find()
        .select_only()
        .columns([
            requirement_group::Column::CertificationId,
            requirement_group::Column::Position,
            requirement_group::Column::Id,
        ])
        .into_tuple::<(i32, i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(c, p, id)| ((c, p), id))
        .collect();
    insert_chunked(
        txn,
        catalog.certifications.iter().flat_map(|c| {
            let certification_id = cert_ids[c.code.as_str()];
            let group_ids = &group_ids;
            c.requirements.iter().enumerate().flat_map(move |(g, group)| {
                let group_id = group_ids[&(certification_id, g as i32)];
                group.items.iter().enumerate().map(move |(i, item)| {
                    let (cert, exam) = match item {
                        RequirementItem::Certification(code) => (Some(cert_ids[code.as_str()]), None),
                        RequirementItem::Exam(code) => (None, Some(exam_ids[code.as_str()])),
                    };
                    requirement_item::ActiveModel {
                        group_id: Set(group_id),
                        position: Set(i as i32),
                        certification_id: Set(cert),
                        exam_id: Set(exam),
                        ..Default::default()
                    }
                })
            })
        }),
    )
    .await?;
    Ok(count)
}

async fn code_ids<E: EntityTrait>(
    txn: &DatabaseTransaction,
    id: E::Column,
    code: E::Column,
) -> Result<HashMap<String, i32>, StoreError> {
    let pairs: Vec<(i32, String)> = E::find()
        .select_only()
        .column(id)
        .column(code)
        .into_tuple()
        .all(txn)
        .await?;
    Ok(pairs.into_iter().map(|(id, code)| (code, id)).collect())
}

async fn insert_chunked<A>(
    txn: &DatabaseTransaction,
    models: impl Iterator<Item = A>,
) -> Result<(), StoreError>
where
    A: ActiveModelTrait + Send,
{
    let models: Vec<A> = models.collect();
    for chunk in models.chunks(INSERT_CHUNK) {
        <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
