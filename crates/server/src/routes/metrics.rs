//! The Prometheus scrape endpoint, in its own route so it never passes GraphQL's limits.

use actix_web::{web, HttpResponse};

use crate::metrics::Metrics;

/// Prometheus text exposition.
pub async fn metrics(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render())
}
