//! Server-side bounds on what one request may ask for.

/// Bounds enforced by resolvers. Over a bound: `LIMIT_EXCEEDED`, or a clamp where the
/// argument is a depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Page size when a connection gets neither `first` nor `last`.
    pub default_page_size: u64,
    /// Largest `first`/`last` (and `search(first:)`).
    pub max_page_size: u64,
    /// Deepest traversal; larger `maxDepth` values are clamped to it.
    pub max_traversal_depth: u32,
    /// Most ids in `nodes(ids:)` and roots in `prerequisiteGraph(roots:)`.
    pub max_batch_keys: usize,
    /// Longest `text` accepted by filters and search, in characters.
    pub max_text_length: usize,
    /// Search steps one `plan`/`eligible` call may take before `LIMIT_EXCEEDED`.
    pub max_plan_work: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            default_page_size: 20,
            max_page_size: 100,
            max_traversal_depth: 32,
            max_batch_keys: 100,
            max_text_length: 200,
            max_plan_work: certgraph_domain::PlanLimits::DEFAULT_MAX_WORK,
        }
    }
}
