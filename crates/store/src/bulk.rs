//! Bulk inserts on PostgreSQL: many rows per statement, sent as one JSON parameter and
//! expanded by `json_to_recordset`.
//!
//! Multi-row `INSERT … VALUES` of 500 rows cost a round trip each, and on TCP each of those
//! large statements also reached PostgreSQL ~45 ms late (Nagle's algorithm, which sqlx 0.9
//! leaves on, meeting delayed ACKs): a 1,000,000-record catalog spent 160 of its 178 s
//! waiting. One JSON text parameter has no bind-parameter limit (PostgreSQL allows 65,535
//! per statement), keeps the SQL text constant (prepared once) and needs no per-row
//! sea-query values.

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, Value};
use serde::Serialize;

use crate::StoreError;

/// JSON bytes per statement: large enough that statements are few (about 40 for a million
/// rows), small enough to bound the memory of one chunk on both sides and to keep each
/// statement well below the statement timeout (10 s by default): 8 MB of requirement items,
/// three foreign keys a row, took up to 2.1 s on a loaded 2-core machine.
const CHUNK_BYTES: usize = 8 << 20;

/// Inserts one row per record: `write` serialises a record as a JSON object whose keys are
/// the names `sql` reads from `json_to_recordset($1::json)`. Every statement must insert
/// exactly the rows it was sent: statements that resolve codes by joining drop a row whose
/// code is missing, which validation rules out, so a shortfall is reported as a bug.
///
/// Takes a slice and a function pointer, not an iterator: an iterator borrowing the catalog
/// through a closure, held across an await, kept rustc from proving the import future `Send`.
pub(crate) async fn insert<T: Sync>(
    txn: &DatabaseTransaction,
    sql: &'static str,
    records: &[T],
    write: impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()> + Sync,
) -> Result<(), StoreError> {
    let mut start = 0;
    while start < records.len() {
        let (json, next) = chunk(records, start, &write)?;
        let sent = (next - start) as u64;
        start = next;
        let stmt = Statement::from_sql_and_values(DbBackend::Postgres, sql, [Value::from(json)]);
        let inserted = txn.execute_raw(stmt).await?.rows_affected();
        if inserted != sent {
            return Err(StoreError::Corrupt {
                table: "catalog",
                id: 0,
                message: format!(
                    "a bulk insert wrote {inserted} of {sent} rows: a code it refers to is not stored"
                ),
            });
        }
    }
    Ok(())
}

/// A JSON array of the records from `start` until the array exceeds [`CHUNK_BYTES`], and
/// where the next chunk starts.
fn chunk<T>(
    records: &[T],
    start: usize,
    write: &impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()>,
) -> Result<(String, usize), StoreError> {
    let mut out = Vec::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 8);
    out.push(b'[');
    let mut next = start;
    for record in &records[start..] {
        if next > start {
            out.push(b',');
        }
        write(record, &mut out).map_err(encoding)?;
        next += 1;
        if out.len() >= CHUNK_BYTES {
            break;
        }
    }
    out.push(b']');
    // serde_json writes UTF-8 only.
    let json = String::from_utf8(out).map_err(encoding)?;
    Ok((json, next))
}

/// Strings and integers always encode; a failure would be a bug, reported, never a panic.
fn encoding(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "catalog",
        id: 0,
        message: format!("cannot encode rows for a bulk insert: {e}"),
    }
}

/// Writes `row` as JSON.
pub(crate) fn json<R: Serialize>(row: &R, out: &mut Vec<u8>) -> serde_json::Result<()> {
    serde_json::to_writer(out, row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: &u32, out: &mut Vec<u8>) -> serde_json::Result<()> {
        json(&serde_json::json!({ "n": n }), out)
    }

    #[test]
    fn chunks_cover_every_record_once_as_json_arrays() {
        let records: Vec<u32> = (0..5).collect();
        let (text, next) = chunk(&records, 0, &number).unwrap();
        assert_eq!(next, 5);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[4]["n"], 4);
        let (text, next) = chunk(&records, 3, &number).unwrap();
        assert_eq!((text.as_str(), next), (r#"[{"n":3},{"n":4}]"#, 5));
    }
}
