//! What a field costs against the complexity limit (`OperationLimits::max_complexity`).
//!
//! async-graphql charges a field 1 plus its children. A list charges its length times its
//! children, and the length is known before running only for pages (`first`/`last`, or the
//! default page size). Every other list is charged an assumed length, as Apollo's
//! `@listSize(assumedSize:)` does: [`RELATED`] for one hop along an edge, [`REACHED`] for
//! a transitive walk. The bundled catalog's real lists are shorter (at most 2 groups of 2
//! items), so the assumptions err towards refusing.
//!
//! The largest legitimate query we know (the dashboard in `tests/api/scale.rs`: a page of
//! 100 certifications with requirements, items, exams' courses and unlocks) costs about
//! 55,000; a second nested list under it multiplies that past the default limit of 100,000.

/// Assumed length of an unpaged list one edge away (requirements, items, courses, unlocks…).
pub(crate) const RELATED: usize = 5;

/// Assumed length of a transitive walk (`transitive: true`, `prerequisiteGraph`, `eligible`).
pub(crate) const REACHED: usize = 20;

/// What one planner search costs beyond its answer. Searches burn CPU that the answer's
/// size does not show (an `eligible` search within 3 exams takes about a quarter second
/// on 10,000 certifications), so rate budgets must see them as expensive.
pub(crate) const PLAN_SEARCH: usize = 2_000;

/// Page size when a connection gets neither `first` nor `last`.
const DEFAULT_PAGE: usize = 20;

/// A list of `len` items, each costing `child`.
pub(crate) fn list(len: usize, child: usize) -> usize {
    len.saturating_mul(child).saturating_add(1)
}

/// A connection page: `first` or `last` items (the default page size when neither).
/// Sizes above the maximum never get here: the operation guard refuses them first.
pub(crate) fn page(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let size = first.or(last).map_or(DEFAULT_PAGE, |n| n.max(0) as usize);
    list(size, child)
}

/// A list of `n` hits asked for by the client (`search(first:)`).
pub(crate) fn sized(n: i32, child: usize) -> usize {
    list(n.max(0) as usize, child)
}

/// A walk along prerequisite edges: one hop, or with `transitive`, the whole reach.
pub(crate) fn traversal(transitive: bool, child: usize) -> usize {
    list(if transitive { REACHED } else { RELATED }, child)
}

/// One hop along an edge.
pub(crate) fn related(child: usize) -> usize {
    list(RELATED, child)
}

/// A transitive walk.
pub(crate) fn reached(child: usize) -> usize {
    list(REACHED, child)
}

/// `plan`: one search plus its answer.
pub(crate) fn planned(child: usize) -> usize {
    PLAN_SEARCH.saturating_add(child)
}

/// `eligible(withinExams:)`: a search from every certification, growing with how many
/// exams ahead it looks (out-of-range values are refused by the resolver, and cost as 5).
pub(crate) fn eligible(within_exams: i32, child: usize) -> usize {
    let ahead = within_exams.clamp(0, 5) as usize;
    (PLAN_SEARCH * 5)
        .saturating_mul(ahead.max(1))
        .saturating_add(reached(child))
}
