//! `CatalogChange`: one committed change to one catalog record, as a subscriber sees it
//! (the kinds and actions are the audit log's).

use async_graphql::SimpleObject;
use certgraph_store::AuditRecord;

use crate::query::{CatalogKind, ChangeAction};

/// One committed change to one catalog record, wherever it was made (a mutation through any
/// replica, or an import). The changes of one record arrive in `version` order, and all of
/// them in `catalogVersion` order.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct CatalogChange {
    /// The kind of record changed.
    pub kind: CatalogKind,
    /// The record's code.
    pub code: String,
    /// Whether the record was created, updated or deleted.
    pub action: ChangeAction,
    /// The record's version after the change (before it, for a deletion).
    pub version: i32,
    /// The catalog version the change committed: pass the last one seen as `since` when
    /// subscribing again, to be sent what was missed meanwhile.
    pub catalog_version: i64,
    /// The names of the fields the change set (every field, for a creation).
    pub changed_fields: Vec<String>,
    /// When the change committed.
    pub at: chrono::DateTime<chrono::Utc>,
}

impl From<&AuditRecord> for CatalogChange {
    fn from(record: &AuditRecord) -> Self {
        let version = match record.action {
            certgraph_store::ChangeAction::Delete => record.version_before,
            _ => record.version_after,
        };
        Self {
            kind: record.kind.into(),
            code: record.code.clone(),
            action: record.action.into(),
            version: version.unwrap_or_default(),
            catalog_version: record.catalog_version,
            changed_fields: record.changes.iter().map(|c| c.field.clone()).collect(),
            at: crate::objects::time(record.at_ms),
        }
    }
}
