//! Persistence for the catalog with sea-orm. Knows the domain, not GraphQL.
//!
//! Reads are batched (`*_by_ids(&[..])`, one statement per batch) so the GraphQL layer's
//! DataLoaders never issue one statement per object. Writes are transactional.

mod apply;
mod apply_write;
mod connect;
mod diff;
mod entity;
mod error;
mod list;
mod persisted;
mod read;
mod rows;
mod search;
mod snapshot;
mod write;

pub use apply::{ApplyOptions, ApplySummary, Change, ChangeAction, ChangeCounts, RecordKind};
pub use connect::{DatabaseSettings, Store};
pub use error::StoreError;
pub use list::{CertificationFilter, CourseFilter, ExamFilter, Page, PageRequest, SortField, SortKey};
pub use read::TargetKind;
pub use rows::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, ItemTarget};
pub use search::{MatchRank, SearchHit};
pub use write::ImportSummary;
