//! Each record's own revision: its version (bumped on every change to it), when it last
//! changed, and its row in the store. Kept beside the nodes, in the same order, so a catalog built without them (tests,
//! benchmarks) simply reads as version 1 changed at the epoch.

use certgraph_domain::Catalog;

/// One record's version and the time of its last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Revision {
    pub version: i32,
    /// Milliseconds since the Unix epoch, UTC.
    pub updated_at_ms: i64,
    /// The record's row in the store (0 for a catalog built without one): lets a writer
    /// work from this snapshot instead of reading the catalog back.
    pub row: i32,
}

impl Default for Revision {
    fn default() -> Self {
        Self {
            version: 1,
            updated_at_ms: 0,
            row: 0,
        }
    }
}

/// The revisions of a catalog's records, each list in the catalog's own order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revisions {
    pub certifications: Vec<Revision>,
    pub exams: Vec<Revision>,
    pub courses: Vec<Revision>,
}

/// Sorts `records` by `key` and `revisions` along with them; missing revisions are the default.
pub(crate) fn sort_with<T, K: Ord>(
    records: &mut Vec<T>,
    revisions: Vec<Revision>,
    key: impl Fn(&T) -> &K,
) -> Vec<Revision> {
    let mut paired: Vec<(T, Revision)> = std::mem::take(records)
        .into_iter()
        .zip(
            revisions
                .into_iter()
                .chain(std::iter::repeat(Revision::default())),
        )
        .collect();
    paired.sort_by(|a, b| key(&a.0).cmp(key(&b.0)));
    let (sorted, revisions) = paired.into_iter().unzip();
    *records = sorted;
    revisions
}

/// Revisions for `catalog` when it has none of its own.
pub(crate) fn none(catalog: &Catalog) -> Revisions {
    Revisions {
        certifications: vec![Revision::default(); catalog.certifications.len()],
        exams: vec![Revision::default(); catalog.exams.len()],
        courses: vec![Revision::default(); catalog.courses.len()],
    }
}
