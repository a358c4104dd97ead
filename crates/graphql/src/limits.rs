//! Server-side bounds on what one request may ask for.

/// Bounds enforced by resolvers. Over a bound: `LIMIT_EXCEEDED`, or a clamp where the
/// argument is a depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Page size when a connection gets neither `first` nor `last`.
    pub default_page_size: u64,
    /// Largest `first`/`last` of every list and `search`.
    pub max_page_size: u64,
    /// Deepest traversal; larger `maxDepth` values are clamped to it.
    pub max_traversal_depth: u32,
    /// Most ids in `nodes(ids:)` and roots in `prerequisiteGraph(roots:)`.
    pub max_batch_keys: usize,
    /// Longest `text` accepted by filters and search, in characters.
    pub max_text_length: usize,
    /// Search steps one `plan`/`eligible` call may take before `LIMIT_EXCEEDED`.
    pub max_plan_work: u64,
    /// The operation limits, checked before anything executes.
    pub operation: OperationLimits,
}

/// Bounds on one GraphQL document, checked before any field runs. Over one: a single
/// `LIMIT_EXCEEDED` error naming the limit and its value, and HTTP 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationLimits {
    /// Longest `query` text, in bytes (comments and whitespace included).
    pub max_document_bytes: usize,
    /// Most lexical tokens in the document; counted before parsing.
    pub max_tokens: usize,
    /// Deepest field nesting, fragments expanded. GraphiQL's introspection query is 15 deep.
    pub max_depth: usize,
    /// Highest cost: a field costs 1 plus its children; a list costs its page size (or an
    /// assumed length) times its children. See `cost`.
    pub max_complexity: usize,
    /// Most aliases in an operation, fragments expanded.
    pub max_aliases: usize,
    /// Most fields selected at the root of an operation.
    pub max_root_fields: usize,
    /// Most directives in an operation, fragments expanded.
    pub max_directives: usize,
}

impl Default for OperationLimits {
    fn default() -> Self {
        Self {
            max_document_bytes: 32 * 1024,
            max_tokens: 2_000,
            max_depth: 15,
            max_complexity: 100_000,
            max_aliases: 15,
            max_root_fields: 10,
            max_directives: 10,
        }
    }
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
            operation: OperationLimits::default(),
        }
    }
}
