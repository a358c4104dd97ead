//! Persistence for the catalog with sea-orm. Knows the domain, not GraphQL.
//!
//! Reads are batched (`*_by_ids(&[..])`, one statement per batch) so the GraphQL layer's
//! DataLoaders never issue one statement per object. Writes are transactional.

mod connect;
mod entity;
mod error;
mod read;
mod rows;
mod write;

pub use connect::{DatabaseSettings, Store};
pub use error::StoreError;
pub use rows::{CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, ItemTarget};
pub use write::ImportSummary;
