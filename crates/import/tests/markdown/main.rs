//! Integration tests of the Markdown importer, in one binary.

mod edge_cases;
mod robustness;
mod seed;

/// The seed document, copied byte for byte from `catalog/seed/expert-certifications.md`.
pub const SEED: &str = include_str!("../../../../catalog/seed/expert-certifications.md");
