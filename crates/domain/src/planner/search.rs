//! Exact branch and bound over the open clauses below a target.
//!
//! A state is the set of chosen exams and committed certifications plus the clauses still
//! open. Each step propagates forced choices, splits the open clauses into components that
//! share no unchosen exam or certification (solved independently, which keeps ties from
//! multiplying), and branches on one clause of a component. Components are memoised on
//! their clauses and the chosen items they can see, and pruned with a packing lower bound.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::bits::Bits;
use super::cost::{Cost, Solution};
use super::fxhash::FxHasher;
use super::problem::Problem;
use super::work::Work;
use super::PlanError;

/// The deepest nesting of choices searched. The 10,000-certification synthetic catalog
/// needs fewer than 24; 128 levels fit in 512 KiB of stack even in a debug build.
pub(crate) const MAX_DEPTH: usize = 128;

/// Clauses that share unchosen items, with what they can see.
struct Component {
    clauses: Vec<u32>,
    reach: Bits,
    free: Bits,
    key: MemoKey,
}

/// A component's clauses, and the chosen and forbidden items it can see.
type MemoKey = (Vec<u32>, Bits, Bits);

enum Memo {
    Best(Solution),
    NoneWithin(Cost),
}

/// One search over a problem; its memo serves every question asked of it.
pub(crate) struct Search<'a> {
    problem: &'a Problem,
    work: &'a mut Work,
    memo: HashMap<MemoKey, Memo, BuildHasherDefault<FxHasher>>,
    depth: usize,
    forbidden: Bits,
}

impl<'a> Search<'a> {
    pub fn new(problem: &'a Problem, work: &'a mut Work) -> Self {
        Self {
            problem,
            work,
            memo: HashMap::default(),
            depth: 0,
            forbidden: Bits::new(problem.len()),
        }
    }

