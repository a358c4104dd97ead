//! How the served schema behaves beyond its types: limits, federation, and what it tells
//! clients about itself (introspection, "did you mean …" suggestions).

use async_graphql::{ObjectType, SchemaBuilder, SubscriptionType};
use certgraph_store::Store;

use crate::guard::OperationGuard;
use crate::{federation_schema_builder, schema_builder, CertgraphSchema, Limits};

/// Everything [`build_schema_with`] needs besides the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaOptions {
    /// Bounds on requests, enforced by the operation guard and the resolvers.
    pub limits: Limits,
    /// Serve as an Apollo Federation v2 subgraph (`_service`, `_entities`).
    pub federation: bool,
    /// Answer `__schema` and `__type`. (`_service { sdl }` answers regardless.)
    pub introspection: bool,
    /// Suggest field and argument names ("did you mean …") in validation errors.
    pub suggestions: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            federation: false,
            introspection: true,
            suggestions: true,
        }
    }
}

/// The schema with the store behind it, guarded by the operation limits.
pub fn build_schema_with(store: Store, options: SchemaOptions) -> CertgraphSchema {
    if options.federation {
        CertgraphSchema::Subgraph(
            guarded(federation_schema_builder(), &options)
                .data(store)
                .finish(),
        )
    } else {
        CertgraphSchema::Catalog(guarded(schema_builder(), &options).data(store).finish())
    }
}

/// `builder` with the limits, the operation guard and the exposure options applied.
pub(crate) fn guarded<Q, M, S>(
    builder: SchemaBuilder<Q, M, S>,
    options: &SchemaOptions,
) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    // async-graphql's own bound counts fragments as levels too; keep it clear of ours.
    let recursion_depth = options.limits.operation.max_depth.saturating_mul(2).max(32);
    let mut builder = builder
        .data(options.limits)
        .extension(OperationGuard {
            limits: options.limits,
            introspection: options.introspection,
            recursion_depth,
        })
        .limit_recursive_depth(recursion_depth);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    if !options.suggestions {
        builder = builder.disable_suggestions();
    }
    builder
}
