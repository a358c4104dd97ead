use sea_orm::DbErr;
use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database cannot be reached (refused, timed out acquiring a connection).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A value in the database does not satisfy the domain's rules: a bug or a hand edit.
    #[error("corrupt {table} row {id}: {message}")]
    Corrupt {
        table: &'static str,
        id: i32,
        message: String,
    },
    /// Any other database error.
    #[error("database error: {0}")]
    Database(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match &err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => StoreError::Unavailable(err.to_string()),
            _ => StoreError::Database(err),
        }
    }
}
