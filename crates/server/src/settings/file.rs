//! The optional TOML configuration file: the same settings as the flags, as top-level
//! `snake_case` keys. Read here, before layering, so that every refusal names its key and
//! line: unknown keys (typos) and values of the wrong type, all of them at once.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};
use toml::Spanned;

use super::{layers, Config, SettingsError};

/// Reads and checks the file; errors name the file, and each problem its key and line.
pub fn load(path: &Path) -> Result<Map<String, Value>, SettingsError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SettingsError::ConfigFile(format!("{}: {e}", path.display())))?;
    parse(&text).map_err(|e| SettingsError::ConfigFile(format!("{}: {e}", path.display())))
}

/// The file's settings, by key, each of the type its setting takes (range checks come later,
/// with the other layers).
pub fn parse(text: &str) -> Result<Map<String, Value>, String> {
    let table: BTreeMap<String, Spanned<toml::Value>> = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(_, value)| value.span().start);
    let known = layers::keys();
    let mut problems = Vec::new();
    let mut settings = Map::new();
    for (key, value) in entries {
        let line = 1 + text[..value.span().start].matches('\n').count();
        let value = value.into_inner();
        if !known.contains(&key) {
            problems.push(format!(
                "line {line}: unknown key `{key}`; the keys are {}",
                known.join(", ")
            ));
            continue;
        }
        let alone = toml::Value::Table(toml::Table::from_iter([(key.clone(), value.clone())]));
        if let Err(e) = Config::deserialize(alone) {
            problems.push(format!("line {line}: {key}: {}", e.message()));
            continue;
        }
        settings.insert(key, as_json(value));
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems.join("\n"))
    }
}

/// `value` as the layers hold it. A date passed the type check only where a string was
/// wanted (TOML's deserializer gives it as text), so it stays text here too.
fn as_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => n.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(as_json).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, as_json(v))).collect(),
    }
}

#[cfg(test)]
mod fuzz_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_parse() {
        let config =
            parse("listen = \"0.0.0.0:9000\"\ncors_allowed_origins = [\"https://a.example\"]\n").unwrap();
        assert_eq!(config["listen"], "0.0.0.0:9000");
        assert_eq!(config["cors_allowed_origins"][0], "https://a.example");
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_refused_with_their_line() {
        let err = parse("listen = \"x\"\nlisten_adress = \"y\"\n").unwrap_err();
        assert!(err.contains("listen_adress") && err.contains("line 2"), "{err}");
        let err = parse("max_batch = \"ten\"\n").unwrap_err();
        assert!(err.contains("max_batch") && err.contains("line 1"), "{err}");
    }

    #[test]
    fn every_problem_of_a_file_is_reported_at_once() {
        let err = parse("max_batch = \"ten\"\nlisten_adress = \"y\"\nfederation = 1\n").unwrap_err();
        for part in [
            "line 1: max_batch",
            "line 2: unknown key `listen_adress`",
            "line 3: federation",
        ] {
            assert!(err.contains(part), "{part} not in {err}");
        }
    }
}
