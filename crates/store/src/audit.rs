//! The audit log: one row per record a committed change created, updated or deleted,
//! written in that change's transaction (so it holds exactly what committed), with who made
//! it, the record's version before and after, and each changed field's old and new value.
//! A row's values are serialized while its chunk is written, never held for a whole
//! import at once.

use certgraph_domain::{Certification, Course, Exam};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, DbBackend};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::bulk;
use crate::changes::{ChangeAction, RecordKind};
use crate::entity::audit_log;
use crate::write::insert_chunked;
use crate::StoreError;

/// Who made a change and through which operation (`import`, or a mutation's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// An API key's name, or `import`.
    pub actor: String,
    pub operation: String,
}

impl Author {
    /// `certgraph import` and the bundled catalog's first load.
    pub fn import() -> Self {
        Self {
            actor: "import".into(),
            operation: "import".into(),
        }
    }
}

/// One field's value before and after a change (`null` where it had none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// A record as it was or is, for its field values.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Image<'a> {
    Certification(&'a Certification),
    Exam(&'a Exam),
    Course(&'a Course),
}

impl<'a> Image<'a> {
    fn kind(self) -> RecordKind {
        match self {
            Self::Certification(_) => RecordKind::Certification,
            Self::Exam(_) => RecordKind::Exam,
            Self::Course(_) => RecordKind::Course,
        }
    }

    fn code(self) -> &'a str {
        match self {
            Self::Certification(c) => c.code.as_str(),
            Self::Exam(e) => e.code.as_str(),
            Self::Course(c) => c.code.as_str(),
        }
    }

    fn fields(self) -> Map<String, Value> {
        let value = match self {
            Self::Certification(c) => serde_json::to_value(c),
            Self::Exam(e) => serde_json::to_value(e),
            Self::Course(c) => serde_json::to_value(c),
        };
        match value {
            Ok(Value::Object(mut fields)) => {
                fields.remove("code");
                fields
            }
            _ => Map::new(),
        }
    }
}

/// One audit row to write. Kept small: an import of a million records holds a million.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry<'a> {
    Created(Image<'a>),
    Updated {
        before: Image<'a>,
        after: Image<'a>,
        version_before: i32,
    },
    Deleted {
        before: Image<'a>,
        version_before: i32,
    },
}

impl<'a> Entry<'a> {
    fn image(&self) -> Image<'a> {
        match *self {
            Self::Created(after) | Self::Updated { after, .. } => after,
            Self::Deleted { before, .. } => before,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.image().kind()
    }

    pub fn code(&self) -> &'a str {
        self.image().code()
    }

    pub fn action(&self) -> ChangeAction {
        match self {
            Self::Created(_) => ChangeAction::Create,
            Self::Updated { .. } => ChangeAction::Update,
            Self::Deleted { .. } => ChangeAction::Delete,
        }
    }

    pub fn version_before(&self) -> Option<i32> {
        match *self {
            Self::Created(_) => None,
            Self::Updated { version_before, .. } | Self::Deleted { version_before, .. } => {
                Some(version_before)
            }
        }
    }

    /// Every write adds one to a record's version; a deletion leaves none.
    pub fn version_after(&self) -> Option<i32> {
        match *self {
            Self::Created(_) => Some(1),
            Self::Updated { version_before, .. } => Some(version_before + 1),
            Self::Deleted { .. } => None,
        }
    }

    /// The record as it was and as it is.
    pub fn images(&self) -> (Option<Image<'a>>, Option<Image<'a>>) {
        match *self {
            Self::Created(after) => (None, Some(after)),
            Self::Updated { before, after, .. } => (Some(before), Some(after)),
            Self::Deleted { before, .. } => (Some(before), None),
        }
    }
}

/// The fields that differ between `before` and `after`, by field name.
pub(crate) fn field_changes(before: Option<Image<'_>>, after: Option<Image<'_>>) -> Vec<FieldChange> {
    let mut old = before.map(Image::fields).unwrap_or_default();
    let new = after.map(Image::fields).unwrap_or_default();
    let mut changes = Vec::new();
    for (field, value) in new {
        let was = old.remove(&field).unwrap_or(Value::Null);
        if was != value {
            changes.push(FieldChange {
                field,
                old: was,
                new: value,
            });
        }
    }
    for (field, was) in old {
        if !was.is_null() {
            changes.push(FieldChange {
                field,
                old: was,
                new: Value::Null,
            });
        }
    }
    changes
}

pub(crate) fn action_name(action: ChangeAction) -> &'static str {
    match action {
        ChangeAction::Create => "CREATED",
        ChangeAction::Update => "UPDATED",
        ChangeAction::Delete => "DELETED",
    }
}

pub(crate) fn kind_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Certification => "CERTIFICATION",
        RecordKind::Exam => "EXAM",
        RecordKind::Course => "COURSE",
    }
}

const AUDIT: &str = "INSERT INTO audit_log \
    (at, actor, operation, action, kind, code, version_before, version_after, catalog_version, changes) \
    SELECT at, actor, operation, action, kind, code, version_before, version_after, catalog_version, changes \
    FROM json_to_recordset($1::json) AS r(at bigint, actor text, operation text, action text, \
    kind text, code text, version_before int, version_after int, catalog_version bigint, changes text)";

#[derive(Serialize)]
struct Row<'a> {
    at: i64,
    actor: &'a str,
    operation: &'a str,
    action: &'static str,
    kind: &'static str,
    code: &'a str,
    version_before: Option<i32>,
    version_after: Option<i32>,
    catalog_version: i64,
    changes: String,
}

/// Writes `entries` as committed at `at` (ms) by `author` in catalog version `catalog_version`.
pub(crate) async fn write(
    txn: &DatabaseTransaction,
    entries: &[Entry<'_>],
    author: &Author,
    at: i64,
    catalog_version: i64,
) -> Result<(), StoreError> {
    fn row<'r>(e: &'r Entry<'_>, author: &'r Author, at: i64, catalog_version: i64) -> Row<'r> {
        Row {
            at,
            actor: &author.actor,
            operation: &author.operation,
            action: action_name(e.action()),
            kind: kind_name(e.kind()),
            code: e.code(),
            version_before: e.version_before(),
            version_after: e.version_after(),
            catalog_version,
            changes: serde_json::to_string(&{
                let (before, after) = e.images();
                field_changes(before, after)
            })
            .unwrap_or_else(|_| "[]".into()),
        }
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        return bulk::insert(txn, AUDIT, entries, |e, out| {
            bulk::json(&row(e, author, at, catalog_version), out)
        })
        .await;
    }
    insert_chunked(
        txn,
        entries.iter().map(|e| {
            let r = row(e, author, at, catalog_version);
            audit_log::ActiveModel {
                at: Set(r.at),
                actor: Set(r.actor.to_owned()),
                operation: Set(r.operation.to_owned()),
                action: Set(r.action.to_owned()),
                kind: Set(r.kind.to_owned()),
                code: Set(r.code.to_owned()),
                version_before: Set(r.version_before),
                version_after: Set(r.version_after),
                catalog_version: Set(r.catalog_version),
                changes: Set(r.changes),
                ..Default::default()
            }
        }),
    )
    .await
}
