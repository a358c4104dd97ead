//! HTTP routes.

mod auth;
mod execute;
mod graphiql;
mod graphiql_assets;
mod graphql;
mod health;
mod metrics;

use actix_web::web;

use crate::graphql_http::{negotiate, RequestError, ResponseMedia};

/// Every route; GraphiQL only when `graphiql` (off in the production profile).
pub fn configure(cfg: &mut web::ServiceConfig, graphiql: bool) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql::post))
            .route(web::get().to(graphql::get))
            .route(web::route().to(method_not_allowed)),
    )
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .route("/metrics", web::get().to(metrics::metrics));
    if graphiql {
        cfg.configure(graphiql::configure);
    }
}

async fn method_not_allowed(http: actix_web::HttpRequest) -> actix_web::HttpResponse {
    let media = negotiate(http.headers()).unwrap_or(ResponseMedia::Json);
    let message = format!("/graphql takes GET and POST, not {}", http.method());
    RequestError::method_not_allowed("GET, POST", message).respond(media)
}
