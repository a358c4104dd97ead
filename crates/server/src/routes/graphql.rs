use actix_web::web;
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse};
use certgraph_graphql::{request_data, CertgraphSchema};
use certgraph_store::Store;

/// Executes one GraphQL request with fresh per-request loaders.
pub async fn execute(
    schema: web::Data<CertgraphSchema>,
    store: web::Data<Store>,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let request = request.into_inner().data(request_data(&store));
    schema.execute(request).await.into()
}
