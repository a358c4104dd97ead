//! A request id on every response and in every log line of the request: the client's
//! `X-Request-Id` when it sends a sane one, a fresh UUID otherwise.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tracing::Instrument;

/// The id of the request being served (also attached to GraphQL requests, so server
/// faults can name it to the client).
pub use certgraph_graphql::RequestId;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Accepts up to 128 visible ASCII characters; anything else is replaced, so log lines
/// cannot be forged through the header.
fn incoming(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(HEADER)?.to_str().ok()?;
    let ok = !value.is_empty() && value.len() <= 128 && value.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| value.to_owned())
}

/// Middleware: assigns the id, runs the request inside a span carrying it, logs the
/// outcome, and echoes the id in the response.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = incoming(&req).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let mut response = next.call(req).instrument(span.clone()).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request finished"
        )
    });
    Ok(response)
}
