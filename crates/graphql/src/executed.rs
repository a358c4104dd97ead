//! Whether a request got as far as executing its operation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Request data the guard sets once the operation starts executing. Whatever was refused
/// before (a syntax error, an unknown operation name, a limit) leaves it unset, so the
/// server knows not to trust the operation name the client sent, e.g. as a metrics label.
#[derive(Debug, Clone, Default)]
pub struct Executed(Arc<AtomicBool>);

impl Executed {
    pub(crate) fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn happened(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
