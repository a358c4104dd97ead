//! GraphQL over HTTP, as the GraphQL-over-HTTP specification describes it: request
//! parsing, media-type negotiation and the status-code table, kept apart from the routes
//! so each rule is small and tested on its own.

mod body;
mod media;
mod parse;
mod refusals;
mod status;

pub use body::{Body, RequestError};
pub use media::{negotiate, ResponseMedia};
pub use parse::{from_get, from_post, operation_name};
pub use refusals::error_documents;
pub use status::{is_request_error, retry_after, status_for};

/// Bounds and switches of the GraphQL endpoint.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Largest request body read, in bytes; larger bodies get 413 without being read.
    pub max_body_bytes: usize,
    /// Most operations in one JSON-array batch; 0 turns batching off.
    pub max_batch: usize,
    /// `Cache-Control` sent with successful GET query responses.
    pub cache_control: String,
    /// Origins a browser may call the API from (CORS); none by default.
    pub allowed_origins: Vec<String>,
    /// Longest a request may execute before it is cut off with `TIMEOUT`.
    pub request_timeout: std::time::Duration,
    /// The base clients reach the server at (no trailing slash), for absolute URLs.
    pub public_url: Option<String>,
    /// Reads need a valid API key; otherwise anonymous clients read.
    pub require_key_for_reads: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            max_batch: 0,
            cache_control: "public, max-age=60".to_owned(),
            allowed_origins: Vec::new(),
            request_timeout: std::time::Duration::from_secs(15),
            public_url: None,
            require_key_for_reads: false,
        }
    }
}

impl HttpOptions {
    /// CORS for the allowed origins only: every other origin gets no CORS headers, so
    /// browsers refuse it.
    pub fn cors(&self) -> actix_cors::Cors {
        let allowed = self.allowed_origins.clone();
        actix_cors::Cors::default()
            .allowed_origin_fn(move |origin, _| origin.to_str().is_ok_and(|o| allowed.iter().any(|a| a == o)))
            .allowed_methods(["GET", "POST"])
            .allowed_headers([
                "content-type",
                "accept",
                "authorization",
                "x-request-id",
                "if-none-match",
            ])
            // Without these a browser's script cannot read them, and could not pace itself.
            .expose_headers([
                "x-request-id",
                "etag",
                "retry-after",
                "www-authenticate",
                "ratelimit-limit",
                "ratelimit-remaining",
                "ratelimit-reset",
            ])
            .max_age(600)
    }
}
