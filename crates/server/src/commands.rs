//! The one-shot commands.

use certgraph_store::{DatabaseSettings, Store};

/// `certgraph migrate`: apply pending migrations and load nothing.
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    store.migrate().await?;
    tracing::info!("migrations applied");
    store.close().await?;
    Ok(())
}
