//! The work budget shared by everything one planner call does.

use super::PlanError;

/// Counts search steps and fails once the budget is spent.
#[derive(Debug)]
pub(crate) struct Work {
    used: u64,
    limit: u64,
}

impl Work {
    pub fn new(limit: u64) -> Self {
        Self { used: 0, limit }
    }

    /// Steps spent so far (one past the limit when it was exceeded).
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Spends one step.
    pub fn tick(&mut self) -> Result<(), PlanError> {
        self.used += 1;
        if self.used > self.limit {
            Err(PlanError::WorkLimitExceeded { limit: self.limit })
        } else {
            Ok(())
        }
    }
}
