//! API keys for the server under test: made, listed and revoked with the real `certgraph
//! keys` command run as a process of its own, and requests that send one.

use serde_json::json;

use crate::TestApp;

/// What one run of `certgraph keys` printed, and whether it succeeded.
pub struct KeysRun {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl TestApp {
    /// Runs `certgraph keys ARGS` against this app's database. `binary` is the command line
    /// built from the server's `main.rs`: pass `env!("CARGO_BIN_EXE_certgraph-cli")`.
    pub async fn keys_command(&self, binary: &str, args: &[&str]) -> KeysRun {
        let out = tokio::process::Command::new(binary)
            .args(["--database-url", &self.database.url, "keys"])
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .await
            .expect("certgraph keys runs");
        KeysRun {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `certgraph keys create --name NAME --role ROLE`, which must succeed: the secret it
    /// printed.
    pub async fn create_key(&self, binary: &str, name: &str, role: &str) -> String {
        let run = self
            .keys_command(binary, &["create", "--name", name, "--role", role])
            .await;
        assert!(run.success, "keys create failed: {}", run.stderr);
        run.stdout.trim().to_owned()
    }

    /// `certgraph keys list`, which must succeed: what it printed.
    pub async fn list_keys(&self, binary: &str) -> String {
        let run = self.keys_command(binary, &["list"]).await;
        assert!(run.success, "keys list failed: {}", run.stderr);
        run.stdout
    }

    /// POSTs `query` from `client`, with `Authorization` set to `authorization` (the whole
    /// header value, e.g. `Bearer cgk_…`) unless `None`.
    pub async fn post_authorized(
        &self,
        client: &reqwest::Client,
        authorization: Option<&str>,
        query: &str,
    ) -> reqwest::Response {
        let mut request = client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query }));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send().await.expect("request sent")
    }
}

/// `Bearer <secret>`, as clients send a key.
pub fn bearer(secret: &str) -> String {
    format!("Bearer {secret}")
}

/// A secret of the right shape that no key has (a fresh one each time).
pub fn unknown_key() -> String {
    let random = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    format!("cgk_{}", &random[..43])
}
