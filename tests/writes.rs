//! Writing through the API under test: GraphQL mutations sent with an API key, and a
//! second server as a process of its own (the real binary) on the same database, for the
//! tests where two replicas race.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::TestApp;

impl TestApp {
    /// POSTs `query` with `variables` and `Authorization: Bearer <secret>`: the JSON answer.
    pub async fn mutate(&self, secret: &str, query: &str, variables: Value) -> Value {
        post_as(&self.client, &self.address, secret, query, variables).await
    }
}

/// POSTs a GraphQL request with a key to the server at `address`: the JSON answer.
pub async fn post_as(
    client: &reqwest::Client,
    address: &str,
    secret: &str,
    query: &str,
    variables: Value,
) -> Value {
    crate::requests::graphql_at(client, address, query, variables, Some(secret)).await
}

/// The `extensions.code` of the first error of an answer.
pub fn error_code(answer: &Value) -> Option<&str> {
    answer["errors"][0]["extensions"]["code"].as_str()
}

/// `certgraph serve` run as a process of its own; killed when dropped.
pub struct ServerProcess {
    pub address: String,
    child: tokio::process::Child,
}

impl ServerProcess {
    /// Starts `binary serve` on `database_url` with rate limits out of the way and waits until
    /// it is ready.
    pub async fn start(binary: &str, database_url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = tokio::process::Command::new(binary)
            .args(["--database-url", database_url, "serve", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["--rate-limit-cost-per-second", "0"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("certgraph serve starts");
        let address = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = reqwest::Client::new();
        loop {
            let ready = client.get(format!("{address}/readyz")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return Self { address, child };
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the second server process did not get ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends SIGTERM (what an orchestrator stops a replica with) and waits until it exits.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("the process is running").to_string();
        let sent = tokio::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await;
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        self.child.wait().await.expect("the process exits")
    }

    /// Stops the process.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
