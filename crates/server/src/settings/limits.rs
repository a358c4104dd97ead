//! The operation limits as settings: how much one GraphQL request may ask for, checked
//! before anything executes. The defaults are the schema's own ([`Limits::default`]).

use certgraph_graphql::Limits;
use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};

/// Bounds on one GraphQL operation.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Operation limits")]
pub struct LimitsSection {
    /// Search steps one `plan`/`eligible` request may take before it fails with
    /// LIMIT_EXCEEDED.
    #[arg(long, env = "CERTGRAPH_PLAN_MAX_WORK", value_parser = clap::value_parser!(u64).range(1..))]
    pub plan_max_work: u64,

    /// Levels a transitive prerequisite traversal follows at most; a larger `maxDepth` is
    /// clamped to it.
    #[arg(long, env = "CERTGRAPH_MAX_TRAVERSAL_DEPTH")]
    pub max_traversal_depth: u32,

    /// Deepest field nesting of an operation (GraphiQL's introspection needs 15).
    #[arg(long, env = "CERTGRAPH_MAX_DEPTH")]
    pub max_depth: usize,

    /// Highest cost of an operation: a list costs its page size times its fields.
    #[arg(long, env = "CERTGRAPH_MAX_COMPLEXITY")]
    pub max_complexity: usize,

    /// Most aliases in an operation.
    #[arg(long, env = "CERTGRAPH_MAX_ALIASES")]
    pub max_aliases: usize,

    /// Most fields at the root of an operation.
    #[arg(long, env = "CERTGRAPH_MAX_ROOT_FIELDS")]
    pub max_root_fields: usize,

    /// Most directives in an operation.
    #[arg(long, env = "CERTGRAPH_MAX_DIRECTIVES")]
    pub max_directives: usize,

    /// Most lexical tokens in a document, counted before parsing.
    #[arg(long, env = "CERTGRAPH_MAX_TOKENS")]
    pub max_tokens: usize,

    /// Longest document (`query` text) in bytes.
    #[arg(long, env = "CERTGRAPH_MAX_DOCUMENT_BYTES")]
    pub max_document_bytes: usize,
}

impl Default for LimitsSection {
    fn default() -> Self {
        let limits = Limits::default();
        let ops = limits.operation;
        Self {
            plan_max_work: limits.max_plan_work,
            max_traversal_depth: limits.max_traversal_depth,
            max_depth: ops.max_depth,
            max_complexity: ops.max_complexity,
            max_aliases: ops.max_aliases,
            max_root_fields: ops.max_root_fields,
            max_directives: ops.max_directives,
            max_tokens: ops.max_tokens,
            max_document_bytes: ops.max_document_bytes,
        }
    }
}

impl LimitsSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        if self.plan_max_work == 0 {
            problems.push("plan_max_work must be at least 1".to_owned());
        }
        settings.limits.max_plan_work = self.plan_max_work;
        problems.range("max_traversal_depth", self.max_traversal_depth, 1..=1_000);
        settings.limits.max_traversal_depth = self.max_traversal_depth;
        let ops = &mut settings.limits.operation;
        // Depth stays well within the 64 levels async-graphql's parser nests.
        problems.range("max_depth", self.max_depth, 1..=32);
        ops.max_depth = self.max_depth;
        problems.range("max_complexity", self.max_complexity, 1..=100_000_000);
        ops.max_complexity = self.max_complexity;
        problems.range("max_aliases", self.max_aliases, 0..=1_000);
        ops.max_aliases = self.max_aliases;
        problems.range("max_root_fields", self.max_root_fields, 1..=1_000);
        ops.max_root_fields = self.max_root_fields;
        problems.range("max_directives", self.max_directives, 0..=1_000);
        ops.max_directives = self.max_directives;
        problems.range("max_tokens", self.max_tokens, 10..=1_000_000);
        ops.max_tokens = self.max_tokens;
        problems.range(
            "max_document_bytes",
            self.max_document_bytes,
            256..=16 * 1024 * 1024,
        );
        ops.max_document_bytes = self.max_document_bytes;
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::{file, Config, Given, Settings};

    fn layered(file: &str, flags: &[(&str, usize)]) -> Result<Settings, String> {
        let mut given = Given::<Config>::default();
        for (key, value) in flags {
            let slot = match *key {
                "max_depth" => &mut given.value.limits.max_depth,
                "max_document_bytes" => &mut given.value.limits.max_document_bytes,
                other => panic!("{other}"),
            };
            *slot = *value;
            given.ids.insert((*key).to_owned());
        }
        Config::layered(file::parse(file).unwrap(), &given)
            .and_then(Settings::from_config)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn limits_layer_and_out_of_range_values_are_all_reported() {
        let file = "max_depth = 20\nmax_aliases = 30\nmax_tokens = 5\n";
        let err = layered(file, &[("max_depth", 12), ("max_document_bytes", 0)]).unwrap_err();
        assert!(
            err.contains("max_tokens") && err.contains("max_document_bytes"),
            "{err}"
        );
        let file = "max_depth = 20\nmax_aliases = 30\nmax_traversal_depth = 4\n";
        let s = layered(file, &[("max_depth", 12)]).unwrap();
        assert_eq!(s.limits.max_traversal_depth, 4);
        assert_eq!(
            (s.limits.operation.max_depth, s.limits.operation.max_aliases),
            (12, 30)
        );
    }
}
