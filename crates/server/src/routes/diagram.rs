//! `GET /certifications/{code}/path.svg`: a certification's path diagram as an image,
//! drawn from the catalog the server serves; `?holding=AZ-104,…` highlights a holding and
//! what `plan` would still have one pass. Cacheable like `GET /graphql` (`ETag`,
//! `Cache-Control`), so a dashboard's `<img>` costs one drawing per catalog version.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use certgraph_graphql::{path_diagram, DiagramFormat, Limits, PLAN_STEP};

use crate::graphql_http::ResponseMedia;

use super::auth::{authenticate, too_many};
use super::etag;
use super::execute::Endpoint;

pub async fn path_svg(
    http: HttpRequest,
    code: web::Path<String>,
    endpoint: Endpoint,
    limits: web::Data<Limits>,
) -> HttpResponse {
    // Diagrams are reads: they need a key where reads do, and a presented key must be valid.
    let who = match authenticate(&endpoint, &http, ResponseMedia::Json).await {
        Ok(who) => who,
        Err(refusal) => return refusal,
    };
    // A diagram costs 1, and a highlighted one what its planner search did, as in `plan`
    // (settled after the work, so the client may go into debt once, as with GraphQL).
    if let Some(budget) = &who.budget {
        if let Err(over) = budget.charge(1) {
            return too_many(budget, &over, ResponseMedia::Json);
        }
    }
    let Some(snap) = endpoint.readiness.snapshot() else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "the catalog is not loaded yet");
    };
    let Some(id) = snap.certification_by_code(&code) else {
        return plain(StatusCode::NOT_FOUND, &format!("no certification `{code}`"));
    };
    let holding = holding(http.query_string());
    let limits = **limits;
    let drawn = web::block(move || path_diagram(&snap, id, &holding, &limits, DiagramFormat::Svg)).await;
    let svg = match drawn {
        Ok(Ok((svg, work))) => {
            if let Some(budget) = &who.budget {
                budget.settle(0, work.saturating_mul(PLAN_STEP));
            }
            svg
        }
        Ok(Err(error)) => return plain(StatusCode::BAD_REQUEST, &error.message),
        Err(_) => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the diagram could not be drawn",
            )
        }
    };
    let tag = etag::of(svg.as_bytes());
    let tag_value = HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache = HeaderValue::from_str(&endpoint.options.cache_control)
        .unwrap_or(HeaderValue::from_static("no-cache"));
    let fresh = etag::matches(&http, &tag);
    let mut answer = match fresh {
        true => HttpResponse::NotModified(),
        false => HttpResponse::Ok(),
    };
    answer
        .insert_header((header::ETAG, tag_value))
        .insert_header((header::CACHE_CONTROL, cache));
    match fresh {
        true => answer.finish(),
        false => answer.content_type("image/svg+xml").body(svg),
    }
}

/// `holding=AZ-104,azure-administrator` (repeatable), as codes.
fn holding(query: &str) -> Vec<String> {
    web::Query::<Vec<(String, String)>>::from_query(query)
        .map(|q| q.into_inner())
        .unwrap_or_default()
        .into_iter()
        .filter(|(key, _)| key == "holding")
        .flat_map(|(_, value)| {
            value
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn plain(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .body(format!("{message}\n"))
}
