//! Keeping a replica's snapshot current. A follower task reloads the catalog whenever its
//! version moves: on PostgreSQL when a `NOTIFY` arrives (any replica or importer), on
//! SQLite (one process) by polling the version row. When the notification connection
//! drops it reconnects, then reloads, so a change made meanwhile is not missed.

use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use certgraph_snapshot::CatalogSnapshot;
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::DbBackend;

use tokio::sync::broadcast;

use crate::{AuditRecord, Store, StoreError};

/// How the follower behaves.
#[derive(Debug, Clone, Copy)]
pub struct FollowSettings {
    /// SQLite: how often the version row is read. PostgreSQL: how often the database is
    /// probed while it is down.
    pub poll_interval: Duration,
}

impl Default for FollowSettings {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_millis(250),
        }
    }
}

/// The snapshot every request reads, swapped whole when a new version is loaded, and the
/// changes each new version brought, announced to whoever listens (subscriptions).
#[derive(Debug)]
pub struct LiveCatalog {
    current: RwLock<Option<Arc<CatalogSnapshot>>>,
    database: RwLock<DatabaseState>,
    changes: broadcast::Sender<Arc<ChangeBatch>>,
    /// The catalog version up to which changes were announced.
    announced: tokio::sync::Mutex<Option<i64>>,
    /// Held while a snapshot loads: a writer reloading for its answer and the follower
    /// hearing the same commit load it once, not twice at once.
    pub(crate) loading: tokio::sync::Mutex<()>,
}

/// The audit records of the versions after `from_version` up to `to_version`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBatch {
    pub from_version: i64,
    pub to_version: i64,
    pub records: Vec<AuditRecord>,
    /// False when there were more than [`MAX_ANNOUNCED`] records (a large import): a
    /// listener should then reload what it shows rather than apply the records.
    pub complete: bool,
}

/// The most audit records one announcement carries.
pub const MAX_ANNOUNCED: u64 = 10_000;

/// Announcements a slow listener may fall behind by before it misses some (and is told so
/// by the channel).
const ANNOUNCEMENTS_BUFFERED: usize = 256;

/// What the follower last found out about the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseState {
    /// Not reached yet.
    Unknown,
    Up,
    /// Unreachable since then, with the last error.
    Down {
        since: SystemTime,
        error: String,
    },
}

impl Default for LiveCatalog {
    fn default() -> Self {
        Self {
            current: RwLock::new(None),
            database: RwLock::new(DatabaseState::Unknown),
            changes: broadcast::channel(ANNOUNCEMENTS_BUFFERED).0,
            announced: tokio::sync::Mutex::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }
}

impl LiveCatalog {
    /// The snapshot to answer a request from; `None` before the first load.
    pub fn current(&self) -> Option<Arc<CatalogSnapshot>> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swaps in `snapshot` unless the one held is newer.
    pub fn install(&self, snapshot: Arc<CatalogSnapshot>) {
        let version = snapshot.version;
        {
            let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
            if current.as_ref().is_some_and(|c| c.version > version) {
                return;
            }
            *current = Some(snapshot);
        }
        tracing::info!(version, "catalog snapshot installed");
    }

    /// The changes of every version installed from now on.
    pub fn changes(&self) -> broadcast::Receiver<Arc<ChangeBatch>> {
        self.changes.subscribe()
    }

    /// How many listen to [`changes`](Self::changes).
    pub fn listeners(&self) -> usize {
        self.changes.receiver_count()
    }

    /// What the follower last found out about the database.
    pub fn database(&self) -> DatabaseState {
        self.database.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_database(&self, store: &Store, state: DatabaseState) {
        store
            .breaker
            .set_open(matches!(state, DatabaseState::Down { .. }));
        let mut held = self.database.write().unwrap_or_else(|p| p.into_inner());
        match (&*held, &state) {
            // Keep the first `since`.
            (DatabaseState::Down { .. }, DatabaseState::Down { .. }) => return,
            (_, DatabaseState::Down { error, .. }) => tracing::warn!(%error, "database unreachable"),
            (DatabaseState::Down { .. }, _) => tracing::info!("database reachable again"),
            _ => {}
        }
        *held = state;
    }

    fn down(&self, store: &Store, error: impl ToString) {
        let state = DatabaseState::Down {
            since: SystemTime::now(),
            error: error.to_string(),
        };
        self.set_database(store, state);
    }
}

impl Store {
    /// Loads the catalog now if its version differs from the one `live` holds.
    pub async fn refresh(&self, live: &LiveCatalog) -> Result<(), StoreError> {
        let _loading = live.loading.lock().await;
        let version = self.catalog_version().await?;
        if live.current().is_some_and(|s| s.version == version) {
            return Ok(());
        }
        let snapshot = self.load_snapshot().await?;
        let version = snapshot.version;
        live.install(snapshot);
        self.announce(live, version).await
    }

