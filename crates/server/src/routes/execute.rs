//! One GraphQL operation from request to answer bytes: the catalog snapshot it reads, its
//! persisted query, the response cache, execution under the request timeout, metrics.

use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{web, HttpMessage, HttpRequest};
use async_graphql::{Request, Response};
use certgraph_graphql::{
    coded, name_request_id, resolve_persisted_query, Caller, CertgraphSchema, ClientBudget, ErrorCode,
    Executed,
};
use certgraph_store::{Keyring, Store};

use crate::graphql_http::{self, retry_after, status_for, Body, HttpOptions, ResponseMedia};
use crate::metrics::Metrics;
use crate::readiness::Readiness;
use crate::request_id::RequestId;
use crate::response_cache::{CacheKey, ResponseCache};

/// What every GraphQL route needs.
pub struct Endpoint {
    pub schema: web::Data<CertgraphSchema>,
    pub store: web::Data<Store>,
    pub options: web::Data<HttpOptions>,
    pub metrics: web::Data<Metrics>,
    pub clients: web::Data<crate::clients::Clients>,
    pub readiness: web::Data<Readiness>,
    pub cache: web::Data<ResponseCache>,
    pub keyring: web::Data<Keyring>,
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
                clients: req.app_data::<web::Data<crate::clients::Clients>>()?.clone(),
                readiness: req.app_data::<web::Data<Readiness>>()?.clone(),
                cache: req.app_data::<web::Data<ResponseCache>>()?.clone(),
                keyring: req.app_data::<web::Data<Keyring>>()?.clone(),
            })
        })();
        std::future::ready(endpoint.ok_or_else(missing))
    }
}

/// An operation's answer as sent.
pub struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
    /// Seconds a rate-limited client must wait, when its budget refused the operation.
    pub retry_after: Option<u64>,
    /// No errors at all (what GET may cache and tag).
    pub clean: bool,
}

impl Answer {
    fn of(media: ResponseMedia, response: &Response) -> Self {
        Self {
            status: status_for(media, response),
            body: Bytes::from(Body::of(response).to_bytes()),
            retry_after: retry_after(response),
            clean: response.errors.is_empty(),
        }
    }

    fn cached(body: Bytes) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            retry_after: None,
            clean: true,
        }
    }
}

/// Runs one operation for `caller`, charged to `budget`, or answers it from the response
/// cache.
pub async fn run(
    endpoint: &Endpoint,
    http: &HttpRequest,
    caller: &Caller,
    budget: Option<&ClientBudget>,
    media: ResponseMedia,
    mut request: Request,
) -> Answer {
    let started = Instant::now();
    let operation = graphql_http::operation_name(&request);
    // Before the start-up work is done there is no catalog to query: 503, retry shortly.
    // After it, the request reads the snapshot held now, whatever is installed meanwhile.
    let Some(snapshot) = endpoint.readiness.snapshot() else {
        let starting = endpoint.readiness.starting();
        endpoint
            .metrics
            .observe_graphql(None, &starting, started.elapsed());
        return Answer::of(media, &starting);
    };
    let registration = match resolve_persisted_query(&endpoint.store, &mut request).await {
        Ok(registration) => registration,
        Err(mut refusal) => {
            // A server fault looking the query up names the request, as one executing does.
            if let Some(id) = http.extensions().get::<RequestId>() {
                name_request_id(&mut refusal, id);
            }
            endpoint
                .metrics
                .observe_graphql(None, &refusal, started.elapsed());
            return Answer::of(media, &refusal);
        }
    };
    // A query sent for registration runs, so that it is registered; a mutation's answer is
    // never kept (it says so as it runs); every other successful answer is a read and may be.
    let key =
        (endpoint.cache.is_on() && registration.is_none()).then(|| CacheKey::new(&request, snapshot.version));
    if let Some(body) = key.as_ref().and_then(|key| cached(endpoint, budget, key)) {
        let done = Response::new(async_graphql::Value::Null);
        endpoint
            .metrics
            .observe_graphql(Some(operation.as_deref()), &done, started.elapsed());
        return Answer::cached(body);
    }
    let executed = Executed::default();
    let mut request = request
        .data(snapshot)
        .data(executed.clone())
        .data(caller.clone())
        .data(endpoint.readiness.live().clone());
    if let Some(base) = &endpoint.options.public_url {
        request = request.data(certgraph_graphql::PublicUrl(base.clone()));
    }
    if let Some(id) = http.extensions().get::<RequestId>().cloned() {
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
    // Only a name that reached execution is a label: refused requests could mint any.
    let operation = executed.happened().then_some(operation);
    endpoint.metrics.observe_graphql(
        operation.as_ref().map(Option::as_deref),
        &response,
        started.elapsed(),
    );
    let answer = Answer::of(media, &response);
    if executed.has_written() {
        endpoint.metrics.observe_write(answer.clean);
    }
    if let (Some(key), true, false) = (key, answer.clean, executed.has_written()) {
        endpoint.cache.insert(key, answer.body.clone());
    }
    answer
}

/// The kept answer, if there is one and the client's budget allows a request (a cached
/// answer costs 1, what any request costs on arrival).
fn cached(endpoint: &Endpoint, budget: Option<&ClientBudget>, key: &CacheKey) -> Option<Bytes> {
    let body = endpoint.cache.get(key)?;
    match budget.map(|b| b.charge(1)) {
        // Out of budget: executing refuses it with the usual 429 and its headers.
        Some(Err(_)) => None,
        _ => Some(body),
    }
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
