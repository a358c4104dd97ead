//! Breadth-first walks down prerequisite edges, one batched load per level, so a walk
//! costs statements in proportion to its depth, never to the number of nodes it visits.

use std::collections::HashSet;

use certgraph_store::{GroupRow, ItemRow, ItemTarget};

use crate::error::{ApiResult, ResultExt};
use crate::loaders::{GroupsOf, ItemsOf};
use crate::Loaders;

/// One requirement edge: `from` lists `item` in `group`.
#[derive(Debug, Clone)]
pub struct TraversedEdge {
    pub from: i32,
    pub group: GroupRow,
    pub item: ItemRow,
}

/// Everything reached from the roots, each node once, in discovery order.
#[derive(Debug, Default)]
pub struct Traversal {
    /// Certifications reached below the roots (roots excluded).
    pub certifications: Vec<i32>,
    /// Exams reached, each once.
    pub exams: Vec<i32>,
    /// Every edge followed.
    pub edges: Vec<TraversedEdge>,
}

/// Walks down from `roots` at most `max_depth` levels. Cycle-safe: a node is expanded once.
pub async fn walk(loaders: &Loaders, roots: &[i32], max_depth: u32) -> ApiResult<Traversal> {
    let mut seen_certs: HashSet<i32> = roots.iter().copied().collect();
    let mut seen_exams = HashSet::new();
    let mut traversal = Traversal::default();
    let mut frontier: Vec<i32> = roots.to_vec();
    for _ in 0..max_depth {
        if frontier.is_empty() {
            break;
        }
        let groups = loaders
            .load_many(frontier.iter().map(|&id| GroupsOf(id)))
            .await
            .api()?;
        let ordered_groups: Vec<GroupRow> = frontier
            .iter()
            .flat_map(|id| groups.get(&GroupsOf(*id)).cloned().unwrap_or_default())
            .collect();
        let items = loaders
            .load_many(ordered_groups.iter().map(|g| ItemsOf(g.id)))
            .await
            .api()?;
        let mut next = Vec::new();
        for group in ordered_groups {
            for item in items.get(&ItemsOf(group.id)).cloned().unwrap_or_default() {
                match item.target {
                    ItemTarget::Certification(id) => {
                        if seen_certs.insert(id) {
                            traversal.certifications.push(id);
                            next.push(id);
                        }
                    }
                    ItemTarget::Exam(id) => {
                        if seen_exams.insert(id) {
                            traversal.exams.push(id);
                        }
                    }
                }
                traversal.edges.push(TraversedEdge {
                    from: group.certification_id,
                    group: group.clone(),
                    item,
                });
            }
        }
        frontier = next;
    }
    Ok(traversal)
}
