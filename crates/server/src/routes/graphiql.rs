use actix_web::HttpResponse;
use async_graphql::http::GraphiQLSource;

/// The GraphiQL explorer, pointed at `/graphql`.
pub async fn page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("certgraph")
            .finish(),
    )
}
