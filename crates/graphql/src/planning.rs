//! Builds the planner's graph from the store, through the request's loaders.

use std::collections::BTreeMap;

use certgraph_domain::{
    CertificationCode, ExamCode, GroupKind, Holdings, RequirementGraph, RequirementGroup, RequirementItem,
};
use certgraph_store::ItemTarget;

use crate::error::{ApiError, ApiResult, ResultExt};
use crate::loaders::{CertificationId, ExamId};
use crate::traverse::walk;
use crate::Loaders;

/// Deep enough for any acyclic catalog a person would draw; the walk stops at leaves.
pub const UNBOUNDED_DEPTH: u32 = 10_000;

/// The requirement graph of `roots` and everything below them to `depth` levels.
pub async fn graph_from(loaders: &Loaders, roots: &[i32], depth: u32) -> ApiResult<RequirementGraph> {
    let traversal = walk(loaders, roots, depth).await?;
    let cert_ids: Vec<i32> = roots.iter().chain(&traversal.certifications).copied().collect();
    let certs = loaders
        .load_many(cert_ids.iter().map(|&id| CertificationId(id)))
        .await
        .api()?;
    let exams = loaders
        .load_many(traversal.exams.iter().map(|&id| ExamId(id)))
        .await
        .api()?;
    let mut graph = RequirementGraph::new();
    for exam in exams.values() {
        graph.add_exam(exam.code.clone(), exam.status);
    }
    // (certification, group position) -> (kind, items in order)
    let mut groups: BTreeMap<(i32, i32), (GroupKind, Vec<RequirementItem>)> = BTreeMap::new();
    for edge in &traversal.edges {
        let item = match edge.item.target {
            ItemTarget::Certification(id) => certs
                .get(&CertificationId(id))
                .map(|c| RequirementItem::Certification(c.code.clone())),
            ItemTarget::Exam(id) => exams
                .get(&ExamId(id))
                .map(|e| RequirementItem::Exam(e.code.clone())),
        };
        let entry = groups
            .entry((edge.from, edge.group.position))
            .or_insert_with(|| (edge.group.kind, Vec::new()));
        entry.1.extend(item);
    }
    for cert in certs.values() {
        let requirements = groups
            .range((cert.id, i32::MIN)..=(cert.id, i32::MAX))
            .map(|(_, (kind, items))| RequirementGroup {
                kind: *kind,
                items: items.clone(),
            })
            .collect();
        graph.add_certification(cert.code.clone(), cert.status, requirements);
    }
    Ok(graph)
}

/// Splits `holding` into certification and exam codes (case-insensitive), refusing
/// codes the catalog does not have, all named at once.
pub async fn holdings(loaders: &Loaders, holding: &[String]) -> ApiResult<Holdings> {
    let mut result = Holdings::default();
    let mut unknown = Vec::new();
    for raw in holding {
        let exam = match ExamCode::parse(raw) {
            Ok(code) => loaders.load_one(code).await.api()?,
            Err(_) => None,
        };
        if let Some(exam) = exam {
            result.exams.insert(exam.code);
            continue;
        }
        let cert = match CertificationCode::parse(&raw.to_lowercase()) {
            Ok(code) => loaders.load_one(code).await.api()?,
            Err(_) => None,
        };
        match cert {
            Some(cert) => {
                result.certifications.insert(cert.code);
            }
            None => unknown.push(raw.as_str()),
        }
    }
    if unknown.is_empty() {
        Ok(result)
    } else {
        let message = format!(
            "unknown certification or exam codes in `holding`: {}",
            unknown.join(", ")
        );
        Err(ApiError::BadUserInput(message).into_gql())
    }
}

/// Keeps only the holdings the graph knows (the rest cannot matter to it).
pub fn relevant(graph: &RequirementGraph, holding: &Holdings) -> Holdings {
    Holdings {
        certifications: holding
            .certifications
            .iter()
            .filter(|c| graph.contains_certification(c))
            .cloned()
            .collect(),
        exams: holding
            .exams
            .iter()
            .filter(|e| graph.contains_exam(e))
            .cloned()
            .collect(),
    }
}
