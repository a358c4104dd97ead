//! A subscriber's feed of committed changes: the replica's announcements, from a starting
//! catalog version on, with any gap (a reconnect's `since`, announcements missed by a
//! subscriber that fell behind) filled from the audit log, so records arrive once each and
//! in commit order.

use std::sync::Arc;

use certgraph_store::{AuditRecord, ChangeBatch, Store};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::error::{ApiError, ApiResult};
use crate::ErrorCode;

/// The most audit records replayed to fill one gap; a longer gap is `RESYNC_REQUIRED`.
pub const MAX_REPLAYED: u64 = 1_000;

/// What the feed has next.
pub(crate) enum Step {
    /// Records after the last step's, oldest first (possibly none).
    Records(Vec<AuditRecord>),
    /// Changes that cannot be sent one by one (a gap too long, an import too large).
    Resync,
}

pub(crate) struct Feed {
    changes: broadcast::Receiver<Arc<ChangeBatch>>,
    store: Store,
    /// The catalog version whose changes were all delivered.
    last: i64,
    /// Announcements were missed since `last`.
    gap: bool,
}

impl Feed {
    /// A feed that delivers the changes after catalog version `since`; from the version the
    /// replica serves now when `since` is not given.
    pub(crate) fn new(
        changes: broadcast::Receiver<Arc<ChangeBatch>>,
        store: Store,
        now: i64,
        since: Option<i64>,
    ) -> Self {
        Self {
            changes,
            store,
            last: since.unwrap_or(now),
            gap: since.is_some_and(|since| since < now),
        }
    }

    /// The records of versions up to `now` after the starting one, when it is older.
    pub(crate) async fn replay(&mut self, now: i64) -> ApiResult<Step> {
        if !self.gap {
            return Ok(Step::Records(Vec::new()));
        }
        self.catch_up(now).await
    }

    /// The next step; `None` when the replica stops announcing.
    pub(crate) async fn next(&mut self) -> Option<ApiResult<Step>> {
        loop {
            let batch = match self.changes.recv().await {
                Ok(batch) => batch,
                Err(RecvError::Lagged(_)) => {
                    self.gap = true;
                    continue;
                }
                Err(RecvError::Closed) => return None,
            };
            if batch.to_version <= self.last {
                continue;
            }
            if self.gap || batch.from_version > self.last {
                return Some(self.catch_up(batch.to_version).await);
            }
            let last = std::mem::replace(&mut self.last, batch.to_version);
            if !batch.complete {
                return Some(Ok(Step::Resync));
            }
            let records = batch.records.iter().filter(|r| r.catalog_version > last).cloned();
            return Some(Ok(Step::Records(records.collect())));
        }
    }

    /// The records after `last` up to `upto`, read from the audit log.
    async fn catch_up(&mut self, upto: i64) -> ApiResult<Step> {
        let records = self
            .store
            .audit_between(self.last, upto, MAX_REPLAYED + 1)
            .await
            .map_err(|e| ApiError::from(e).into_gql())?;
        self.last = upto;
        self.gap = false;
        if records.len() as u64 > MAX_REPLAYED {
            return Ok(Step::Resync);
        }
        Ok(Step::Records(records))
    }
}

/// The error a subscriber is sent when it must reload instead.
pub(crate) fn resync_required() -> async_graphql::Error {
    use async_graphql::ErrorExtensions;
    async_graphql::Error::new(format!(
        "more changes than can be sent one by one (over {MAX_REPLAYED} to replay, or one \
         import larger than a single announcement): reload what you show, then subscribe \
         again without `since`"
    ))
    .extend_with(|_, e| e.set("code", ErrorCode::ResyncRequired.as_str()))
}
