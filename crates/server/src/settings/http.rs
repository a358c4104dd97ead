//! The HTTP endpoint's settings: what a request may bring, how long it may run, who may
//! call (from a browser, without an API key), how answers are cached by clients. The defaults are the endpoint's
//! own ([`HttpOptions::default`]).

use std::time::Duration;

use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};
use crate::graphql_http::HttpOptions;

/// Bounds and headers of the HTTP endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "HTTP")]
pub struct HttpSection {
    /// Largest request body in bytes; larger ones get 413.
    #[arg(long, env = "CERTGRAPH_MAX_BODY_BYTES")]
    pub max_body_bytes: usize,

    /// Most operations in one JSON-array batch; 0 turns batching off.
    #[arg(long, env = "CERTGRAPH_MAX_BATCH")]
    pub max_batch: usize,

    /// `Cache-Control` of successful GET query responses.
    #[arg(long, env = "CERTGRAPH_CACHE_CONTROL")]
    pub cache_control: String,

    /// Origins browsers may call the API from (CORS), comma-separated; none by default.
    #[arg(long, env = "CERTGRAPH_CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Vec<String>,

    /// Seconds one GraphQL request may execute before it fails with TIMEOUT.
    #[arg(long, env = "CERTGRAPH_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: u64,

    /// The address clients reach this server at (e.g. https://certs.example.com), which
    /// makes the URLs it hands out absolute (`pathImage.url`); empty, they are relative.
    #[arg(long, env = "CERTGRAPH_PUBLIC_URL")]
    pub public_url: String,

    /// Reads need a valid API key of any role (`Authorization: Bearer <key>`); without
    /// it, anonymous clients read.
    #[arg(long, env = "CERTGRAPH_REQUIRE_KEY_FOR_READS")]
    pub require_key_for_reads: bool,
}

impl Default for HttpSection {
    fn default() -> Self {
        let http = HttpOptions::default();
        Self {
            max_body_bytes: http.max_body_bytes,
            max_batch: http.max_batch,
            cache_control: http.cache_control,
            cors_allowed_origins: http.allowed_origins,
            request_timeout_secs: http.request_timeout.as_secs(),
            public_url: http.public_url.unwrap_or_default(),
            require_key_for_reads: http.require_key_for_reads,
        }
    }
}

impl HttpSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        let http = &mut settings.http;
        problems.range("max_body_bytes", self.max_body_bytes, 1024..=16 * 1024 * 1024);
        http.max_body_bytes = self.max_body_bytes;
        // 0 turns batching off; more than 50 would let one request run a crowd's work.
        problems.range("max_batch", self.max_batch, 0..=50);
        http.max_batch = self.max_batch;
        let cache = &self.cache_control;
        if cache.is_empty() || !cache.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            problems.push(format!("cache_control must be printable ASCII, got {cache:?}"));
        }
        http.cache_control = self.cache_control;
        for origin in self.cors_allowed_origins.iter().filter(|o| !is_origin(o)) {
            problems.push(format!(
                "cors_allowed_origins: {origin:?} is not an origin like https://dashboard.example.com"
            ));
        }
        http.allowed_origins = self.cors_allowed_origins;
        problems.range("request_timeout_secs", self.request_timeout_secs, 1..=600);
        http.request_timeout = Duration::from_secs(self.request_timeout_secs);
        match self.public_url.trim() {
            "" => http.public_url = None,
            url if !is_public_url(url) => problems.push(format!(
                "public_url: {url:?} is not an http(s) address like https://certs.example.com"
            )),
            url => http.public_url = Some(url.trim_end_matches('/').to_owned()),
        }
        http.require_key_for_reads = self.require_key_for_reads;
    }
}

/// An absolute http(s) URL without query or fragment: a base other URLs are appended to.
fn is_public_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.host().is_some()
            && u.query().is_none()
            && u.fragment().is_none()
    })
}

/// `scheme://host[:port]`, nothing more: what a browser sends in `Origin`.
fn is_origin(text: &str) -> bool {
    match url::Url::parse(text) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https")
                && u.host().is_some()
                && u.path() == "/"
                && !text.ends_with('/')
                && u.query().is_none()
        }
        Err(_) => false,
    }
}
