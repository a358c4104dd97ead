//! HTTP routes.

pub(crate) mod auth;
mod diagram;
mod etag;
pub(crate) mod execute;
mod explore;
mod graphiql;
mod graphiql_assets;
mod graphql;
mod health;
mod landing;
mod metrics;

use actix_web::web;

use crate::subscriptions;

use crate::graphql_http::{negotiate, RequestError, ResponseMedia};

pub use landing::Pages;

/// Every route; GraphiQL and the explorer only when `pages` says (off in production).
pub fn configure(cfg: &mut web::ServiceConfig, pages: Pages) {
    cfg.app_data(web::Data::new(pages))
        .route("/", web::get().to(landing::landing))
        .service(
            web::resource("/graphql")
                .route(web::post().to(graphql::post))
                .route(
                    web::get()
                        .guard(actix_web::guard::fn_guard(subscriptions::is_upgrade))
                        .to(subscriptions::upgrade),
                )
                .route(web::get().to(graphql::get))
                .route(web::route().to(method_not_allowed)),
        )
        .route(
            "/certifications/{code}/path.svg",
            web::get().to(diagram::path_svg),
        )
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::metrics));
    if pages.graphiql {
        cfg.configure(graphiql::configure);
    }
    if pages.explorer {
        cfg.configure(explore::configure);
    }
}

async fn method_not_allowed(http: actix_web::HttpRequest) -> actix_web::HttpResponse {
    let media = negotiate(http.headers()).unwrap_or(ResponseMedia::Json);
    let message = format!("/graphql takes GET and POST, not {}", http.method());
    RequestError::method_not_allowed("GET, POST", message).respond(media)
}