    /// Tells listeners what changed up to `version`, once per version whoever refreshed.
    pub(crate) async fn announce(&self, live: &LiveCatalog, version: i64) -> Result<(), StoreError> {
        let mut announced = live.announced.lock().await;
        let from = match *announced {
            Some(from) if from < version => from,
            Some(_) => return Ok(()),
            None => {
                *announced = Some(version);
                return Ok(());
            }
        };
        if live.listeners() > 0 {
            let records = self.audit_between(from, version, MAX_ANNOUNCED + 1).await?;
            let complete = records.len() as u64 <= MAX_ANNOUNCED;
            let batch = ChangeBatch {
                from_version: from,
                to_version: version,
                records: records.into_iter().take(MAX_ANNOUNCED as usize).collect(),
                complete,
            };
            // No listener left meanwhile is not an error.
            let _ = live.changes.send(Arc::new(batch));
        }
        *announced = Some(version);
        Ok(())
    }

    /// Keeps `live` current for as long as the returned future runs.
    pub async fn follow(self, live: Arc<LiveCatalog>, settings: FollowSettings) {
        match self.db.get_database_backend() {
            DbBackend::Postgres => {
                tokio::join!(
                    self.follow_notifications(&live, settings),
                    self.probe_while_down(&live, settings)
                );
            }
            _ => loop {
                self.refresh_noting(&live).await;
                tokio::time::sleep(settings.poll_interval).await;
            },
        }
    }

    /// A request that found the database unreachable opens the breaker; this closes it
    /// again (and catches up on changes) as soon as the database answers.
    async fn probe_while_down(&self, live: &LiveCatalog, settings: FollowSettings) {
        loop {
            tokio::time::sleep(settings.poll_interval).await;
            if self.breaker.is_open() {
                self.refresh_noting(live).await;
            }
        }
    }

    /// Refreshes, recording whether the database answered.
    async fn refresh_noting(&self, live: &LiveCatalog) -> bool {
        match self.refresh(live).await {
            Ok(()) => {
                live.set_database(self, DatabaseState::Up);
                true
            }
            Err(e) => {
                live.down(self, e);
                false
            }
        }
    }

    async fn follow_notifications(&self, live: &LiveCatalog, settings: FollowSettings) {
        let pool = self.uncounted.get_postgres_connection_pool().clone();
        loop {
            match PgListener::connect_with(&pool).await {
                Ok(mut listener) => {
                    if let Err(e) = listener.listen(crate::version::CHANNEL).await {
                        live.down(self, e);
                    } else {
                        self.listen(live, &mut listener).await;
                    }
                }
                Err(e) => live.down(self, e),
            }
            tokio::time::sleep(settings.poll_interval).await;
        }
    }

    /// Reloads on each notification until the database becomes unreachable.
    async fn listen(&self, live: &LiveCatalog, listener: &mut PgListener) {
        // Listening before reading the version: a change committed from here on is heard.
        if !self.refresh_noting(live).await {
            return;
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(_)) => {
                    // Notifications that queued up meanwhile are covered by one reload.
                    while listener.next_buffered().is_some() {}
                    self.refresh_noting(live).await;
                }
                // The connection dropped and the next call reconnects: a change may have
                // been missed meanwhile.
                Ok(None) => {
                    tracing::warn!("catalog notification connection lost; reconnecting");
                    self.refresh_noting(live).await;
                }
                Err(e) => {
                    live.down(self, e);
                    return;
                }
            }
        }
    }
}
