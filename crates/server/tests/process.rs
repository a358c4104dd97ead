//! The real `certgraph` process: configuration layering, `check`, request ids in its
//! logs, and graceful shutdown on SIGTERM.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use certgraph_store::{DatabaseSettings, Store};

struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Server {
    /// Starts `certgraph serve` with JSON logs and waits until it is ready for traffic.
    fn start(db_url: &str, extra: &[&str]) -> Self {
        let mut server = Self::launch(db_url, extra);
        server.wait_for("database ready");
        server
    }

    /// Starts `certgraph serve` with JSON logs and waits for its "listening" line only.
    fn launch(db_url: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_certgraph"))
            .args([
                "--log-format",
                "json",
                "--database-url",
                db_url,
                "serve",
                "--listen",
                "127.0.0.1:0",
            ])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Self {
            child,
            port: 0,
            lines,
            seen: Vec::new(),
        };
        let line = server.wait_for("certgraph listening");
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        server.port = json["fields"]["port"].as_u64().unwrap() as u16;
        server
    }

    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no log line with {needle:?}; saw:\n{}", self.seen.join("\n")),
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("c.db").display())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_id_sent_in_appears_in_the_log_line_of_that_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&sqlite_url(&dir), &[]);
    let response = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("x-request-id", "audit-7f3a")
        .json(&serde_json::json!({ "query": "{ exam(code: \"AZ-400\") { code } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "audit-7f3a");
    let line = server.wait_for("request finished");
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json["span"]["request_id"], "audit-7f3a", "{line}");
    assert_eq!(json["fields"]["status"], 200);
}

/// A request that takes a while: planning everything within three exams on a large catalog.
/// A synthetic catalog of `certifications` in which `eligible` searches take a while.
async fn slow_catalog(url: &str, certifications: usize) {
    let store = Store::connect(&DatabaseSettings::new(url)).await.unwrap();
    store.migrate().await.unwrap();
    store
        .insert_catalog(&certgraph_testkit::synthetic_catalog(certifications, 5))
        .await
        .unwrap();
    store.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_slow_request_lets_it_finish_then_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir);
    slow_catalog(&url, 3000).await;
    let mut server = Server::start(
        &url,
        &[
            "--plan-max-work",
            "100000000",
            "--request-timeout-secs",
            "300",
            "--shutdown-timeout-secs",
            "300",
        ],
    );
    let query = r#"{ eligible(holding: [], withinExams: 3) { examsNeeded } }"#;
    let request = reqwest::Client::new()
        .post(server.url("/graphql"))
        .json(&serde_json::json!({ "query": query }));
    let started = Instant::now();
    let in_flight = tokio::spawn(async move { request.send().await.unwrap() });
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal("TERM");
    let response = in_flight.await.unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["data"]["eligible"].as_array().is_some_and(|a| !a.is_empty()),
        "{body}"
    );
    assert!(
        took > Duration::from_millis(300),
        "the request must have been in flight at SIGTERM ({took:?})"
    );
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    server.wait_for("certgraph stopped");
}

/// Runs the binary to completion.
fn certgraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_certgraph"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_validates_configuration_and_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir);
    assert!(certgraph(&["--database-url", &url, "migrate"]).status.success());
    let ok = certgraph(&["--database-url", &url, "check"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("ok:"));

    let config = dir.path().join("certgraph.toml");
    std::fs::write(
        &config,
        "listen = \"127.0.0.1:0\"\nmax_batch = 500\ncors_allowed_origins = [\"nope\"]\n",
    )
    .unwrap();
    let bad = certgraph(&[
        "--database-url",
        &url,
        "check",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("max_batch") && stderr.contains("nope"),
        "{stderr}"
    );

    std::fs::write(&config, "listen_address = \"127.0.0.1:0\"\n").unwrap();
    let typo = certgraph(&[
        "--database-url",
        &url,
        "check",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&typo.stderr).contains("listen_address"));
}

#[test]
fn flags_override_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir);
    let config = dir.path().join("certgraph.toml");
    std::fs::write(
        &config,
        format!("database_url = \"{url}\"\nlisten = \"127.0.0.1:1\"\n"),
    )
    .unwrap();
    assert!(certgraph(&["--database-url", &url, "migrate"]).status.success());
    let out = certgraph(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "--listen",
        "127.0.0.1:4567",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("127.0.0.1:4567"),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_past_the_request_timeout_gets_504_timeout_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir);
    // Searched in memory, a search must be large to outlast a second.
    slow_catalog(&url, 10_000).await;
    let server = Server::start(
        &url,
        &["--plan-max-work", "100000000", "--request-timeout-secs", "1"],
    );
    let client = reqwest::Client::new();
    let started = Instant::now();
    let query = r#"{ eligible(holding: [], withinExams: 5) { examsNeeded } }"#;
    let response = client
        .post(server.url("/graphql"))
        .json(&serde_json::json!({ "query": query }))
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(response.status(), 504);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT", "{body}");
    let ok = client
        .post(server.url("/graphql"))
        .json(&serde_json::json!({ "query": "{ exam(code: \"EX-0001\") { code } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

/// A PostgreSQL URL where nothing listens.
fn unreachable_postgres_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("postgres://certgraph:s3cret@127.0.0.1:{port}/certgraph")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_its_database_keeps_running_and_answers_health_checks() {
    let mut server = Server::launch(&unreachable_postgres_url(), &[]);
    let client = reqwest::Client::new();
    let base = server.url("");
    let status = |path: &'static str| {
        let request = client.get(format!("{base}{path}"));
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status("/healthz").await, 200);
    assert_eq!(status("/readyz").await, 503);
    let response = client
        .post(server.url("/graphql"))
        .json(&serde_json::json!({ "query": "{ exam(code: \"AZ-400\") { code } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "{body}"
    );

    let line = server.wait_for("database not ready");
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        json["level"], "WARN",
        "a late database is not an error yet: {line}"
    );
    assert!(!line.contains("s3cret"), "{line}");
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
    assert_eq!(status("/healthz").await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unusable_sqlite_path_is_logged_as_an_error_while_serve_keeps_running() {
    let url = "sqlite:///nonexistent-certgraph-dir/c.db";
    let mut server = Server::launch(url, &[]);
    let line = server.wait_for("database not ready");
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json["level"], "ERROR", "{line}");
    assert!(line.contains("unable to open database file"), "{line}");
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
}

#[test]
fn migrate_fails_fast_and_clearly_when_the_database_is_down() {
    for url in [
        unreachable_postgres_url(),
        "sqlite:///nonexistent-certgraph-dir/c.db".to_owned(),
    ] {
        let started = Instant::now();
        let out = certgraph(&["--database-url", &url, "migrate"]);
        assert!(!out.status.success());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("database unavailable"), "{stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
}

/// A URL no driver can parse is refused by every command without echoing its password
/// (drivers quote the URL they could not parse).
#[test]
fn a_malformed_database_url_is_refused_without_its_password() {
    let url = "postgres://certgraph:s3cret@127.0.0.1:notaport/certgraph";
    for command in [
        &["serve", "--listen", "127.0.0.1:0"][..],
        &["migrate"],
        &["export"],
        &["check"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_certgraph"))
            .args(["--database-url", url])
            .args(command)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("URL"), "{command:?}: {stderr}");
        assert!(!stderr.contains("s3cret"), "{command:?}: {stderr}");
    }
}
