//! Graph algorithms over prerequisite edges between certifications.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

use crate::CertificationCode;

/// `from` lists `to` among its requirements. Exams are leaves and never close a cycle,
/// so only certification-to-certification edges matter here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PrerequisiteEdge<'a> {
    pub from: &'a CertificationCode,
    pub to: &'a CertificationCode,
}

/// Returns the certifications on one cycle (sorted, starting point irrelevant), or `None`
/// when the edges form a DAG. Deterministic, so error messages are stable.
pub fn find_cycle<'a>(
    edges: impl IntoIterator<Item = PrerequisiteEdge<'a>>,
) -> Option<Vec<CertificationCode>> {
    let mut index: BTreeMap<&CertificationCode, u32> = BTreeMap::new();
    let mut pairs = Vec::new();
    for edge in edges {
        let next = index.len() as u32;
        let from = *index.entry(edge.from).or_insert(next);
        let next = index.len() as u32;
        let to = *index.entry(edge.to).or_insert(next);
        if from == to {
            return Some(vec![edge.from.clone()]);
        }
        pairs.push((from, to));
    }
    let graph: DiGraphMap<u32, ()> = DiGraphMap::from_edges(pairs);
    let by_index: BTreeMap<u32, &CertificationCode> = index.iter().map(|(c, i)| (*i, *c)).collect();
    tarjan_scc(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            component
                .into_iter()
                .map(|i| by_index[&i].clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        })
        .min()
}

/// The shortest cycle through `start`, as a path that begins and ends with it
/// (`[a, b, a]` when `a` requires `b` and `b` requires `a`), or `None`.
pub fn cycle_through<'a>(
    edges: impl IntoIterator<Item = PrerequisiteEdge<'a>>,
    start: &CertificationCode,
) -> Option<Vec<CertificationCode>> {
    let mut next: BTreeMap<&CertificationCode, Vec<&CertificationCode>> = BTreeMap::new();
    for edge in edges {
        next.entry(edge.from).or_default().push(edge.to);
    }
    let mut came_from: BTreeMap<&CertificationCode, &CertificationCode> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &to in next.get(at).into_iter().flatten() {
            if to == start {
                let mut path = vec![start.clone(), at.clone()];
                let mut back = at;
                while back != start {
                    back = came_from[back];
                    path.push(back.clone());
                }
                path.reverse();
                return Some(path);
            }
            if !came_from.contains_key(to) {
                came_from.insert(to, at);
                queue.push_back(to);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(n: usize) -> Vec<CertificationCode> {
        (0..n)
            .map(|i| CertificationCode::parse(&format!("c{i}")).unwrap())
            .collect()
    }

    fn edges<'a>(codes: &'a [CertificationCode], pairs: &[(usize, usize)]) -> Vec<PrerequisiteEdge<'a>> {
        pairs
            .iter()
            .map(|&(a, b)| PrerequisiteEdge {
                from: &codes[a],
                to: &codes[b],
            })
            .collect()
    }

    #[test]
    fn a_chain_has_no_cycle() {
        let c = codes(4);
        assert_eq!(find_cycle(edges(&c, &[(0, 1), (1, 2), (2, 3), (0, 3)])), None);
    }

    #[test]
    fn the_cycle_through_a_certification_is_its_shortest_path_back() {
        let c = codes(4);
        let found = cycle_through(edges(&c, &[(0, 1), (1, 2), (2, 0), (1, 0), (3, 0)]), &c[0]);
        assert_eq!(found, Some(vec![c[0].clone(), c[1].clone(), c[0].clone()]));
        let loop_ = cycle_through(edges(&c, &[(2, 2)]), &c[2]);
        assert_eq!(loop_, Some(vec![c[2].clone(), c[2].clone()]));
        assert_eq!(cycle_through(edges(&c, &[(0, 1), (1, 2)]), &c[0]), None);
    }

    #[test]
    fn a_self_loop_is_a_cycle() {
        let c = codes(2);
        assert_eq!(find_cycle(edges(&c, &[(0, 1), (1, 1)])), Some(vec![c[1].clone()]));
    }

    #[test]
    fn a_cycle_names_its_members_only() {
        let c = codes(5);
        let found = find_cycle(edges(&c, &[(0, 1), (1, 2), (2, 3), (3, 1), (3, 4)]));
        assert_eq!(found, Some(vec![c[1].clone(), c[2].clone(), c[3].clone()]));
    }

    proptest! {
        /// Edges that only point from a lower to a higher index form a DAG by construction.
        #[test]
        fn forward_edges_never_report_a_cycle(pairs in prop::collection::vec((0usize..30, 0usize..30), 0..120)) {
            let c = codes(30);
            let forward: Vec<_> = pairs.into_iter().filter(|(a, b)| a < b).collect();
            prop_assert_eq!(find_cycle(edges(&c, &forward)), None);
        }

        /// Adding one back edge along an existing path always closes a cycle containing both ends.
        #[test]
        fn a_back_edge_on_a_path_is_found(len in 2usize..20, extra in prop::collection::vec((0usize..20, 0usize..20), 0..40)) {
            let c = codes(20);
            let mut pairs: Vec<_> = (0..len - 1).map(|i| (i, i + 1)).collect();
            pairs.extend(extra.into_iter().filter(|(a, b)| a < b));
            pairs.push((len - 1, 0));
            let cycle = find_cycle(edges(&c, &pairs)).expect("cycle not found");
            prop_assert!(cycle.contains(&c[0]) && cycle.contains(&c[len - 1]));
        }
    }
}
