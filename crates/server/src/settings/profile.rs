//! The profile: how much the server tells clients about itself (introspection, GraphiQL,
//! "did you mean …" suggestions), with a switch to turn each of the first two back on.

use certgraph_graphql::SchemaOptions;
use clap::{ArgAction, Args, ValueEnum};
use serde::{Deserialize, Serialize};

use super::Settings;

/// What the server tells clients about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Introspection, GraphiQL and "did you mean …" suggestions on.
    #[default]
    Development,
    /// Introspection, GraphiQL and suggestions off (`--introspection` and `--graphiql`
    /// turn the first two back on).
    Production,
}

/// What the server tells clients about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Profile")]
pub struct ProfileSection {
    /// `production` turns introspection, GraphiQL and field suggestions off.
    #[arg(long, env = "CERTGRAPH_PROFILE", value_enum)]
    pub profile: Profile,

    /// Answer introspection (`__schema`, `__type`) even in production.
    // Unset means "as the profile says"; clap's own `false` is never layered (see `layers`).
    #[arg(long, env = "CERTGRAPH_INTROSPECTION", action = ArgAction::SetTrue)]
    pub introspection: Option<bool>,

    /// Serve GraphiQL at /graphiql even in production.
    #[arg(long, env = "CERTGRAPH_GRAPHIQL", action = ArgAction::SetTrue)]
    pub graphiql: Option<bool>,

    /// Serve the catalog explorer at /explore even in production.
    #[arg(long, env = "CERTGRAPH_EXPLORER", action = ArgAction::SetTrue)]
    pub explorer: Option<bool>,
}

impl ProfileSection {
    pub(super) fn apply(self, settings: &mut Settings) {
        settings.set_profile(self.profile);
        settings.introspection = self.introspection.unwrap_or(settings.introspection);
        settings.graphiql = self.graphiql.unwrap_or(settings.graphiql);
        settings.explorer = self.explorer.unwrap_or(settings.explorer);
    }
}

impl Settings {
    /// Switches to `profile` with its defaults for introspection and GraphiQL.
    pub fn set_profile(&mut self, profile: Profile) {
        self.profile = profile;
        self.introspection = profile == Profile::Development;
        self.graphiql = profile == Profile::Development;
        self.explorer = profile == Profile::Development;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{file, Config, Given};

    fn layered(file: &str, flags: Given<Config>) -> Settings {
        Config::layered(file::parse(file).unwrap(), &flags)
            .and_then(Settings::from_config)
            .unwrap()
    }

    fn introspection_flag() -> Given<Config> {
        let mut given = Given::<Config>::default();
        given.value.profile.introspection = Some(true);
        given.ids.insert("introspection".to_owned());
        given
    }

    #[test]
    fn development_exposes_everything_by_default() {
        let s = layered("", Given::default());
        assert_eq!(s.profile, Profile::Development);
        assert!(s.introspection && s.graphiql && s.schema_options().suggestions);
        assert_eq!(s.limits.operation, certgraph_graphql::OperationLimits::default());
    }

    #[test]
    fn production_hides_everything_unless_turned_back_on() {
        let s = layered("profile = \"production\"\ngraphiql = true\n", Given::default());
        assert!(!s.introspection && s.graphiql && !s.schema_options().suggestions);
        let s = layered("profile = \"production\"\n", introspection_flag());
        assert!(s.introspection && !s.graphiql);
    }
}
