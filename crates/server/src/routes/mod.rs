//! HTTP routes.

mod graphiql;
mod graphiql_assets;
mod graphql;
mod health;
mod metrics;

use actix_web::web;

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

async fn method_not_allowed() -> actix_web::HttpResponse {
    actix_web::HttpResponse::MethodNotAllowed()
        .insert_header(("Allow", "GET, POST"))
        .finish()
}