    pub fn problem(&self) -> &'a Problem {
        self.problem
    }

    /// The best plan for the target that costs at most `budget`, with the `forced` exams
    /// chosen up front (and counted) and the `forbidden` ones never chosen (local indices).
    pub fn best(
        &mut self,
        forced: &[u32],
        forbidden: &[u32],
        budget: Cost,
    ) -> Result<Option<Solution>, PlanError> {
        let problem = self.problem;
        let mut root = Solution::empty(problem.len());
        for &exam in forced {
            root.add(exam, Cost::EXAM);
        }
        root.add(problem.target, Cost::CERT);
        self.forbidden = Bits::new(problem.len());
        forbidden.iter().for_each(|&f| self.forbidden.insert(f));
        let open = problem.cert_clauses[problem.cert_slot(problem.target)].clone();
        let found = self.solve(&root.items, open, budget - root.cost)?;
        Ok(found.map(|rest| {
            root.merge(&rest);
            root
        }))
    }

    /// A clause's options that may still be chosen.
    fn allowed<'b>(&'b self, clause: u32) -> impl Iterator<Item = u32> + 'b {
        self.problem.clauses[clause as usize]
            .options
            .iter()
            .copied()
            .filter(|&o| !self.forbidden.contains(o))
    }

    /// The cheapest way (within `budget`) to satisfy `open` given `chosen`; the solution
    /// holds only what it adds.
    fn solve(&mut self, chosen: &Bits, open: Vec<u32>, budget: Cost) -> Result<Option<Solution>, PlanError> {
        self.work.tick()?;
        let mut chosen = chosen.clone();
        let mut added = Solution::empty(self.problem.len());
        let Some(open) = self.propagate(&mut chosen, &mut added, open) else {
            return Ok(None);
        };
        if added.cost > budget {
            return Ok(None);
        }
        let components = self.components(&chosen, &open);
        let bounds: Vec<Cost> = components
            .iter()
            .map(|c| self.component_lower_bound(&chosen, c))
            .collect();
        let mut rest = budget - added.cost - bounds.iter().fold(Cost::ZERO, |a, &b| a + b);
        for (component, bound) in components.into_iter().zip(bounds) {
            if rest < Cost::ZERO {
                return Ok(None);
            }
            match self.solve_component(&chosen, component, rest + bound)? {
                None => return Ok(None),
                Some(part) => {
                    rest = rest + bound - part.cost;
                    added.merge(&part);
                }
            }
        }
        Ok(Some(added))
    }

    /// Takes every clause with a single option; `None` when a clause has no option at all.
    fn propagate(&self, chosen: &mut Bits, added: &mut Solution, mut queue: Vec<u32>) -> Option<Vec<u32>> {
        let mut kept = Vec::new();
        while let Some(clause) = queue.pop() {
            if self.satisfied(clause, chosen) {
                continue;
            }
            let mut allowed = self.allowed(clause);
            match (allowed.next(), allowed.next()) {
                (None, _) => return None,
                (Some(only), None) => queue.extend(self.commit(chosen, added, only)),
                _ => kept.push(clause),
            }
        }
        kept.retain(|&c| !self.satisfied(c, chosen));
        kept.sort_unstable();
        kept.dedup();
        Some(kept)
    }

    /// Chooses an option; returns the clauses it opens (a certification's requirements).
    fn commit(&self, chosen: &mut Bits, added: &mut Solution, option: u32) -> Vec<u32> {
        chosen.insert(option);
        if self.problem.is_exam(option) {
            added.add(option, Cost::EXAM);
            Vec::new()
        } else {
            added.add(option, Cost::CERT);
            self.problem.cert_clauses[self.problem.cert_slot(option)].clone()
        }
    }

    fn satisfied(&self, clause: u32, chosen: &Bits) -> bool {
        self.problem.clauses[clause as usize]
            .options
            .iter()
            .any(|&o| chosen.contains(o))
    }

    /// Groups the open clauses so that no two groups share an unchosen item.
    fn components(&self, chosen: &Bits, open: &[u32]) -> Vec<Component> {
        let mut components: Vec<Component> = Vec::new();
        for &clause in open {
            let reach = &self.problem.clauses[clause as usize].reach;
            let mut merged = Component {
                clauses: vec![clause],
                reach: reach.clone(),
                free: reach.difference(chosen).difference(&self.forbidden),
                key: (Vec::new(), Bits::new(0), Bits::new(0)),
            };
            components.retain(|other| {
                if other.free.intersects(&merged.free) {
                    merged.clauses.extend(&other.clauses);
                    merged.reach.union_with(&other.reach);
                    merged.free.union_with(&other.free);
                    false
                } else {
                    true
                }
            });
            components.push(merged);
        }
        for component in &mut components {
            component.clauses.sort_unstable();
            component.key = (
                component.clauses.clone(),
                chosen.intersection(&component.reach),
                self.forbidden.intersection(&component.reach),
            );
        }
        components.sort_unstable_by(|a, b| a.clauses.cmp(&b.clauses));
        components
    }

    fn component_lower_bound(&self, chosen: &Bits, component: &Component) -> Cost {
        let mut bounded: Vec<(i64, u32)> = component
            .clauses
            .iter()
            .map(|&c| (self.problem.clause_lower_bound(c, chosen), c))
            .collect();
        bounded.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let packed = Cost {
            exams: self.problem.pack(bounded.into_iter(), chosen),
            certs: 0,
        };
        match self.memo.get(&component.key) {
            Some(Memo::Best(best)) => best.cost,
            Some(Memo::NoneWithin(budget)) => packed.max(*budget + Cost { exams: 0, certs: 1 }),
            None => packed,
        }
    }

    /// Branches on one clause of a component and keeps the best-ranked result.
    fn solve_component(
        &mut self,
        chosen: &Bits,
        component: Component,
        budget: Cost,
    ) -> Result<Option<Solution>, PlanError> {
        match self.memo.get(&component.key) {
            Some(Memo::Best(best)) => return Ok((best.cost <= budget).then(|| best.clone())),
            Some(Memo::NoneWithin(tried)) if budget <= *tried => return Ok(None),
            _ => {}
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PlanError::TooDeep { limit: MAX_DEPTH });
        }
        let branch = self.branch_clause(chosen, &component.clauses);
        let rest: Vec<u32> = component
            .clauses
            .iter()
            .copied()
            .filter(|&c| c != branch)
            .collect();
        let mut best: Option<Solution> = None;
        let mut limit = budget;
        for (bound, option) in self.ranked_options(chosen, branch) {
            if bound > limit {
                break;
            }
            let mut next = chosen.clone();
            let mut step = Solution::empty(self.problem.len());
            let mut open = rest.clone();
            open.extend(self.commit(&mut next, &mut step, option));
            if let Some(found) = self.solve(&next, open, limit - step.cost)? {
                step.merge(&found);
                if best.as_ref().is_none_or(|b| step.cmp_rank(b).is_lt()) {
                    limit = step.cost;
                    best = Some(step);
                }
            }
        }
        self.depth -= 1;
        let entry = best.clone().map_or(Memo::NoneWithin(budget), Memo::Best);
        self.memo.insert(component.key, entry);
        Ok(best)
    }

    /// The most constrained clause: fewest options, then the largest bound, then the first.
    fn branch_clause(&self, chosen: &Bits, clauses: &[u32]) -> u32 {
        let rank = |&c: &u32| {
            let options = self.allowed(c).count();
            (options, -self.problem.clause_lower_bound(c, chosen), c)
        };
        clauses
            .iter()
            .min_by_key(|c| rank(c))
            .copied()
            .unwrap_or_default()
    }

    /// A clause's options with their lower bounds (including themselves), cheapest first,
    /// exams before certifications, then by code.
    fn ranked_options(&self, chosen: &Bits, clause: u32) -> Vec<(Cost, u32)> {
        let mut ranked: Vec<(Cost, u32)> = self
            .allowed(clause)
            .map(|o| {
                let exams = self.problem.option_lower_bound(o, chosen);
                let certs = i64::from(!self.problem.is_exam(o));
                (Cost { exams, certs }, o)
            })
            .collect();
        ranked.sort_unstable();
        ranked
    }
}
