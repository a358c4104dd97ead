//! Joint plans: the smallest set of exams that earns several certifications together. A
//! shared prerequisite is then chosen once, so the answer can be smaller than the separate
//! plans put together. The planner answers it as one question — a certification of its own
//! that requires every target (`ALL_OF`) — and the answer leaves that certification out.

use crate::{CertificationCode, CertificationStatus, GroupKind, RequirementGroup, RequirementItem};

use super::{plan_spending, Holdings, Plan, PlanError, PlanLimits, RequirementGraph};

/// [`plan_spending`] for every one of `targets` at once (one target plans it alone). The
/// answer's `target` is the first target.
pub fn plan_jointly_spending(
    mut graph: RequirementGraph,
    targets: &[CertificationCode],
    holding: &Holdings,
    limits: &PlanLimits,
) -> (Result<Plan, PlanError>, u64) {
    let unknown: Vec<CertificationCode> = targets
        .iter()
        .filter(|t| !graph.contains_certification(t))
        .cloned()
        .collect();
    match targets {
        _ if !unknown.is_empty() => return (Err(PlanError::UnknownCertification(unknown)), 0),
        [] => return (Err(PlanError::UnknownCertification(Vec::new())), 0),
        [one] => return plan_spending(&graph, one, holding, limits),
        _ => {}
    }
    let together = unused_code(&graph);
    let items = targets
        .iter()
        .cloned()
        .map(RequirementItem::Certification)
        .collect();
    let group = RequirementGroup {
        kind: GroupKind::AllOf,
        items,
    };
    graph.add_certification(together.clone(), CertificationStatus::Active, vec![group]);
    let (result, work) = plan_spending(&graph, &together, holding, limits);
    (result.map(|plan| without(plan, &together, &targets[0])), work)
}

/// A certification code the catalog does not use.
fn unused_code(graph: &RequirementGraph) -> CertificationCode {
    (0u32..)
        .filter_map(|n| CertificationCode::parse(&format!("all-targets-{n}")).ok())
        .find(|code| !graph.contains_certification(code))
        .unwrap_or_else(|| unreachable!("the catalog cannot use every code"))
}

/// The plan as it reads without the joining certification.
fn without(mut plan: Plan, together: &CertificationCode, first: &CertificationCode) -> Plan {
    plan.target = first.clone();
    plan.certifications_earned.retain(|c| c != together);
    for step in &mut plan.steps {
        step.earns.retain(|c| c != together);
    }
    for alternative in &mut plan.alternatives {
        alternative.certifications_earned.retain(|c| c != together);
        for step in &mut alternative.steps {
            step.earns.retain(|c| c != together);
        }
    }
    let named = format!("certification {together} ");
    plan.unachievable_reasons.retain(|r| !r.starts_with(&named));
    plan
}
