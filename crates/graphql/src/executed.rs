//! Whether a request got as far as executing its operation, and whether it wrote.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Request data the guard sets once the operation starts executing. Whatever was refused
/// before (a syntax error, an unknown operation name, a limit) leaves it unset, so the
/// server knows not to trust the operation name the client sent, e.g. as a metrics label.
#[derive(Debug, Clone, Default)]
pub struct Executed(Arc<[AtomicBool; 2]>);

impl Executed {
    pub(crate) fn mark(&self) {
        self.0[0].store(true, Ordering::Relaxed);
    }

    pub fn happened(&self) -> bool {
        self.0[0].load(Ordering::Relaxed)
    }

    /// Set by a mutation before it writes: its answer must never be kept and replayed.
    pub(crate) fn wrote(&self) {
        self.0[1].store(true, Ordering::Relaxed);
    }

    /// Whether a mutation ran (so the answer is not a cacheable read).
    pub fn has_written(&self) -> bool {
        self.0[1].load(Ordering::Relaxed)
    }
}
