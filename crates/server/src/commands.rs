//! The one-shot commands.

pub mod audit;
mod console;
pub mod export;
pub mod import;
mod input;
pub mod keys;
mod progress;

pub use console::{Captured, Console};
pub use input::ImportFormat;

use certgraph_store::{DatabaseSettings, Store};

/// `certgraph migrate`: apply pending migrations and load nothing.
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    store.migrate().await?;
    tracing::info!("migrations applied");
    store.close().await?;
    Ok(())
}

/// `certgraph check`: the settings are valid (they got here), the database answers and
/// its schema is current. Prints what it checked; fails with what is wrong.
pub async fn check(settings: &crate::Settings) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database).await?;
    store.ping().await?;
    let current = store.migrations_current().await?;
    store.close().await?;
    anyhow::ensure!(current, "the database needs migrations: run `certgraph migrate`");
    println!(
        "ok: listen {}, database reachable and migrated, federation {}",
        settings.listen,
        if settings.federation { "on" } else { "off" }
    );
    Ok(())
}
