//! `POST /graphql` and `GET /graphql`.

use std::time::Instant;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use async_graphql::{BatchRequest, Request, Response};
use certgraph_graphql::{coded, resolve_persisted_query, CertgraphSchema, ClientBudget, ErrorCode, Executed};
use certgraph_store::Store;
use sha2::{Digest, Sha256};

use crate::clients::{rate_limit_headers, Clients};
use crate::graphql_http::{
    self, negotiate, retry_after, status_for, Body, HttpOptions, RequestError, ResponseMedia,
};
use crate::metrics::Metrics;
use crate::readiness::Readiness;
use crate::request_id::RequestId;

/// What every GraphQL route needs.
pub struct Endpoint {
    pub schema: web::Data<CertgraphSchema>,
    pub store: web::Data<Store>,
    pub options: web::Data<HttpOptions>,
    pub metrics: web::Data<Metrics>,
    pub clients: web::Data<Clients>,
    pub readiness: web::Data<Readiness>,
}

impl actix_web::FromRequest for Endpoint {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let missing = || actix_web::error::ErrorInternalServerError("server wiring: missing app data");
        let endpoint = (|| {
            Some(Self {
                schema: req.app_data::<web::Data<CertgraphSchema>>()?.clone(),
                store: req.app_data::<web::Data<Store>>()?.clone(),
                options: req.app_data::<web::Data<HttpOptions>>()?.clone(),
                metrics: req.app_data::<web::Data<Metrics>>()?.clone(),
                clients: req.app_data::<web::Data<Clients>>()?.clone(),
                readiness: req.app_data::<web::Data<Readiness>>()?.clone(),
            })
        })();
        std::future::ready(endpoint.ok_or_else(missing))
    }
}

/// Executes one request: persisted-query lookup, fresh loaders, the client's rate budget,
/// metrics.
async fn run(
    endpoint: &Endpoint,
    http: &HttpRequest,
    budget: Option<&ClientBudget>,
    mut request: Request,
) -> Response {
    let started = Instant::now();
    let operation = graphql_http::operation_name(&request);
    // Before the start-up work is done there is no catalog to query: 503, retry shortly.
    // After it, the request reads the snapshot held now, whatever is installed meanwhile.
    let snapshot = match endpoint.readiness.snapshot() {
        Ok(snapshot) => snapshot,
        Err(starting) => {
            endpoint
                .metrics
                .observe_graphql(None, &starting, started.elapsed());
            return starting;
        }
    };
    let executed = Executed::default();
    let response = match resolve_persisted_query(&endpoint.store, &mut request).await {
        Err(refusal) => refusal,
        Ok(registration) => {
            let mut request = request.data(snapshot).data(executed.clone());
            let id = http.extensions().get::<RequestId>().cloned();
            if let Some(id) = id {
                request = request.data(id);
            }
            if let Some(budget) = budget {
                request = request.data(budget.clone());
            }
            let limit = endpoint.options.request_timeout;
            let response = match tokio::time::timeout(limit, endpoint.schema.execute(request)).await {
                Ok(response) => response,
                Err(_) => timed_out(limit),
            };
            if let Some(registration) = registration {
                registration.complete(&endpoint.store, &response).await;
            }
            response
        }
    };
    // Only a name that reached execution is a label: refused requests could mint any.
    let operation = executed.happened().then_some(operation);
    endpoint.metrics.observe_graphql(
        operation.as_ref().map(Option::as_deref),
        &response,
        started.elapsed(),
    );
    response
}

/// The answer when execution ran past the request timeout (its futures are dropped, so
/// the work stops).
fn timed_out(limit: std::time::Duration) -> Response {
    let message = format!(
        "the request ran longer than {} ms and was cancelled",
        limit.as_millis()
    );
    Response::from_errors(vec![coded(ErrorCode::Timeout, message)])
}

fn not_acceptable() -> HttpResponse {
    let message = "accept application/graphql-response+json or application/json";
    RequestError::new(StatusCode::NOT_ACCEPTABLE, ErrorCode::NotAcceptable, message)
        .respond(ResponseMedia::Json)
}

