//! Breadth-first walks down prerequisite edges, cycle-safe.

use std::collections::HashSet;

use crate::{CatalogSnapshot, CertId, ExamId, ItemRef};

/// One requirement edge: `from` lists `item` in its group at `group` (position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraversedEdge {
    pub from: CertId,
    pub group: u32,
    pub item: ItemRef,
}

/// Everything reached from the roots, each node once, in discovery order.
#[derive(Debug, Default)]
pub struct Traversal {
    /// Certifications reached below the roots (roots excluded).
    pub certifications: Vec<CertId>,
    /// Exams reached, each once.
    pub exams: Vec<ExamId>,
    /// Every edge followed.
    pub edges: Vec<TraversedEdge>,
}

impl CatalogSnapshot {
    /// Walks down from `roots` at most `max_depth` levels; a node is expanded once.
    pub fn walk(&self, roots: &[CertId], max_depth: u32) -> Traversal {
        let mut seen_certs: HashSet<CertId> = roots.iter().copied().collect();
        let mut seen_exams = HashSet::new();
        let mut traversal = Traversal::default();
        let mut frontier: Vec<CertId> = roots.to_vec();
        let mut depth = 0;
        while depth < max_depth && !frontier.is_empty() {
            let mut next = Vec::new();
            for &from in &frontier {
                for group in &self.certification(from).groups {
                    for &item in &group.items {
                        match item {
                            ItemRef::Certification(c) if seen_certs.insert(c) => {
                                traversal.certifications.push(c);
                                next.push(c);
                            }
                            ItemRef::Exam(e) if seen_exams.insert(e) => traversal.exams.push(e),
                            _ => {}
                        }
                        traversal.edges.push(TraversedEdge {
                            from,
                            group: group.position,
                            item,
                        });
                    }
                }
            }
            frontier = next;
            depth += 1;
        }
        traversal
    }
}
