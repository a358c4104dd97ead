//! HTTP routes.

mod graphiql;
mod graphql;
mod health;
mod metrics;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql::execute))
            .route(web::get().to(graphql::execute)),
    )
    .route("/graphiql", web::get().to(graphiql::page))
    .route("/healthz", web::get().to(health::healthz))
    .route("/metrics", web::get().to(metrics::metrics));
}