fn respond(media: ResponseMedia, response: &Response) -> (StatusCode, Vec<u8>) {
    (status_for(media, response), Body::of(response).to_bytes())
}

/// `POST /graphql`.
pub async fn post(http: HttpRequest, body: web::Bytes, endpoint: Endpoint) -> HttpResponse {
    let Some(media) = negotiate(http.headers()) else {
        return not_acceptable();
    };
    let batch = match graphql_http::from_post(http.headers(), &body, &endpoint.options) {
        Ok(batch) => batch,
        Err(error) => return error.respond(media),
    };
    let budget = endpoint.clients.budget_for(&http);
    match batch {
        BatchRequest::Single(request) => {
            let response = run(&endpoint, &http, budget.as_ref(), request).await;
            let (status, bytes) = respond(media, &response);
            let mut builder = HttpResponse::build(status);
            rate_headers(&mut builder, retry_after(&response), budget.as_ref());
            builder.content_type(media.content_type()).body(bytes)
        }
        BatchRequest::Batch(requests) => {
            // One after another: a batch costs what its operations cost, never more at once.
            let mut responses = Vec::with_capacity(requests.len());
            let mut wait = None;
            for request in requests {
                let response = run(&endpoint, &http, budget.as_ref(), request).await;
                wait = wait.max(retry_after(&response));
                responses.push(response);
            }
            let bodies: Vec<Body<'_>> = responses.iter().map(Body::of).collect();
            let bytes = serde_json::to_vec(&bodies).unwrap_or_default();
            let mut builder = HttpResponse::Ok();
            rate_headers(&mut builder, wait, budget.as_ref());
            builder.content_type(media.content_type()).body(bytes)
        }
    }
}

/// `GET /graphql`: queries only; cacheable, with an `ETag` of the answer.
pub async fn get(http: HttpRequest, endpoint: Endpoint) -> HttpResponse {
    let Some(media) = negotiate(http.headers()) else {
        return not_acceptable();
    };
    let request = match graphql_http::from_get(http.query_string()) {
        Ok(request) => request,
        Err(error) => return error.respond(media),
    };
    let budget = endpoint.clients.budget_for(&http);
    let response = run(&endpoint, &http, budget.as_ref(), request).await;
    let (status, bytes) = respond(media, &response);
    if status != StatusCode::OK || !response.errors.is_empty() {
        let mut builder = HttpResponse::build(status);
        rate_headers(&mut builder, retry_after(&response), budget.as_ref());
        return builder.content_type(media.content_type()).body(bytes);
    }
    let etag = format!("\"{}\"", &hex(&Sha256::digest(&bytes))[..32]);
    let matches = http
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == etag || t.trim() == "*" || t.trim() == format!("W/{etag}"))
        });
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache = HeaderValue::from_str(&endpoint.options.cache_control)
        .unwrap_or(HeaderValue::from_static("no-cache"));
    if matches {
        let mut builder = HttpResponse::NotModified();
        rate_headers(&mut builder, None, budget.as_ref());
        return builder
            .insert_header((header::ETAG, etag_value))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    let mut builder = HttpResponse::Ok();
    rate_headers(&mut builder, None, budget.as_ref());
    builder
        .content_type(media.content_type())
        .insert_header((header::ETAG, etag_value))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept"))
        .body(bytes)
}

/// `Retry-After` when the client's rate budget refused an operation, and the budget left
/// whenever the client is rate limited, so well-behaved clients can pace themselves.
fn rate_headers(
    builder: &mut actix_web::HttpResponseBuilder,
    retry_after: Option<u64>,
    budget: Option<&ClientBudget>,
) {
    if let Some(seconds) = retry_after {
        builder.insert_header((header::RETRY_AFTER, seconds));
    }
    for header in budget.map(rate_limit_headers).into_iter().flatten() {
        builder.insert_header(header);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
