//! Persistence for the catalog with sea-orm. Knows the domain, not GraphQL.
//!
//! Reads of catalog data are served from an in-memory snapshot ([`LiveCatalog`]) that
//! the store loads whole and keeps current ([`Store::follow`]); writes are transactional
//! and bump the catalog version that replicas follow. API keys live here too, and each
//! replica holds them in memory ([`Keyring`]) so that checking one needs no SQL.

mod apply;
mod apply_insert;
mod apply_write;
mod audit;
mod audit_read;
mod breaker;
mod bulk;
mod bulk_load;
mod by_code;
mod changes;
mod connect;
mod diff;
mod edit;
mod entity;
mod error;
mod keyring;
mod keys;
mod live;
mod persisted;
mod rows;
mod snapshot;
mod version;
mod write;

pub use apply::ApplyOptions;
pub use audit::{Author, FieldChange};
pub use audit_read::{AuditFilter, AuditRecord};
pub use bulk_load::BULK_LOAD_ROWS;
pub use changes::{ApplySummary, Change, ChangeAction, ChangeCounts, RecordKind};
pub use connect::{DatabaseSettings, Store};
pub use edit::{CertificationPatch, CoursePatch, Edit, Edited, ExamPatch, Referrer};
pub use error::StoreError;
pub use keyring::{Cached, KeyHolder, Keyring, RELOAD_INTERVAL};
pub use keys::{is_well_formed, ApiKey, NewKey, Revoked, Role, SECRET_PREFIX};
pub use live::{ChangeBatch, DatabaseState, FollowSettings, LiveCatalog, MAX_ANNOUNCED};
pub(crate) use rows::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, ItemTarget};
pub use version::CHANNEL;
pub use write::ImportSummary;
