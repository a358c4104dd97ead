//! GraphQL object types wrapping the store's rows.

mod certification;
mod course;
mod enums;
mod exam;
mod node;
mod requirement;

pub use certification::Certification;
pub use course::Course;
pub use enums::{CertificationLevel, CertificationStatus, CourseDelivery, ExamStatus, RequirementKind};
pub use exam::Exam;
pub use node::Node;
pub use requirement::{Requirement, RequirementGroup};

use std::collections::HashMap;

use async_graphql::Context;
use certgraph_store::StoreError;

use crate::error::{ApiError, ApiResult, ResultExt};
use crate::loaders::{CertificationId, ExamId};
use crate::{Limits, Loaders};

/// The request's loaders. Missing loaders are a wiring bug in the server, reported as such.
pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> ApiResult<&'a Loaders> {
    ctx.data::<Loaders>()
        .map_err(|_| ApiError::from(StoreError::Unavailable("request has no data loaders".into())).into_gql())
}

/// The schema's limits (the defaults where none were configured, as in SDL export).
pub(crate) fn limits(ctx: &Context<'_>) -> Limits {
    ctx.data_opt::<Limits>().copied().unwrap_or_default()
}

/// Certifications by row id, in the order given, skipping ids that vanished.
pub(crate) async fn certifications_in_order(loaders: &Loaders, ids: &[i32]) -> ApiResult<Vec<Certification>> {
    let mut rows: HashMap<_, _> = loaders
        .load_many(ids.iter().map(|&id| CertificationId(id)))
        .await
        .api()?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.remove(&CertificationId(*id)))
        .map(Certification)
        .collect())
}

/// Certifications by row id, ordered by code: reverse edges have no order of their own.
pub(crate) async fn certifications_by_code(loaders: &Loaders, ids: &[i32]) -> ApiResult<Vec<Certification>> {
    let mut certs = certifications_in_order(loaders, ids).await?;
    certs.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    Ok(certs)
}

/// Exams by row id, in the order given, skipping ids that vanished.
pub(crate) async fn exams_in_order(loaders: &Loaders, ids: &[i32]) -> ApiResult<Vec<Exam>> {
    let mut rows: HashMap<_, _> = loaders.load_many(ids.iter().map(|&id| ExamId(id))).await.api()?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.remove(&ExamId(*id)))
        .map(Exam)
        .collect())
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
