//! The README's options table against the real command line: every option of `serve` (and
//! the global ones) has its row with its environment variable and its default as the code
//! has it, and the table lists nothing else. A new setting fails here until its row exists.

use std::collections::BTreeMap;

use clap::CommandFactory;

use crate::cli::Cli;

/// One row of the table: the environment variable and the default column.
#[derive(Debug, PartialEq)]
struct Row {
    env: String,
    default: String,
}

/// The README's rows, by flag (`--max-batch`), from lines like
/// ``| `--max-batch N` | `CERTGRAPH_MAX_BATCH` | `0`: … |``.
fn readme_rows() -> BTreeMap<String, Row> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md is readable");
    let mut rows = BTreeMap::new();
    for line in readme.lines().filter(|l| l.starts_with("| `--")) {
        // `\|` inside a cell is an escaped pipe, not a column border.
        let cells: Vec<String> = line
            .replace("\\|", "\u{0}")
            .split('|')
            .map(|c| c.trim().replace('\u{0}', "|"))
            .collect();
        let [_, option, env, default, ..] = &cells[..] else {
            panic!("a row with fewer than three columns: {line}");
        };
        let flag = option.trim_matches('`').split(' ').next().unwrap_or_default();
        let row = Row {
            env: env.trim_matches('`').to_owned(),
            default: default.clone(),
        };
        assert!(rows.insert(flag.to_owned(), row).is_none(), "{flag} twice");
    }
    rows
}

/// The code's options of `serve`, global ones included, as the README should show them:
/// a default column starting with the default in backticks, where there is one.
fn code_rows() -> BTreeMap<String, (String, Option<String>)> {
    let mut cli = Cli::command();
    cli.build();
    let serve = cli.find_subcommand("serve").expect("a serve command");
    serve
        .get_arguments()
        .filter_map(|arg| {
            let long = arg.get_long().filter(|l| !matches!(*l, "help" | "version"))?;
            let env = arg.get_env().map(|e| e.to_string_lossy().into_owned());
            let defaults: Vec<_> = arg
                .get_default_values()
                .iter()
                .map(|d| d.to_string_lossy())
                .collect();
            let default = (arg.get_action().takes_values() && !defaults.is_empty())
                .then(|| format!("`{}`", defaults.join(",")));
            Some((format!("--{long}"), (env.unwrap_or_default(), default)))
        })
        .collect()
}

#[test]
fn the_readme_options_table_matches_the_command_line() {
    let readme = readme_rows();
    // A table this test no longer recognises would leave nothing to compare.
    assert!(readme.len() > 20, "the options table was not found: {readme:?}");
    let code = code_rows();
    let missing: Vec<_> = code.keys().filter(|f| !readme.contains_key(*f)).collect();
    let extra: Vec<_> = readme.keys().filter(|f| !code.contains_key(*f)).collect();
    assert!(
        missing.is_empty(),
        "options missing from the README's table: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "README rows for options that do not exist: {extra:?}"
    );
    for (flag, (env, default)) in &code {
        let row = &readme[flag];
        assert_eq!(&row.env, env, "{flag}: environment variable");
        match default {
            Some(default) => assert!(
                row.default.starts_with(default.as_str()),
                "{flag}: the README says {:?}, the code's default is {default}",
                row.default
            ),
            None => assert!(
                !row.default.starts_with('`'),
                "{flag}: the README gives a default ({:?}) the code does not have",
                row.default
            ),
        }
    }
}
