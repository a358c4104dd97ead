//! The INSERTs of an apply: new records, and on SQLite course links, requirement groups and
//! items by id (PostgreSQL writes those by code: [`crate::by_code`]). On PostgreSQL many
//! rows go in one statement as JSON ([`bulk`]); SQLite, in process (no round trips), takes
//! sea-orm's chunked multi-row INSERTs.

use certgraph_domain::{Certification, Course, Exam};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, DbBackend};
use serde::Serialize;

use crate::bulk::{self, json};
use crate::entity::{certification, course, course_exam, exam, requirement_group, requirement_item};
use crate::write::insert_chunked;
use crate::StoreError;

fn postgres(txn: &DatabaseTransaction) -> bool {
    txn.get_database_backend() == DbBackend::Postgres
}

fn url(u: &Option<certgraph_domain::WebUrl>) -> Option<&str> {
    u.as_ref().map(|u| u.as_str())
}

const EXAMS: &str = "INSERT INTO exam (code, title, url, status, updated_at) \
    SELECT code, title, url, status, updated_at FROM json_to_recordset($1::json) \
    AS r(code text, title text, url text, status text, updated_at bigint)";

#[derive(Serialize)]
struct ExamJson<'a> {
    code: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    status: &'static str,
    updated_at: i64,
}

fn exam_json(e: &&Exam, at: i64, out: &mut Vec<u8>) -> serde_json::Result<()> {
    json(
        &ExamJson {
            code: e.code.as_str(),
            title: e.title.as_deref(),
            url: url(&e.url),
            status: e.status.as_str(),
            updated_at: at,
        },
        out,
    )
}

pub(crate) async fn exams(txn: &DatabaseTransaction, created: &[&Exam], at: i64) -> Result<(), StoreError> {
    if postgres(txn) {
        return bulk::insert(txn, EXAMS, created, |e, out| exam_json(e, at, out)).await;
    }
    insert_chunked(
        txn,
        created.iter().map(|e| exam::ActiveModel {
            code: Set(e.code.to_string()),
            title: Set(e.title.clone()),
            url: Set(url(&e.url).map(str::to_owned)),
            status: Set(e.status.as_str().to_owned()),
            updated_at: Set(at),
            ..Default::default()
        }),
    )
    .await
}

const CERTIFICATIONS: &str = "INSERT INTO certification \
    (code, name, level, description, url, path_image_url, path_image_alt, status, updated_at) \
    SELECT code, name, level, description, url, path_image_url, path_image_alt, status, updated_at \
    FROM json_to_recordset($1::json) AS r(code text, name text, level text, description text, \
    url text, path_image_url text, path_image_alt text, status text, updated_at bigint)";

#[derive(Serialize)]
struct CertificationJson<'a> {
    code: &'a str,
    name: &'a str,
    level: &'static str,
    description: Option<&'a str>,
    url: Option<&'a str>,
    path_image_url: Option<&'a str>,
    path_image_alt: Option<&'a str>,
    status: &'static str,
    updated_at: i64,
}

fn certification_json(c: &&Certification, at: i64, out: &mut Vec<u8>) -> serde_json::Result<()> {
    json(
        &CertificationJson {
            code: c.code.as_str(),
            name: &c.name,
            level: c.level.as_str(),
            description: c.description.as_deref(),
            url: url(&c.url),
            path_image_url: c.path_image.as_ref().map(|i| i.url.as_str()),
            path_image_alt: c.path_image.as_ref().map(|i| i.alt.as_str()),
            status: c.status.as_str(),
            updated_at: at,
        },
        out,
    )
}

pub(crate) async fn certifications(
    txn: &DatabaseTransaction,
    created: &[&Certification],
    at: i64,
) -> Result<(), StoreError> {
    if postgres(txn) {
        return bulk::insert(txn, CERTIFICATIONS, created, |c, out| {
            certification_json(c, at, out)
        })
        .await;
    }
    insert_chunked(
        txn,
        created.iter().map(|c| certification::ActiveModel {
            code: Set(c.code.to_string()),
            name: Set(c.name.clone()),
            level: Set(c.level.as_str().to_owned()),
            description: Set(c.description.clone()),
            url: Set(url(&c.url).map(str::to_owned)),
            path_image_url: Set(c.path_image.as_ref().map(|i| i.url.clone())),
            path_image_alt: Set(c.path_image.as_ref().map(|i| i.alt.clone())),
            status: Set(c.status.as_str().to_owned()),
            updated_at: Set(at),
            ..Default::default()
        }),
    )
    .await
}

const COURSES: &str = "INSERT INTO course (code, title, url, delivery, updated_at) \
    SELECT code, title, url, delivery, updated_at FROM json_to_recordset($1::json) \
    AS r(code text, title text, url text, delivery text, updated_at bigint)";

#[derive(Serialize)]
struct CourseJson<'a> {
    code: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    delivery: &'static str,
    updated_at: i64,
}

fn course_json(c: &&Course, at: i64, out: &mut Vec<u8>) -> serde_json::Result<()> {
    json(
        &CourseJson {
            code: c.code.as_str(),
            title: c.title.as_deref(),
            url: url(&c.url),
            delivery: c.delivery.as_str(),
            updated_at: at,
        },
        out,
    )
}

pub(crate) async fn courses(
    txn: &DatabaseTransaction,
    created: &[&Course],
    at: i64,
) -> Result<(), StoreError> {
    if postgres(txn) {
        return bulk::insert(txn, COURSES, created, |c, out| course_json(c, at, out)).await;
    }
    insert_chunked(
        txn,
        created.iter().map(|c| course::ActiveModel {
            code: Set(c.code.to_string()),
            title: Set(c.title.clone()),
            url: Set(url(&c.url).map(str::to_owned)),
            delivery: Set(c.delivery.as_str().to_owned()),
            updated_at: Set(at),
            ..Default::default()
        }),
    )
    .await
}

/// A course's exam at its position.
pub(crate) struct Link {
    pub course_id: i32,
    pub exam_id: i32,
    pub position: i32,
}

pub(crate) async fn links(txn: &DatabaseTransaction, links: &[Link]) -> Result<(), StoreError> {
    insert_chunked(
        txn,
        links.iter().map(|l| course_exam::ActiveModel {
            course_id: Set(l.course_id),
            exam_id: Set(l.exam_id),
            position: Set(l.position),
        }),
    )
    .await
}

/// A requirement group of a certification, at its position.
pub(crate) struct Group {
    pub certification_id: i32,
    pub position: i32,
    pub kind: &'static str,
}

pub(crate) async fn groups(txn: &DatabaseTransaction, groups: &[Group]) -> Result<(), StoreError> {
    insert_chunked(
        txn,
        groups.iter().map(|g| requirement_group::ActiveModel {
            certification_id: Set(g.certification_id),
            position: Set(g.position),
            kind: Set(g.kind.to_owned()),
            ..Default::default()
        }),
    )
    .await
}

/// An item of a requirement group: a certification or an exam.
pub(crate) struct Item {
    pub group_id: i32,
    pub position: i32,
    pub certification_id: Option<i32>,
    pub exam_id: Option<i32>,
}

pub(crate) async fn items(txn: &DatabaseTransaction, items: &[Item]) -> Result<(), StoreError> {
    insert_chunked(
        txn,
        items.iter().map(|i| requirement_item::ActiveModel {
            group_id: Set(i.group_id),
            position: Set(i.position),
            certification_id: Set(i.certification_id),
            exam_id: Set(i.exam_id),
            ..Default::default()
        }),
    )
    .await
}
