//! A whole prerequisite subgraph as nodes and edges, ready to draw.

use async_graphql::{Context, Object, SimpleObject};
use certgraph_domain::CertificationCode;
use certgraph_store::ItemTarget;

use crate::error::{ApiError, ApiResult, ResultExt};
use crate::loaders::{CertificationId, ExamId};
use crate::objects::{limits, loaders, traversal_depth, Certification, Exam, Requirement, RequirementGroup};
use crate::traverse::walk;

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
    /// The prerequisite subgraph below the given certifications, to `maxDepth` levels.
    #[graphql(complexity = "crate::cost::list(roots.len(), child_complexity)")]
    async fn prerequisite_graph(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Certification codes to start from (at most 100).")] roots: Vec<String>,
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
        let loaders = loaders(ctx)?;
        let codes: Vec<CertificationCode> = roots
            .iter()
            .filter_map(|c| CertificationCode::parse(c).ok())
            .collect();
        let found = loaders.load_many(codes.iter().cloned()).await.api()?;
        let unknown: Vec<&str> = roots
            .iter()
            .filter(|r| !CertificationCode::parse(r).is_ok_and(|c| found.contains_key(&c)))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            let message = format!("unknown certification codes in `roots`: {}", unknown.join(", "));
            return Err(ApiError::BadUserInput(message).into_gql());
        }
        let mut root_ids: Vec<i32> = codes.iter().filter_map(|c| found.get(c).map(|r| r.id)).collect();
        root_ids.dedup();
        let traversal = walk(loaders, &root_ids, depth).await?;

        let cert_ids: Vec<i32> = root_ids
            .iter()
            .chain(&traversal.certifications)
            .copied()
            .collect();
        let certs = loaders
            .load_many(cert_ids.iter().map(|&id| CertificationId(id)))
            .await
            .api()?;
        let exams = loaders
            .load_many(traversal.exams.iter().map(|&id| ExamId(id)))
            .await
            .api()?;
        let cert = |id: i32| certs.get(&CertificationId(id)).cloned().map(Certification);
        let exam = |id: i32| exams.get(&ExamId(id)).cloned().map(Exam);

        let mut nodes: Vec<Requirement> = cert_ids
            .iter()
            .filter_map(|&id| cert(id).map(Requirement::Certification))
            .collect();
        nodes.extend(
            traversal
                .exams
                .iter()
                .filter_map(|&id| exam(id).map(Requirement::Exam)),
        );
        let edges = traversal
            .edges
            .into_iter()
            .filter_map(|edge| {
                let to = match edge.item.target {
                    ItemTarget::Certification(id) => cert(id).map(Requirement::Certification),
                    ItemTarget::Exam(id) => exam(id).map(Requirement::Exam),
                }?;
                Some(PrerequisiteEdge {
                    from: cert(edge.from)?,
                    to,
                    group: RequirementGroup(edge.group),
                })
            })
            .collect();
        Ok(PrerequisiteGraph { nodes, edges })
    }
}
