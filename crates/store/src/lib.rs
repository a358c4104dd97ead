//! Persistence for the catalog with sea-orm. Knows the domain, not GraphQL.
//!
//! Reads of catalog data are served from an in-memory snapshot ([`LiveCatalog`]) that
//! the store loads whole and keeps current ([`Store::follow`]); writes are transactional
//! and bump the catalog version that replicas follow.

mod apply;
mod apply_insert;
mod apply_write;
mod breaker;
mod bulk;
mod by_code;
mod changes;
mod connect;
mod diff;
mod entity;
mod error;
mod live;
mod persisted;
mod rows;
mod snapshot;
mod version;
mod write;

pub use apply::ApplyOptions;
pub use changes::{ApplySummary, Change, ChangeAction, ChangeCounts, RecordKind};
pub use connect::{DatabaseSettings, Store};
pub use error::StoreError;
pub use live::{DatabaseState, FollowSettings, LiveCatalog};
pub(crate) use rows::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, ItemTarget};
pub use version::CHANNEL;
pub use write::ImportSummary;
