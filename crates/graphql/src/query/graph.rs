//! A whole prerequisite subgraph as nodes and edges, ready to draw.

use async_graphql::{Context, Object, SimpleObject};
use certgraph_snapshot::{CertId, ItemRef};

use crate::error::{ApiError, ApiResult};
use crate::objects::{
    limits, requirement, snapshot, traversal_depth, Certification, Requirement, RequirementGroup,
};

/// One requirement edge: `from` lists `to` in `group`.
#[derive(SimpleObject)]
pub struct PrerequisiteEdge {
    /// The certification whose group lists the requirement.
    from: Certification,
    /// The certification or exam required.
    to: Requirement,
    /// The group the requirement belongs to (its `kind` says ALL_OF or ONE_OF).
    group: RequirementGroup,
}

/// A prerequisite subgraph: every node once, and one edge per requirement item.
#[derive(SimpleObject)]
pub struct PrerequisiteGraph {
    /// The certifications and exams reached from the roots (roots first), each once.
    #[graphql(complexity = "crate::cost::reached(child_complexity)")]
    nodes: Vec<Requirement>,
    /// One edge per requirement item followed.
    #[graphql(complexity = "crate::cost::reached(child_complexity)")]
    edges: Vec<PrerequisiteEdge>,
}

#[derive(Default)]
pub struct GraphQuery;

#[Object]
impl GraphQuery {
    /// The prerequisite subgraph below the given certifications (codes case-insensitive),
    /// to `maxDepth` levels.
    #[graphql(complexity = "crate::cost::list(roots.len(), child_complexity)")]
    async fn prerequisite_graph(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Certification codes to start from (at most 100; case-insensitive).")] roots: Vec<
            String,
        >,
        #[graphql(desc = "How many levels to follow (at least 1; clamped to the server maximum).")] max_depth: Option<
            i32,
        >,
    ) -> ApiResult<PrerequisiteGraph> {
        let max = limits(ctx).max_batch_keys;
        if roots.len() > max {
            let message = format!("`roots` has {} entries, above the maximum of {max}", roots.len());
            return Err(ApiError::LimitExceeded(message).into_gql());
        }
        let depth = traversal_depth(ctx, true, max_depth)?;
        let snap = snapshot(ctx)?;
        let found: Vec<Option<CertId>> = roots.iter().map(|r| snap.certification_by_code(r)).collect();
        let unknown: Vec<&str> = roots
            .iter()
            .zip(&found)
            .filter(|(_, id)| id.is_none())
            .map(|(r, _)| r.as_str())
            .collect();
        if !unknown.is_empty() {
            let message = format!("unknown certification codes in `roots`: {}", unknown.join(", "));
            return Err(ApiError::BadUserInput(message).into_gql());
        }
        let mut root_ids: Vec<CertId> = Vec::new();
        for id in found.into_iter().flatten() {
            if !root_ids.contains(&id) {
                root_ids.push(id);
            }
        }
        let traversal = snap.walk(&root_ids, depth);
        let mut nodes: Vec<Requirement> = root_ids
            .iter()
            .chain(&traversal.certifications)
            .map(|&c| requirement(snap, ItemRef::Certification(c)))
            .collect();
        nodes.extend(
            traversal
                .exams
                .iter()
                .map(|&e| requirement(snap, ItemRef::Exam(e))),
        );
        let edges = traversal
            .edges
            .iter()
            .map(|edge| PrerequisiteEdge {
                from: Certification::new(snap, edge.from),
                to: requirement(snap, edge.item),
                group: RequirementGroup::new(snap, edge.from, edge.group),
            })
            .collect();
        Ok(PrerequisiteGraph { nodes, edges })
    }
}
