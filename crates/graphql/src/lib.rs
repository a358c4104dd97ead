//! The certgraph GraphQL schema. Knows the domain and the store, never HTTP: the server
//! builds the schema once with [`build_schema`] and attaches [`request_data`] to each request.

mod error;
mod ids;
mod limits;
mod loaders;
mod objects;
mod paging;
mod planning;
mod prefetch;
mod query;
mod traverse;

use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};
use certgraph_store::Store;

pub use error::{ApiError, ErrorCode};
pub use limits::Limits;
pub use loaders::{Loaders, StoreLoader};
pub use query::Query;

/// The executable schema type.
pub type CertgraphSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema's shape with no data attached: what `schema.graphql` is exported from.
pub fn schema_builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
}

/// The SDL that `schema.graphql` must equal.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

/// The schema with the store behind it.
pub fn build_schema(store: Store, limits: Limits) -> CertgraphSchema {
    schema_builder().data(store).data(limits).finish()
}

/// The store, from the schema's data.
pub(crate) fn store_of<'a>(ctx: &async_graphql::Context<'a>) -> error::ApiResult<&'a Store> {
    ctx.data::<Store>().map_err(|_| {
        ApiError::from(certgraph_store::StoreError::Unavailable(
            "schema built without a store".into(),
        ))
        .into_gql()
    })
}

/// Per-request data: fresh DataLoaders whose caches live exactly as long as one request.
pub fn request_data(store: &Store) -> Loaders {
    StoreLoader::loaders(store.clone())
}
