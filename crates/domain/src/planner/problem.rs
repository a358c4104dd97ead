//! The search problem: the certifications still to earn below a target, as clauses over
//! local indices. Exams take indices `0..exam_count`, certifications follow; both are sorted
//! by code, so that comparing index sets compares code lists.

use std::collections::HashMap;

use super::analysis::{group_status, Analysis, Context, Status};
use super::bits::Bits;
use super::requirement_graph::Node;
use crate::GroupKind;

/// One requirement still open: satisfied by any one of its options (local indices).
#[derive(Debug)]
pub(crate) struct Clause {
    pub options: Vec<u32>,
    /// Every exam and certification an option is or needs.
    pub reach: Bits,
    /// `reach` without certifications.
    pub exam_reach: Bits,
}

/// The open part of the graph below one target.
#[derive(Debug)]
pub(crate) struct Problem {
    /// Global exam ids of local exams `0..exam_count`.
    pub exam_ids: Vec<u32>,
    /// Global certification ids of local certifications, index `exam_count + i`.
    pub cert_ids: Vec<u32>,
    pub exam_count: u32,
    /// Per local certification: its clauses.
    pub cert_clauses: Vec<Vec<u32>>,
    pub clauses: Vec<Clause>,
    /// Per local certification: everything strictly below it.
    pub cert_reach: Vec<Bits>,
    /// Per local certification: a lower bound on the exams needed to earn it from nothing.
    pub cert_lower_bound: Vec<i64>,
    /// The target's local index.
    pub target: u32,
}

impl Problem {
    /// Builds the problem for an open target.
    pub fn new(ctx: &Context<'_>, analysis: &Analysis, target: u32) -> Self {
        let (certs, exams) = open_nodes(ctx, analysis, target);
        let exam_count = u32::try_from(exams.len()).unwrap_or(u32::MAX);
        let local: HashMap<Node, u32> = exams
            .iter()
            .map(|&e| Node::Exam(e))
            .chain(certs.iter().map(|&c| Node::Cert(c)))
            .zip(0..)
            .collect();
        let mut problem = Self {
            exam_count,
            target: local[&Node::Cert(target)],
            exam_ids: exams,
            cert_ids: certs,
            cert_clauses: Vec::new(),
            clauses: Vec::new(),
            cert_reach: Vec::new(),
            cert_lower_bound: Vec::new(),
        };
        problem.add_clauses(ctx, analysis, &local);
        problem.compute_bounds(analysis, &local);
        problem
    }

    /// Total local indices (exams and certifications).
    pub fn len(&self) -> usize {
        self.exam_ids.len() + self.cert_ids.len()
    }

    pub fn is_exam(&self, index: u32) -> bool {
        index < self.exam_count
    }

    /// The position of a local certification index among certifications.
    pub fn cert_slot(&self, index: u32) -> usize {
        (index - self.exam_count) as usize
    }

    /// A lower bound on the exams option `index` still needs when `chosen` is chosen:
    /// chosen exams below a certification can at most replace that many of its exams.
    pub fn option_lower_bound(&self, index: u32, chosen: &Bits) -> i64 {
        if chosen.contains(index) {
            0
        } else if self.is_exam(index) {
            1
        } else {
            let slot = self.cert_slot(index);
            let free = chosen.count_common_below(&self.cert_reach[slot], self.exam_count);
            (self.cert_lower_bound[slot] - i64::from(free)).max(0)
        }
    }

    fn add_clauses(&mut self, ctx: &Context<'_>, analysis: &Analysis, local: &HashMap<Node, u32>) {
        for &cert in &self.cert_ids {
            let mut own = Vec::new();
            let entry = ctx
                .graph
                .cert(cert)
                .map(|e| e.groups.as_slice())
                .unwrap_or_default();
            for group in entry {
                let lookup = |item| analysis.item_status(ctx, item);
                if group_status(group, lookup) != Status::Open {
                    continue;
                }
                let mut open: Vec<u32> = group
                    .items
                    .iter()
                    .filter(|&&item| lookup(item) == Status::Open)
                    .map(|item| local[item])
                    .collect();
                open.sort_unstable();
                open.dedup();
                let clauses: Vec<Vec<u32>> = match group.kind {
                    GroupKind::AllOf => open.into_iter().map(|o| vec![o]).collect(),
                    GroupKind::OneOf => vec![open],
                };
                for options in clauses {
                    own.push(self.clauses.len() as u32);
                    self.clauses.push(Clause {
                        options,
                        reach: Bits::new(0),
                        exam_reach: Bits::new(0),
                    });
                }
            }
            self.cert_clauses.push(own);
        }
    }

