//! Automatic persisted queries (Apollo APQ): a client sends a query's SHA-256 instead of
//! its text; on a miss it retries with both, and the server remembers the pair in the
//! database, so every replica and every restart knows it.

use async_graphql::{Request, Response, ServerError};
use certgraph_store::Store;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::ErrorCode;

/// The SHA-256 of a query text, in lowercase hex (APQ's key).
pub fn query_hash(query: &str) -> String {
    Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn error(message: &str, code: ErrorCode) -> Response {
    Response::from_errors(vec![crate::coded(code, message)])
}

/// A query sent with its hash, to be remembered once it has proved admissible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    hash: String,
    query: String,
}

impl Registration {
    /// Stores the pair unless `response` refused the operation before running it (a
    /// syntax error, an unknown field, a limit): only queries the server would run are
    /// kept, so the table cannot be filled with junk nor replay a refused document.
    pub async fn complete(self, store: &Store, response: &Response) {
        if request_refused(response) {
            return;
        }
        if let Err(e) = store.persist_query(&self.hash, &self.query).await {
            tracing::warn!(error = %e, "could not store a persisted query");
        }
    }
}

/// No field ran: every error is a request error (no path) and there is no data.
fn request_refused(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Fills in `request.query` from the persisted store, or notes the query sent with its
/// hash for registration after it runs. `Err` is the response to send instead of
/// executing. Apollo clients look for the message `PersistedQueryNotFound` to retry with
/// the text.
pub async fn resolve_persisted_query(
    store: &Store,
    request: &mut Request,
) -> Result<Option<Registration>, Response> {
    let Some(persisted) = request.extensions.get("persistedQuery") else {
        return Ok(None);
    };
    let Ok(value) = serde_json::to_value(persisted) else {
        return Ok(None);
    };
    let Some(hash) = value
        .get("sha256Hash")
        .and_then(|h| h.as_str())
        .map(str::to_ascii_lowercase)
    else {
        return Err(error(
            "persistedQuery needs a `sha256Hash`",
            ErrorCode::BadUserInput,
        ));
    };
    if value.get("version").and_then(|v| v.as_i64()) != Some(1) {
        return Err(error(
            "only persistedQuery version 1 is supported",
            ErrorCode::PersistedQueryNotSupported,
        ));
    }
    if !request.query.is_empty() {
        if query_hash(&request.query) != hash {
            return Err(error(
                "provided sha256Hash does not match the query",
                ErrorCode::BadUserInput,
            ));
        }
        return Ok(Some(Registration {
            hash,
            query: request.query.clone(),
        }));
    }
    match store.persisted_query(&hash).await {
        Ok(Some(query)) => {
            request.query = query;
            Ok(None)
        }
        Ok(None) => Err(error("PersistedQueryNotFound", ErrorCode::PersistedQueryNotFound)),
        Err(e) => {
            let err = ApiError::from(e).into_gql();
            let mut server = ServerError::new(err.message.clone(), None);
            server.extensions = err.extensions;
            Err(Response::from_errors(vec![server]))
        }
    }
}
