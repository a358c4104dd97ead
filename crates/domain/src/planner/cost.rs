//! What a partial plan costs, and partial plans themselves.

use std::cmp::Ordering;
use std::ops::{Add, Sub};

use super::bits::Bits;

/// Exams first, then certifications earned along the way; ordered lexicographically, which
/// is also translation-invariant, so budgets can be added and subtracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Cost {
    pub exams: i64,
    pub certs: i64,
}

impl Cost {
    pub const ZERO: Cost = Cost { exams: 0, certs: 0 };
    pub const EXAM: Cost = Cost { exams: 1, certs: 0 };
    pub const CERT: Cost = Cost { exams: 0, certs: 1 };
    /// Larger than any real cost, small enough never to overflow when summed.
    pub const UNBOUNDED: Cost = Cost {
        exams: i64::MAX / 4,
        certs: i64::MAX / 4,
    };

    /// A budget of at most `exams` exams.
    pub fn exams_at_most(exams: i64) -> Cost {
        Cost {
            exams,
            certs: Self::UNBOUNDED.certs,
        }
    }
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, other: Cost) -> Cost {
        Cost {
            exams: self.exams + other.exams,
            certs: self.certs + other.certs,
        }
    }
}

impl Sub for Cost {
    type Output = Cost;
    fn sub(self, other: Cost) -> Cost {
        Cost {
            exams: self.exams - other.exams,
            certs: self.certs - other.certs,
        }
    }
}

/// Exams and certifications added by (part of) a plan, as local indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Solution {
    pub items: Bits,
    pub cost: Cost,
}

impl Solution {
    pub fn empty(len: usize) -> Self {
        Self {
            items: Bits::new(len),
            cost: Cost::ZERO,
        }
    }

    pub fn add(&mut self, index: u32, cost: Cost) {
        self.items.insert(index);
        self.cost = self.cost + cost;
    }

    /// Adds a disjoint part.
    pub fn merge(&mut self, other: &Solution) {
        self.items.union_with(&other.items);
        self.cost = self.cost + other.cost;
    }

    /// The tie-break order: fewer exams, fewer certifications, then the sorted exam codes,
    /// then the sorted certification codes (local indices are sorted by code, exams first).
    pub fn cmp_rank(&self, other: &Solution) -> Ordering {
        self.cost
            .cmp(&other.cost)
            .then_with(|| self.items.cmp_sorted(&other.items))
    }
}