    /// Reach sets and lower bounds, children before parents.
    fn compute_bounds(&mut self, analysis: &Analysis, local: &HashMap<Node, u32>) {
        let len = self.len();
        let mut exams_only = Bits::new(len);
        (0..self.exam_count).for_each(|e| exams_only.insert(e));
        self.cert_reach = vec![Bits::new(len); self.cert_ids.len()];
        self.cert_lower_bound = vec![0; self.cert_ids.len()];
        for cert in &analysis.order {
            let Some(&index) = local.get(&Node::Cert(*cert)) else {
                continue;
            };
            let slot = self.cert_slot(index);
            let mut reach = Bits::new(len);
            for &clause in &self.cert_clauses[slot] {
                let clause = &mut self.clauses[clause as usize];
                clause.reach = Bits::new(len);
                for &option in &clause.options {
                    clause.reach.insert(option);
                    if option >= self.exam_count {
                        clause
                            .reach
                            .union_with(&self.cert_reach[(option - self.exam_count) as usize]);
                    }
                }
                clause.exam_reach = clause.reach.intersection(&exams_only);
                reach.union_with(&clause.reach);
            }
            self.cert_reach[slot] = reach;
            self.cert_lower_bound[slot] = self.static_lower_bound(slot);
        }
    }

    /// Sums clause bounds over clauses whose exams are disjoint (their exams cannot be
    /// shared), largest first.
    fn static_lower_bound(&self, slot: usize) -> i64 {
        let empty = Bits::new(self.len());
        let mut bounded: Vec<(i64, u32)> = self.cert_clauses[slot]
            .iter()
            .map(|&c| (self.clause_lower_bound(c, &empty), c))
            .collect();
        bounded.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.pack(bounded.into_iter(), &empty)
    }

    /// The least any option of the clause needs.
    pub fn clause_lower_bound(&self, clause: u32, chosen: &Bits) -> i64 {
        self.clauses[clause as usize]
            .options
            .iter()
            .map(|&o| self.option_lower_bound(o, chosen))
            .min()
            .unwrap_or(0)
    }

    /// Greedy packing: adds the bound of each clause whose unchosen exams are disjoint from
    /// those of the clauses already counted.
    pub fn pack(&self, bounded: impl Iterator<Item = (i64, u32)>, chosen: &Bits) -> i64 {
        let mut used = Bits::new(self.len());
        let mut total = 0;
        for (bound, clause) in bounded {
            if bound == 0 {
                break;
            }
            let exams = &self.clauses[clause as usize].exam_reach;
            if !exams.intersects_except(&used, chosen) {
                total += bound;
                used.union_with(exams);
            }
        }
        total
    }
}

/// The open certifications reachable from `target` through open items, and the open exams
/// they name, each sorted by code.
fn open_nodes(ctx: &Context<'_>, analysis: &Analysis, target: u32) -> (Vec<u32>, Vec<u32>) {
    let mut certs = vec![target];
    let mut exams = Vec::new();
    let mut seen = std::collections::HashSet::from([Node::Cert(target)]);
    let mut next = 0;
    while let Some(&cert) = certs.get(next) {
        next += 1;
        let groups = ctx
            .graph
            .cert(cert)
            .map(|e| e.groups.as_slice())
            .unwrap_or_default();
        for group in groups {
            let lookup = |item| analysis.item_status(ctx, item);
            if group_status(group, lookup) != Status::Open {
                continue;
            }
            for &item in &group.items {
                if lookup(item) == Status::Open && seen.insert(item) {
                    match item {
                        Node::Cert(c) => certs.push(c),
                        Node::Exam(e) => exams.push(e),
                    }
                }
            }
        }
    }
    certs.sort_unstable_by(|a, b| ctx.graph.cert_code(*a).cmp(ctx.graph.cert_code(*b)));
    exams.sort_unstable_by(|a, b| ctx.graph.exam_code(*a).cmp(ctx.graph.exam_code(*b)));
    (certs, exams)
}
