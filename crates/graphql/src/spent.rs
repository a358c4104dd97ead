//! What a request is charged once it has run (see `rate`): what it actually did, not what
//! it might have done. Its answer says how many fields were resolved; planner searches,
//! whose CPU the answer does not show, report their steps here.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_graphql::Value;

/// What one planner search step is charged, in the unit of one field resolved. A step (a
/// node of the requirement graph visited, or a branch-and-bound node) takes 2–3 µs
/// (`PlanLimits::DEFAULT_MAX_WORK`'s measurement); a field resolved from the snapshot and
/// serialised is of the order of a microsecond. Charging a step as two fields keeps a
/// search from being cheaper, per second of CPU, than reading, without pricing the
/// dashboard's `eligible` out of a session (BENCHMARKS.md).
pub const PLAN_STEP: u64 = 2;

/// Request data: the planner steps this request's searches spent (set up by the guard).
#[derive(Clone, Default)]
pub(crate) struct PlannerWork(Arc<AtomicU64>);

impl PlannerWork {
    pub fn add(&self, steps: u64) {
        self.0.fetch_add(steps, Ordering::Relaxed);
    }

    pub fn steps(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Fields in an answer: every field of every object, at any depth, counts 1 (a list
/// counts what its items hold). The same measure as the complexity estimate (a field is 1
/// plus its children), with the lists as long as they turned out to be.
pub(crate) fn answer_size(data: &Value) -> u64 {
    match data {
        Value::Object(fields) => fields.values().map(|v| 1 + answer_size(v)).sum(),
        Value::List(items) => items.iter().map(answer_size).sum(),
        _ => 0,
    }
}

/// What a request that ran is charged beyond its arrival: its answer and its searches.
pub(crate) fn settled_cost(data: &Value, planner: &PlannerWork) -> u64 {
    answer_size(data).saturating_add(planner.steps().saturating_mul(PLAN_STEP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_counts_once_and_lists_count_their_items() {
        let data = Value::from_json(serde_json::json!({
            "certifications": { "totalCount": 2, "nodes": [
                { "code": "a", "unlocks": [] },
                { "code": "b", "unlocks": [{ "code": "a" }] }
            ] }
        }))
        .unwrap();
        // certifications, totalCount, nodes, 2 × (code, unlocks), one nested code.
        assert_eq!(answer_size(&data), 3 + 4 + 1);
        assert_eq!(answer_size(&Value::Null), 0);
        let planner = PlannerWork::default();
        planner.add(10);
        assert_eq!(settled_cost(&data, &planner), 8 + 10 * PLAN_STEP);
    }
}
