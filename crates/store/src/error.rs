use certgraph_domain::CatalogProblem;
use sea_orm::DbErr;
use thiserror::Error;

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
    /// Any other database error.
    #[error("database error: {0}")]
    Database(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        // PostgreSQL reports a statement cancelled by statement_timeout as SQLSTATE 57014.
        let cancelled = matches!(&err, DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))
            | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
            if e.as_database_error().and_then(|d| d.code()).is_some_and(|c| c == "57014"));
        match &err {
            _ if cancelled => StoreError::Timeout(err.to_string()),
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => StoreError::Unavailable(err.to_string()),
            _ => StoreError::Database(err),
        }
    }
}
