//! Turning an HTTP request into GraphQL requests, refusing what the spec refuses.

use actix_web::http::header::{HeaderMap, CONTENT_TYPE};
use actix_web::http::StatusCode;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{BatchRequest, Request};
use certgraph_graphql::ErrorCode;
use serde::Deserialize;

use super::{HttpOptions, RequestError};

/// A POST body: `application/json`, one request object (or, when enabled, a batch).
pub fn from_post(
    headers: &HeaderMap,
    body: &[u8],
    options: &HttpOptions,
) -> Result<BatchRequest, RequestError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" {
        return Err(RequestError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("POST /graphql takes `Content-Type: application/json`, got {content_type:?}"),
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        RequestError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    match value {
        serde_json::Value::Array(items) => {
            if options.max_batch == 0 {
                return Err(RequestError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::BadRequest,
                    "batched requests are disabled",
                ));
            }
            if items.len() > options.max_batch || items.is_empty() {
                return Err(RequestError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::LimitExceeded,
                    format!(
                        "a batch holds 1 to {} operations, got {}",
                        options.max_batch,
                        items.len()
                    ),
                ));
            }
            let requests = items.into_iter().map(one_request).collect::<Result<_, _>>()?;
            Ok(BatchRequest::Batch(requests))
        }
        other => Ok(BatchRequest::Single(one_request(other)?)),
    }
}

fn one_request(value: serde_json::Value) -> Result<Request, RequestError> {
    if !value.is_object() {
        return Err(RequestError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "the body must be a JSON object",
        ));
    }
    let request: Request = serde_json::from_value(value).map_err(|e| {
        RequestError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            format!("malformed GraphQL request: {e}"),
        )
    })?;
    require_query(request)
}

/// A request needs a query, unless it names a persisted one.
fn require_query(request: Request) -> Result<Request, RequestError> {
    if request.query.trim().is_empty() && !request.extensions.contains_key("persistedQuery") {
        return Err(RequestError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "the request has no `query`",
        ));
    }
    Ok(request)
}

#[derive(Deserialize)]
struct GetParams {
    #[serde(default)]
    query: String,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

fn json_param<T: serde::de::DeserializeOwned + Default>(
    name: &str,
    raw: Option<String>,
) -> Result<T, RequestError> {
    match raw {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            RequestError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                format!("`{name}` is not valid JSON: {e}"),
            )
        }),
    }
}

/// A GET: `query`, `variables`, `operationName` and `extensions` in the URL; queries only.
pub fn from_get(query_string: &str) -> Result<Request, RequestError> {
    let params: GetParams = serde_urlencoded::from_str(query_string).map_err(|e| {
        RequestError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            format!("malformed query string: {e}"),
        )
    })?;
    let mut request = Request::new(params.query);
    request.operation_name = params.operation_name;
    request.variables = json_param("variables", params.variables)?;
    request.extensions = json_param("extensions", params.extensions)?;
    refuse_mutations(&request)?;
    require_query(request)
}

/// GET must not change anything: a mutation (or subscription) over GET is 405.
fn refuse_mutations(request: &Request) -> Result<(), RequestError> {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return Ok(()); // execution reports the syntax error with its position
    };
    let ty = match &document.operations {
        DocumentOperations::Single(op) => Some(op.node.ty),
        DocumentOperations::Multiple(ops) => match &request.operation_name {
            Some(name) => ops.get(name.as_str()).map(|op| op.node.ty),
            None => ops.values().next().map(|op| op.node.ty),
        },
    };
    match ty {
        Some(OperationType::Mutation | OperationType::Subscription) => Err(RequestError::method_not_allowed(
            "POST",
            "mutations and subscriptions must be sent with POST",
        )),
        _ => Ok(()),
    }
}

/// The operation's name for metrics and logs: the one the client sent, else the name of
/// the document's first operation. Found by a linear scan, not a parse: this runs before
/// the operation limits, on documents of any size up to the body cap.
pub fn operation_name(request: &Request) -> Option<String> {
    if request.operation_name.is_some() {
        return request.operation_name.clone();
    }
    certgraph_graphql::first_operation_name(&request.query).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        h
    }

    #[test]
    fn a_post_needs_json_content_and_a_query() {
        let options = HttpOptions::default();
        assert_eq!(
            from_post(&HeaderMap::new(), b"{}", &options).unwrap_err().status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        assert_eq!(
            from_post(&json_headers(), b"{nope", &options).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            from_post(&json_headers(), b"{}", &options).unwrap_err().message,
            "the request has no `query`"
        );
        assert!(from_post(&json_headers(), br#"{"query":"{ a }"}"#, &options).is_ok());
    }

    #[test]
    fn batches_are_refused_when_off_and_capped_when_on() {
        let off = HttpOptions::default();
        let body = br#"[{"query":"{ a }"},{"query":"{ b }"}]"#;
        assert_eq!(
            from_post(&json_headers(), body, &off).unwrap_err().message,
            "batched requests are disabled"
        );
        let on = HttpOptions {
            max_batch: 1,
            ..HttpOptions::default()
        };
        assert_eq!(
            from_post(&json_headers(), body, &on).unwrap_err().code,
            ErrorCode::LimitExceeded
        );
    }

    #[test]
    fn get_takes_url_parameters_and_refuses_mutations() {
        let request = from_get("query=%7B+a+%7D&variables=%7B%22x%22%3A1%7D&operationName=Q").unwrap();
        assert_eq!(request.query, "{ a }");
        assert_eq!(request.operation_name.as_deref(), Some("Q"));
        assert_eq!(
            from_get("query=mutation+%7B+a+%7D").unwrap_err().status,
            StatusCode::METHOD_NOT_ALLOWED
        );
        assert_eq!(
            from_get("query=%7B+a+%7D&variables=%7Bbad").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(from_get("").unwrap_err().status, StatusCode::BAD_REQUEST);
    }
}
