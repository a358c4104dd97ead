use actix_web::{web, HttpResponse};
use certgraph_store::Store;

use crate::readiness::Readiness;

/// The process is up and serving HTTP.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Ready for traffic: the start-up work is done, the database answers and its schema is
/// current. 503 otherwise, so a load balancer stops sending requests until the database
/// is back.
pub async fn readyz(store: web::Data<Store>, readiness: web::Data<Readiness>) -> HttpResponse {
    if !readiness.is_ready() {
        return unavailable(readiness.starting_reason());
    }
    let problem = match store.migrations_current().await {
        Ok(true) => None,
        Ok(false) => Some("database migrations are pending".to_owned()),
        Err(e) => Some(format!("database unreachable: {e}")),
    };
    match problem {
        None => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Some(reason) => {
            tracing::warn!(%reason, "not ready");
            unavailable(reason)
        }
    }
}

fn unavailable(reason: String) -> HttpResponse {
    HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "unavailable", "reason": reason }))
}
