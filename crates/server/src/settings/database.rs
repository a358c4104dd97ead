//! The database settings: which database, and how the pool waits for it. The defaults are
//! the store's own ([`DatabaseSettings::new`]).

use std::time::Duration;

use certgraph_store::DatabaseSettings;
use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};
use crate::DEFAULT_DATABASE_URL;

/// The database and its connection pool.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Database")]
pub struct DatabaseSection {
    // Every command needs the database, so its flag is the global `--database-url`
    // (see `cli`), layered over the file like the others.
    #[arg(skip)]
    pub database_url: String,

    /// Milliseconds PostgreSQL lets one statement run before cancelling it (TIMEOUT).
    #[arg(long, env = "CERTGRAPH_STATEMENT_TIMEOUT_MS")]
    pub statement_timeout_ms: u64,

    /// Seconds a request may wait for a pooled database connection before failing.
    #[arg(long, env = "CERTGRAPH_DB_ACQUIRE_TIMEOUT_SECS")]
    pub db_acquire_timeout_secs: u64,

    /// Most connections in the database pool.
    #[arg(long, env = "CERTGRAPH_DB_MAX_CONNECTIONS")]
    pub db_max_connections: u32,
}

impl Default for DatabaseSection {
    fn default() -> Self {
        let store = DatabaseSettings::new(DEFAULT_DATABASE_URL);
        Self {
            statement_timeout_ms: store
                .statement_timeout
                .map_or(0, |t| t.as_millis().try_into().unwrap_or(u64::MAX)),
            db_acquire_timeout_secs: store.acquire_timeout.as_secs(),
            db_max_connections: store.max_connections,
            database_url: store.url,
        }
    }
}

impl DatabaseSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        let url = &self.database_url;
        let known = ["sqlite:", "postgres://", "postgresql://"];
        // Checked here, so that a bad URL never reaches a driver that would quote it, with
        // its password, in an error message.
        if !known.iter().any(|p| url.starts_with(p))
            || (url.starts_with("postgres") && url::Url::parse(url).is_err())
        {
            problems.push(format!(
                "database_url: invalid database URL {:?}: expected sqlite://FILE or postgres://USER@HOST/DB",
                without_credentials(url)
            ));
        }
        let mut database = DatabaseSettings::new(self.database_url);
        problems.range("statement_timeout_ms", self.statement_timeout_ms, 10..=600_000);
        database.statement_timeout = Some(Duration::from_millis(self.statement_timeout_ms));
        problems.range("db_acquire_timeout_secs", self.db_acquire_timeout_secs, 1..=60);
        database.acquire_timeout = Duration::from_secs(self.db_acquire_timeout_secs);
        problems.range("db_max_connections", self.db_max_connections, 1..=200);
        database.max_connections = self.db_max_connections;
        settings.database = database;
    }
}

/// `url` with its password (between the user's `:` and the last `@`) hidden.
fn without_credentials(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    match (url.rfind('@'), url[start..].find(':').map(|i| i + start)) {
        (Some(at), Some(colon)) if colon < at => format!("{}***{}", &url[..=colon], &url[at..]),
        _ => url.to_owned(),
    }
}
