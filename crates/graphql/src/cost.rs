//! What a field costs against the complexity limit (`OperationLimits::max_complexity`).
//!
//! async-graphql charges a field 1 plus its children. A list charges its length times its
//! children. Pages know their length before running (`first`/`last`, or the default page
//! size). Every other list is charged the longest such list in the catalog being served
//! (the snapshot measures them: most groups per certification, items per group, courses
//! per exam, certifications reached below one certification…), so the estimate follows
//! the data: a dashboard's query on a small catalog is not refused for lists that could
//! only exist in a large one, and the same query costs more where the lists are longer.
//! Without a catalog (SDL export, unit tests) the assumed lengths below apply.

use std::cell::Cell;

use certgraph_snapshot::ListSizes;

/// Which edge an unpaged list follows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Edge {
    Groups,
    Items,
    CoursesOfExam,
    ExamsOfCourse,
    Unlocks,
    RequiredBy,
    /// A certification's direct prerequisites (items of all its groups).
    Prerequisites,
    CertificationsBelow,
    ExamsBelow,
}

thread_local! {
    /// The list sizes of the catalog the operation being validated will read. Validation
    /// runs synchronously inside [`with_sizes`], so the value seen is that request's.
    static SIZES: Cell<Option<ListSizes>> = const { Cell::new(None) };
}

/// Runs `validate` with cost estimates taken from `sizes`.
pub(crate) async fn with_sizes<F: std::future::Future>(sizes: Option<ListSizes>, validate: F) -> F::Output {
    let previous = SIZES.replace(sizes);
    let result = validate.await;
    SIZES.set(previous);
    result
}

/// The longest list along `edge` in the catalog (at least 1), or an assumption without one.
fn length(edge: Edge) -> usize {
    let Some(s) = SIZES.get() else {
        return match edge {
            Edge::CertificationsBelow | Edge::ExamsBelow => REACHED,
            _ => RELATED,
        };
    };
    let n = match edge {
        Edge::Groups => s.groups_per_certification,
        Edge::Items => s.items_per_group,
        Edge::CoursesOfExam => s.courses_per_exam,
        Edge::ExamsOfCourse => s.exams_per_course,
        Edge::Unlocks => s.unlocks_per_certification,
        Edge::RequiredBy => s.required_by_per_exam,
        Edge::Prerequisites => s.groups_per_certification.saturating_mul(s.items_per_group),
        Edge::CertificationsBelow => s.certifications_below,
        Edge::ExamsBelow => s.exams_below,
    };
    n.max(1)
}

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

/// A walk along prerequisite edges: one hop, or with `transitive`, the whole reach
/// (`reach` says of what: certifications or exams below).
pub(crate) fn traversal(transitive: bool, reach: Edge, child: usize) -> usize {
    list(
        length(if transitive { reach } else { Edge::Prerequisites }),
        child,
    )
}

/// One hop along an edge.
pub(crate) fn related(edge: Edge, child: usize) -> usize {
    list(length(edge), child)
}

/// At most this many alternatives are listed with a plan.
pub(crate) const ALTERNATIVES: usize = 5;

/// A plan's alternatives.
pub(crate) fn alternatives(child: usize) -> usize {
    list(ALTERNATIVES, child)
}

/// A transitive walk: everything below one certification.
pub(crate) fn reached(child: usize) -> usize {
    let reach = length(Edge::CertificationsBelow).saturating_add(length(Edge::ExamsBelow));
    list(reach, child)
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
