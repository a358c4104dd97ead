//! Liveness and readiness probes, kept apart from GraphQL so an orchestrator can tell a
//! process that is up from one that can serve.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{web, HttpResponse};
use certgraph_store::{DatabaseState, Store};
use serde_json::json;

use crate::readiness::Readiness;

/// The process is up and serving HTTP.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Ready for traffic: the start-up work is done and a snapshot of the catalog is held.
/// 200 `ready` when the database answers too and its schema is current; 200 `degraded`
/// while it is unreachable (reads are still answered from the snapshot, writes are not);
/// 503 while starting or when migrations are pending. Always says which catalog version
/// the snapshot holds and how old it is.
pub async fn readyz(store: web::Data<Store>, readiness: web::Data<Readiness>) -> HttpResponse {
    let Some(snapshot) = readiness.snapshot() else {
        return unavailable(readiness.starting_reason());
    };
    let age = SystemTime::now()
        .duration_since(snapshot.built_at)
        .unwrap_or_default()
        .as_secs_f64();
    let catalog = json!({
        "version": snapshot.version,
        "builtAt": seconds_since_epoch(snapshot.built_at),
        "ageSeconds": age,
    });
    if let DatabaseState::Down { since, error } = readiness.live().database() {
        let database = json!({ "reachable": false, "since": seconds_since_epoch(since), "error": error });
        let body = json!({ "status": "degraded", "catalog": catalog, "database": database });
        return HttpResponse::Ok().json(body);
    }
    let problem = match store.migrations_current().await {
        Ok(true) => None,
        Ok(false) => Some("database migrations are pending".to_owned()),
        Err(e) => {
            let database = json!({ "reachable": false, "error": e.to_string() });
            let body = json!({ "status": "degraded", "catalog": catalog, "database": database });
            return HttpResponse::Ok().json(body);
        }
    };
    match problem {
        None => {
            let body = json!({ "status": "ready", "catalog": catalog, "database": { "reachable": true } });
            HttpResponse::Ok().json(body)
        }
        Some(reason) => {
            tracing::warn!(%reason, "not ready");
            unavailable(reason)
        }
    }
}

fn seconds_since_epoch(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64()
}

fn unavailable(reason: String) -> HttpResponse {
    HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "unavailable", "reason": reason }))
}
