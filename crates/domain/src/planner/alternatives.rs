//! Other plans as small as the best one, found by Lawler's partitioning: the exam sets not
//! yet reported are split into disjoint subspaces ("contains these exams, lacks that one"),
//! and each subspace's best plan is a candidate; the best candidate is reported and its
//! subspace split again. Every exam set is reported at most once, best first. All
//! subspaces are searched with one memo, since most components never see the exams that
//! distinguish them.

use super::cost::{Cost, Solution};
use super::search::Search;
use super::PlanError;

/// Exam sets that contain every `include` exam and no `exclude` exam (local indices).
#[derive(Debug, Clone, Default)]
struct Subspace {
    include: Vec<u32>,
    exclude: Vec<u32>,
}

struct Candidate {
    solution: Solution,
    space: Subspace,
}

/// Up to `count` plans with as many exams as `best`, but other exam sets, best first.
pub(crate) fn alternatives(
    search: &mut Search<'_>,
    best: &Solution,
    count: usize,
) -> Result<Vec<Solution>, PlanError> {
    let budget = Cost::exams_at_most(best.cost.exams);
    let mut found = Vec::new();
    let mut pending: Vec<Candidate> = Vec::new();
    let mut spaces = split(search, best, &Subspace::default());
    while found.len() < count {
        for space in spaces.drain(..) {
            if let Some(solution) = search.best(&space.include, &space.exclude, budget)? {
                pending.push(Candidate { solution, space });
            }
        }
        let Some(next) =
            (0..pending.len()).min_by(|&a, &b| pending[a].solution.cmp_rank(&pending[b].solution))
        else {
            break;
        };
        let next = pending.swap_remove(next);
        spaces = split(search, &next.solution, &next.space);
        found.push(next.solution);
    }
    Ok(found)
}

/// The subspaces of `space` other than `solution` itself.
fn split(search: &Search<'_>, solution: &Solution, space: &Subspace) -> Vec<Subspace> {
    let problem = search.problem();
    let free: Vec<u32> = solution
        .items
        .ones()
        .filter(|&i| problem.is_exam(i) && !space.include.contains(&i))
        .collect();
    (0..free.len())
        .map(|j| Subspace {
            include: space.include.iter().chain(&free[..j]).copied().collect(),
            exclude: space.exclude.iter().chain(&free[j..=j]).copied().collect(),
        })
        .collect()
}
