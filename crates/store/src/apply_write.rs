//! The statements of an apply: inserts for new records ([`apply_insert`]), one UPDATE per
//! changed record (bumping `version`), replaced links and requirement groups, pruned deletions.

use std::collections::HashMap;

use certgraph_domain::{Certification, Course, Exam, RequirementItem};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, QuerySelect,
};

use crate::apply_insert::{self, Group, Item, Link};
use crate::bulk_load;
use crate::diff::{CatalogWrites, KindWrites};
use crate::entity::{certification, course, course_exam, exam, requirement_group, requirement_item};
use crate::write::by_code;
use crate::StoreError;

/// Ids per `IN (…)` list, well under every backend's parameter limit.
const IN_CHUNK: usize = 500;

/// Writes `writes`; on PostgreSQL, with the link tables' foreign keys dropped while they
/// load when at least `bulk_load_rows` link and item rows are written ([`crate::bulk_load`]).
pub(crate) async fn write(
    txn: &DatabaseTransaction,
    writes: &CatalogWrites<'_>,
    bulk_load_rows: usize,
) -> Result<(), StoreError> {
    let at = writes.at;
    apply_insert::exams(txn, &writes.exams.create, at).await?;
    for (id, e) in &writes.exams.update {
        update_exam(txn, *id, e, at).await?;
    }
    apply_insert::certifications(txn, &writes.certifications.create, at).await?;
    for (id, c) in &writes.certifications.update {
        update_certification(txn, *id, c, at).await?;
    }
    apply_insert::courses(txn, &writes.courses.create, at).await?;
    for (id, c) in &writes.courses.update {
        update_course(txn, *id, c, at).await?;
    }
    delete_pruned(txn, writes).await?;

    for chunk in updated(&writes.courses).chunks(IN_CHUNK) {
        course_exam::Entity::delete_many()
            .filter(course_exam::Column::CourseId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    delete_groups_of(txn, &updated(&writes.certifications)).await?;

    if txn.get_database_backend() == DbBackend::Postgres {
        let courses = written(&writes.courses);
        let certifications = written(&writes.certifications);
        let rows = courses.iter().map(|c| c.exams.len()).sum::<usize>()
            + certifications
                .iter()
                .flat_map(|c| &c.requirements)
                .map(|g| 1 + g.items.len())
                .sum::<usize>();
        let dropped = match rows >= bulk_load_rows {
            true => Some(bulk_load::drop_foreign_keys(txn).await?),
            false => None,
        };
        crate::by_code::links(txn, &courses).await?;
        drop(courses);
        crate::by_code::requirements(txn, &certifications).await?;
        if let Some(keys) = dropped {
            keys.restore(txn).await?;
        }
        return Ok(());
    }
    let exam_ids = by_code::<exam::Entity>(txn, exam::Column::Id, exam::Column::Code).await?;
    let cert_ids =
        by_code::<certification::Entity>(txn, certification::Column::Id, certification::Column::Code).await?;
    let course_ids = by_code::<course::Entity>(txn, course::Column::Id, course::Column::Code).await?;
    insert_course_links(txn, &writes.courses, &course_ids, &exam_ids).await?;
    drop(course_ids);
    insert_requirements(txn, &writes.certifications, &cert_ids, &exam_ids).await
}

/// The ids of the records updated.
fn updated<T>(kind: &KindWrites<'_, T>) -> Vec<i32> {
    kind.update.iter().map(|(id, _)| *id).collect()
}

/// The records created or updated, whose links or requirements are (re)written.
fn written<'a, T>(kind: &KindWrites<'a, T>) -> Vec<&'a T> {
    kind.create
        .iter()
        .copied()
        .chain(kind.update.iter().map(|(_, r)| *r))
        .collect()
}

fn url(u: &Option<certgraph_domain::WebUrl>) -> Option<String> {
    u.as_ref().map(ToString::to_string)
}

