//! Reading the audit log: newest first with filters for `auditLog` and `certgraph audit`, and
//! by catalog version for the change feed (what a replica moving from version A to B, or a
//! subscriber that reconnects, has to be told).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::audit::FieldChange;
use crate::changes::{ChangeAction, RecordKind};
use crate::entity::audit_log;
use crate::{Store, StoreError};

/// One committed change to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Ascending in commit order.
    pub id: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    /// An API key's name, or `import`.
    pub actor: String,
    /// `import`, or the mutation's name.
    pub operation: String,
    pub action: ChangeAction,
    pub kind: RecordKind,
    pub code: String,
    pub version_before: Option<i32>,
    pub version_after: Option<i32>,
    /// The catalog version the change's transaction committed.
    pub catalog_version: i64,
    pub changes: Vec<FieldChange>,
}

/// Which audit records to list; every field set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Case-insensitive.
    pub code: Option<String>,
    pub actor: Option<String>,
    /// Milliseconds since the Unix epoch: records at or after it.
    pub since_ms: Option<i64>,
}

fn action(name: &str) -> Option<ChangeAction> {
    Some(match name {
        "CREATED" => ChangeAction::Create,
        "UPDATED" => ChangeAction::Update,
        "DELETED" => ChangeAction::Delete,
        _ => return None,
    })
}

fn kind(name: &str) -> Option<RecordKind> {
    Some(match name {
        "CERTIFICATION" => RecordKind::Certification,
        "EXAM" => RecordKind::Exam,
        "COURSE" => RecordKind::Course,
        _ => return None,
    })
}

impl TryFrom<audit_log::Model> for AuditRecord {
    type Error = StoreError;
    fn try_from(m: audit_log::Model) -> Result<Self, StoreError> {
        let corrupt = |message: &str| StoreError::Corrupt {
            table: "audit_log",
            id: m.id,
            message: message.into(),
        };
        Ok(Self {
            id: m.id,
            at_ms: m.at,
            action: action(&m.action).ok_or_else(|| corrupt("unknown action"))?,
            kind: kind(&m.kind).ok_or_else(|| corrupt("unknown kind"))?,
            changes: serde_json::from_str(&m.changes).map_err(|e| corrupt(&e.to_string()))?,
            actor: m.actor,
            operation: m.operation,
            code: m.code,
            version_before: m.version_before,
            version_after: m.version_after,
            catalog_version: m.catalog_version,
        })
    }
}

impl Store {
    /// Up to `limit` records matching `filter`, newest first, older than the record `before`
    /// when given (the cursor of a page).
    pub async fn audit_log(
        &self,
        filter: &AuditFilter,
        before: Option<i32>,
        limit: u64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let mut query = audit_log::Entity::find();
        if let Some(code) = &filter.code {
            // Codes are stored in their canonical case: certifications lower, exams and
            // courses upper.
            query = query.filter(
                audit_log::Column::Code.is_in([code.trim().to_lowercase(), code.trim().to_uppercase()]),
            );
        }
        if let Some(actor) = &filter.actor {
            query = query.filter(audit_log::Column::Actor.eq(actor.as_str()));
        }
        if let Some(since) = filter.since_ms {
            query = query.filter(audit_log::Column::At.gte(since));
        }
        if let Some(before) = before {
            query = query.filter(audit_log::Column::Id.lt(before));
        }
        let rows = query
            .order_by_desc(audit_log::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        rows.into_iter().map(AuditRecord::try_from).collect()
    }

    /// Up to `limit` records committed after catalog version `after` up to `upto`
    /// inclusive, oldest first. Through the uncounted pool: the change feed's own reads.
    pub async fn audit_between(
        &self,
        after: i64,
        upto: i64,
        limit: u64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::CatalogVersion.gt(after))
            .filter(audit_log::Column::CatalogVersion.lte(upto))
            .order_by_asc(audit_log::Column::Id)
            .limit(limit)
            .all(&self.uncounted)
            .await?;
        rows.into_iter().map(AuditRecord::try_from).collect()
    }

    /// The catalog version of the last change committed at or before `at_ms` (ms since the
    /// epoch); 0 when none was. What a subscriber that saw everything up to a time has seen.
    pub async fn catalog_version_at(&self, at_ms: i64) -> Result<i64, StoreError> {
        let version: Option<Option<i64>> = audit_log::Entity::find()
            .select_only()
            .column_as(audit_log::Column::CatalogVersion.max(), "version")
            .filter(audit_log::Column::At.lte(at_ms))
            .into_tuple()
            .one(&self.uncounted)
            .await?;
        Ok(version.flatten().unwrap_or(0))
    }
}
