//! Planning: what must a person still pass to earn a certification?

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Object, SimpleObject};
use certgraph_domain::{self as domain, CertificationCode, Holdings, PlanError, PlanLimits};
use certgraph_snapshot::{CertId, ExamId};

use crate::error::{ApiError, ApiResult};
use crate::objects::{limits, snapshot, Certification, Course, Exam, Snap};
use crate::planning::{graph_from, holdings, plan_as_answered};
use crate::query::explain::{GroupSatisfaction, PlanFacts, Why};
use crate::spent::PlannerWork;

/// One exam of a plan.
#[derive(SimpleObject)]
pub struct PlanStep {
    /// The exam to pass.
    exam: Exam,
    /// Courses that prepare for it (empty when there is no training).
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CoursesOfExam, child_complexity)")]
    courses: Vec<Course>,
    /// Certifications completed once this exam is passed (after the earlier steps).
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CertificationsBelow, child_complexity)")]
    earns: Vec<Certification>,
    /// Whether the exam is retired: only on the cheapest path of a plan that is not
    /// achievable (`achievable: false`), which shows what it would have taken.
    retired: bool,
}

// `ExamPlan` in Rust, so it is not confused with the planner's `certgraph_domain::Plan`
// it is built from; `Plan` in the schema.
/// The smallest set of exams still to pass to earn a certification, in a valid order.
#[derive(SimpleObject)]
#[graphql(name = "Plan", complex)]
pub struct ExamPlan {
    /// The certification planned for (the first target of a joint plan).
    target: Certification,
    /// Every certification planned for: the one `target`, or the `targets` of a joint plan.
    targets: Vec<Certification>,
    /// Whether the target can be earned at all (no retired dead ends).
    achievable: bool,
    /// Whether what is held already earns the target.
    already_earned: bool,
    /// How many exams the plan needs.
    exam_count: i32,
    /// The exams to pass, each after every exam and certification it depends on.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::ExamsBelow, child_complexity)")]
    exams: Vec<PlanStep>,
    /// Every certification earned along the way, the target included.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CertificationsBelow, child_complexity)")]
    certifications_earned: Vec<Certification>,
    /// Other plans with the same number of exams (at most 5; empty inside an alternative).
    #[graphql(complexity = "crate::cost::alternatives(child_complexity)")]
    alternatives: Vec<ExamPlan>,
    /// Why the target cannot be earned, when it cannot.
    unachievable_reasons: Vec<String>,
    #[graphql(skip)]
    why: Why,
}

#[ComplexObject]
impl ExamPlan {
    /// For the target and every certification earned along the way (or, when the holding
    /// already earns the target, for the target), each requirement group and how it is met.
    /// Every group the plan relies on appears exactly once.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CertificationsBelow, \
        crate::cost::related(crate::cost::Edge::Groups, child_complexity))")]
    async fn satisfaction(&self) -> Vec<GroupSatisfaction> {
        self.why.explanation().satisfaction(&self.why.snap)
    }

    /// The certifications the holding already earns (held, or earned by held exams) that
    /// this plan uses, by code.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::CertificationsBelow, child_complexity)")]
    async fn held(&self) -> Vec<Certification> {
        self.why.explanation().held(&self.why.snap)
    }

    /// The plan in plain words, built from the same data (for dashboards that print a
    /// sentence), e.g. "Pass AZ-400. AZ-104 already gives you Azure Administrator
    /// Associate, one of the 2 options DevOps Engineer Expert accepts."
    async fn summary(&self) -> String {
        self.why.explanation().summary(&self.why.snap, &self.why.facts)
    }
}

/// A certification someone has earned or can earn within a few exams.
#[derive(SimpleObject)]
pub struct Eligibility {
    /// The certification.
    certification: Certification,
    /// How many exams are still needed (0 when already earned): the plan's `examCount`.
    exam_count: i32,
    /// Exams still needed (0 when already earned).
    #[graphql(deprecation = "Use `examCount`, the name `Plan` uses for the same number.")]
    exams_needed: i32,
    /// How to earn it.
    plan: ExamPlan,
}

pub(crate) fn plan_error(e: PlanError) -> async_graphql::Error {
    match e {
        PlanError::UnknownCertification(_) | PlanError::UnknownExam(_) => {
            ApiError::BadUserInput(e.to_string())
        }
        PlanError::WorkLimitExceeded { .. } | PlanError::TooDeep { .. } => {
            ApiError::LimitExceeded(e.to_string())
        }
    }
    .into_gql()
}

