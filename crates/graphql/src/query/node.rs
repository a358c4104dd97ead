//! Relay's `node` and `nodes`.

use async_graphql::{Context, Object, ID};

use crate::error::{ApiError, ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::objects::{limits, snapshot, Certification, Course, Exam, Node, RequirementGroup, Snap};

/// The object an ID names. An ID holds the stored form of a code, so `Exam:az-400` or a
/// code with a trailing tab was never issued and names nothing (not a second ID).
fn resolve(snap: &Snap, id: &str) -> ApiResult<Option<Node>> {
    Ok(match GlobalId::decode(id).api()? {
        GlobalId::Certification(code) => snap
            .certification_by_code(&code)
            .filter(|&c| snap.certification(c).record.code.as_str() == code)
            .map(|c| Node::Certification(Certification::new(snap, c))),
        GlobalId::Exam(code) => snap
            .exam_by_code(&code)
            .filter(|&e| snap.exam(e).record.code.as_str() == code)
            .map(|e| Node::Exam(Exam::new(snap, e))),
        GlobalId::Course(code) => snap
            .course_by_code(&code)
            .filter(|&c| snap.course(c).record.code.as_str() == code)
            .map(|c| Node::Course(Course::new(snap, c))),
        GlobalId::RequirementGroup(code, position) => snap
            .certification_by_code(&code)
            .filter(|&c| snap.certification(c).record.code.as_str() == code)
            .filter(|&c| snap.group(c, position - 1).is_some())
            .map(|c| Node::RequirementGroup(RequirementGroup::new(snap, c, position - 1))),
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global ID; `null` if it no longer exists.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global ID returned by this API.")] id: ID,
    ) -> ApiResult<Option<Node>> {
        resolve(snapshot(ctx)?, &id)
    }

    /// Several objects by global ID, in the order asked; `null` for each that does not exist.
    #[graphql(complexity = "crate::cost::list(ids.len(), child_complexity)")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global IDs returned by this API (at most 100).")] ids: Vec<ID>,
    ) -> ApiResult<Vec<Option<Node>>> {
        let max = limits(ctx).max_batch_keys;
        if ids.len() > max {
            return Err(ApiError::LimitExceeded(format!(
                "`ids` has {} entries, above the maximum of {max}",
                ids.len()
            ))
            .into_gql());
        }
        let snap = snapshot(ctx)?;
        ids.iter().map(|id| resolve(snap, id)).collect()
    }
}
