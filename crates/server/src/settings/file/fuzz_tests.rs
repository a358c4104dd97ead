//! Fuzz targets for the configuration file (proptest: stable Rust has no libFuzzer): any
//! text is parsed or refused with an error naming a real line; a parsed file is layered into
//! settings or refused with problems that name the keys the file set. `PROPTEST_CASES` (set
//! by `scripts/fuzz.sh`) runs them longer.

use certgraph_testkit::proptest_config;
use proptest::prelude::*;
use proptest::sample::Index;

use super::parse;
use crate::settings::layers::{as_map, keys};
use crate::settings::{Config, Given, Settings, SettingsError};

/// Every key with a value the server accepts: its default, written as TOML. Taken from the
/// tree, so a new setting is fuzzed without being listed here.
fn valid() -> Vec<(String, String)> {
    as_map(&Config::default())
        .into_iter()
        .map(|(key, value)| {
            let value = match toml::Value::try_from(&value) {
                Ok(value) => value.to_string(),
                // Unset by default: the only such settings are switches.
                Err(_) => "true".to_owned(),
            };
            (key, value)
        })
        .collect()
}

fn valid_file() -> String {
    valid().iter().map(|(k, v)| format!("{k} = {v}\n")).collect()
}

/// The 1-based lines a message names as `line N`.
fn lines_named(message: &str) -> Vec<usize> {
    message
        .match_indices("line ")
        .filter_map(|(at, m)| {
            let rest = &message[at + m.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// Parses `text` and, if it parses, layers it: a refusal names a line of `text`, or the
/// keys of `text` that are to blame.
fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Err(message) => {
            let lines = 1 + text.matches('\n').count();
            let named = lines_named(&message);
            prop_assert!(!named.is_empty(), "no line in {message:?}");
            for line in named {
                prop_assert!((1..=lines).contains(&line), "line {line} of {lines}: {message}");
            }
        }
        Ok(file) => {
            let set: Vec<String> = keys().into_iter().filter(|k| text.contains(k)).collect();
            match Config::layered(file, &Given::default()).and_then(Settings::from_config) {
                Ok(_) => {}
                Err(SettingsError::Invalid(problems)) => {
                    for problem in problems {
                        prop_assert!(
                            set.iter().any(|k| problem.contains(k)),
                            "{problem:?} names no key the file set"
                        );
                    }
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
    Ok(())
}

/// A TOML value of any type, sometimes the right one for the key it lands on.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (0u64..300).prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_owned()),
        Just("-0".to_owned()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        Just("nan".to_owned()),
        Just("inf".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        "\\PC{0,16}".prop_map(|s| format!("{s:?}")),
        "[a-z0-9:./ -]{0,20}".prop_map(|s| format!("\"{s}\"")),
        Just("\"development\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
        Just("'''multi\nline'''".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        prop::collection::vec("\"[a-z0-9:/.]{0,12}\"|[0-9]{1,3}", 0..4)
            .prop_map(|v| format!("[{}]", v.join(", "))),
        Just("{ a = 1 }".to_owned()),
        Just("".to_owned()),
    ]
}

/// Lines as a hand-written file has them: known and misspelt keys, tables, comments, noise.
fn toml_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        4 => prop::sample::select(valid()).prop_map(|(k, _)| k),
        1 => "[a-z_]{1,12}",
        1 => prop::sample::select(valid()).prop_map(|(k, _)| format!("\"{k}\"")),
    ];
    prop_oneof![
        6 => (key, toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => "\\[[a-z_.]{0,10}\\]",
        1 => "# \\PC{0,20}",
        1 => "\\PC{0,30}",
        1 => Just(String::new()),
    ]
}

/// A value of the type `valid` has, anywhere in that type's range.
fn typed_value(valid: &str) -> BoxedStrategy<String> {
    let text = prop_oneof![
        3 => "\\PC{0,24}",
        1 => "(https?|ftp)://[a-z.:0-9]{0,16}(/[a-z]{0,4})?",
        1 => "[0-9a-f:.]{0,16}(:[0-9]{1,5})?",
        1 => prop::sample::select(&["development", "production", "sqlite://x.db", "postgres://u@h/db"][..]).prop_map(str::to_owned),
    ];
    let render = |v: toml::Value| v.to_string();
    match valid.as_bytes()[0] {
        b'"' => text.prop_map(move |s| render(toml::Value::String(s))).boxed(),
        b'[' => prop::collection::vec(text, 0..4)
            .prop_map(move |v| {
                render(toml::Value::Array(
                    v.into_iter().map(toml::Value::String).collect(),
                ))
            })
            .boxed(),
        b't' | b'f' => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        _ => prop_oneof![
            (0i64..1_000).prop_map(|n| n.to_string()),
            (0i64..=i64::MAX).prop_map(|n| n.to_string()),
            Just(u32::MAX.to_string()),
            Just((u64::from(u32::MAX) + 1).to_string()),
        ]
        .boxed(),
    }
}

/// Well-formed files: distinct known keys, each with a value of its type.
fn typed_file() -> impl Strategy<Value = String> {
    let valid = valid();
    let count = valid.len();
    prop::sample::subsequence(valid, 0..=count)
        .prop_flat_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| typed_value(&v).prop_map(move |value| format!("{k} = {value}\n")))
                .collect::<Vec<_>>()
        })
        .prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn fuzz_config_typed_values_layer_or_name_their_keys(text in typed_file()) {
        check(&text)?;
    }

    #[test]
    fn fuzz_config_arbitrary_text(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn fuzz_config_toml_shaped_lines(lines in prop::collection::vec(toml_line(), 0..12), crlf in any::<bool>()) {
        check(&lines.join(if crlf { "\r\n" } else { "\n" }))?;
    }

    #[test]
    fn fuzz_config_valid_file_mutated(
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), "\\PC|[=\"'\\[\\]#\n]"), 1..8),
        cut in any::<Index>(),
    ) {
        let mut text = valid_file();
        for (at, op, piece) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = boundaries[at.index(boundaries.len())];
            let end = boundaries.iter().copied().find(|&b| b > start).unwrap_or(start);
            match op % 3 {
                0 => text.insert_str(start, &piece),
                1 => text.replace_range(start..end, &piece),
                _ => text.replace_range(start..end, ""),
            }
        }
        check(&text)?;
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        check(&text[..boundaries[cut.index(boundaries.len())]])?;
    }

    #[test]
    fn fuzz_config_valid_file_lines_deleted_duplicated_swapped(
        picks in prop::collection::vec(any::<Index>(), 0..40),
    ) {
        let file = valid_file();
        let lines: Vec<&str> = file.lines().collect();
        let text: Vec<&str> = picks.iter().map(|i| lines[i.index(lines.len())]).collect();
        check(&text.join("\n"))?;
    }

    #[test]
    fn fuzz_config_a_wrong_value_is_refused_naming_its_key_and_line(at in any::<Index>(), value in toml_value()) {
        let valid = valid();
        let i = at.index(valid.len());
        let key = &valid[i].0;
        let mut lines: Vec<String> = valid.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        lines[i] = format!("{key} = {value}");
        let text = lines.join("\n");
        check(&text)?;
        // A value that is TOML but not what the key takes: the message names the key and its line.
        if let (Err(message), Ok(_)) = (parse(&text), toml::from_str::<toml::Table>(&text)) {
            prop_assert!(lines_named(&message).contains(&(i + 1)), "{message}");
            prop_assert!(message.contains(key), "{key} not in {message}");
        }
    }
}

#[test]
fn the_valid_file_parses_and_layers() {
    let file = parse(&valid_file()).expect("parses");
    assert_eq!(file.len(), keys().len(), "every setting is in the valid file");
    Config::layered(file, &Given::default())
        .and_then(Settings::from_config)
        .expect("layers");
}
