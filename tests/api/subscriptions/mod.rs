//! Subscriptions over WebSocket, through the real `graphql-ws` client in Node
//! (`tests/browser/subscribe.mjs`) and a raw WebSocket client (`tests/browser/rawws.mjs`):
//! changes committed by another process reach subscribers of every replica within a
//! second and in order, reconnecting subscribers are sent what they missed, and each bound
//! holds without disturbing other clients.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use certgraph_domain::Catalog;
use certgraph_tests::{tagged, TestApp};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

mod access;
mod bounds;
mod delivery;
mod graphiql;
mod resync;

/// `certgraph` itself, run as another process.
const CERTGRAPH: &str = env!("CARGO_BIN_EXE_certgraph-cli");

/// How long a test waits for something that should come at once before it gives up.
const PATIENCE: Duration = Duration::from_secs(20);

/// A Node process holding WebSocket subscriptions, reporting each message as a JSON line.
pub struct Subscriber {
    _child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Subscriber {
    /// `subscribe.mjs`: the `graphql-ws` client with these subscriptions (`{query,
    /// variables}` each) and `connection_init` payload.
    pub async fn graphql_ws(http_address: &str, subscriptions: Value, connection_params: Value) -> Self {
        let spec =
            serde_json::json!({ "subscriptions": subscriptions, "connectionParams": connection_params });
        Self::node("subscribe.mjs", http_address, spec).await
    }

    /// `rawws.mjs`: a bare WebSocket client sending `spec.send` (then pausing its reads when
    /// `spec.pause`).
    pub async fn raw(http_address: &str, spec: Value) -> Self {
        Self::node("rawws.mjs", http_address, spec).await
    }

    async fn node(script: &str, http_address: &str, spec: Value) -> Self {
        let dir = browser_dir();
        assert!(
            dir.join("node_modules/graphql-ws").is_dir() && dir.join("node_modules/ws").is_dir(),
            "run scripts/install-test-deps.sh first (the npm packages of {})",
            dir.display()
        );
        let url = format!("{}/graphql", http_address.replacen("http://", "ws://", 1));
        let mut child = Command::new("node")
            .arg(script)
            .arg(url)
            .arg(spec.to_string())
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs (Node 20 must be on PATH)");
        let stdout = child.stdout.take().unwrap();
        Self {
            _child: child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// The next message reported; panics after [`PATIENCE`] or when the script ended.
    pub async fn next(&mut self) -> Value {
        let line = tokio::time::timeout(PATIENCE, self.lines.next_line())
            .await
            .expect("a message within the test's patience")
            .unwrap()
            .expect("the client is still running");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    /// Messages until (and with) the first that `done` accepts.
    pub async fn until(&mut self, done: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let message = self.next().await;
            let last = done(&message);
            seen.push(message);
            if last {
                return seen;
            }
        }
    }

    /// The next `n` events of subscription `sub` (other subscriptions' skipped).
    pub async fn events(&mut self, sub: u64, n: usize) -> Vec<Value> {
        let mut events = Vec::new();
        while events.len() < n {
            let message = self.next().await;
            if message["sub"] == sub {
                assert!(message.get("next").is_some(), "an event, not {message}");
                events.push(message);
            }
        }
        events
    }
}

fn browser_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("browser")
}

/// A metric's value from `/metrics` (the sum over its series matching `labels`).
pub async fn metric(app_address: &str, name: &str, labels: &str) -> f64 {
    let text = reqwest::get(format!("{app_address}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|l| l.starts_with(name) && l.contains(labels))
        .filter(|l| l[name.len()..].starts_with([' ', '{']))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// Waits until `/metrics` shows `name` at `value` or more (a subscription is registered
/// on the server only once its `subscribe` message was read).
pub async fn wait_for_metric(app_address: &str, name: &str, labels: &str, value: f64) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while metric(app_address, name, labels).await < value {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name}{{{labels}}} never reached {value}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Imports `catalog` with `certgraph import` in another process.
pub async fn import_elsewhere(app: &TestApp, catalog: &Catalog) {
    app.import_in_another_process(CERTGRAPH, catalog).await;
}

pub const CHANGES: &str = "subscription($since: Int) { catalogChanged(since: $since) { kind code action version catalogVersion changedFields at } }";
