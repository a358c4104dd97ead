//! The part of the graph below a target, and what the holdings already decide about it:
//! which certifications are earned, which can still be earned, and which never can.

use std::collections::{HashMap, HashSet};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::requirement_graph::{Group, Node, RequirementGraph};
use super::work::Work;
use super::PlanError;
use crate::{CertificationStatus, ExamStatus, GroupKind};

/// A question's fixed facts: the graph and the holdings, resolved to ids.
pub(crate) struct Context<'a> {
    pub graph: &'a RequirementGraph,
    pub held_certs: HashSet<u32>,
    pub held_exams: HashSet<u32>,
}

/// Where an item, group or certification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Already satisfied by the holdings (and, when evaluating a plan, the exams passed).
    Satisfied,
    /// Not yet satisfied, but it can be.
    Open,
    /// It can never be satisfied.
    Impossible,
}

/// Why a certification can never be earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Retired,
    NoRequirements,
    Cycle,
    Unknown,
    Requirements,
}

/// A certification below the target, with its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CertState {
    pub status: Status,
    pub why: Option<Why>,
}

/// The certifications below a target (not held, not looked beneath held ones), children first.
pub(crate) struct Analysis {
    pub order: Vec<u32>,
    index: HashMap<u32, usize>,
    cycles: HashSet<u32>,
    pub states: Vec<CertState>,
}

impl Analysis {
    /// Walks below `target` and decides every certification's status.
    pub fn new(ctx: &Context<'_>, target: u32, work: &mut Work) -> Result<Self, PlanError> {
        let (order, back_edge) = collect(ctx, target, work)?;
        let index: HashMap<u32, usize> = order.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let cycles = if back_edge {
            cycle_members(ctx, &order, &index)
        } else {
            HashSet::new()
        };
        let mut analysis = Self {
            order,
            index,
            cycles,
            states: Vec::new(),
        };
        analysis.states = analysis.evaluate(ctx, |e| analysis.exam_status(ctx, e));
        Ok(analysis)
    }

    /// The status of an exam: held, obtainable, or not.
    pub fn exam_status(&self, ctx: &Context<'_>, exam: u32) -> Status {
        if ctx.held_exams.contains(&exam) {
            return Status::Satisfied;
        }
        match ctx.graph.exam_status(exam) {
            Some(ExamStatus::Live | ExamStatus::Beta) => Status::Open,
            _ => Status::Impossible,
        }
    }

    /// The state of a certification below the target (held ones are satisfied).
    pub fn cert_state(&self, ctx: &Context<'_>, cert: u32) -> CertState {
        if ctx.held_certs.contains(&cert) {
            return CertState {
                status: Status::Satisfied,
                why: None,
            };
        }
        self.index.get(&cert).map_or(
            CertState {
                status: Status::Impossible,
                why: Some(Why::Unknown),
            },
            |&i| self.states[i],
        )
    }

    /// A certification's status in `states` (from [`Analysis::evaluate`]).
    pub fn status_in(&self, states: &[CertState], cert: u32) -> Status {
        self.index
            .get(&cert)
            .map_or(Status::Impossible, |&i| states[i].status)
    }

    /// The status of one requirement item.
    pub fn item_status(&self, ctx: &Context<'_>, item: Node) -> Status {
        match item {
            Node::Exam(e) => self.exam_status(ctx, e),
            Node::Cert(c) => self.cert_state(ctx, c).status,
        }
    }

    /// Decides every certification in `order` bottom-up, given how exams stand.
    pub fn evaluate(&self, ctx: &Context<'_>, exam: impl Fn(u32) -> Status) -> Vec<CertState> {
        let mut states: Vec<CertState> = Vec::with_capacity(self.order.len());
        for &cert in &self.order {
            let lookup = |item: Node| match item {
                Node::Exam(e) => exam(e),
                Node::Cert(c) if ctx.held_certs.contains(&c) => Status::Satisfied,
                Node::Cert(c) => match self.index.get(&c) {
                    Some(&i) if i < states.len() => states[i].status,
                    _ => Status::Impossible,
                },
            };
            let state = self.decide(ctx, cert, lookup);
            states.push(state);
        }
        states
    }

