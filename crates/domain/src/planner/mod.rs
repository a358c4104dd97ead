//! The path planner: the smallest set of exams still to pass to earn a certification.
//!
//! A certification is earned when every one of its requirement groups is satisfied (an
//! `ALL_OF` group by all its items, a `ONE_OF` group by at least one); a certification with
//! no groups is earned by nothing. Holdings count as satisfied without looking beneath them.
//! Retired exams and retired certifications are never planned; cycles are never followed.
//!
//! The search is exact: choices in different groups interact (an exam needed anyway can make
//! another branch free), so the planner runs a memoised branch and bound over the part of the
//! graph below the target (see `search`) instead of choosing each branch's own cheapest.
//! Every call is bounded by [`PlanLimits::max_work`]. Answers never depend on insertion
//! order or hashing: ties are broken by fewest certifications earned along the way, then by
//! the sorted exam codes, then by the sorted certification codes.

mod alternatives;
mod analysis;
mod bits;
mod cost;
mod eligible;
mod fxhash;
mod joint;
mod problem;
mod reasons;
mod requirement_graph;
mod route;
mod search;
mod types;
mod work;

pub use eligible::{eligible, eligible_spending};
pub use joint::plan_jointly_spending;
pub use requirement_graph::RequirementGraph;
pub use types::{Eligibility, Holdings, Plan, PlanAlternative, PlanError, PlanLimits, PlanStep};

use analysis::{Analysis, Context, Status};
use cost::Cost;
use problem::Problem;
use route::{route, Chosen};
use search::Search;
use work::Work;

use crate::{CertificationCode, ExamCode};

/// Plans the smallest set of exams still to pass to earn `target` given what is `holding`,
/// with up to `limits.max_alternatives` equally small alternatives.
///
/// Fails when the target or a holding names an unknown code, or when the search would
/// exceed `limits.max_work` steps.
pub fn plan(
    graph: &RequirementGraph,
    target: &CertificationCode,
    holding: &Holdings,
    limits: &PlanLimits,
) -> Result<Plan, PlanError> {
    plan_spending(graph, target, holding, limits).0
}

/// [`plan`], and the search steps it spent, failed searches included (a search over the
/// work limit spent the whole limit), so that callers can charge for the work done.
pub fn plan_spending(
    graph: &RequirementGraph,
    target: &CertificationCode,
    holding: &Holdings,
    limits: &PlanLimits,
) -> (Result<Plan, PlanError>, u64) {
    let mut work = Work::new(limits.max_work);
    let result = plan_with(graph, target, holding, limits, &mut work);
    (result, work.used().min(limits.max_work))
}

fn plan_with(
    graph: &RequirementGraph,
    target: &CertificationCode,
    holding: &Holdings,
    limits: &PlanLimits,
    work: &mut Work,
) -> Result<Plan, PlanError> {
    let ctx = resolve(graph, Some(target), holding)?;
    let target = graph
        .cert_id(target)
        .ok_or_else(|| PlanError::UnknownCertification(vec![target.clone()]))?;
    let plan = plan_within(&ctx, target, limits, Cost::UNBOUNDED, work)?;
    Ok(plan.unwrap_or_else(|| unachievable(&ctx, target, Vec::new())))
}

/// Resolves holdings to ids, naming every unknown code (the target's first).
fn resolve<'a>(
    graph: &'a RequirementGraph,
    target: Option<&CertificationCode>,
    holding: &Holdings,
) -> Result<Context<'a>, PlanError> {
    let unknown_certs: Vec<CertificationCode> = target
        .into_iter()
        .chain(&holding.certifications)
        .filter(|c| !graph.contains_certification(c))
        .cloned()
        .collect();
    if !unknown_certs.is_empty() {
        return Err(PlanError::UnknownCertification(unknown_certs));
    }
    let unknown_exams: Vec<ExamCode> = holding
        .exams
        .iter()
        .filter(|e| !graph.contains_exam(e))
        .cloned()
        .collect();
    if !unknown_exams.is_empty() {
        return Err(PlanError::UnknownExam(unknown_exams));
    }
    Ok(Context {
        graph,
        held_certs: holding
            .certifications
            .iter()
            .filter_map(|c| graph.cert_id(c))
            .collect(),
        held_exams: holding.exams.iter().filter_map(|e| graph.exam_id(e)).collect(),
    })
}

/// The plan for `target` if one costs at most `budget` (`None` otherwise); already earned
/// and unachievable targets always answer.
fn plan_within(
    ctx: &Context<'_>,
    target: u32,
    limits: &PlanLimits,
    budget: Cost,
    work: &mut Work,
) -> Result<Option<Plan>, PlanError> {
    if ctx.held_certs.contains(&target) {
        return Ok(Some(already_earned(ctx, target)));
    }
    let analysis = Analysis::new(ctx, target, work)?;
    match analysis.cert_state(ctx, target).status {
        Status::Satisfied => return Ok(Some(already_earned(ctx, target))),
        Status::Impossible => {
            let reasons = reasons::unachievable_reasons(ctx, &analysis, target);
            return Ok(Some(unachievable(ctx, target, reasons)));
        }
        Status::Open => {}
    }
    let problem = Problem::new(ctx, &analysis, target);
    let mut search = Search::new(&problem, work);
    let Some(best) = search.best(&[], &[], budget)? else {
        return Ok(None);
    };
    let others = alternatives::alternatives(&mut search, &best, limits.max_alternatives)?;
    let best = Chosen::from_solution(&problem, &best);
    let others: Vec<Chosen> = others
        .iter()
        .map(|o| Chosen::from_solution(&problem, o))
        .collect();
    let (steps, certifications_earned) = route(ctx, &analysis, &best);
    Ok(Some(Plan {
        target: ctx.graph.cert_code(target).clone(),
        achievable: true,
        already_earned: false,
        steps,
        certifications_earned,
        alternatives: others
            .iter()
            .map(|other| {
                let (steps, certifications_earned) = route(ctx, &analysis, other);
                PlanAlternative {
                    steps,
                    certifications_earned,
                }
            })
            .collect(),
        unachievable_reasons: Vec::new(),
    }))
}

fn already_earned(ctx: &Context<'_>, target: u32) -> Plan {
    Plan {
        achievable: true,
        already_earned: true,
        ..unachievable(ctx, target, Vec::new())
    }
}

fn unachievable(ctx: &Context<'_>, target: u32, reasons: Vec<String>) -> Plan {
    Plan {
        target: ctx.graph.cert_code(target).clone(),
        achievable: false,
        already_earned: false,
        steps: Vec::new(),
        certifications_earned: Vec::new(),
        alternatives: Vec::new(),
        unachievable_reasons: reasons,
    }
}
