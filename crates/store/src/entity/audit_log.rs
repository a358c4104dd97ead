//! The `audit_log` table as sea-orm sees it (see the module above for why only the store does).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub at: i64,
    pub actor: String,
    pub operation: String,
    pub action: String,
    pub kind: String,
    pub code: String,
    pub version_before: Option<i32>,
    pub version_after: Option<i32>,
    pub catalog_version: i64,
    /// JSON: `[{ "field", "old", "new" }]`.
    pub changes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
