//! Fails fast while the database is known to be down. Without it, every request that
//! needs the database would wait the whole acquire timeout before answering 503; with it,
//! such requests are refused at once until a background probe finds the database back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::StoreError;

/// Shared by every clone of a store.
#[derive(Debug, Clone, Default)]
pub(crate) struct Breaker {
    open: Arc<AtomicBool>,
}

impl Breaker {
    /// Refuses at once while open.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        if self.open.load(Ordering::Relaxed) {
            Err(StoreError::Unavailable(
                "the database is down (waiting for it to return)".into(),
            ))
        } else {
            Ok(())
        }
    }

    /// Opens on an error that says the database cannot be reached; passes `result` on.
    pub(crate) fn observe<T>(&self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(StoreError::Unavailable(_)) = &result {
            self.open.store(true, Ordering::Relaxed);
        }
        result
    }

    pub(crate) fn is_open(&self) -> bool {
        self.open.load(Ordering::Relaxed)
    }

    pub(crate) fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::Relaxed);
    }
}
