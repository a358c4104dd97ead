//! The read model: rows as the store hands them out, already checked against the domain's rules.

use certgraph_domain::{
    CertificationCode, CertificationStatus, CourseCode, Delivery, DomainError, ExamCode, ExamStatus,
    GroupKind, Image, Level, WebUrl,
};

use crate::entity::{certification, course, exam, requirement_group, requirement_item};
use crate::StoreError;

/// A stored certification's own attributes (its requirements load separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificationRow {
    pub id: i32,
    pub version: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub updated_at: i64,
    pub code: CertificationCode,
    pub name: String,
    pub level: Level,
    pub description: Option<String>,
    pub url: Option<WebUrl>,
    pub path_image: Option<Image>,
    pub status: CertificationStatus,
}

/// A stored exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamRow {
    pub id: i32,
    pub version: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub updated_at: i64,
    pub code: ExamCode,
    pub title: Option<String>,
    pub url: Option<WebUrl>,
    pub status: ExamStatus,
}

/// A stored course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRow {
    pub id: i32,
    pub version: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub updated_at: i64,
    pub code: CourseCode,
    pub title: Option<String>,
    pub url: Option<WebUrl>,
    pub delivery: Delivery,
}

/// One requirement group of a certification, at its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: i32,
    pub certification_id: i32,
    pub position: i32,
    pub kind: GroupKind,
}

/// What a requirement item points at, by row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemTarget {
    Certification(i32),
    Exam(i32),
}

/// One item of a requirement group, at its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: i32,
    pub group_id: i32,
    pub position: i32,
    pub target: ItemTarget,
}

fn corrupt(table: &'static str, id: i32) -> impl Fn(DomainError) -> StoreError {
    move |e| StoreError::Corrupt {
        table,
        id,
        message: e.to_string(),
    }
}

fn optional_url(url: Option<String>, table: &'static str, id: i32) -> Result<Option<WebUrl>, StoreError> {
    url.map(|u| WebUrl::parse(&u))
        .transpose()
        .map_err(corrupt(table, id))
}

impl TryFrom<certification::Model> for CertificationRow {
    type Error = StoreError;
    fn try_from(m: certification::Model) -> Result<Self, StoreError> {
        let bad = corrupt("certification", m.id);
        Ok(Self {
            id: m.id,
            version: m.version,
            updated_at: m.updated_at,
            code: CertificationCode::parse(&m.code).map_err(&bad)?,
            level: Level::parse(&m.level).map_err(&bad)?,
            status: CertificationStatus::parse(&m.status).map_err(&bad)?,
            url: optional_url(m.url, "certification", m.id)?,
            path_image: m.path_image_url.map(|url| Image {
                url,
                alt: m.path_image_alt.unwrap_or_default(),
            }),
            name: m.name,
            description: m.description,
        })
    }
}

impl TryFrom<exam::Model> for ExamRow {
    type Error = StoreError;
    fn try_from(m: exam::Model) -> Result<Self, StoreError> {
        let bad = corrupt("exam", m.id);
        Ok(Self {
            id: m.id,
            version: m.version,
            updated_at: m.updated_at,
            code: ExamCode::parse(&m.code).map_err(&bad)?,
            status: ExamStatus::parse(&m.status).map_err(&bad)?,
            url: optional_url(m.url, "exam", m.id)?,
            title: m.title,
        })
    }
}

impl TryFrom<course::Model> for CourseRow {
    type Error = StoreError;
    fn try_from(m: course::Model) -> Result<Self, StoreError> {
        let bad = corrupt("course", m.id);
        Ok(Self {
            id: m.id,
            version: m.version,
            updated_at: m.updated_at,
            code: CourseCode::parse(&m.code).map_err(&bad)?,
            delivery: Delivery::parse(&m.delivery).map_err(&bad)?,
            url: optional_url(m.url, "course", m.id)?,
            title: m.title,
        })
    }
}

impl TryFrom<requirement_group::Model> for GroupRow {
    type Error = StoreError;
    fn try_from(m: requirement_group::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: m.id,
            certification_id: m.certification_id,
            position: m.position,
            kind: GroupKind::parse(&m.kind).map_err(corrupt("requirement_group", m.id))?,
        })
    }
}

impl TryFrom<requirement_item::Model> for ItemRow {
    type Error = StoreError;
    fn try_from(m: requirement_item::Model) -> Result<Self, StoreError> {
        let target = match (m.certification_id, m.exam_id) {
            (Some(c), None) => ItemTarget::Certification(c),
            (None, Some(e)) => ItemTarget::Exam(e),
            _ => {
                return Err(StoreError::Corrupt {
                    table: "requirement_item",
                    id: m.id,
                    message: "must target exactly one certification or exam".into(),
                })
            }
        };
        Ok(Self {
            id: m.id,
            group_id: m.group_id,
            position: m.position,
            target,
        })
    }
}

/// Converts a batch of models, failing on the first corrupt row.
pub(crate) fn convert<M, R: TryFrom<M, Error = StoreError>>(models: Vec<M>) -> Result<Vec<R>, StoreError> {
    models.into_iter().map(R::try_from).collect()
}
