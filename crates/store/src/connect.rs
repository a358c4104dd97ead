//! Opening the database (SQLite or PostgreSQL) with the pool settings a web server needs.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use certgraph_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, RuntimeErr, SqlxSqliteConnector};
use tracing::instrument;

use crate::StoreError;

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `sqlite://FILE` or `postgres://…`.
    pub url: String,
    pub max_connections: u32,
    /// How long a request may wait for a pooled connection before failing.
    pub acquire_timeout: Duration,
    /// PostgreSQL cancels any statement running longer (server side); SQLite ignores it.
    pub statement_timeout: Option<Duration>,
}

impl DatabaseSettings {
    /// Settings with defaults fit for a web server: a short acquire timeout so requests fail fast.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            acquire_timeout: Duration::from_secs(3),
            statement_timeout: Some(Duration::from_secs(10)),
        }
    }

    /// SQLite files are created on first use rather than refused.
    fn connect_url(&self) -> String {
        if self.url.starts_with("sqlite:") && !self.url.contains("mode=") && !self.url.contains(":memory:") {
            let sep = if self.url.contains('?') { '&' } else { '?' };
            format!("{}{sep}mode=rwc", self.url)
        } else {
            self.url.clone()
        }
    }
}

/// A handle on the catalog database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: DatabaseConnection,
    /// The same pool without the statement counter, for the change feed's own checks.
    pub(crate) uncounted: DatabaseConnection,
    statements: Arc<AtomicU64>,
    pub(crate) breaker: crate::breaker::Breaker,
    /// Queues this process's catalog writers before they reach the database (see
    /// `apply::lock_for_writing`): on SQLite two open write transactions would fail one.
    pub(crate) writer: Arc<tokio::sync::Mutex<()>>,
}

impl DatabaseSettings {
    /// `error` with this URL hidden: drivers quote a URL they cannot parse, password and all.
    fn without_url(&self, error: StoreError) -> StoreError {
        let hide = |text: String| {
            text.replace(&self.connect_url(), "<the database URL>")
                .replace(&self.url, "<the database URL>")
        };
        match error {
            StoreError::Unavailable(text) => StoreError::Unavailable(hide(text)),
            StoreError::Database(e) if e.to_string().contains(&self.url) => {
                StoreError::Unavailable(hide(e.to_string()))
            }
            other => other,
        }
    }
}

impl Store {
    /// Connects, failing if the database does not answer within the acquire timeout (for
    /// the one-shot commands, which have nothing to do without it).
    #[instrument(skip_all)]
    pub async fn connect(settings: &DatabaseSettings) -> Result<Self, StoreError> {
        Self::open(settings, false).await
    }

    /// A pool that opens its connections on first use, so a server can start (and answer
    /// health checks) before its database is up. Fails only on a malformed URL.
    #[instrument(skip_all)]
    pub async fn connect_lazy(settings: &DatabaseSettings) -> Result<Self, StoreError> {
        Self::open(settings, true).await
    }

    /// Builds the pool and starts counting every statement sent to the database.
    async fn open(settings: &DatabaseSettings, lazy: bool) -> Result<Self, StoreError> {
        let mut options = ConnectOptions::new(settings.connect_url());
        options
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_timeout(settings.acquire_timeout)
            // A connection the database closed (restart, pg_terminate_backend, idle
            // killer) fails its ping and is replaced before a request gets it. This is
            // sea-orm's default today; it is set so the guarantee does not hang on one.
            .test_before_acquire(true)
            .connect_lazy(lazy)
            .sqlx_logging(false);
        if let Some(timeout) = settings.statement_timeout {
            options.statement_timeout(timeout);
        }
        options.map_sqlx_sqlite_opts(sqlite_options);
        let connected = if lazy && settings.url.starts_with("sqlite:") {
            lazy_sqlite(options)
        } else {
            Database::connect(options).await.map_err(StoreError::from)
        };
        let mut db = connected.map_err(|e| settings.without_url(e))?;
        let uncounted = db.clone();
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Self {
            db,
            uncounted,
            statements,
            breaker: crate::breaker::Breaker::default(),
            writer: Arc::default(),
        })
    }

    /// Brings the schema up to date.
    #[instrument(skip_all)]
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Reverts every migration (for tests of `down`).
    pub async fn migrate_down_all(&self) -> Result<(), StoreError> {
        Migrator::down(&self.db, None).await?;
        Ok(())
    }

    /// True when every migration this binary knows has been applied.
    pub async fn migrations_current(&self) -> Result<bool, StoreError> {
        Ok(Migrator::get_pending_migrations(&self.db).await?.is_empty())
    }

    /// How many statements this store has sent to the database since it connected.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// `(open, idle)` connections in the pool.
    pub fn pool_connections(&self) -> (u32, usize) {
        match self.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            sea_orm::DbBackend::Sqlite => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }

    /// Closes the pool (graceful shutdown).
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }
}

/// sqlx turns SQLite's foreign keys on for every connection; WAL lets readers proceed
/// while an import writes.
fn sqlite_options(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options.journal_mode(SqliteJournalMode::Wal)
}

/// A lazy SQLite pool built with sqlx and handed to sea-orm: sea-orm's own lazy connect
/// still opens the file at once (to check the SQLite version for `RETURNING`; the bundled
/// SQLite is new enough), which would make an unopenable path fail the server's start
/// instead of its readiness.
fn lazy_sqlite(options: ConnectOptions) -> Result<DatabaseConnection, StoreError> {
    let connect = SqliteConnectOptions::from_str(options.get_url())
        .map_err(|e| StoreError::Database(DbErr::Conn(RuntimeErr::Internal(e.to_string()))))?
        .disable_statement_logging();
    let pool = options
        .sqlx_pool_options::<Sqlite>()
        .connect_lazy_with(sqlite_options(connect));
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}
