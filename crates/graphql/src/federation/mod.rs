//! Apollo Federation v2: `Certification`, `Exam` and `Course` are entities keyed by
//! `code`, so another subgraph can reference and extend them.
//!
//! The entity resolvers cannot be merged into [`Query`] itself: async-graphql turns
//! federation on for any schema with an entity resolver, and with federation off `_service`
//! and `_entities` must not exist at all. So the subgraph's root is [`FederatedQuery`]: the
//! same `Query` type, with [`EntityQuery`] behind `_entities`.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::{Registry, SDLExportOptions};
use async_graphql::resolver_utils::{resolve_container, ContainerType};
use async_graphql::{
    Context, ContextSelectionSet, EmptySubscription, ObjectType, OutputType, Positioned, Schema,
    SchemaBuilder, ServerResult, Value,
};

use crate::{Mutation, Query};

mod entities;

pub use entities::EntityQuery;

/// The subgraph's query root. It presents itself as [`Query`] (same name, same fields,
/// whatever is merged into `Query`) and answers `_entities` with [`EntityQuery`]. A
/// `MergedObject` cannot do this: it would register a second type named `Query`.
#[derive(Default)]
pub struct FederatedQuery {
    query: Query,
    entities: EntityQuery,
}

impl ContainerType for FederatedQuery {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        self.query.resolve_field(ctx).await
    }

    async fn find_entity(&self, ctx: &Context<'_>, params: &Value) -> ServerResult<Option<Value>> {
        match self.entities.find_entity(ctx, params).await? {
            // A certgraph entity whose representation has no `code` key: `null`, like an
            // unknown code. (An unknown `__typename` stays an error, as in Apollo's subgraphs.)
            None if entities::is_entity_type(params) => Ok(Some(Value::Null)),
            found => Ok(found),
        }
    }
}

impl OutputType for FederatedQuery {
    fn type_name() -> Cow<'static, str> {
        <Query as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        // Registers the entity types with their `@key`; the field-less `EntityQuery` type
        // itself is unreachable, so the schema drops it.
        <EntityQuery as OutputType>::create_type_info(registry);
        <Query as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ObjectType for FederatedQuery {}

/// The schema as a federation subgraph.
pub type SubgraphSchema = Schema<FederatedQuery, Mutation, EmptySubscription>;

/// The subgraph schema's shape with no data attached.
pub fn federation_schema_builder() -> SchemaBuilder<FederatedQuery, Mutation, EmptySubscription> {
    Schema::build(FederatedQuery::default(), Mutation::default(), EmptySubscription).enable_federation()
}

/// The subgraph SDL, exactly as `{ _service { sdl } }` returns it: what a supergraph is
/// composed from.
pub fn federation_sdl() -> String {
    federation_schema_builder()
        .finish()
        .sdl_with_options(sdl_options())
}

/// The options async-graphql's `_service` resolver exports the SDL with.
pub(crate) fn sdl_options() -> SDLExportOptions {
    SDLExportOptions::new().federation().compose_directive()
}
