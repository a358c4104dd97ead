//! The `certgraph` binary's commands, run as a user runs them.
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn certgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_certgraph"))
}

#[test]
fn schema_prints_exactly_schema_graphql() {
    let out = certgraph().arg("schema").output().unwrap();
    assert!(out.status.success());
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), on_disk);
}

#[test]
fn migrate_creates_the_schema_and_loads_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = certgraph()
        .args(["migrate", "--database-url"])
        .arg(format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let settings = certgraph_store::DatabaseSettings::new(format!("sqlite://{}", db.display()));
        let store = certgraph_store::Store::connect(&settings).await.unwrap();
        assert!(store.migrations_current().await.unwrap());
        assert!(store.is_empty().await.unwrap());
    });
}

#[test]
fn a_bad_listen_address_is_refused_with_a_clear_message() {
    let out = certgraph()
        .args([
            "serve",
            "--listen",
            "nowhere",
            "--database-url",
            "sqlite::memory:",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("HOST:PORT"), "{stderr}");
}

#[test]
fn help_documents_every_command() {
    let out = certgraph().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for command in ["serve", "migrate", "schema"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn schema_federation_prints_the_subgraph_sdl() {
    let out = certgraph().args(["schema", "--federation"]).output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed, certgraph_graphql::federation_sdl());
    assert!(printed.contains("@link("), "{printed}");
}

#[test]
fn federation_is_off_unless_the_flag_or_certgraph_federation_turns_it_on() {
    use certgraph::cli::{Cli, Command};
    use clap::{CommandFactory, Parser};

    let federation = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
        Command::Serve(serve) => {
            serve
                .into_settings(Some("sqlite::memory:".into()))
                .unwrap()
                .federation
        }
        other => panic!("{other:?}"),
    };
    assert!(!federation(&["certgraph", "serve"]));
    assert!(federation(&["certgraph", "serve", "--federation"]));
    let cli = Cli::command();
    let serve = cli.find_subcommand("serve").unwrap();
    let flag = serve
        .get_arguments()
        .find(|a| a.get_id() == "federation")
        .unwrap();
    assert_eq!(
        flag.get_env().and_then(|e| e.to_str()),
        Some("CERTGRAPH_FEDERATION")
    );
}

/// Each layer over the one below: the file over the defaults, an environment variable over
/// the file, a flag over the variable. `check` prints the address it would listen on.
#[test]
fn the_environment_overrides_the_file_and_a_flag_overrides_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("c.db").display());
    let migrate = certgraph()
        .args(["--database-url", &url, "migrate"])
        .output()
        .unwrap();
    assert!(migrate.status.success());
    let config = dir.path().join("certgraph.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:4001\"\nmax_batch = 5\n").unwrap();
    let check = |env: &[(&str, &str)], flags: &[&str]| {
        let mut command = certgraph();
        command
            .args(["--database-url", &url, "check", "--config"])
            .arg(&config)
            .args(flags);
        command.env_remove("CERTGRAPH_LISTEN").envs(env.iter().copied());
        command.output().unwrap()
    };
    let listen = |env: &[(&str, &str)], flags: &[&str]| {
        let out = check(env, flags);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let env = [("CERTGRAPH_LISTEN", "127.0.0.1:4002")];
    assert!(listen(&[], &[]).contains("127.0.0.1:4001"));
    assert!(listen(&env, &[]).contains("127.0.0.1:4002"));
    assert!(listen(&env, &["--listen", "127.0.0.1:4003"]).contains("127.0.0.1:4003"));
    let refused = check(&[("CERTGRAPH_MAX_BATCH", "500")], &[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains("max_batch"),
        "{stderr}"
    );
}