fn certifications(snap: &Snap, codes: &[CertificationCode]) -> Vec<Certification> {
    codes
        .iter()
        .filter_map(|c| snap.certification_by_code(c.as_str()))
        .map(|id| Certification::new(snap, id))
        .collect()
}

fn steps(snap: &Snap, steps: &[domain::PlanStep]) -> Vec<PlanStep> {
    steps
        .iter()
        .filter_map(|step| {
            let exam = snap.exam_by_code(step.exam.as_str())?;
            Some(PlanStep {
                exam: Exam::new(snap, exam),
                courses: snap
                    .exam(exam)
                    .courses
                    .iter()
                    .map(|&c| Course::new(snap, c))
                    .collect(),
                earns: certifications(snap, &step.earns),
                retired: snap.exam(exam).record.status == domain::ExamStatus::Retired,
            })
        })
        .collect()
}

fn exam_ids(snap: &Snap, steps: &[domain::PlanStep]) -> Vec<ExamId> {
    steps
        .iter()
        .filter_map(|s| snap.exam_by_code(s.exam.as_str()))
        .collect()
}

fn certification_ids(snap: &Snap, codes: &[CertificationCode]) -> Vec<CertId> {
    codes
        .iter()
        .filter_map(|c| snap.certification_by_code(c.as_str()))
        .collect()
}

/// The GraphQL plan of `plan`, planned for `target_ids` (the first is `plan.target`).
fn plan_object(
    snap: &Snap,
    plan: &domain::Plan,
    target_ids: Vec<CertId>,
    holding: &Arc<Holdings>,
) -> ApiResult<ExamPlan> {
    let unknown = || ApiError::BadUserInput(format!("unknown target `{}`", plan.target)).into_gql();
    let target_id = snap
        .certification_by_code(plan.target.as_str())
        .ok_or_else(unknown)?;
    let target = Certification::new(snap, target_id);
    let targets: Vec<Certification> = target_ids.iter().map(|&t| Certification::new(snap, t)).collect();
    let mut alternatives = Vec::new();
    for alt in &plan.alternatives {
        let facts = PlanFacts {
            targets: target_ids.clone(),
            already_earned: false,
            achievable: true,
            exams: exam_ids(snap, &alt.steps),
            earned: certification_ids(snap, &alt.certifications_earned),
            unachievable_reasons: Vec::new(),
        };
        alternatives.push(ExamPlan {
            target: target.clone(),
            targets: targets.clone(),
            achievable: true,
            already_earned: false,
            exam_count: alt.steps.len() as i32,
            exams: steps(snap, &alt.steps),
            certifications_earned: certifications(snap, &alt.certifications_earned),
            alternatives: Vec::new(),
            unachievable_reasons: Vec::new(),
            why: Why::new(snap, holding, facts),
        });
    }
    let facts = PlanFacts {
        targets: target_ids,
        already_earned: plan.already_earned,
        achievable: plan.achievable,
        exams: exam_ids(snap, &plan.steps),
        earned: certification_ids(snap, &plan.certifications_earned),
        unachievable_reasons: plan.unachievable_reasons.clone(),
    };
    Ok(ExamPlan {
        target,
        targets,
        achievable: plan.achievable,
        already_earned: plan.already_earned,
        exam_count: plan.steps.len() as i32,
        exams: steps(snap, &plan.steps),
        certifications_earned: certifications(snap, &plan.certifications_earned),
        alternatives,
        unachievable_reasons: plan.unachievable_reasons.clone(),
        why: Why::new(snap, holding, facts),
    })
}

/// Runs the planner on the blocking pool: a search of up to the work limit must not hold
/// an HTTP worker thread, and the request timeout must be able to fire meanwhile. The
/// steps it spent, failed searches included, are added to the request's charge.
async fn off_the_runtime<T: Send + 'static>(
    ctx: &Context<'_>,
    work: impl FnOnce() -> (Result<T, PlanError>, u64) + Send + 'static,
) -> ApiResult<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok((result, steps)) => {
            if let Some(spent) = ctx.data_opt::<PlannerWork>() {
                spent.add(steps);
            }
            result.map_err(plan_error)
        }
        Err(e) => Err(ApiError::Internal(format!("planner task failed: {e}")).into_gql()),
    }
}

