//! The catalog's version: bumped in the transaction of every change and, on PostgreSQL,
//! announced with `NOTIFY` on [`CHANNEL`] (delivered when that transaction commits, so a
//! listener never hears of a change it cannot yet read).

use std::sync::Arc;

use certgraph_snapshot::CatalogSnapshot;
use sea_orm::{ConnectionTrait, DbBackend, IsolationLevel, Statement, TransactionTrait};
use tracing::instrument;

use crate::{Store, StoreError};

/// The PostgreSQL notification channel carrying new catalog versions.
pub const CHANNEL: &str = "certgraph_catalog";

/// Adds one to the catalog version inside `txn` and announces it; returns the new version.
pub(crate) async fn bump(txn: &impl ConnectionTrait) -> Result<i64, StoreError> {
    let backend = txn.get_database_backend();
    let row = txn
        .query_one_raw(Statement::from_string(
            backend,
            "UPDATE catalog_version SET version = version + 1 WHERE id = 1 RETURNING version",
        ))
        .await?
        .ok_or_else(|| StoreError::Corrupt {
            table: "catalog_version",
            id: 1,
            message: "the version row is missing".into(),
        })?;
    let version: i64 = row.try_get("", "version")?;
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), version.to_string().into()],
        ))
        .await?;
    }
    Ok(version)
}

pub(crate) async fn read(conn: &impl ConnectionTrait) -> Result<i64, StoreError> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT version FROM catalog_version WHERE id = 1",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "version")?,
        None => 0,
    })
}

impl Store {
    /// The committed catalog version. Asked through a connection the statement counter
    /// does not see: replicas poll it, and `certgraph_db_statements_total` counts the work
    /// requests cause.
    pub async fn catalog_version(&self) -> Result<i64, StoreError> {
        read(&self.uncounted).await
    }

    /// The whole catalog and its version, read in one transaction so they agree, indexed
    /// off the async runtime (a large catalog takes a while to index; reads go on meanwhile).
    #[instrument(skip_all)]
    pub async fn load_snapshot(&self) -> Result<Arc<CatalogSnapshot>, StoreError> {
        let isolation = match self.db.get_database_backend() {
            DbBackend::Postgres => Some(IsolationLevel::RepeatableRead),
            _ => None,
        };
        let txn = self.db.begin_with_config(isolation, None).await?;
        let version = read(&txn).await?;
        let (catalog, revisions) = crate::snapshot::load(&txn).await?.into_revised();
        txn.commit().await?;
        let built =
            tokio::task::spawn_blocking(move || CatalogSnapshot::build_revised(catalog, version, revisions))
                .await;
        built
            .map(Arc::new)
            .map_err(|e| StoreError::Unavailable(format!("indexing the catalog failed: {e}")))
    }
}

impl Store {
    /// Each record's own version (bumped when the record changes), by code.
    pub async fn record_versions(
        &self,
        kind: crate::RecordKind,
    ) -> Result<std::collections::BTreeMap<String, i32>, StoreError> {
        use crate::entity::{certification as c, course as co, exam as e};
        use crate::write::by_code;
        let versions = match kind {
            crate::RecordKind::Certification => {
                by_code::<c::Entity>(&self.db, c::Column::Version, c::Column::Code).await?
            }
            crate::RecordKind::Exam => {
                by_code::<e::Entity>(&self.db, e::Column::Version, e::Column::Code).await?
            }
            crate::RecordKind::Course => {
                by_code::<co::Entity>(&self.db, co::Column::Version, co::Column::Code).await?
            }
        };
        Ok(versions.into_iter().collect())
    }
}
