//! Response bodies: every answer, even an HTTP-level refusal, is a GraphQL response
//! document, serialised straight from async-graphql's values so that objects keep the
//! order the query asked for (a `serde_json::Value` on the way would sort their keys).

use std::collections::BTreeMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use async_graphql::{Response, ServerError, Value};
use certgraph_graphql::{coded, ErrorCode};
use serde::Serialize;

use super::{is_request_error, ResponseMedia};

/// A response as sent. The spec recommends `errors` first; a request error has no `data`
/// entry at all (not even `null`), whatever the media type.
#[derive(Serialize)]
pub struct Body<'a> {
    #[serde(skip_serializing_if = "<[ServerError]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, Value>,
}

impl<'a> Body<'a> {
    pub fn of(response: &'a Response) -> Self {
        let data = (!is_request_error(response)).then_some(&response.data);
        Self {
            errors: &response.errors,
            data,
            extensions: &response.extensions,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Plain data with string keys: serialising it cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// An HTTP-level refusal, before any GraphQL runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// The `Allow` header of a 405.
    pub allow: Option<&'static str>,
}

impl RequestError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            allow: None,
        }
    }

    /// 405, naming the methods that are allowed.
    pub fn method_not_allowed(allow: &'static str, message: impl Into<String>) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                message,
            )
        }
    }

    /// The error document for this refusal, with a body of `media`.
    pub fn respond(&self, media: ResponseMedia) -> HttpResponse {
        self.respond_with(media, coded(self.code, self.message.clone()))
    }

    /// [`Self::respond`] with `error` as the one error (for extra extensions).
    pub fn respond_with(&self, media: ResponseMedia, error: ServerError) -> HttpResponse {
        let response = Response::from_errors(vec![error]);
        let mut answer = HttpResponse::build(self.status)
            .content_type(media.content_type())
            .body(Body::of(&response).to_bytes());
        if let Some(allow) = self.allow {
            answer
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        answer
    }
}
