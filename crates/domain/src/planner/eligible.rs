//! Which certifications a person has earned or can earn within a few exams.

use std::collections::{HashMap, HashSet};

use super::analysis::Context;
use super::cost::Cost;
use super::requirement_graph::Node;
use super::work::Work;
use super::{plan_within, resolve, Eligibility, Holdings, PlanError, PlanLimits, RequirementGraph};
use crate::{CertificationStatus, ExamStatus, GroupKind};

const UNREACHABLE: i64 = i64::MAX / 4;

/// Every certification already earned or earnable with at most `within_exams` more exams,
/// each with its plan; sorted by exams needed, then by code.
///
/// A cheap bound over the whole graph skips certifications that are clearly further away;
/// the rest are planned exactly. `limits.max_work` bounds the whole call.
pub fn eligible(
    graph: &RequirementGraph,
    holding: &Holdings,
    within_exams: u32,
    limits: &PlanLimits,
) -> Result<Vec<Eligibility>, PlanError> {
    eligible_spending(graph, holding, within_exams, limits).0
}

/// [`eligible`], and the search steps it spent, failed searches included (see
/// [`super::plan_spending`]).
pub fn eligible_spending(
    graph: &RequirementGraph,
    holding: &Holdings,
    within_exams: u32,
    limits: &PlanLimits,
) -> (Result<Vec<Eligibility>, PlanError>, u64) {
    let mut work = Work::new(limits.max_work);
    let result = eligible_with(graph, holding, within_exams, limits, &mut work);
    (result, work.used().min(limits.max_work))
}

fn eligible_with(
    graph: &RequirementGraph,
    holding: &Holdings,
    within_exams: u32,
    limits: &PlanLimits,
    work: &mut Work,
) -> Result<Vec<Eligibility>, PlanError> {
    let ctx = resolve(graph, None, holding)?;
    let bounds = cheap_lower_bounds(&ctx);
    let budget = Cost::exams_at_most(i64::from(within_exams));
    let mut found = Vec::new();
    for code in graph.certification_codes() {
        let Some(id) = graph.cert_id(code) else { continue };
        if bounds[id as usize] > i64::from(within_exams) {
            continue;
        }
        if let Some(plan) = plan_within(&ctx, id, limits, budget, work)? {
            if plan.achievable {
                found.push(Eligibility {
                    certification: code.clone(),
                    exams_needed: plan.steps.len(),
                    plan,
                });
            }
        }
    }
    found.sort_by(|a, b| (a.exams_needed, &a.certification).cmp(&(b.exams_needed, &b.certification)));
    Ok(found)
}

/// Per certification id: a lower bound on the exams it still needs (`UNREACHABLE` when it
/// can never be earned). One iterative post-order pass over the whole graph; see
/// [`Bounds::of`].
fn cheap_lower_bounds(ctx: &Context<'_>) -> Vec<i64> {
    let count = ctx.graph.cert_slots();
    let mut bounds = Bounds {
        ctx,
        private: private_exams(ctx),
        values: vec![UNREACHABLE; count],
        marks: vec![0u8; count], // 0 unseen, 1 on the stack, 2 done
    };
    for root in 0..count as u32 {
        if bounds.marks[root as usize] != 0 {
            continue;
        }
        bounds.marks[root as usize] = 1;
        let mut stack = vec![(root, children(ctx, root), 0usize)];
        while let Some((cert, kids, cursor)) = stack.last_mut() {
            if let Some(&kid) = kids.get(*cursor) {
                *cursor += 1;
                if bounds.marks[kid as usize] == 0 {
                    bounds.marks[kid as usize] = 1;
                    stack.push((kid, children(ctx, kid), 0));
                }
            } else {
                let cert = *cert;
                bounds.values[cert as usize] = bounds.of(cert);
                bounds.marks[cert as usize] = 2;
                stack.pop();
            }
        }
    }
    bounds.values
}

