//! The schema the server runs: the catalog schema, or the same schema as an Apollo
//! Federation subgraph. They are two Rust types (federation is decided by the query root's
//! type), so the server holds this enum, which executes like a `Schema`.

use std::sync::Arc;

use async_graphql::futures_util::stream::BoxStream;
use async_graphql::{BatchRequest, BatchResponse, Data, Executor, Request, Response, Schema};

use crate::federation::SubgraphSchema;
use crate::{Mutation, Query, Subscription};

/// The schema without federation: what `schema.graphql` describes.
pub type CatalogSchema = Schema<Query, Mutation, Subscription>;

/// The executable schema, with or without the federation fields (`_service`, `_entities`).
#[derive(Clone)]
pub enum CertgraphSchema {
    /// Federation off.
    Catalog(CatalogSchema),
    /// Federation on.
    Subgraph(SubgraphSchema),
}

impl CertgraphSchema {
    /// Executes one request.
    pub async fn execute(&self, request: impl Into<Request>) -> Response {
        match self {
            Self::Catalog(schema) => schema.execute(request).await,
            Self::Subgraph(schema) => schema.execute(request).await,
        }
    }

    /// Executes a batch of requests.
    pub async fn execute_batch(&self, batch: BatchRequest) -> BatchResponse {
        match self {
            Self::Catalog(schema) => schema.execute_batch(batch).await,
            Self::Subgraph(schema) => schema.execute_batch(batch).await,
        }
    }

    /// Executes a subscription.
    pub fn execute_stream(&self, request: impl Into<Request>) -> BoxStream<'static, Response> {
        match self {
            Self::Catalog(schema) => schema.execute_stream(request),
            Self::Subgraph(schema) => schema.execute_stream(request),
        }
    }

    /// The schema's SDL (for the subgraph, with its federation directives).
    pub fn sdl(&self) -> String {
        match self {
            Self::Catalog(schema) => schema.sdl(),
            Self::Subgraph(schema) => schema.sdl_with_options(crate::federation::sdl_options()),
        }
    }

    /// Whether `_service` and `_entities` are served.
    pub fn is_federated(&self) -> bool {
        matches!(self, Self::Subgraph(_))
    }
}

/// Lets the enum go wherever an async-graphql `Executor` is expected (e.g. subscriptions
/// over WebSocket).
impl Executor for CertgraphSchema {
    async fn execute(&self, request: Request) -> Response {
        CertgraphSchema::execute(self, request).await
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match self {
            Self::Catalog(schema) => Executor::execute_stream(schema, request, session_data),
            Self::Subgraph(schema) => Executor::execute_stream(schema, request, session_data),
        }
    }
}
