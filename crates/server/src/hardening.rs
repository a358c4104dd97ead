//! Operation limits and the production profile as settings: the `serve` flags (with their
//! environment variables), and how they layer over the config file's keys of the same
//! names.

use std::ops::RangeInclusive;

use certgraph_graphql::SchemaOptions;
use clap::{Args, ValueEnum};
use serde::Deserialize;

use crate::config_file::FileConfig;
use crate::Settings;

/// What the server tells clients about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Introspection, GraphiQL and "did you mean …" suggestions on.
    #[default]
    Development,
    /// Introspection, GraphiQL and suggestions off (`--introspection` and `--graphiql`
    /// turn the first two back on).
    Production,
}

/// The `serve` options for limits and the profile (flattened into `ServeArgs`).
#[derive(Debug, Default, Clone, Args)]
pub struct HardeningArgs {
    /// `production` turns introspection, GraphiQL and field suggestions off. [default: development]
    #[arg(long, env = "CERTGRAPH_PROFILE", value_enum)]
    pub profile: Option<Profile>,

    /// Answer introspection (`__schema`, `__type`) even in production.
    #[arg(long, env = "CERTGRAPH_INTROSPECTION")]
    pub introspection: bool,

    /// Serve GraphiQL at /graphiql even in production.
    #[arg(long, env = "CERTGRAPH_GRAPHIQL")]
    pub graphiql: bool,

    /// Deepest field nesting of an operation (GraphiQL's introspection needs 15). [default: 15]
    #[arg(long, env = "CERTGRAPH_MAX_DEPTH")]
    pub max_depth: Option<usize>,

    /// Highest cost of an operation: a list costs its page size times its fields. [default: 100000]
    #[arg(long, env = "CERTGRAPH_MAX_COMPLEXITY")]
    pub max_complexity: Option<usize>,

    /// Most aliases in an operation. [default: 15]
    #[arg(long, env = "CERTGRAPH_MAX_ALIASES")]
    pub max_aliases: Option<usize>,

    /// Most fields at the root of an operation. [default: 10]
    #[arg(long, env = "CERTGRAPH_MAX_ROOT_FIELDS")]
    pub max_root_fields: Option<usize>,

    /// Most directives in an operation. [default: 10]
    #[arg(long, env = "CERTGRAPH_MAX_DIRECTIVES")]
    pub max_directives: Option<usize>,

    /// Most lexical tokens in a document, counted before parsing. [default: 2000]
    #[arg(long, env = "CERTGRAPH_MAX_TOKENS")]
    pub max_tokens: Option<usize>,

    /// Longest document (`query` text) in bytes. [default: 32768]
    #[arg(long, env = "CERTGRAPH_MAX_DOCUMENT_BYTES")]
    pub max_document_bytes: Option<usize>,
}

impl Settings {
    /// Switches to `profile` with its defaults for introspection and GraphiQL.
    pub fn set_profile(&mut self, profile: Profile) {
        self.profile = profile;
        self.introspection = profile == Profile::Development;
        self.graphiql = profile == Profile::Development;
    }

    /// How the GraphQL schema is built from these settings.
    pub fn schema_options(&self) -> SchemaOptions {
        SchemaOptions {
            limits: self.limits,
            federation: self.federation,
            introspection: self.introspection,
            suggestions: self.profile == Profile::Development,
        }
    }
}

/// The profile and limits chosen by the flags and environment over the file. Taken before
/// `Settings::layered` consumes the file, applied once the settings exist.
pub(crate) struct Layered {
    profile: Profile,
    introspection: Option<bool>,
    graphiql: Option<bool>,
    limits: HardeningArgs,
}

impl Layered {
    pub(crate) fn new(file: &FileConfig, over: &HardeningArgs) -> Self {
        Self {
            profile: over.profile.or(file.profile).unwrap_or_default(),
            introspection: over.introspection.then_some(true).or(file.introspection),
            graphiql: over.graphiql.then_some(true).or(file.graphiql),
            limits: HardeningArgs {
                max_depth: over.max_depth.or(file.max_depth),
                max_complexity: over.max_complexity.or(file.max_complexity),
                max_aliases: over.max_aliases.or(file.max_aliases),
                max_root_fields: over.max_root_fields.or(file.max_root_fields),
                max_directives: over.max_directives.or(file.max_directives),
                max_tokens: over.max_tokens.or(file.max_tokens),
                max_document_bytes: over.max_document_bytes.or(file.max_document_bytes),
                ..HardeningArgs::default()
            },
        }
    }

