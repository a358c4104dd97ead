//! A chosen exam set in a valid order, with what each exam completes.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::analysis::{Analysis, Context, Status};
use super::cost::Solution;
use super::problem::Problem;
use super::requirement_graph::Node;
use super::PlanStep;
use crate::CertificationCode;

/// A plan as global ids: the exams to pass and the certifications it earns on the way
/// (including the target), each sorted by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chosen {
    pub exams: Vec<u32>,
    pub certs: Vec<u32>,
}

impl Chosen {
    /// Translates a solution's local indices (already sorted by code) to global ids.
    pub fn from_solution(problem: &Problem, solution: &Solution) -> Self {
        let (mut exams, mut certs) = (Vec::new(), Vec::new());
        for index in solution.items.ones() {
            if problem.is_exam(index) {
                exams.push(problem.exam_ids[index as usize]);
            } else {
                certs.push(problem.cert_ids[problem.cert_slot(index)]);
            }
        }
        Self { exams, certs }
    }
}

/// The steps of a chosen plan and the certifications in the order they are earned.
pub(crate) fn route(
    ctx: &Context<'_>,
    analysis: &Analysis,
    chosen: &Chosen,
) -> (Vec<PlanStep>, Vec<CertificationCode>) {
    let certs = prerequisites_first(ctx, &chosen.certs);
    let exams = exam_order(ctx, &certs, &chosen.exams);
    let mut passed = HashSet::new();
    let mut earned: HashSet<u32> = HashSet::new();
    let mut steps = Vec::with_capacity(exams.len());
    for exam in exams {
        passed.insert(exam);
        let states = analysis.evaluate(ctx, |e| {
            if ctx.held_exams.contains(&e) || passed.contains(&e) {
                Status::Satisfied
            } else {
                Status::Impossible
            }
        });
        let earns = certs
            .iter()
            .filter(|&&c| !earned.contains(&c) && analysis.status_in(&states, c) == Status::Satisfied)
            .copied()
            .collect::<Vec<_>>();
        earned.extend(&earns);
        steps.push(PlanStep {
            exam: ctx.graph.exam_code(exam).clone(),
            earns: earns.iter().map(|&c| ctx.graph.cert_code(c).clone()).collect(),
        });
    }
    let order = steps.iter().flat_map(|s| s.earns.iter().cloned()).collect();
    (steps, order)
}

/// The plan's certifications, each after the plan's certifications it names (Kahn's
/// algorithm, ties by code).
fn prerequisites_first(ctx: &Context<'_>, certs: &[u32]) -> Vec<u32> {
    let in_plan: HashSet<u32> = certs.iter().copied().collect();
    let mut waiting: HashMap<u32, usize> = HashMap::new();
    let mut unlocks: HashMap<u32, Vec<u32>> = HashMap::new();
    for &cert in certs {
        let needs: BTreeSet<u32> = cert_items(ctx, cert).filter(|c| in_plan.contains(c)).collect();
        waiting.insert(cert, needs.len());
        for need in needs {
            unlocks.entry(need).or_default().push(cert);
        }
    }
    let code = |c: u32| ctx.graph.cert_code(c);
    let mut ready: BTreeSet<(&CertificationCode, u32)> = certs
        .iter()
        .filter(|c| waiting[c] == 0)
        .map(|&c| (code(c), c))
        .collect();
    let mut order = Vec::with_capacity(certs.len());
    while let Some((_, cert)) = ready.pop_first() {
        order.push(cert);
        for &next in unlocks.get(&cert).map(Vec::as_slice).unwrap_or_default() {
            let left = waiting.entry(next).or_default();
            *left -= 1;
            if *left == 0 {
                ready.insert((code(next), next));
            }
        }
    }
    order
}

/// Exams grouped under the first certification (in `certs` order) that names them, each
/// group sorted by code; any exam named by none comes last.
fn exam_order(ctx: &Context<'_>, certs: &[u32], exams: &[u32]) -> Vec<u32> {
    let mut left: BTreeSet<(&crate::ExamCode, u32)> =
        exams.iter().map(|&e| (ctx.graph.exam_code(e), e)).collect();
    let mut order = Vec::with_capacity(exams.len());
    for &cert in certs {
        let named: HashSet<u32> = exam_items(ctx, cert).collect();
        let now: Vec<_> = left.iter().filter(|(_, e)| named.contains(e)).copied().collect();
        for entry in now {
            left.remove(&entry);
            order.push(entry.1);
        }
    }
    order.extend(left.into_iter().map(|(_, e)| e));
    order
}

fn items<'a>(ctx: &'a Context<'_>, cert: u32) -> impl Iterator<Item = Node> + 'a {
    ctx.graph
        .cert(cert)
        .into_iter()
        .flat_map(|e| &e.groups)
        .flat_map(|g| g.items.iter().copied())
}

fn cert_items<'a>(ctx: &'a Context<'_>, cert: u32) -> impl Iterator<Item = u32> + 'a {
    items(ctx, cert).filter_map(|n| match n {
        Node::Cert(c) => Some(c),
        Node::Exam(_) => None,
    })
}

fn exam_items<'a>(ctx: &'a Context<'_>, cert: u32) -> impl Iterator<Item = u32> + 'a {
    items(ctx, cert).filter_map(|n| match n {
        Node::Exam(e) => Some(e),
        Node::Cert(_) => None,
    })
}
