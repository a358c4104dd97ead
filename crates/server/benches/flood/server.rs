//! The server under test: the release binary on a synthetic catalog.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use certgraph_store::{DatabaseSettings, Store};

/// A database file holding `certifications` synthetic certifications (kept in a temporary
/// directory that lives as long as the returned guard).
pub struct Database {
    _dir: tempfile::TempDir,
    pub url: String,
}

pub async fn synthetic_database(certifications: usize) -> Database {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path: PathBuf = dir.path().join("flood.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&DatabaseSettings::new(url.clone()))
        .await
        .expect("the benchmark database");
    store.migrate().await.expect("migrations");
    let catalog = certgraph_testkit::synthetic_catalog(certifications, 7);
    store
        .insert_catalog(&catalog)
        .await
        .expect("the synthetic catalog");
    store.close().await.expect("closing");
    Database { _dir: dir, url }
}

pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Starts `certgraph serve` with `args` and waits until it is ready.
    pub async fn start(database: &Database, args: &[&str]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_certgraph"))
            .args(["--database-url", &database.url, "serve", "--no-bundled-catalog"])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the certgraph binary starts");
        let server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = reqwest::Client::new();
        loop {
            let ready = client.get(format!("{}/readyz", server.url)).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
