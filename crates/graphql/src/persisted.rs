//! Automatic persisted queries (Apollo APQ): a client sends a query's SHA-256 instead of
//! its text; on a miss it retries with both, and the server remembers the pair in the
//! database, so every replica and every restart knows it.

use async_graphql::{ErrorExtensions, Request, Response, ServerError};
use certgraph_store::Store;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The SHA-256 of a query text, in lowercase hex (APQ's key).
pub fn query_hash(query: &str) -> String {
    Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn error(message: &str, code: &str) -> Response {
    let mut err = ServerError::new(message, None);
    err.extensions = async_graphql::Error::new(message)
        .extend_with(|_, e| e.set("code", code))
        .extensions;
    Response::from_errors(vec![err])
}

/// Fills in `request.query` from the persisted store, or registers the query sent with
/// its hash. Returns the response to send instead of executing, when there is one.
/// Apollo clients look for the message `PersistedQueryNotFound` to retry with the text.
pub async fn resolve_persisted_query(store: &Store, request: &mut Request) -> Option<Response> {
    let persisted = request.extensions.get("persistedQuery")?;
    let value = serde_json::to_value(persisted).ok()?;
    let Some(hash) = value
        .get("sha256Hash")
        .and_then(|h| h.as_str())
        .map(str::to_ascii_lowercase)
    else {
        return Some(error("persistedQuery needs a `sha256Hash`", "BAD_USER_INPUT"));
    };
    if value.get("version").and_then(|v| v.as_i64()) != Some(1) {
        return Some(error(
            "only persistedQuery version 1 is supported",
            "PERSISTED_QUERY_NOT_SUPPORTED",
        ));
    }
    let outcome = if request.query.is_empty() {
        match store.persisted_query(&hash).await {
            Ok(Some(query)) => {
                request.query = query;
                return None;
            }
            Ok(None) => return Some(error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")),
            Err(e) => Err(e),
        }
    } else if query_hash(&request.query) != hash {
        return Some(error(
            "provided sha256Hash does not match the query",
            "BAD_USER_INPUT",
        ));
    } else {
        store.persist_query(&hash, &request.query).await
    };
    match outcome {
        Ok(()) => None,
        Err(e) => {
            let err = ApiError::from(e).into_gql();
            let mut server = ServerError::new(err.message.clone(), None);
            server.extensions = err.extensions;
            Some(Response::from_errors(vec![server]))
        }
    }
}
