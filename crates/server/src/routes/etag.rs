//! Entity tags for cacheable answers (`GET /graphql`, diagrams): a strong tag from the
//! bytes, and whether the client's `If-None-Match` already has it.

use actix_web::http::header;
use actix_web::HttpRequest;
use sha2::{Digest, Sha256};

/// A strong `ETag` of `bytes`.
pub(crate) fn of(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// Whether the request's `If-None-Match` names `etag` (or `*`, or its weak form).
pub(crate) fn matches(http: &HttpRequest, etag: &str) -> bool {
    http.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == etag || t.trim() == "*" || t.trim() == format!("W/{etag}"))
        })
}
