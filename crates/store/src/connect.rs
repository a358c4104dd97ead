use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use certgraph_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
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
    statements: Arc<AtomicU64>,
}

impl Store {
    /// Connects and starts counting every statement sent to the database.
    #[instrument(skip_all)]
    pub async fn connect(settings: &DatabaseSettings) -> Result<Self, StoreError> {
        let mut options = ConnectOptions::new(settings.connect_url());
        options
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_timeout(settings.acquire_timeout)
            .sqlx_logging(false);
        if let Some(timeout) = settings.statement_timeout {
            options.statement_timeout(timeout);
        }
        // sqlx turns SQLite's foreign keys on for every connection; WAL lets readers
        // proceed while an import writes.
        options.map_sqlx_sqlite_opts(|o| o.journal_mode(SqliteJournalMode::Wal));
        let mut db = Database::connect(options).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Self { db, statements })
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
