//! Large loads on PostgreSQL: the foreign keys of the link tables are dropped while their rows
//! go in and added back (validated in one pass each) before the transaction commits, as
//! `pg_restore` does. Checked row by row, the keys cost a third of a million-record import:
//! each check is a lookup plus a row lock on the referenced record.
//!
//! Dropping a key takes an ACCESS EXCLUSIVE lock on both tables until the commit, so readers
//! of those tables (replicas loading a snapshot, which keep serving the one they have) wait
//! for the import. Only loads of at least [`BULK_LOAD_ROWS`] link and item rows do this; the
//! locks are taken in the order the snapshot loader reads the tables, so a load already
//! under way finishes first instead of deadlocking with the import.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement};

use crate::StoreError;

/// Link and item rows from which a load drops and re-adds the foreign keys.
pub const BULK_LOAD_ROWS: usize = 100_000;

/// The foreign keys of the link tables, as statements that drop and re-add each one exactly
/// as the migrations defined it (read from the catalog, not restated here).
const KEYS: &str = "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname), \
    format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) \
    FROM pg_constraint WHERE contype = 'f' \
    AND conrelid IN ('course_exam'::regclass, 'requirement_group'::regclass, 'requirement_item'::regclass) \
    ORDER BY conrelid::regclass::text, conname";

/// The snapshot loader's order (`snapshot::load`).
const LOCK: &str = "LOCK TABLE exam, certification, course, course_exam, requirement_group, \
    requirement_item IN ACCESS EXCLUSIVE MODE";

/// Foreign keys dropped for a load; [`DroppedKeys::restore`] adds them back.
#[must_use = "the foreign keys must be restored before the transaction commits"]
pub(crate) struct DroppedKeys(Vec<String>);

/// Drops the link tables' foreign keys.
pub(crate) async fn drop_foreign_keys(txn: &DatabaseTransaction) -> Result<DroppedKeys, StoreError> {
    txn.execute_unprepared(LOCK).await?;
    let rows = txn
        .query_all_raw(Statement::from_string(DbBackend::Postgres, KEYS))
        .await?;
    let mut restore = Vec::with_capacity(rows.len());
    for row in rows {
        let drop: String = row.try_get_by_index(0)?;
        restore.push(row.try_get_by_index(1)?);
        txn.execute_unprepared(&drop).await?;
    }
    Ok(DroppedKeys(restore))
}

impl DroppedKeys {
    /// Adds the keys back; each validates every row, so a bad reference still fails the load.
    pub(crate) async fn restore(self, txn: &DatabaseTransaction) -> Result<(), StoreError> {
        for add in self.0 {
            txn.execute_unprepared(&add).await?;
        }
        Ok(())
    }
}
