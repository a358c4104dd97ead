//! `auditLog`: every committed change, newest first, for `admin` keys only. Read from the
//! database (the log is not part of the catalog snapshot), a page at a time.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, InputObject, Json, Object, SimpleObject};
use base64::Engine;
use certgraph_store::{AuditFilter as StoreFilter, AuditRecord as StoreRecord, Role, Store};

use crate::caller::require_role;
use crate::error::{ApiError, ApiResult, ResultExt};

/// Which kind of record a change is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum CatalogKind {
    /// A certification.
    Certification,
    /// An exam.
    Exam,
    /// A course.
    Course,
}

impl From<certgraph_store::RecordKind> for CatalogKind {
    fn from(kind: certgraph_store::RecordKind) -> Self {
        match kind {
            certgraph_store::RecordKind::Certification => Self::Certification,
            certgraph_store::RecordKind::Exam => Self::Exam,
            certgraph_store::RecordKind::Course => Self::Course,
        }
    }
}

/// What happened to a record.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChangeAction {
    /// It was created.
    Created,
    /// Some of its fields changed.
    Updated,
    /// It was deleted.
    Deleted,
}

impl From<certgraph_store::ChangeAction> for ChangeAction {
    fn from(action: certgraph_store::ChangeAction) -> Self {
        match action {
            certgraph_store::ChangeAction::Create => Self::Created,
            certgraph_store::ChangeAction::Update => Self::Updated,
            certgraph_store::ChangeAction::Delete => Self::Deleted,
        }
    }
}

/// One field's value before and after a change.
#[derive(SimpleObject)]
pub struct FieldChange {
    /// The field, as the catalog format names it (e.g. `name`, `requirements`).
    field: String,
    /// Its value before (`null` for none, or for a creation).
    old: Json<serde_json::Value>,
    /// Its value after (`null` for none, or for a deletion).
    new: Json<serde_json::Value>,
}

/// One committed change to one record.
#[derive(SimpleObject)]
pub struct AuditRecord {
    /// When the change committed.
    at: chrono::DateTime<chrono::Utc>,
    /// Who made it: the API key's name, or `import`.
    actor: String,
    /// Through what: the mutation's name (e.g. `updateCertification`), or `import`.
    operation: String,
    /// What happened to the record.
    action: ChangeAction,
    /// The record's kind.
    kind: CatalogKind,
    /// The record's code.
    code: String,
    /// The record's version before the change (`null` for a creation).
    version_before: Option<i32>,
    /// The record's version after the change (`null` for a deletion).
    version_after: Option<i32>,
    /// The catalog version the change committed.
    catalog_version: i64,
    /// Each field that changed, with its old and new value.
    changes: Vec<FieldChange>,
}

impl From<StoreRecord> for AuditRecord {
    fn from(r: StoreRecord) -> Self {
        Self {
            at: crate::objects::time(r.at_ms),
            actor: r.actor,
            operation: r.operation,
            action: r.action.into(),
            kind: r.kind.into(),
            code: r.code,
            version_before: r.version_before,
            version_after: r.version_after,
            catalog_version: r.catalog_version,
            changes: r
                .changes
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    old: Json(c.old),
                    new: Json(c.new),
                })
                .collect(),
        }
    }
}

/// Which audit records to list: every field given must match.
#[derive(InputObject, Default)]
pub struct AuditFilter {
    /// Changes to the record with this code (case-insensitive).
    code: Option<String>,
    /// Changes by this actor: an API key's name, or `import`.
    actor: Option<String>,
    /// Changes at or after this time (RFC 3339).
    since: Option<chrono::DateTime<chrono::Utc>>,
}

/// An audit record and its cursor.
#[derive(SimpleObject)]
pub struct AuditRecordEdge {
    /// An opaque cursor for `after`.
    cursor: String,
    /// The record at this edge.
    node: AuditRecord,
}

/// A page of the audit log, newest first.
#[derive(SimpleObject)]
pub struct AuditRecordConnection {
    /// The records of this page, each with its cursor.
    edges: Vec<AuditRecordEdge>,
    /// Where this page sits in the whole log.
    page_info: PageInfo,
}

const MAX_PAGE: i32 = 100;

fn cursor(id: i32) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("audit:{id}"))
}

fn decode(raw: &str) -> Result<i32, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("audit:")?.parse().ok())
        .ok_or_else(|| {
            ApiError::BadUserInput(format!(
                "malformed cursor {raw:?}: use a `cursor` from `auditLog`"
            ))
        })
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Every committed change to the catalog — mutations and imports — newest first. Needs
    /// an `admin` key.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many records, at most 100.", default = 20)] first: i32,
        #[graphql(desc = "The `cursor` of the last record of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only the records that match.")] filter: Option<AuditFilter>,
    ) -> ApiResult<AuditRecordConnection> {
        require_role(ctx, Role::Admin)?;
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(
                ApiError::BadUserInput(format!("`first` must be between 0 and {MAX_PAGE}")).into_gql(),
            );
        }
        let before = after.as_deref().map(decode).transpose().api()?;
        let filter = filter.unwrap_or_default();
        let filter = StoreFilter {
            code: filter.code,
            actor: filter.actor,
            since_ms: filter.since.map(|t| t.timestamp_millis()),
        };
        let store = ctx.data::<Store>()?;
        let mut records = store.audit_log(&filter, before, first as u64 + 1).await.api()?;
        let has_next = records.len() > first as usize;
        records.truncate(first as usize);
        let edges: Vec<AuditRecordEdge> = records
            .into_iter()
            .map(|r| AuditRecordEdge {
                cursor: cursor(r.id),
                node: r.into(),
            })
            .collect();
        let page_info = PageInfo {
            has_previous_page: before.is_some(),
            has_next_page: has_next,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        };
        Ok(AuditRecordConnection { edges, page_info })
    }
}
