//! Relay's `node` and `nodes`.

use async_graphql::{Context, Object, ID};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};

use crate::error::{ApiError, ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::loaders::GroupId;
use crate::objects::{limits, loaders, Certification, Course, Exam, Node, RequirementGroup};

async fn resolve(ctx: &Context<'_>, id: &str) -> ApiResult<Option<Node>> {
    let loaders = loaders(ctx)?;
    // Code parsing trims and upper-cases; an ID holds the stored form, so `Exam:az-400`
    // or a code with a trailing tab was never issued and names nothing (not a second ID).
    Ok(match GlobalId::decode(id).api()? {
        GlobalId::Certification(code) => match CertificationCode::parse(&code) {
            Ok(parsed) if parsed.as_str() == code => loaders
                .load_one(parsed)
                .await
                .api()?
                .map(|r| Node::Certification(Certification(r))),
            _ => None,
        },
        GlobalId::Exam(code) => match ExamCode::parse(&code) {
            Ok(parsed) if parsed.as_str() == code => {
                loaders.load_one(parsed).await.api()?.map(|r| Node::Exam(Exam(r)))
            }
            _ => None,
        },
        GlobalId::Course(code) => match CourseCode::parse(&code) {
            Ok(parsed) if parsed.as_str() == code => loaders
                .load_one(parsed)
                .await
                .api()?
                .map(|r| Node::Course(Course(r))),
            _ => None,
        },
        GlobalId::RequirementGroup(id) => loaders
            .load_one(GroupId(id))
            .await
            .api()?
            .map(|g| Node::RequirementGroup(RequirementGroup(g))),
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
        resolve(ctx, &id).await
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
        let lookups = ids.iter().map(|id| resolve(ctx, id));
        futures_util::future::try_join_all(lookups).await
    }
}