fn plan_limits(ctx: &Context<'_>) -> PlanLimits {
    PlanLimits {
        max_work: limits(ctx).max_plan_work,
        ..PlanLimits::default()
    }
}

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// The smallest set of exams still to pass to earn `target` — or every one of
    /// `targets` together (a joint plan, which chooses a shared prerequisite once) — given
    /// what is held: minimal overall (choices in different groups interact), ties broken by
    /// fewest certifications earned along the way, then by code; retired exams only when no
    /// live path exists (then `achievable` is false and `unachievableReasons` says why).
    /// Give exactly one of `target` and `targets`.
    #[graphql(complexity = "crate::cost::planned(child_complexity)")]
    async fn plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certification to earn, by code.")] target: Option<String>,
        #[graphql(desc = "Several certifications to earn together, by code (a joint plan).")] targets: Option<
            Vec<String>,
        >,
        #[graphql(
            default,
            desc = "Certification and exam codes already held (case-insensitive); held certifications count without their requirements."
        )]
        holding: Vec<String>,
    ) -> ApiResult<ExamPlan> {
        check_holding_size(ctx, &holding)?;
        let asked = match (target, targets) {
            (Some(one), None) => vec![one],
            (None, Some(many)) if !many.is_empty() => many,
            _ => {
                let message = "give exactly one of `target` and `targets` (a non-empty list)";
                return Err(ApiError::BadUserInput(message.to_owned()).into_gql());
            }
        };
        check_list_size(ctx, "targets", &asked)?;
        let snap = snapshot(ctx)?;
        let mut ids: Vec<CertId> = Vec::with_capacity(asked.len());
        let mut unknown = Vec::new();
        for code in &asked {
            match snap.certification_by_code(code) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => unknown.push(code.as_str()),
            }
        }
        if !unknown.is_empty() {
            let message = format!(
                "unknown certification `{}` in `target`/`targets`",
                unknown.join("`, `")
            );
            return Err(ApiError::BadUserInput(message).into_gql());
        }
        let held = Arc::new(holdings(snap, &holding)?);
        let limits = plan_limits(ctx);
        let (for_search, on_pool, roots) = (held.clone(), snap.clone(), ids.clone());
        let plan = off_the_runtime(ctx, move || {
            plan_as_answered(&on_pool, &roots, &for_search, &limits)
        })
        .await?;
        plan_object(snap, &plan, ids, &held)
    }

    /// Certifications already earned, or earnable with at most `withinExams` more exams,
    /// for what is held; each with its plan. Sorted by exams needed, then code.
    #[graphql(complexity = "crate::cost::eligible(within_exams, child_complexity)")]
    async fn eligible(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default,
            desc = "Certification and exam codes already held (case-insensitive)."
        )]
        holding: Vec<String>,
        #[graphql(default = 1, desc = "How many more exams to consider (0 to 5).")] within_exams: i32,
    ) -> ApiResult<Vec<Eligibility>> {
        if !(0..=5).contains(&within_exams) {
            let message = format!("`withinExams` must be between 0 and 5, got {within_exams}");
            return Err(ApiError::BadUserInput(message).into_gql());
        }
        check_holding_size(ctx, &holding)?;
        let snap = snapshot(ctx)?;
        let held = Arc::new(holdings(snap, &holding)?);
        let all: Vec<_> = snap.certification_ids().collect();
        let graph = graph_from(snap, &all, 1);
        let limits = plan_limits(ctx);
        let for_search = held.clone();
        let found = off_the_runtime(ctx, move || {
            domain::eligible_spending(&graph, &for_search, within_exams as u32, &limits)
        })
        .await?;
        let mut out = Vec::with_capacity(found.len());
        for e in found {
            let target: Vec<CertId> = snap
                .certification_by_code(e.plan.target.as_str())
                .into_iter()
                .collect();
            let plan = plan_object(snap, &e.plan, target, &held)?;
            out.push(Eligibility {
                certification: plan_target(&plan),
                exam_count: e.exams_needed as i32,
                exams_needed: e.exams_needed as i32,
                plan,
            });
        }
        Ok(out)
    }
}

fn plan_target(plan: &ExamPlan) -> Certification {
    plan.target.clone()
}

fn check_holding_size(ctx: &Context<'_>, holding: &[String]) -> ApiResult<()> {
    check_list_size(ctx, "holding", holding)
}

fn check_list_size(ctx: &Context<'_>, argument: &str, codes: &[String]) -> ApiResult<()> {
    crate::planning::check_codes(argument, codes, limits(ctx).max_batch_keys)
}
