//! The planner's inputs and answers.

use std::collections::BTreeSet;
use std::fmt;

use thiserror::Error;

use crate::{CertificationCode, ExamCode};

/// What a person already has: certifications held are satisfied without looking beneath
/// them, and exams held count as passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Certifications already held.
    pub certifications: BTreeSet<CertificationCode>,
    /// Exams already passed.
    pub exams: BTreeSet<ExamCode>,
}

impl Holdings {
    /// Holds nothing.
    pub fn none() -> Self {
        Self::default()
    }
}

/// Bounds on one planner call, so that no question makes the planner work without end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanLimits {
    /// The most search steps (nodes of the requirement graph visited plus branch-and-bound
    /// nodes) one call may spend; beyond it the call fails with
    /// [`PlanError::WorkLimitExceeded`].
    pub max_work: u64,
    /// How many equally small alternative plans to report at most.
    pub max_alternatives: usize,
}

impl PlanLimits {
    /// The default budget. On the 10,000-certification synthetic catalog the hardest `plan`
    /// (with five alternatives) needs under 20,000 steps and `eligible` within 3 exams about
    /// 130,000; at roughly 2–3 µs a step, the default stays under a second of CPU.
    pub const DEFAULT_MAX_WORK: u64 = 250_000;
}

impl Default for PlanLimits {
    fn default() -> Self {
        Self {
            max_work: Self::DEFAULT_MAX_WORK,
            max_alternatives: 5,
        }
    }
}

/// One exam to pass, and what passing it completes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlanStep {
    /// The exam to pass at this step.
    pub exam: ExamCode,
    /// Certifications used by the plan that become earned once this exam is passed (given the
    /// holdings and the earlier steps), prerequisites first.
    pub earns: Vec<CertificationCode>,
}

/// Another way to reach the target with as few exams as the plan itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlanAlternative {
    /// The exams to pass, in a valid order.
    pub steps: Vec<PlanStep>,
    /// Every certification earned along the way, in the order they are earned; ends with the target.
    pub certifications_earned: Vec<CertificationCode>,
}

impl PlanAlternative {
    /// The exams of this alternative, in step order.
    pub fn exams(&self) -> impl Iterator<Item = &ExamCode> {
        self.steps.iter().map(|s| &s.exam)
    }
}

/// The answer to "what must I still pass to earn `target`?".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    /// The certification asked about.
    pub target: CertificationCode,
    /// Whether the target can be earned at all (or is already earned).
    pub achievable: bool,
    /// Whether the holdings already earn the target (held, or satisfied through its groups).
    pub already_earned: bool,
    /// The smallest set of exams still to pass, in a valid order. Empty when already earned
    /// or not achievable.
    pub steps: Vec<PlanStep>,
    /// Every certification the plan earns along the way, in the order they are earned; ends
    /// with the target.
    pub certifications_earned: Vec<CertificationCode>,
    /// Other plans with the same number of exams (different exam sets), best first.
    pub alternatives: Vec<PlanAlternative>,
    /// Why the target cannot be earned, for people to read (`exam AZ-303 is retired`).
    /// Empty when achievable.
    pub unachievable_reasons: Vec<String>,
}

impl Plan {
    /// The exams to pass, in step order.
    pub fn exams(&self) -> impl Iterator<Item = &ExamCode> {
        self.steps.iter().map(|s| &s.exam)
    }

    /// How many exams are still to pass.
    pub fn exam_count(&self) -> usize {
        self.steps.len()
    }
}

/// A certification within reach of a person's holdings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Eligibility {
    /// The certification.
    pub certification: CertificationCode,
    /// How many exams are still needed (0 when already earned).
    pub exams_needed: usize,
    /// The full plan for it.
    pub plan: Plan,
}

/// Why the planner refused a question.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    /// The target or held certifications name codes the catalog does not have.
    #[error("unknown certification code(s): {}", list(.0))]
    UnknownCertification(Vec<CertificationCode>),
    /// The held exams name codes the catalog does not have.
    #[error("unknown exam code(s): {}", list(.0))]
    UnknownExam(Vec<ExamCode>),
    /// The search needed more steps than [`PlanLimits::max_work`] allows.
    #[error("planning needs more than {limit} search steps; the question is too large to answer")]
    WorkLimitExceeded {
        /// The budget that was exhausted.
        limit: u64,
    },
    /// The choices below the target nest deeper than the planner will recurse.
    #[error("the requirements below the target nest more than {limit} choices deep")]
    TooDeep {
        /// The deepest nesting the planner searches.
        limit: usize,
    },
}

impl PlanError {
    /// A stable SHOUTY_SNAKE code for API error extensions.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownCertification(_) => "UNKNOWN_CERTIFICATION",
            Self::UnknownExam(_) => "UNKNOWN_EXAM",
            Self::WorkLimitExceeded { .. } => "PLAN_WORK_LIMIT_EXCEEDED",
            Self::TooDeep { .. } => "PLAN_TOO_DEEP",
        }
    }
}

fn list<T: fmt::Display>(codes: &[T]) -> String {
    codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
