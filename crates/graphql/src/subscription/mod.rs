//! The subscription root: committed catalog changes, pushed to WebSocket subscribers as
//! this replica learns of them (from any replica's mutation or any import). The server
//! attaches the replica's [`LiveCatalog`] to each connection; events are read from its
//! announcements, gaps from the audit log (see `feed`).

mod change;
mod feed;

use std::collections::VecDeque;
use std::sync::Arc;

use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, Subscription as SubscriptionRoot};
use certgraph_store::{AuditRecord, LiveCatalog, RecordKind, Store};

pub use change::CatalogChange;
pub use feed::MAX_REPLAYED;

use crate::error::{ApiError, ApiResult};
use crate::objects::Certification;
use crate::query::CatalogKind;
use feed::{resync_required, Feed, Step};

/// The subscription root.
#[derive(Default)]
pub struct Subscription;

/// Committed catalog changes, pushed over WebSocket (`graphql-transport-ws`) as this server
/// learns of them, whichever server or import made them.
#[SubscriptionRoot]
impl Subscription {
    /// Every committed change to catalog records of the given kinds (all kinds when
    /// omitted), one event per record changed, in commit order. With `since` (the last
    /// `catalogVersion` seen) or `sinceTime` (the last `at` seen), the changes committed
    /// after it are sent first; when that is further back than the audit log replays, the
    /// subscription ends with RESYNC_REQUIRED.
    async fn catalog_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes to these kinds of record; all kinds when omitted.")] kinds: Option<
            Vec<CatalogKind>,
        >,
        #[graphql(desc = "The last `catalogVersion` seen: send the changes committed after it first.")]
        since: Option<i64>,
        #[graphql(
            desc = "The last `at` seen, when the catalog version is not known: send the changes \
                          committed after it first (to the millisecond; `since` is exact)."
        )]
        since_time: Option<chrono::DateTime<chrono::Utc>>,
    ) -> async_graphql::Result<impl Stream<Item = ApiResult<CatalogChange>>> {
        let since = match (since, since_time) {
            (Some(_), Some(_)) => {
                return Err(ApiError::BadUserInput("give `since` or `sinceTime`, not both".into()).into_gql())
            }
            (None, Some(at)) => Some(version_at(ctx, at).await?),
            (since, None) => since,
        };
        let (mut feed, now) = feed_for(ctx, since)?;
        let first = feed.replay(now).await?;
        let kinds: Option<Arc<[CatalogKind]>> = kinds.map(Into::into);
        let state = (feed, Some(first), VecDeque::new(), false);
        Ok(stream::unfold(
            state,
            move |(mut feed, mut step, mut queue, ended)| {
                let kinds = kinds.clone();
                let wanted = move |r: &AuditRecord| kinds.as_ref().is_none_or(|k| k.contains(&r.kind.into()));
                async move {
                    loop {
                        if ended {
                            return None;
                        }
                        if let Some(record) = queue.pop_front() {
                            let change = CatalogChange::from(&record);
                            return Some((Ok(change), (feed, None, queue, false)));
                        }
                        let next = match step.take() {
                            Some(first) => Ok(first),
                            None => feed.next().await?,
                        };
                        match next {
                            Ok(Step::Records(records)) => queue.extend(records.into_iter().filter(&wanted)),
                            Ok(Step::Resync) => {
                                return Some((Err(resync_required()), (feed, None, queue, true)))
                            }
                            Err(e) => return Some((Err(e), (feed, None, queue, true))),
                        }
                    }
                }
            },
        ))
    }

    /// The certification with this code as it is after each committed change to it (`null`
    /// once it is deleted or while it does not exist), so a page can re-render from the
    /// event alone.
    async fn certification_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certification's code (case-insensitive).")] code: String,
    ) -> async_graphql::Result<impl Stream<Item = Option<Certification>>> {
        let live = live(ctx)?.clone();
        let (feed, _) = feed_for(ctx, None)?;
        Ok(stream::unfold(feed, move |mut feed| {
            let (live, code) = (live.clone(), code.clone());
            async move {
                loop {
                    let touched = match feed.next().await? {
                        Ok(Step::Records(records)) => records.iter().any(|r| {
                            r.kind == RecordKind::Certification && r.code.eq_ignore_ascii_case(&code)
                        }),
                        // Whether it changed is unknown: send it as it is.
                        Ok(Step::Resync) | Err(_) => true,
                    };
                    if touched {
                        let now = live.current().and_then(|snap| {
                            let id = snap.certification_by_code(&code)?;
                            Some(Certification::new(&snap, id))
                        });
                        return Some((now, feed));
                    }
                }
            }
        }))
    }
}

/// The replica's live catalog, which the server attaches to every WebSocket connection.
fn live<'a>(ctx: &Context<'a>) -> ApiResult<&'a Arc<LiveCatalog>> {
    ctx.data::<Arc<LiveCatalog>>()
        .map_err(|_| ApiError::Internal("subscriptions need the live catalog".into()).into_gql())
}

/// The store, which the schema holds as data.
fn store<'a>(ctx: &Context<'a>) -> ApiResult<&'a Store> {
    ctx.data::<Store>()
        .map_err(|_| ApiError::Internal("subscriptions need the store".into()).into_gql())
}

/// The catalog version a subscriber that saw every change up to `at` has seen.
async fn version_at(ctx: &Context<'_>, at: chrono::DateTime<chrono::Utc>) -> ApiResult<i64> {
    let store = store(ctx)?;
    store
        .catalog_version_at(at.timestamp_millis())
        .await
        .map_err(|e| ApiError::from(e).into_gql())
}

/// A feed from `since` (or now), and the catalog version the replica serves now.
fn feed_for(ctx: &Context<'_>, since: Option<i64>) -> ApiResult<(Feed, i64)> {
    let live = live(ctx)?;
    let store = store(ctx)?;
    if since.is_some_and(|v| v < 0) {
        return Err(
            ApiError::BadUserInput("`since` must be a catalog version (0 or more)".into()).into_gql(),
        );
    }
    // Listening before reading the version: a change installed from here on is heard.
    let changes = live.changes();
    let now = live.current().map_or(0, |snap| snap.version);
    Ok((Feed::new(changes, store.clone(), now, since), now))
}
