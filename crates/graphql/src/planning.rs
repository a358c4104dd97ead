//! Builds the planner's graph from the snapshot, and plans the way `plan` answers (which
//! the path diagrams' highlight shares).

use std::collections::HashSet;

use certgraph_domain::{
    self as domain, CertificationCode, Holdings, PlanError, PlanLimits, RequirementGraph, RequirementGroup,
    RequirementItem,
};
use certgraph_snapshot::{CertId, ItemRef};

use crate::error::{ApiError, ApiResult};
use crate::objects::Snap;

/// Deep enough for any acyclic catalog a person would draw; the walk stops at leaves.
pub const UNBOUNDED_DEPTH: u32 = 10_000;

/// Whether the planner sees retirement as the catalog records it, or as if nothing were
/// retired (to find the cheapest path when no live one exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retirement {
    AsRecorded,
    Ignored,
}

/// The requirement graph of `roots` and everything below them to `depth` levels (the
/// groups of certifications at the last level are cut off, as they are not reached).
pub fn graph_from(snap: &Snap, roots: &[CertId], depth: u32) -> RequirementGraph {
    graph_seeing(snap, roots, depth, Retirement::AsRecorded)
}

/// [`graph_from`], seeing retirement as `retirement` says.
pub fn graph_seeing(snap: &Snap, roots: &[CertId], depth: u32, retirement: Retirement) -> RequirementGraph {
    let traversal = snap.walk(roots, depth);
    let mut graph = RequirementGraph::new();
    for &exam in &traversal.exams {
        let record = &snap.exam(exam).record;
        let status = match retirement {
            Retirement::AsRecorded => record.status,
            Retirement::Ignored => certgraph_domain::ExamStatus::Live,
        };
        graph.add_exam(record.code.clone(), status);
    }
    let expanded: HashSet<CertId> = traversal.edges.iter().map(|e| e.from).collect();
    for cert in roots.iter().chain(&traversal.certifications) {
        let node = snap.certification(*cert);
        let requirements = if expanded.contains(cert) {
            node.groups
                .iter()
                .map(|group| RequirementGroup {
                    kind: group.kind,
                    items: group.items.iter().map(|&i| item(snap, i)).collect(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let status = match retirement {
            Retirement::AsRecorded => node.record.status,
            Retirement::Ignored => certgraph_domain::CertificationStatus::Active,
        };
        graph.add_certification(node.record.code.clone(), status, requirements);
    }
    graph
}

/// The plan for every one of `roots` together given `holding`, as `plan` answers it, with
/// the planner's work steps: when no live path exists, the cheapest path as if nothing were
/// retired (its retired exams among the steps), still not achievable, with its reasons.
/// CPU-bound: callers run it off the async runtime.
pub fn plan_as_answered(
    snap: &Snap,
    roots: &[CertId],
    holding: &Holdings,
    limits: &PlanLimits,
) -> (Result<domain::Plan, PlanError>, u64) {
    let codes: Vec<CertificationCode> = roots
        .iter()
        .map(|&id| snap.certification(id).record.code.clone())
        .collect();
    let graph = graph_from(snap, roots, UNBOUNDED_DEPTH);
    let held = relevant(&graph, holding);
    let (plan, work) = domain::plan_jointly_spending(graph, &codes, &held, limits);
    match plan {
        // Only a plan with no live path needs the graph as if nothing were retired.
        Ok(plan) if !plan.achievable && !plan.already_earned => {
            let as_if_live = graph_seeing(snap, roots, UNBOUNDED_DEPTH, Retirement::Ignored);
            let (path, more) = domain::plan_jointly_spending(as_if_live, &codes, &held, limits);
            (path.map(|path| through_retired(plan, path)), work + more)
        }
        other => (other, work),
    }
}

/// A plan with no live path, showing the cheapest path as if nothing were retired (its
/// retired steps are marked); still not achievable, with its reasons.
fn through_retired(plan: domain::Plan, path: domain::Plan) -> domain::Plan {
    domain::Plan {
        steps: path.steps,
        certifications_earned: path.certifications_earned,
        alternatives: Vec::new(),
        ..plan
    }
}

fn item(snap: &Snap, item: ItemRef) -> RequirementItem {
    match item {
        ItemRef::Certification(c) => {
            RequirementItem::Certification(snap.certification(c).record.code.clone())
        }
        ItemRef::Exam(e) => RequirementItem::Exam(snap.exam(e).record.code.clone()),
    }
}

/// A list argument of codes holds at most `max` (`--max-batch`'s keys), else
/// `LIMIT_EXCEEDED` naming the argument.
pub fn check_codes(argument: &str, codes: &[String], max: usize) -> ApiResult<()> {
    if codes.len() > max {
        let message = format!(
            "`{argument}` has {} entries, above the maximum of {max}",
            codes.len()
        );
        return Err(ApiError::LimitExceeded(message).into_gql());
    }
    Ok(())
}

/// Splits `holding` into certification and exam codes (case-insensitive), refusing
/// codes the catalog does not have, all named at once.
pub fn holdings(snap: &Snap, holding: &[String]) -> ApiResult<Holdings> {
    let mut result = Holdings::default();
    let mut unknown = Vec::new();
    for raw in holding {
        if let Some(exam) = snap.exam_by_code(raw) {
            result.exams.insert(snap.exam(exam).record.code.clone());
        } else if let Some(cert) = snap.certification_by_code(raw) {
            result
                .certifications
                .insert(snap.certification(cert).record.code.clone());
        } else {
            unknown.push(raw.as_str());
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
