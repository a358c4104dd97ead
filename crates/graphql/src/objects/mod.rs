//! GraphQL object types wrapping the store's rows.

mod certification;
mod course;
mod enums;
mod exam;
mod requirement;

pub use certification::Certification;
pub use course::Course;
pub use enums::{CertificationLevel, CertificationStatus, CourseDelivery, ExamStatus, RequirementKind};
pub use exam::Exam;
pub use requirement::RequirementGroup;

use async_graphql::Context;

use crate::error::{ApiError, ApiResult};
use crate::Loaders;

/// The request's loaders. Missing loaders are a wiring bug in the server, reported as such.
pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> ApiResult<&'a Loaders> {
    ctx.data::<Loaders>().map_err(|_| {
        ApiError::from(certgraph_store::StoreError::Unavailable(
            "request has no data loaders".into(),
        ))
        .into_gql()
    })
}
