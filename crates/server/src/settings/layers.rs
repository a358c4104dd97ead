//! How the configuration tree is filled, lowest layer first: the sections' `Default`s, the
//! TOML file, then the environment and the flags (clap reads both, a flag winning over its
//! variable). Nothing here names a setting: the tree's serde form is the list of keys.

use std::collections::BTreeSet;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command, FromArgMatches};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{Config, SettingsError};

/// A parsed `T` and the ids of the arguments the user gave it (by flag or environment), so
/// that clap's defaults, present in `value` too, do not hide what the file says.
#[derive(Debug, Clone, Default)]
pub struct Given<T> {
    pub value: T,
    pub ids: BTreeSet<String>,
}

impl<T: Args + Default + Serialize> Args for Given<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: Command) -> Command {
        with_defaults::<T>(T::augment_args(cmd))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        with_defaults::<T>(T::augment_args_for_update(cmd))
    }
}

impl<T: FromArgMatches> FromArgMatches for Given<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(Self {
            value: T::from_arg_matches(matches)?,
            ids: given_ids(matches),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.value.update_from_arg_matches(matches)?;
        self.ids.extend(given_ids(matches));
        Ok(())
    }
}

fn given_ids(matches: &ArgMatches) -> BTreeSet<String> {
    matches
        .ids()
        .map(clap::Id::as_str)
        .filter(|id| {
            matches!(
                matches.value_source(id),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            )
        })
        .map(str::to_owned)
        .collect()
}

/// Gives each option of `T` its default from `T::default()`, so that `--help` shows the
/// value the code uses rather than a copy of it.
fn with_defaults<T: Default + Serialize>(mut cmd: Command) -> Command {
    let defaults = as_map(&T::default());
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        if let Some(text) = defaults.get(&id).and_then(as_flag_value) {
            cmd = cmd.mut_arg(id, |a| a.default_value(text).required(false));
        }
    }
    cmd
}

/// A value as a user would type it after its flag; `None` when there is nothing to show
/// (an empty list, an unset switch).
fn as_flag_value(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(as_flag_value)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(",")),
        _ => None,
    }
}

/// The tree's flat serde form: one entry per setting, keyed as in the TOML file.
pub(crate) fn as_map(value: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        // The tree is plain structs of numbers, strings and lists, which always serialise.
        _ => Map::new(),
    }
}

/// Every setting's key, from the tree itself.
pub fn keys() -> Vec<String> {
    as_map(&Config::default()).into_iter().map(|(k, _)| k).collect()
}

impl Config {
    /// The tree from its layers: the defaults, then `file` (as [`super::file::parse`]
    /// returns it), then what the environment and flags gave.
    pub fn layered(file: Map<String, Value>, given: &Given<Config>) -> Result<Self, SettingsError> {
        let mut layers = file;
        let flags = as_map(&given.value);
        layers.extend(flags.into_iter().filter(|(k, _)| given.ids.contains(k)));
        serde_json::from_value(Value::Object(layers)).map_err(|e| SettingsError::Invalid(vec![e.to_string()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::file;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        settings: Given<Config>,
    }

    fn layered(file: &str, args: &[&str]) -> Config {
        let serve =
            Serve::try_parse_from(std::iter::once("serve").chain(args.iter().copied())).expect("flags parse");
        Config::layered(file::parse(file).expect("file parses"), &serve.settings).expect("layers")
    }

    #[test]
    fn flags_override_the_file_which_overrides_defaults() {
        let file = "listen = \"0.0.0.0:9000\"\nmax_batch = 5\ncache_control = \"no-cache\"\n";
        let config = layered(file, &["--listen", "127.0.0.1:7000", "--max-depth", "12"]);
        assert_eq!(config.server.listen, "127.0.0.1:7000");
        assert_eq!(config.http.max_batch, 5);
        assert_eq!(config.http.cache_control, "no-cache");
        assert_eq!(config.limits.max_depth, 12);
        assert_eq!(config.rate, Config::default().rate);
    }

    #[test]
    fn options_left_at_their_defaults_do_not_hide_the_file() {
        let config = layered("max_body_bytes = 2048\nbundled_catalog = false\n", &[]);
        assert_eq!(config.http.max_body_bytes, 2048);
        assert!(!config.server.bundled_catalog);
        let config = layered("bundled_catalog = true\n", &["--no-bundled-catalog"]);
        assert!(!config.server.bundled_catalog);
    }

    #[test]
    fn help_shows_the_defaults_of_the_code() {
        let help = Serve::try_parse_from(["serve", "--help"])
            .unwrap_err()
            .to_string();
        // Help text is wrapped to the terminal; compare it as words.
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        let defaults = Config::default();
        for shown in [
            format!("[default: {}]", defaults.http.max_body_bytes),
            format!("[default: {}]", defaults.server.listen),
            format!("[default: {}]", defaults.limits.plan_max_work),
            "[default: development]".to_owned(),
        ] {
            assert!(help.contains(&shown), "{shown} not in {help}");
        }
    }
}