    /// Sets the profile and the limits; out-of-range values are added to `problems`.
    pub(crate) fn apply(self, settings: &mut Settings, problems: &mut Vec<String>) {
        settings.set_profile(self.profile);
        settings.introspection = self.introspection.unwrap_or(settings.introspection);
        settings.graphiql = self.graphiql.unwrap_or(settings.graphiql);
        let ops = &mut settings.limits.operation;
        let l = self.limits;
        let mut bound = |slot: &mut usize, name: &str, value: Option<usize>, range: RangeInclusive<usize>| {
            let Some(value) = value else { return };
            if !range.contains(&value) {
                let (low, high) = range.into_inner();
                problems.push(format!("{name} must be between {low} and {high}, got {value}"));
            }
            *slot = value;
        };
        // Depth stays well within the 64 levels async-graphql's parser nests.
        bound(&mut ops.max_depth, "max_depth", l.max_depth, 1..=32);
        bound(
            &mut ops.max_complexity,
            "max_complexity",
            l.max_complexity,
            1..=100_000_000,
        );
        bound(&mut ops.max_aliases, "max_aliases", l.max_aliases, 0..=1_000);
        bound(
            &mut ops.max_root_fields,
            "max_root_fields",
            l.max_root_fields,
            1..=1_000,
        );
        bound(
            &mut ops.max_directives,
            "max_directives",
            l.max_directives,
            0..=1_000,
        );
        bound(&mut ops.max_tokens, "max_tokens", l.max_tokens, 10..=1_000_000);
        let bytes = 256..=16 * 1024 * 1024;
        bound(
            &mut ops.max_document_bytes,
            "max_document_bytes",
            l.max_document_bytes,
            bytes,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Overrides;

    fn layered(file: FileConfig, hardening: HardeningArgs) -> Result<Settings, String> {
        let over = Overrides {
            hardening,
            ..Overrides::default()
        };
        Settings::layered(file, over, "sqlite://d.db").map_err(|e| e.to_string())
    }

    #[test]
    fn development_exposes_everything_by_default() {
        let s = layered(FileConfig::default(), HardeningArgs::default()).unwrap();
        assert_eq!(s.profile, Profile::Development);
        assert!(s.introspection && s.graphiql && s.schema_options().suggestions);
        assert_eq!(s.limits.operation, certgraph_graphql::OperationLimits::default());
    }

    #[test]
    fn production_hides_everything_unless_turned_back_on() {
        let file = FileConfig::parse("profile = \"production\"\ngraphiql = true\n").unwrap();
        let s = layered(file, HardeningArgs::default()).unwrap();
        assert!(!s.introspection && s.graphiql && !s.schema_options().suggestions);
        let flags = HardeningArgs {
            introspection: true,
            ..HardeningArgs::default()
        };
        let file = FileConfig::parse("profile = \"production\"\n").unwrap();
        let s = layered(file, flags).unwrap();
        assert!(s.introspection && !s.graphiql);
    }

    #[test]
    fn limits_layer_and_out_of_range_values_are_all_reported() {
        let file = FileConfig::parse("max_depth = 20\nmax_aliases = 30\nmax_tokens = 5\n").unwrap();
        let flags = HardeningArgs {
            max_depth: Some(12),
            max_document_bytes: Some(0),
            ..HardeningArgs::default()
        };
        let err = layered(file.clone(), flags).unwrap_err();
        assert!(
            err.contains("max_tokens") && err.contains("max_document_bytes"),
            "{err}"
        );
        let ok = FileConfig {
            max_tokens: None,
            ..file
        };
        let s = layered(
            ok,
            HardeningArgs {
                max_depth: Some(12),
                ..HardeningArgs::default()
            },
        )
        .unwrap();
        assert_eq!(
            (s.limits.operation.max_depth, s.limits.operation.max_aliases),
            (12, 30)
        );
    }
}
