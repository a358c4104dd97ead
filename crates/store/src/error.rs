//! The store's one error type, mapping database failures (unique violations, outages) to
//! what callers can act on.

use certgraph_domain::CatalogProblem;
use sea_orm::DbErr;
use thiserror::Error;

use crate::changes::RecordKind;
use crate::edit::Referrer;

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database cannot be reached (refused, timed out acquiring a connection).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database cancelled a statement that ran past `statement_timeout`.
    #[error("statement timed out: {0}")]
    Timeout(String),
    /// A value in the database does not satisfy the domain's rules: a bug or a hand edit.
    #[error("corrupt {table} row {id}: {message}")]
    Corrupt {
        table: &'static str,
        id: i32,
        message: String,
    },
    /// A catalog write was refused before anything was written: every broken invariant of
    /// the catalog as it would be after the write, sorted.
    #[error("invalid catalog: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidCatalog(Vec<CatalogProblem>),
    /// `certgraph keys create` with a name another key has (revoked keys keep theirs).
    #[error("an API key named {0:?} already exists")]
    KeyNameTaken(String),
    /// `certgraph keys revoke` of a name no key has.
    #[error("no API key is named {0:?}")]
    KeyNotFound(String),
    #[error("invalid key name {0}")]
    InvalidKeyName(String),
    /// The operating system could not provide random bytes for a new secret.
    #[error("no randomness for a new API key: {0}")]
    NoRandomness(String),
    /// An edit names a record that does not exist.
    #[error("no {} is coded {code:?}", kind.as_str())]
    NotFound { kind: RecordKind, code: String },
    /// An edit's `expected_version` is not the record's version: someone changed it since.
    #[error("{} {code:?} is at version {current_version}, not the version expected", kind.as_str())]
    Conflict {
        kind: RecordKind,
        code: String,
        current_version: i32,
    },
    /// A deletion of a record others still refer to.
    #[error("{} {code:?} is still referred to by {}", kind.as_str(), referrers.iter().map(|r| format!("{} {}", r.kind.as_str(), r.code)).collect::<Vec<_>>().join(", "))]
    InUse {
        kind: RecordKind,
        code: String,
        referrers: Vec<Referrer>,
    },
    /// A creation with a code another record of the kind has.
    #[error("a {} coded {code:?} already exists", kind.as_str())]
    AlreadyExists { kind: RecordKind, code: String },
    /// An edit that would close a prerequisite cycle; `path` starts and ends at the same
    /// certification.
    #[error("prerequisite cycle: {}", path.join(" → "))]
    Cycle { path: Vec<String> },
    /// Any other database error.
    #[error("database error: {0}")]
    Database(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        let sqlx = match &err {
            DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))
            | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)) => Some(e),
            _ => None,
        };
        let sqlstate = sqlx.and_then(|e| {
            e.as_database_error()
                .and_then(|d| d.code().map(|c| c.into_owned()))
        });
        match sqlstate.as_deref() {
            // PostgreSQL reports a statement cancelled by statement_timeout as 57014.
            Some("57014") => return StoreError::Timeout(err.to_string()),
            // The server shut down or an administrator killed the connection mid-statement
            // (57P01–57P03): the pool replaces it, so the client may simply retry.
            Some("57P01" | "57P02" | "57P03") => return StoreError::Unavailable(err.to_string()),
            _ => {}
        }
        let connection_lost = sqlx.is_some_and(|e| {
            matches!(
                &**e,
                sea_orm::sqlx::Error::Io(_)
                    | sea_orm::sqlx::Error::PoolClosed
                    | sea_orm::sqlx::Error::PoolTimedOut
                    | sea_orm::sqlx::Error::WorkerCrashed
            )
        });
        match &err {
            _ if connection_lost => StoreError::Unavailable(err.to_string()),
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => StoreError::Unavailable(err.to_string()),
            _ => StoreError::Database(err),
        }
    }
}
