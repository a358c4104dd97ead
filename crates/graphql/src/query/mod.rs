//! The query root, merged from one object per concern.

mod audit;
mod catalog;
pub(crate) mod explain;
mod filters;
mod graph;
mod list;
mod node;
pub(crate) mod plan;
mod search;

use async_graphql::MergedObject;

pub use audit::{CatalogKind, ChangeAction};

/// Read the catalog.
#[derive(MergedObject, Default)]
pub struct Query(
    catalog::CatalogQuery,
    node::NodeQuery,
    search::SearchQuery,
    graph::GraphQuery,
    plan::PlanQuery,
    audit::AuditQuery,
);