/// Per exam id: whether exactly one certification names it. Such an exam is outside every
/// other certification's subgraph, so it adds to whatever its certification's items need.
fn private_exams(ctx: &Context<'_>) -> Vec<bool> {
    let mut mentions: HashMap<u32, u32> = HashMap::new();
    for cert in 0..ctx.graph.cert_slots() as u32 {
        let exams: HashSet<u32> = ctx
            .graph
            .cert(cert)
            .into_iter()
            .flat_map(|e| &e.groups)
            .flat_map(|g| &g.items)
            .filter_map(|item| match *item {
                Node::Exam(e) => Some(e),
                Node::Cert(_) => None,
            })
            .collect();
        for exam in exams {
            *mentions.entry(exam).or_default() += 1;
        }
    }
    let len = mentions.keys().max().map_or(0, |&m| m as usize + 1);
    let mut private = vec![false; len];
    for (exam, count) in mentions {
        private[exam as usize] = count == 1;
    }
    private
}

fn children(ctx: &Context<'_>, cert: u32) -> Vec<u32> {
    if ctx.held_certs.contains(&cert) {
        return Vec::new();
    }
    ctx.graph
        .cert(cert)
        .into_iter()
        .flat_map(|e| &e.groups)
        .flat_map(|g| &g.items)
        .filter_map(|item| match *item {
            Node::Cert(c) => Some(c),
            Node::Exam(_) => None,
        })
        .collect()
}

struct Bounds<'a> {
    ctx: &'a Context<'a>,
    private: Vec<bool>,
    values: Vec<i64>,
    marks: Vec<u8>,
}

impl Bounds<'_> {
    /// The private `ALL_OF` exams still to pass, plus the larger of the other distinct
    /// `ALL_OF` exams and the costliest group without the private exams. Exams below a
    /// certification item never include the private ones, so the two parts add up.
    fn of(&self, cert: u32) -> i64 {
        let ctx = self.ctx;
        if ctx.held_certs.contains(&cert) {
            return 0;
        }
        let Some(entry) = ctx.graph.cert(cert) else {
            return UNREACHABLE;
        };
        if entry.status == CertificationStatus::Retired || entry.groups.is_empty() {
            return UNREACHABLE;
        }
        let mut private = HashSet::new();
        let mut direct = HashSet::new();
        for group in entry.groups.iter().filter(|g| g.kind == GroupKind::AllOf) {
            for &item in &group.items {
                match (item, self.item(item)) {
                    (_, UNREACHABLE) => return UNREACHABLE,
                    (Node::Exam(e), 1) if self.is_private(e) => private.insert(e),
                    (Node::Exam(e), 1) => direct.insert(e),
                    _ => false,
                };
            }
        }
        let rest = |item: Node| match item {
            Node::Exam(e) if private.contains(&e) => 0,
            _ => self.item(item),
        };
        let mut bound = i64::try_from(direct.len()).unwrap_or(UNREACHABLE);
        for group in &entry.groups {
            let costs = group.items.iter().map(|&n| rest(n));
            let group_bound = match group.kind {
                GroupKind::AllOf => costs.max().unwrap_or(0),
                GroupKind::OneOf => costs.min().unwrap_or(UNREACHABLE),
            };
            bound = bound.max(group_bound);
        }
        (i64::try_from(private.len()).unwrap_or(UNREACHABLE) + bound).min(UNREACHABLE)
    }

    fn is_private(&self, exam: u32) -> bool {
        self.private.get(exam as usize).copied().unwrap_or(false)
    }

    fn item(&self, node: Node) -> i64 {
        let ctx = self.ctx;
        match node {
            Node::Exam(e) if ctx.held_exams.contains(&e) => 0,
            Node::Exam(e) => match ctx.graph.exam_status(e) {
                Some(ExamStatus::Live | ExamStatus::Beta) => 1,
                _ => UNREACHABLE,
            },
            Node::Cert(c) if ctx.held_certs.contains(&c) => 0,
            Node::Cert(c) if self.marks[c as usize] == 2 => self.values[c as usize],
            Node::Cert(_) => UNREACHABLE, // on the stack: a cycle
        }
    }
}