async fn update_exam(txn: &DatabaseTransaction, id: i32, e: &Exam, at: i64) -> Result<(), StoreError> {
    exam::Entity::update_many()
        .col_expr(exam::Column::Title, Expr::value(e.title.clone()))
        .col_expr(exam::Column::Url, Expr::value(url(&e.url)))
        .col_expr(exam::Column::Status, Expr::value(e.status.as_str()))
        .col_expr(exam::Column::Version, Expr::col(exam::Column::Version).add(1))
        .col_expr(exam::Column::UpdatedAt, Expr::value(at))
        .filter(exam::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn update_certification(
    txn: &DatabaseTransaction,
    id: i32,
    c: &Certification,
    at: i64,
) -> Result<(), StoreError> {
    use certification::Column as C;
    certification::Entity::update_many()
        .col_expr(C::Name, Expr::value(c.name.clone()))
        .col_expr(C::Level, Expr::value(c.level.as_str()))
        .col_expr(C::Description, Expr::value(c.description.clone()))
        .col_expr(C::Url, Expr::value(url(&c.url)))
        .col_expr(
            C::PathImageUrl,
            Expr::value(c.path_image.as_ref().map(|i| i.url.clone())),
        )
        .col_expr(
            C::PathImageAlt,
            Expr::value(c.path_image.as_ref().map(|i| i.alt.clone())),
        )
        .col_expr(C::Status, Expr::value(c.status.as_str()))
        .col_expr(C::Version, Expr::col(C::Version).add(1))
        .col_expr(C::UpdatedAt, Expr::value(at))
        .filter(C::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn update_course(txn: &DatabaseTransaction, id: i32, c: &Course, at: i64) -> Result<(), StoreError> {
    course::Entity::update_many()
        .col_expr(course::Column::Title, Expr::value(c.title.clone()))
        .col_expr(course::Column::Url, Expr::value(url(&c.url)))
        .col_expr(course::Column::Delivery, Expr::value(c.delivery.as_str()))
        .col_expr(course::Column::Version, Expr::col(course::Column::Version).add(1))
        .col_expr(course::Column::UpdatedAt, Expr::value(at))
        .filter(course::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Deletes the requirement groups (and their items) of these certifications.
async fn delete_groups_of(txn: &DatabaseTransaction, cert_ids: &[i32]) -> Result<(), StoreError> {
    for chunk in cert_ids.chunks(IN_CHUNK) {
        let groups = Query::select()
            .column(requirement_group::Column::Id)
            .from(requirement_group::Entity)
            .and_where(requirement_group::Column::CertificationId.is_in(chunk.iter().copied()))
            .to_owned();
        requirement_item::Entity::delete_many()
            .filter(requirement_item::Column::GroupId.in_subquery(groups))
            .exec(txn)
            .await?;
        requirement_group::Entity::delete_many()
            .filter(requirement_group::Column::CertificationId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Deletes what `--prune` removes. Validation guarantees nothing kept refers to it; the
/// links are deleted explicitly rather than left to `ON DELETE CASCADE`.
async fn delete_pruned(txn: &DatabaseTransaction, writes: &CatalogWrites<'_>) -> Result<(), StoreError> {
    let ids = |deleting: &[(i32, String)]| deleting.iter().map(|(id, _)| *id).collect::<Vec<_>>();
    let (courses, certs, exams) = (
        ids(&writes.courses.delete),
        ids(&writes.certifications.delete),
        ids(&writes.exams.delete),
    );
    for chunk in courses.chunks(IN_CHUNK) {
        let chunk = chunk.iter().copied();
        course_exam::Entity::delete_many()
            .filter(course_exam::Column::CourseId.is_in(chunk.clone()))
            .exec(txn)
            .await?;
        course::Entity::delete_many()
            .filter(course::Column::Id.is_in(chunk))
            .exec(txn)
            .await?;
    }
    delete_groups_of(txn, &certs).await?;
    for chunk in certs.chunks(IN_CHUNK) {
        let chunk = chunk.iter().copied();
        requirement_item::Entity::delete_many()
            .filter(requirement_item::Column::CertificationId.is_in(chunk.clone()))
            .exec(txn)
            .await?;
        certification::Entity::delete_many()
            .filter(certification::Column::Id.is_in(chunk))
            .exec(txn)
            .await?;
    }
    for chunk in exams.chunks(IN_CHUNK) {
        let chunk = chunk.iter().copied();
        course_exam::Entity::delete_many()
            .filter(course_exam::Column::ExamId.is_in(chunk.clone()))
            .exec(txn)
            .await?;
        requirement_item::Entity::delete_many()
            .filter(requirement_item::Column::ExamId.is_in(chunk.clone()))
            .exec(txn)
            .await?;
        exam::Entity::delete_many()
            .filter(exam::Column::Id.is_in(chunk))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The exams of created and updated courses, in their order (SQLite: ids resolved here).
async fn insert_course_links(
    txn: &DatabaseTransaction,
    writes: &KindWrites<'_, Course>,
    course_ids: &HashMap<String, i32>,
    exam_ids: &HashMap<String, i32>,
) -> Result<(), StoreError> {
    let mut links = Vec::new();
    for c in written(writes) {
        let course_id = id_of(course_ids, c.code.as_str())?;
        for (i, e) in c.exams.iter().enumerate() {
            links.push(Link {
                course_id,
                exam_id: id_of(exam_ids, e.as_str())?,
                position: i as i32,
            });
        }
    }
    apply_insert::links(txn, &links).await
}

/// The requirement groups and items of created and updated certifications (SQLite: ids
/// resolved here).
async fn insert_requirements(
    txn: &DatabaseTransaction,
    writes: &KindWrites<'_, Certification>,
    cert_ids: &HashMap<String, i32>,
    exam_ids: &HashMap<String, i32>,
) -> Result<(), StoreError> {
    let certs: Vec<(i32, &Certification)> = writes
        .create
        .iter()
        .map(|c| Ok((id_of(cert_ids, c.code.as_str())?, *c)))
        .chain(writes.update.iter().map(|(id, c)| Ok((*id, *c))))
        .collect::<Result<_, StoreError>>()?;
    let groups: Vec<Group> = certs
        .iter()
        .flat_map(|(cert_id, c)| {
            c.requirements.iter().enumerate().map(move |(i, g)| Group {
                certification_id: *cert_id,
                position: i as i32,
                kind: g.kind.as_str(),
            })
        })
        .collect();
    apply_insert::groups(txn, &groups).await?;
    drop(groups);

    let with_groups: Vec<i32> = certs
        .iter()
        .filter(|(_, c)| !c.requirements.is_empty())
        .map(|(id, _)| *id)
        .collect();
    let mut group_ids = HashMap::new();
    for chunk in with_groups.chunks(IN_CHUNK) {
        let rows: Vec<(i32, i32, i32)> = requirement_group::Entity::find()
            .select_only()
            .columns([
                requirement_group::Column::CertificationId,
                requirement_group::Column::Position,
                requirement_group::Column::Id,
            ])
            .filter(requirement_group::Column::CertificationId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        group_ids.extend(rows.into_iter().map(|(c, p, id)| ((c, p), id)));
    }

    let mut items = Vec::new();
    for (cert_id, c) in &certs {
        for (g, group) in c.requirements.iter().enumerate() {
            let group_id = *group_ids
                .get(&(*cert_id, g as i32))
                .ok_or_else(|| missing("requirement_group", *cert_id))?;
            for (i, item) in group.items.iter().enumerate() {
                let (certification_id, exam_id) = match item {
                    RequirementItem::Certification(code) => (Some(id_of(cert_ids, code.as_str())?), None),
                    RequirementItem::Exam(code) => (None, Some(id_of(exam_ids, code.as_str())?)),
                };
                items.push(Item {
                    group_id,
                    position: i as i32,
                    certification_id,
                    exam_id,
                });
            }
        }
    }
    apply_insert::items(txn, &items).await
}

/// A code validation promised is stored; its absence is a bug, never a panic.
fn id_of(ids: &HashMap<String, i32>, code: &str) -> Result<i32, StoreError> {
    ids.get(code).copied().ok_or_else(|| StoreError::Corrupt {
        table: "catalog",
        id: 0,
        message: format!("`{code}` was validated but is not stored"),
    })
}

fn missing(table: &'static str, id: i32) -> StoreError {
    StoreError::Corrupt {
        table,
        id,
        message: "a requirement group just written cannot be found".into(),
    }
}
