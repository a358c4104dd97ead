//! The one place where errors become GraphQL errors with a stable `extensions.code`.

use std::sync::Arc;

use async_graphql::ErrorExtensions;
use certgraph_store::StoreError;
use thiserror::Error;

/// Declares [`ErrorCode`] and its text once, so [`ErrorCode::ALL`] cannot miss a variant.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// Stable codes clients can switch on: every `extensions.code` the server sends,
        /// from GraphQL and from the HTTP layer alike. Never rename one: add a new one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order (the README's table lists the same).
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant,)*];

            /// The SHOUTY_SNAKE text sent as `extensions.code`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }
    };
}

error_codes! {
    /// The document is not GraphQL (a syntax error).
    GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
    /// The document does not fit the schema (unknown field, fragment cycle, …).
    GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
    /// An argument or variable value is wrong for its type.
    BadUserInput => "BAD_USER_INPUT",
    NotFound => "NOT_FOUND",
    /// No valid API key where one is needed, or a key presented that is unknown, revoked or
    /// malformed (401, with `WWW-Authenticate: Bearer`). Never says whether a key exists.
    Unauthenticated => "UNAUTHENTICATED",
    /// A valid API key whose role does not allow the operation (403).
    Forbidden => "FORBIDDEN",
    /// A write's `expectedVersion` is not the record's version: someone changed it since.
    /// `extensions.currentVersion` is the version now.
    Conflict => "CONFLICT",
    /// A deletion of a record others still refer to; `extensions.referrers` lists them.
    InUse => "IN_USE",
    /// A change that would make a certification require itself; `extensions.path` is the
    /// cycle, from the certification back to it.
    Cycle => "CYCLE",
    LimitExceeded => "LIMIT_EXCEEDED",
    /// The client spent its cost budget; `extensions.retryAfter` says when to come back.
    RateLimited => "RATE_LIMITED",
    Timeout => "TIMEOUT",
    ServiceUnavailable => "SERVICE_UNAVAILABLE",
    InternalServerError => "INTERNAL_SERVER_ERROR",
    /// The HTTP request is not a GraphQL request (malformed JSON, no query, …).
    BadRequest => "BAD_REQUEST",
    /// A POST body that is not `application/json` (415).
    UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
    /// `Accept` allows no media type the server speaks (406).
    NotAcceptable => "NOT_ACCEPTABLE",
    /// A method the endpoint does not take, or a mutation over GET (405).
    MethodNotAllowed => "METHOD_NOT_ALLOWED",
    /// A browser's cross-origin request from an origin (or with a method or header) CORS
    /// does not allow.
    CorsRefused => "CORS_REFUSED",
    /// APQ: the hash is unknown; Apollo clients then resend it with the query.
    PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
    /// APQ: a `persistedQuery` version other than 1.
    PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
    /// A subscription's `since` is further back than the audit log replays (or a change
    /// too large to send record by record): reload what you show, then subscribe again.
    ResyncRequired => "RESYNC_REQUIRED",
    /// A WebSocket connection already runs as many subscriptions as it may.
    TooManySubscriptions => "TOO_MANY_SUBSCRIPTIONS",
}

/// Errors a resolver can return.
#[derive(Debug, Error)]
pub enum ApiError {
    #[error("{0}")]
    BadUserInput(String),
    #[error("{0}")]
    LimitExceeded(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Store(Arc<StoreError>),
    /// A fault of this server (a bug): logged in full, opaque to the client.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadUserInput(_) => ErrorCode::BadUserInput,
            Self::LimitExceeded(_) => ErrorCode::LimitExceeded,
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Internal(_) => ErrorCode::InternalServerError,
            Self::Store(e) => match **e {
                StoreError::Unavailable(_) => ErrorCode::ServiceUnavailable,
                StoreError::Timeout(_) => ErrorCode::Timeout,
                StoreError::NotFound { .. } => ErrorCode::NotFound,
                StoreError::Conflict { .. } => ErrorCode::Conflict,
                StoreError::InUse { .. } => ErrorCode::InUse,
                StoreError::Cycle { .. } => ErrorCode::Cycle,
                StoreError::AlreadyExists { .. } | StoreError::InvalidCatalog(_) => ErrorCode::BadUserInput,
                _ => ErrorCode::InternalServerError,
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::Store(Arc::new(e))
    }
}

impl From<Arc<StoreError>> for ApiError {
    fn from(e: Arc<StoreError>) -> Self {
        Self::Store(e)
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        let code = self.code();
        // Server faults are logged in full here and reach the client without internals.
        let message = match code {
            ErrorCode::InternalServerError => {
                tracing::error!(error = %self, "internal error");
                "internal server error".to_owned()
            }
            ErrorCode::Timeout => {
                tracing::warn!(error = %self, "statement timed out");
                "the request took too long and was cancelled; narrow it and retry".to_owned()
            }
            ErrorCode::ServiceUnavailable => {
                tracing::warn!(error = %self, "database unavailable");
                "the catalog database is unavailable; try again shortly".to_owned()
            }
            _ => self.to_string(),
        };
        async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code.as_str()))
    }
}

/// Resolver result.
pub type ApiResult<T> = Result<T, async_graphql::Error>;

/// Maps any layer's error to a coded GraphQL error. (async-graphql's blanket
/// `From<Display>` would drop the code, so resolvers call `.api()` instead of `?` alone.)
pub(crate) trait ResultExt<T> {
    fn api(self) -> ApiResult<T>;
}

impl<T, E: Into<ApiError>> ResultExt<T> for Result<T, E> {
    fn api(self) -> ApiResult<T> {
        self.map_err(|e| e.into().into_gql())
    }
}

impl ApiError {
    /// The coded GraphQL error for this error.
    pub fn into_gql(self) -> async_graphql::Error {
        self.extend()
    }
}
