//! The whole stored catalog as domain values: what `export` writes and what an import is
//! compared with. Six statements whatever the size.

use std::collections::HashMap;

use certgraph_domain::{Catalog, Certification, Course, Exam, RequirementGroup, RequirementItem};
use certgraph_snapshot::{Revision, Revisions};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use tracing::instrument;

use crate::entity::{certification, course, course_exam, exam, requirement_group, requirement_item};
use crate::rows::convert;
use crate::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, ItemTarget, Store, StoreError};

/// A stored record with its row id.
#[derive(Debug, Clone)]
pub(crate) struct Stored<T> {
    pub id: i32,
    pub revision: Revision,
    pub record: T,
}

fn revision(row: i32, version: i32, updated_at: i64) -> Revision {
    Revision {
        row,
        version,
        updated_at_ms: updated_at,
    }
}

/// Every stored record, sorted by code (byte order, the same on every backend).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub certifications: Vec<Stored<Certification>>,
    pub exams: Vec<Stored<Exam>>,
    pub courses: Vec<Stored<Course>>,
}

impl Store {
    /// The whole catalog, records sorted by code; groups, items and a course's exams in
    /// their stored order. What `certgraph export` writes.
    #[instrument(skip_all)]
    pub async fn export_catalog(&self) -> Result<Catalog, StoreError> {
        Ok(load(&self.db).await?.into_catalog())
    }
}

impl Snapshot {
    /// The records with their revisions, without their row ids.
    pub(crate) fn into_revised(self) -> (Catalog, Revisions) {
        let revisions = Revisions {
            certifications: self.certifications.iter().map(|s| s.revision).collect(),
            exams: self.exams.iter().map(|s| s.revision).collect(),
            courses: self.courses.iter().map(|s| s.revision).collect(),
        };
        (self.into_catalog(), revisions)
    }

    /// The records without their row ids.
    pub(crate) fn into_catalog(self) -> Catalog {
        Catalog {
            certifications: self.certifications.into_iter().map(|s| s.record).collect(),
            exams: self.exams.into_iter().map(|s| s.record).collect(),
            courses: self.courses.into_iter().map(|s| s.record).collect(),
        }
    }
}

/// Reads every record through `conn` (a transaction, during an import).
pub(crate) async fn load(conn: &impl ConnectionTrait) -> Result<Snapshot, StoreError> {
    let exams: Vec<ExamRow> = convert(exam::Entity::find().all(conn).await?)?;
    let certs: Vec<CertificationRow> = convert(certification::Entity::find().all(conn).await?)?;
    let courses: Vec<CourseRow> = convert(course::Entity::find().all(conn).await?)?;
    let links = course_exam::Entity::find()
        .order_by_asc(course_exam::Column::CourseId)
        .order_by_asc(course_exam::Column::Position)
        .all(conn)
        .await?;
    let groups: Vec<GroupRow> = convert(
        requirement_group::Entity::find()
            .order_by_asc(requirement_group::Column::CertificationId)
            .order_by_asc(requirement_group::Column::Position)
            .all(conn)
            .await?,
    )?;
    let items: Vec<ItemRow> = convert(
        requirement_item::Entity::find()
            .order_by_asc(requirement_item::Column::GroupId)
            .order_by_asc(requirement_item::Column::Position)
            .all(conn)
            .await?,
    )?;

    let exam_codes: HashMap<i32, _> = exams.iter().map(|e| (e.id, e.code.clone())).collect();
    let cert_codes: HashMap<i32, _> = certs.iter().map(|c| (c.id, c.code.clone())).collect();
    let mut course_exams: HashMap<i32, Vec<_>> = HashMap::new();
    for link in links {
        let code = exam_codes
            .get(&link.exam_id)
            .ok_or_else(|| dangling("course_exam", link.course_id))?;
        course_exams.entry(link.course_id).or_default().push(code.clone());
    }
    let mut group_items: HashMap<i32, Vec<RequirementItem>> = HashMap::new();
    for item in items {
        let target = match item.target {
            ItemTarget::Certification(id) => cert_codes.get(&id).cloned().map(RequirementItem::Certification),
            ItemTarget::Exam(id) => exam_codes.get(&id).cloned().map(RequirementItem::Exam),
        };
        let target = target.ok_or_else(|| dangling("requirement_item", item.id))?;
        group_items.entry(item.group_id).or_default().push(target);
    }
    let mut cert_groups: HashMap<i32, Vec<RequirementGroup>> = HashMap::new();
    for group in groups {
        let items = group_items.remove(&group.id).unwrap_or_default();
        cert_groups
            .entry(group.certification_id)
            .or_default()
            .push(RequirementGroup {
                kind: group.kind,
                items,
            });
    }

    let mut snapshot = Snapshot {
        exams: exams.into_iter().map(exam_record).collect(),
        certifications: certs
            .into_iter()
            .map(|c| {
                let groups = cert_groups.remove(&c.id).unwrap_or_default();
                certification_record(c, groups)
            })
            .collect(),
        courses: courses
            .into_iter()
            .map(|c| {
                let exams = course_exams.remove(&c.id).unwrap_or_default();
                course_record(c, exams)
            })
            .collect(),
    };
    snapshot
        .certifications
        .sort_by(|a, b| a.record.code.cmp(&b.record.code));
    snapshot.exams.sort_by(|a, b| a.record.code.cmp(&b.record.code));
    snapshot.courses.sort_by(|a, b| a.record.code.cmp(&b.record.code));
    Ok(snapshot)
}

fn dangling(table: &'static str, id: i32) -> StoreError {
    StoreError::Corrupt {
        table,
        id,
        message: "refers to a row that does not exist".into(),
    }
}

fn exam_record(e: ExamRow) -> Stored<Exam> {
    Stored {
        id: e.id,
        revision: revision(e.id, e.version, e.updated_at),
        record: Exam {
            code: e.code,
            title: e.title,
            url: e.url,
            status: e.status,
        },
    }
}

fn certification_record(c: CertificationRow, requirements: Vec<RequirementGroup>) -> Stored<Certification> {
    Stored {
        id: c.id,
        revision: revision(c.id, c.version, c.updated_at),
        record: Certification {
            code: c.code,
            name: c.name,
            level: c.level,
            description: c.description,
            url: c.url,
            path_image: c.path_image,
            status: c.status,
            requirements,
        },
    }
}

fn course_record(c: CourseRow, exams: Vec<certgraph_domain::ExamCode>) -> Stored<Course> {
    Stored {
        id: c.id,
        revision: revision(c.id, c.version, c.updated_at),
        record: Course {
            code: c.code,
            title: c.title,
            url: c.url,
            delivery: c.delivery,
            exams,
        },
    }
}
