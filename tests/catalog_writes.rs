//! Changing the catalog under a running server (as an import or another process would) and
//! waiting until the server serves the change.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::TestApp;

impl TestApp {
    /// Writes a whole catalog into the server's database, as an import from another
    /// process would, and waits until the server serves it (its snapshot has the version
    /// the write committed).
    pub async fn load_catalog(&self, catalog: &certgraph_domain::Catalog) {
        if let Some(version) = self.load_catalog_without_waiting(catalog).await {
            self.wait_for_catalog_version(version).await;
        }
    }

    /// Writes a whole catalog into the server's database through a store of its own, and
    /// returns the version committed (`None` when nothing changed).
    pub async fn load_catalog_without_waiting(&self, catalog: &certgraph_domain::Catalog) -> Option<i64> {
        let store = self.other_store().await;
        let options = certgraph_store::ApplyOptions::default();
        let summary = store.apply_catalog(catalog.clone(), options).await.unwrap();
        store.close().await.unwrap();
        summary.version
    }

    /// Re-imports the bundled catalog with one certification renamed, and waits until the
    /// server serves it.
    pub async fn rename_certification(&self, code: &str, name: &str) {
        let mut catalog = certgraph_catalog::bundled().unwrap().catalog;
        let certification = catalog
            .certifications
            .iter_mut()
            .find(|c| c.code.as_str() == code)
            .unwrap_or_else(|| panic!("no certification {code} in the bundled catalog"));
        certification.name = name.to_owned();
        self.load_catalog(&catalog).await;
    }

    /// The catalog version the server's snapshot holds, from `/readyz`.
    pub async fn catalog_version(&self) -> Option<i64> {
        let ready: Value = self
            .client
            .get(format!("{}/readyz", self.address))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        ready["catalog"]["version"].as_i64()
    }

    /// Waits (up to 10 s, then panics) until the server serves catalog `version` or later.
    pub async fn wait_for_catalog_version(&self, version: i64) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while self.catalog_version().await.is_none_or(|v| v < version) {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not serve catalog version {version} within 10 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `certgraph import` as a process of its own (`binary`, the command line built
    /// from the server's `main.rs`: pass `env!("CARGO_BIN_EXE_certgraph-cli")`) on a
    /// catalog file holding `catalog`, against this app's database, and returns what it
    /// printed. Panics unless it exits 0. Does not wait for the server.
    pub async fn import_in_another_process(
        &self,
        binary: &str,
        catalog: &certgraph_domain::Catalog,
    ) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        let document = certgraph_catalog::CatalogDocument {
            notes: Vec::new(),
            catalog: catalog.clone(),
        };
        std::fs::write(&path, serde_json::to_vec(&document).unwrap()).unwrap();
        let out = tokio::process::Command::new(binary)
            .args([
                "--database-url",
                &self.database.url,
                "import",
                "--format",
                "catalog",
            ])
            .arg(&path)
            .env("RUST_LOG", "warn")
            .output()
            .await
            .expect("the import runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "certgraph import failed ({}): {stderr}",
            out.status
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The catalog version the database has committed (not necessarily the one served).
    pub async fn committed_catalog_version(&self) -> i64 {
        let store = self.other_store().await;
        let version = store.catalog_version().await.unwrap();
        store.close().await.unwrap();
        version
    }

    async fn other_store(&self) -> certgraph_store::Store {
        let settings = certgraph_store::DatabaseSettings::new(self.database.url.clone());
        certgraph_store::Store::connect(&settings).await.unwrap()
    }

    /// Watches the database, from a connection of its own, for a committed catalog version
    /// above `version`; the task ends with that version and about when it was committed
    /// (first seen, asking every 5 ms), to time how long the server takes to follow it.
    /// Panics if none comes within 60 s.
    pub async fn watch_for_commit_after(&self, version: i64) -> tokio::task::JoinHandle<(i64, Instant)> {
        let store = self.other_store().await;
        tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                // SQLite may be busy while the writer commits; the next turn asks again.
                if let Ok(seen) = store.catalog_version().await {
                    if seen > version {
                        let at = Instant::now();
                        store.close().await.ok();
                        return (seen, at);
                    }
                }
                assert!(
                    Instant::now() < deadline,
                    "no catalog version above {version} was committed"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    }

    /// Asks `query` every 5 ms until `done` accepts the whole response, and returns when
    /// it first did. Panics after 30 s.
    pub async fn wait_until_served(&self, query: &str, done: impl Fn(&Value) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let response = self.graphql(query).await;
            if done(&response) {
                return Instant::now();
            }
            assert!(
                Instant::now() < deadline,
                "never served as expected; last answer: {response}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// The bundled catalog with the DevOps certification renamed and its exam AZ-400 retitled,
/// both tagged with `generation` (`… (gen 3)`): a change whose arrival a test can recognise.
pub fn tagged(generation: usize) -> certgraph_domain::Catalog {
    let mut catalog = certgraph_catalog::bundled().unwrap().catalog;
    let devops = catalog
        .certifications
        .iter_mut()
        .find(|c| c.code.as_str() == "devops-engineer")
        .unwrap();
    devops.name = format!("DevOps Engineer Expert (gen {generation})");
    let exam = catalog
        .exams
        .iter_mut()
        .find(|e| e.code.as_str() == "AZ-400")
        .unwrap();
    exam.title = Some(format!("Designing and Implementing DevOps (gen {generation})"));
    catalog
}

/// The bundled catalog with the exam `code` retired.
pub fn with_exam_retired(code: &str) -> certgraph_domain::Catalog {
    let mut catalog = certgraph_catalog::bundled().unwrap().catalog;
    let exam = catalog
        .exams
        .iter_mut()
        .find(|e| e.code.as_str() == code)
        .unwrap();
    exam.status = certgraph_domain::ExamStatus::Retired;
    catalog
}
