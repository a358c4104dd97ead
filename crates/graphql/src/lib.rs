//! The certgraph GraphQL schema. Knows the domain and the store, never HTTP: the server
//! builds the schema once with [`build_schema`] and attaches the catalog snapshot a
//! request reads ([`Snap`]) to each request; every catalog field resolves from it.

mod caller;
mod cost;
mod diagrams;
mod error;
mod executed;
mod federation;
#[cfg(test)]
mod fuzz_tests;
mod guard;
mod ids;
mod limits;
mod mutation;
mod objects;
mod paging;
mod persisted;
mod planning;
mod query;
mod rate;
mod request_id;
mod schema_options;
mod served;
mod spent;
mod subscription;

use async_graphql::{Schema, SchemaBuilder};
use certgraph_store::Store;

pub use caller::{require_role, Caller};
pub use diagrams::{path_diagram, DiagramFormat};
pub use error::{ApiError, ErrorCode};
pub use executed::Executed;
pub use federation::{
    federation_schema_builder, federation_sdl, EntityQuery, FederatedQuery, SubgraphSchema,
};
pub use guard::{coded, first_operation_name, limit_exceeded, name_request_id, rate_limited};
pub use limits::{Limits, OperationLimits};
pub use mutation::Mutation;
pub use objects::{PublicUrl, Snap};
pub use persisted::{query_hash, resolve_persisted_query, Registration};
pub use query::{CatalogKind, ChangeAction, Query};
pub use rate::{ClientBudget, ClientKey, CostLimiter, OverBudget, RateLimit};
pub use request_id::RequestId;
pub use schema_options::{build_schema_with, SchemaOptions};
pub use served::{CatalogSchema, CertgraphSchema};
pub use spent::PLAN_STEP;
pub use subscription::{CatalogChange, Subscription, MAX_REPLAYED};

/// The schema's shape with no data attached: what `schema.graphql` is exported from.
pub fn schema_builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
}

/// The SDL that `schema.graphql` must equal.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

/// The schema with the store behind it; with `federation`, as an Apollo Federation v2
/// subgraph (`_service`, `_entities`, entities keyed by `code`).
/// Introspection and suggestions stay on; see [`build_schema_with`] for the rest.
pub fn build_schema(store: Store, limits: Limits, federation: bool) -> CertgraphSchema {
    build_schema_with(
        store,
        SchemaOptions {
            limits,
            federation,
            ..SchemaOptions::default()
        },
    )
}
