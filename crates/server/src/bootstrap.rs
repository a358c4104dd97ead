//! The start-up work on the database, done in the background after the server has bound:
//! migrate, load the bundled catalog into an empty database, load the API keys and take
//! the first snapshot of the catalog, retrying until the database answers; then follow
//! the catalog's changes and reload the keys for as long as the server runs.

use std::sync::Arc;
use std::time::Duration;

use certgraph_store::{FollowSettings, Keyring, Store, StoreError};
use thiserror::Error;
use tokio::task::JoinHandle;

use crate::readiness::Readiness;

/// The first wait after a failed attempt; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Short enough that the server is ready soon after its database is.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Why one start-up attempt failed.
#[derive(Debug, Error)]
pub enum BootstrapError {
    #[error("migrating the database: {0}")]
    Migrate(StoreError),
    #[error("loading the bundled catalog: {0}")]
    Catalog(StoreError),
    #[error("loading the catalog snapshot: {0}")]
    Snapshot(StoreError),
    #[error("loading the API keys: {0}")]
    Keys(StoreError),
    #[error("the bundled catalog is invalid: {0}")]
    BundledCatalog(#[from] certgraph_catalog::CatalogError),
}

/// What the background start-up needs.
pub struct Bootstrap {
    pub store: Store,
    pub load_bundled_catalog: bool,
    pub readiness: Readiness,
    /// Filled before the server says ready, so a valid key is never refused for want of it.
    pub keyring: Arc<Keyring>,
    /// Scrubbed out of error messages before they are logged or served.
    pub database_url: String,
}

impl Bootstrap {
    /// Runs the start-up in a task; the handle aborts it (when the server stops first).
    pub fn spawn(self) -> JoinHandle<()> {
        tokio::spawn(self.run())
    }

    /// Tries until it succeeds, then follows the catalog. Never gives up: a database that
    /// comes up late, or is fixed by hand, makes the server ready without a restart.
    async fn run(self) {
        let embedded = self.database_url.starts_with("sqlite:");
        let mut backoff = FIRST_BACKOFF;
        for attempt in 1u32.. {
            match self.attempt().await {
                Ok(()) => {
                    self.readiness.set_ready();
                    tracing::info!(attempt, "database ready");
                    let live = self.readiness.live().clone();
                    let follow = self.store.clone().follow(live, FollowSettings::default());
                    tokio::join!(follow, self.keyring.follow());
                    return;
                }
                Err(e) => {
                    let error = redact(&e.to_string(), &self.database_url);
                    // An embedded database that fails is misconfigured, not late; a
                    // remote one missing past the longest backoff is more than a restart.
                    if embedded || backoff >= MAX_BACKOFF {
                        tracing::error!(attempt, %error, retry_in = ?backoff, "database not ready");
                    } else {
                        tracing::warn!(attempt, %error, retry_in = ?backoff, "database not ready");
                    }
                    self.readiness.set_failed(error);
                }
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    async fn attempt(&self) -> Result<(), BootstrapError> {
        self.store.migrate().await.map_err(BootstrapError::Migrate)?;
        if self.load_bundled_catalog {
            load_bundled_catalog(&self.store).await?;
        }
        self.keyring.reload().await.map_err(BootstrapError::Keys)?;
        self.store
            .refresh(self.readiness.live())
            .await
            .map_err(BootstrapError::Snapshot)
    }
}

async fn load_bundled_catalog(store: &Store) -> Result<(), BootstrapError> {
    if !store.is_empty().await.map_err(BootstrapError::Catalog)? {
        return Ok(());
    }
    let doc = certgraph_catalog::bundled()?;
    let summary = store
        .insert_catalog(&doc.catalog)
        .await
        .map_err(BootstrapError::Catalog)?;
    tracing::info!(?summary, "loaded the bundled catalog into an empty database");
    Ok(())
}

/// `message` without the database URL or its password, should a driver quote them.
fn redact(message: &str, database_url: &str) -> String {
    let mut message = message.replace(database_url, "<database url>");
    let password = url::Url::parse(database_url)
        .ok()
        .and_then(|u| u.password().map(str::to_owned))
        .filter(|p| !p.is_empty());
    if let Some(password) = password {
        // As written in the URL, and as the database sees it.
        message = message.replace(&password, "***");
        message = message.replace(&percent_decode(&password), "***");
    }
    message
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_url_and_its_password_in_both_spellings() {
        let url = "postgres://app:s%40cret@db.internal/certgraph";
        let message = format!("cannot reach {url}; auth s@cret and s%40cret rejected");
        let redacted = redact(&message, url);
        assert_eq!(redacted, "cannot reach <database url>; auth *** and *** rejected");
    }

    #[test]
    fn leaves_messages_alone_without_a_password() {
        let url = "sqlite:///nowhere/certgraph.db";
        assert_eq!(
            redact("unable to open database file", url),
            "unable to open database file"
        );
    }
}
