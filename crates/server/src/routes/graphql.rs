//! `POST /graphql` and `GET /graphql`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::BatchRequest;
use certgraph_graphql::{ClientBudget, ErrorCode};

use super::auth::authenticate;
use super::etag;
use super::execute::{run, Endpoint};
use crate::clients::rate_limit_headers;
use crate::graphql_http::{self, negotiate, RequestError, ResponseMedia};

fn not_acceptable() -> HttpResponse {
    let message = "accept application/graphql-response+json or application/json";
    RequestError::new(StatusCode::NOT_ACCEPTABLE, ErrorCode::NotAcceptable, message)
        .respond(ResponseMedia::Json)
}

/// `POST /graphql`.
pub async fn post(http: HttpRequest, body: web::Bytes, endpoint: Endpoint) -> HttpResponse {
    let Some(media) = negotiate(http.headers()) else {
        return not_acceptable();
    };
    let who = match authenticate(&endpoint, &http, media).await {
        Ok(who) => who,
        Err(refusal) => return refusal,
    };
    let batch = match graphql_http::from_post(http.headers(), &body, &endpoint.options) {
        Ok(batch) => batch,
        Err(error) => return error.respond(media),
    };
    let budget = who.budget.as_ref();
    match batch {
        BatchRequest::Single(request) => {
            let answer = run(&endpoint, &http, &who.caller, budget, media, request).await;
            let mut builder = HttpResponse::build(answer.status);
            rate_headers(&mut builder, answer.retry_after, budget);
            challenge(&mut builder, answer.status);
            builder.content_type(media.content_type()).body(answer.body)
        }
        BatchRequest::Batch(requests) => {
            // One after another: a batch costs what its operations cost, never more at once.
            let mut bytes = vec![b'['];
            let mut wait = None;
            for (i, request) in requests.into_iter().enumerate() {
                let answer = run(&endpoint, &http, &who.caller, budget, media, request).await;
                wait = wait.max(answer.retry_after);
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(&answer.body);
            }
            bytes.push(b']');
            let mut builder = HttpResponse::Ok();
            rate_headers(&mut builder, wait, budget);
            builder.content_type(media.content_type()).body(bytes)
        }
    }
}

/// `GET /graphql`: queries only; cacheable, with an `ETag` of the answer.
pub async fn get(http: HttpRequest, endpoint: Endpoint) -> HttpResponse {
    let Some(media) = negotiate(http.headers()) else {
        return not_acceptable();
    };
    let who = match authenticate(&endpoint, &http, media).await {
        Ok(who) => who,
        Err(refusal) => return refusal,
    };
    let request = match graphql_http::from_get(http.query_string()) {
        Ok(request) => request,
        Err(error) => return error.respond(media),
    };
    let budget = who.budget.as_ref();
    let answer = run(&endpoint, &http, &who.caller, budget, media, request).await;
    let bytes = answer.body;
    if answer.status != StatusCode::OK || !answer.clean {
        let mut builder = HttpResponse::build(answer.status);
        rate_headers(&mut builder, answer.retry_after, budget);
        challenge(&mut builder, answer.status);
        return builder.content_type(media.content_type()).body(bytes);
    }
    let etag = etag::of(&bytes);
    let matches = etag::matches(&http, &etag);
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache = HeaderValue::from_str(&endpoint.options.cache_control)
        .unwrap_or(HeaderValue::from_static("no-cache"));
    if matches {
        let mut builder = HttpResponse::NotModified();
        rate_headers(&mut builder, None, budget);
        return builder
            .insert_header((header::ETAG, etag_value))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    let mut builder = HttpResponse::Ok();
    rate_headers(&mut builder, None, budget);
    // A shared cache keeps an answer per key, never handing one key's answer to another
    // client (or to anonymous ones, when reads need a key).
    builder
        .content_type(media.content_type())
        .insert_header((header::ETAG, etag_value))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept, Authorization"))
        .body(bytes)
}

/// The `WWW-Authenticate` challenge of a 401 that an operation answered (a resolver that
/// needs a key got none), as for one refused before it ran.
fn challenge(builder: &mut actix_web::HttpResponseBuilder, status: StatusCode) {
    if status == StatusCode::UNAUTHORIZED {
        builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
    }
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
