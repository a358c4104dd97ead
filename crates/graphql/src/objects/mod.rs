//! GraphQL object types over the catalog snapshot. Each holds the request's snapshot and
//! its record's place in it, so every field of a request reads the same catalog version.

mod certification;
mod course;
mod enums;
mod exam;
mod node;
mod requirement;

pub use certification::{Certification, PublicUrl};
pub use course::Course;
pub use enums::{CertificationLevel, CertificationStatus, CourseDelivery, ExamStatus, RequirementKind};
pub use exam::Exam;
pub use node::Node;
pub use requirement::{Requirement, RequirementGroup};

use std::sync::Arc;

use async_graphql::Context;
use certgraph_snapshot::{CatalogSnapshot, CertId, ExamId, ItemRef};

use crate::error::{ApiError, ApiResult};
use crate::Limits;

/// The catalog a request reads, fixed when the request starts.
pub type Snap = Arc<CatalogSnapshot>;

/// The request's snapshot. A request without one is a wiring bug in the server.
pub(crate) fn snapshot<'a>(ctx: &Context<'a>) -> ApiResult<&'a Snap> {
    ctx.data::<Snap>().map_err(|_| {
        ApiError::from(certgraph_store::StoreError::Unavailable(
            "the catalog is not loaded yet".into(),
        ))
        .into_gql()
    })
}

/// The schema's limits (the defaults where none were configured, as in SDL export).
pub(crate) fn limits(ctx: &Context<'_>) -> Limits {
    ctx.data_opt::<Limits>().copied().unwrap_or_default()
}

/// Certifications as objects, in the order given.
pub(crate) fn certifications(snap: &Snap, ids: impl IntoIterator<Item = CertId>) -> Vec<Certification> {
    ids.into_iter().map(|id| Certification::new(snap, id)).collect()
}

/// Exams as objects, in the order given.
pub(crate) fn exams(snap: &Snap, ids: impl IntoIterator<Item = ExamId>) -> Vec<Exam> {
    ids.into_iter().map(|id| Exam::new(snap, id)).collect()
}

/// A requirement item as an object.
pub(crate) fn requirement(snap: &Snap, item: ItemRef) -> Requirement {
    match item {
        ItemRef::Certification(id) => Requirement::Certification(Certification::new(snap, id)),
        ItemRef::Exam(id) => Requirement::Exam(Exam::new(snap, id)),
    }
}

/// The depth a traversal runs to: 1 when not transitive, else `max_depth` (default: the
/// server maximum) clamped to the server maximum.
pub(crate) fn traversal_depth(ctx: &Context<'_>, transitive: bool, max_depth: Option<i32>) -> ApiResult<u32> {
    let limit = limits(ctx).max_traversal_depth;
    match max_depth {
        Some(d) if d < 1 => {
            Err(ApiError::BadUserInput(format!("`maxDepth` must be at least 1, got {d}")).into_gql())
        }
        _ if !transitive => Ok(1),
        Some(d) => Ok((d as u32).min(limit)),
        None => Ok(limit),
    }
}

/// A time stored as milliseconds since the Unix epoch.
pub(crate) fn time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
