//! The status-code table: one place, so following a moving spec draft is one edit.

use actix_web::http::StatusCode;
use async_graphql::Response;
use certgraph_graphql::ErrorCode;

use super::ResponseMedia;

/// A request error (unparseable or invalid document, unknown operation): no field ran,
/// so no error has a path, and there is no data.
pub fn is_request_error(response: &Response) -> bool {
    !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// The status for an executed (or refused) GraphQL response.
///
/// | media | request error | otherwise |
/// |---|---|---|
/// | `application/graphql-response+json` | 400 | 200 |
/// | `application/json` | 200 | 200 |
///
/// A database outage is 503 whatever the media type (even with partial data), so load
/// balancers and clients back off and retry; a spent rate budget is 429 (with
/// `Retry-After`, see [`retry_after`]); a missing or refused API key 401 and a key
/// without the role 403, so that clients and proxies see the refusal without reading it.
pub fn status_for(media: ResponseMedia, response: &Response) -> StatusCode {
    if retry_after(response).is_some() {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    if has_code(response, ErrorCode::Unauthenticated) {
        return StatusCode::UNAUTHORIZED;
    }
    if has_code(response, ErrorCode::Forbidden) {
        return StatusCode::FORBIDDEN;
    }
    if has_code(response, ErrorCode::ServiceUnavailable) {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    if has_code(response, ErrorCode::Timeout) && response.data == async_graphql::Value::Null {
        return StatusCode::GATEWAY_TIMEOUT;
    }
    match media {
        ResponseMedia::GraphqlResponseJson if is_request_error(response) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

fn is_coded(error: &async_graphql::ServerError, code: ErrorCode) -> bool {
    error
        .extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .is_some_and(|c| matches!(c, async_graphql::Value::String(s) if s == code.as_str()))
}

fn has_code(response: &Response, code: ErrorCode) -> bool {
    response.errors.iter().any(|e| is_coded(e, code))
}

/// Seconds to wait when the client's rate budget refused the request (`RATE_LIMITED`).
pub fn retry_after(response: &Response) -> Option<u64> {
    response
        .errors
        .iter()
        .filter(|e| is_coded(e, ErrorCode::RateLimited))
        .filter_map(|e| match e.extensions.as_ref()?.get("retryAfter")? {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use certgraph_graphql::coded;

    #[test]
    fn a_refused_key_is_401_and_a_missing_role_403_in_both_media() {
        let answer = |code| Response::from_errors(vec![coded(code, "refused")]);
        for media in [ResponseMedia::Json, ResponseMedia::GraphqlResponseJson] {
            let unauthenticated = answer(ErrorCode::Unauthenticated);
            assert_eq!(status_for(media, &unauthenticated), StatusCode::UNAUTHORIZED);
            let forbidden = answer(ErrorCode::Forbidden);
            assert_eq!(status_for(media, &forbidden), StatusCode::FORBIDDEN);
        }
    }
}
