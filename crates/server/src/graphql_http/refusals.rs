//! Refusals made outside the GraphQL handlers (CORS, a body over the cap, actix's own
//! extractors) answer a GraphQL error document with a code, like every other error, not
//! actix's plain text: a client parses one shape whatever refused it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use certgraph_graphql::{limit_exceeded, ErrorCode};

use super::{negotiate, HttpOptions, RequestError, ResponseMedia};

/// What a refusal by `error` (answered with `status`) becomes.
fn translate(error: &actix_web::Error, status: StatusCode) -> RequestError {
    if let Some(cors) = error.as_error::<actix_cors::CorsError>() {
        let message = format!("CORS refused the request: {cors}");
        return RequestError::new(cors.status_code(), ErrorCode::CorsRefused, message);
    }
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::LimitExceeded,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::NOT_ACCEPTABLE => ErrorCode::NotAcceptable,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        s if s.is_client_error() => ErrorCode::BadRequest,
        _ => ErrorCode::InternalServerError,
    };
    let message = if code == ErrorCode::InternalServerError {
        tracing::error!(error = %error, "request failed");
        "internal server error".to_owned()
    } else {
        error.to_string()
    };
    RequestError::new(status, code, message)
}

/// The GraphQL error document for a refusal, keeping the headers it already had (CORS's
/// `Vary`, `Allow`, …).
fn document(
    refusal: &RequestError,
    media: ResponseMedia,
    max_body: usize,
    headers: &HeaderMap,
) -> HttpResponse {
    let mut answer = if refusal.status == StatusCode::PAYLOAD_TOO_LARGE {
        let message = format!("the request body is larger than the limit of {max_body} bytes");
        refusal.respond_with(media, limit_exceeded("bodyBytes", max_body, message))
    } else {
        refusal.respond(media)
    };
    for (name, value) in headers {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

/// Middleware: replaces the body of every response made from an error.
pub async fn error_documents(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let media = negotiate(req.headers()).unwrap_or(ResponseMedia::Json);
    let max_body = req
        .app_data::<web::Data<HttpOptions>>()
        .map_or(0, |o| o.max_body_bytes);
    match next.call(req).await {
        Ok(response) => {
            let Some(error) = response.response().error() else {
                return Ok(response.map_into_boxed_body());
            };
            let refusal = translate(error, response.status());
            let answer = document(&refusal, media, max_body, response.headers());
            Ok(ServiceResponse::new(response.request().clone(), answer))
        }
        // The request is gone with the error; an error carrying the answer renders it.
        Err(error) => {
            let status = error.as_response_error().status_code();
            let refusal = translate(&error, status);
            let answer = document(&refusal, media, max_body, &HeaderMap::new());
            Err(InternalError::from_response(refusal.message, answer).into())
        }
    }
}