    fn decide(&self, ctx: &Context<'_>, cert: u32, lookup: impl Fn(Node) -> Status) -> CertState {
        let impossible = |why| CertState {
            status: Status::Impossible,
            why: Some(why),
        };
        if self.cycles.contains(&cert) {
            return impossible(Why::Cycle);
        }
        let Some(entry) = ctx.graph.cert(cert) else {
            return impossible(Why::Unknown);
        };
        if entry.status == CertificationStatus::Retired {
            return impossible(Why::Retired);
        }
        if entry.groups.is_empty() {
            return impossible(Why::NoRequirements);
        }
        let statuses = entry.groups.iter().map(|g| group_status(g, &lookup));
        match combine_all(statuses) {
            Status::Impossible => impossible(Why::Requirements),
            status => CertState { status, why: None },
        }
    }
}

/// A group's status from its items' statuses.
pub(crate) fn group_status(group: &Group, lookup: impl Fn(Node) -> Status) -> Status {
    let items = group.items.iter().map(|&item| lookup(item));
    match group.kind {
        GroupKind::AllOf => combine_all(items),
        GroupKind::OneOf => {
            let mut best = Status::Impossible;
            for status in items {
                match status {
                    Status::Satisfied => return Status::Satisfied,
                    Status::Open => best = Status::Open,
                    Status::Impossible => {}
                }
            }
            best
        }
    }
}

/// All of them: impossible if any is, satisfied if all are.
fn combine_all(statuses: impl Iterator<Item = Status>) -> Status {
    let mut all = Status::Satisfied;
    for status in statuses {
        match status {
            Status::Impossible => return Status::Impossible,
            Status::Open => all = Status::Open,
            Status::Satisfied => {}
        }
    }
    all
}

/// The certification items of a certification, in group order.
fn cert_children(ctx: &Context<'_>, cert: u32) -> Vec<u32> {
    let Some(entry) = ctx.graph.cert(cert) else {
        return Vec::new();
    };
    entry
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| match *item {
            Node::Cert(c) if !ctx.held_certs.contains(&c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Depth-first post-order (children first) of the unheld certifications below `target`,
/// without recursion; also says whether any back edge (a cycle) was met.
fn collect(ctx: &Context<'_>, target: u32, work: &mut Work) -> Result<(Vec<u32>, bool), PlanError> {
    #[derive(PartialEq)]
    enum Mark {
        OnStack,
        Done,
    }
    let mut marks = HashMap::from([(target, Mark::OnStack)]);
    let mut stack = vec![(target, cert_children(ctx, target), 0usize)];
    let mut order = Vec::new();
    let mut back_edge = false;
    work.tick()?;
    while let Some((cert, children, cursor)) = stack.last_mut() {
        if let Some(&child) = children.get(*cursor) {
            *cursor += 1;
            match marks.get(&child) {
                None => {
                    work.tick()?;
                    marks.insert(child, Mark::OnStack);
                    stack.push((child, cert_children(ctx, child), 0));
                }
                Some(Mark::OnStack) => back_edge = true,
                Some(Mark::Done) => {}
            }
        } else {
            let cert = *cert;
            marks.insert(cert, Mark::Done);
            order.push(cert);
            stack.pop();
        }
    }
    Ok((order, back_edge))
}

/// Certifications on a cycle: members of a strongly connected component of two or more,
/// or with an edge to themselves.
fn cycle_members(ctx: &Context<'_>, order: &[u32], index: &HashMap<u32, usize>) -> HashSet<u32> {
    let mut graph: DiGraph<u32, ()> = DiGraph::with_capacity(order.len(), order.len());
    for &cert in order {
        graph.add_node(cert);
    }
    let mut members = HashSet::new();
    for (from, &cert) in order.iter().enumerate() {
        for child in cert_children(ctx, cert) {
            if child == cert {
                members.insert(cert);
            } else if let Some(&to) = index.get(&child) {
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
            }
        }
    }
    for component in kosaraju_scc(&graph) {
        if component.len() > 1 {
            members.extend(component.into_iter().map(|n| graph[n]));
        }
    }
    members
}
