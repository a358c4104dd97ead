//! Whether the start-up work on the database (migrations, the bundled catalog, the first
//! snapshot of the catalog) is done, and the snapshot requests read.
//!
//! The server binds before its database answers, so health checks and load balancers
//! see a live process at once; until this says ready, `/readyz` and `/graphql` answer 503.
//! Once ready, reads are answered from the snapshot even while the database is down.

use std::sync::Arc;

use async_graphql::Response;
use certgraph_graphql::{coded, ErrorCode, Snap};
use certgraph_store::LiveCatalog;
use tokio::sync::watch;

/// What the start-up has reached.
#[derive(Debug, Clone, Default)]
struct State {
    ready: bool,
    /// Why the last attempt failed, already scrubbed of credentials.
    last_error: Option<String>,
}

/// A shared handle on the start-up state. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Readiness {
    state: Arc<watch::Sender<State>>,
    live: Arc<LiveCatalog>,
}

impl Default for Readiness {
    fn default() -> Self {
        Self::new()
    }
}

impl Readiness {
    /// Not ready, nothing tried yet.
    pub fn new() -> Self {
        Self {
            state: Arc::new(watch::Sender::new(State::default())),
            live: Arc::new(LiveCatalog::default()),
        }
    }

    /// The catalog as this replica holds it.
    pub fn live(&self) -> &Arc<LiveCatalog> {
        &self.live
    }

    pub fn is_ready(&self) -> bool {
        self.state.borrow().ready
    }

    /// Why the last start-up attempt failed, if one did and none has succeeded since.
    pub fn last_error(&self) -> Option<String> {
        self.state.borrow().last_error.clone()
    }

    /// Waits until the start-up work is done (at once if it is).
    pub async fn wait(&self) {
        let mut changes = self.state.subscribe();
        // The sender lives in `self`, so it cannot be dropped while this waits.
        let _ = changes.wait_for(|s| s.ready).await;
    }

    pub(crate) fn set_ready(&self) {
        self.state.send_modify(|s| {
            s.ready = true;
            s.last_error = None;
        });
    }

    pub(crate) fn set_failed(&self, reason: String) {
        self.state.send_modify(|s| s.last_error = Some(reason));
    }

    /// The `/readyz` reason while starting.
    pub(crate) fn starting_reason(&self) -> String {
        match self.last_error() {
            Some(error) => format!("starting: {error}"),
            None => "starting: preparing the database".to_owned(),
        }
    }

    /// The snapshot a request reads once ready; while starting, the GraphQL answer
    /// `SERVICE_UNAVAILABLE`, so the endpoint says 503 and clients retry.
    // The large `Err` is the answer itself, returned only while the server starts: boxing
    // it would cost an allocation on that path and save nothing on the ready one.
    #[allow(clippy::result_large_err)]
    pub(crate) fn snapshot(&self) -> Result<Snap, Response> {
        match self.live.current() {
            Some(snapshot) if self.is_ready() => Ok(snapshot),
            _ => Err(Response::from_errors(vec![coded(
                ErrorCode::ServiceUnavailable,
                "the server is starting; the database is not ready yet",
            )])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_until_ready_then_wakes_waiters() {
        let readiness = Readiness::new();
        assert!(readiness.snapshot().is_err());
        readiness.set_failed("connection refused".into());
        assert_eq!(readiness.starting_reason(), "starting: connection refused");
        let waiter = tokio::spawn({
            let readiness = readiness.clone();
            async move { readiness.wait().await }
        });
        readiness.set_ready();
        waiter.await.unwrap();
        // Ready, but no catalog loaded yet: still refused.
        assert!(readiness.snapshot().is_err());
        let catalog = certgraph_domain::Catalog::default();
        readiness
            .live()
            .install(Arc::new(certgraph_snapshot::CatalogSnapshot::build(catalog, 1)));
        assert!(readiness.snapshot().is_ok());
        assert_eq!(readiness.last_error(), None);
    }
}
