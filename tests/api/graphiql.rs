//! `/graphiql` works with no internet access: everything it loads comes from the binary,
//! proven in Debian's Chromium driven by `tests/browser/graphiql.mjs` with every request
//! to another host aborted. The page's HTML is the server's; SQLite is enough.

use std::path::{Path, PathBuf};
use std::time::Duration;

use certgraph_tests::{Backend, TestApp};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_answers_a_query_in_chromium_with_every_outside_request_blocked() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphiql.png");
    let report = run_browser(&format!("{}/graphiql", app.address), &screenshot).await;

    assert_eq!(
        report["canary"]["blocked"], true,
        "the guard must abort outside requests: {report:#}"
    );
    for outside in ["blocked", "externalSucceeded", "externalWebSockets"] {
        assert_eq!(report[outside], json!([]), "{outside}: {report:#}");
    }
    for failure in ["localFailed", "pageErrors", "consoleErrors"] {
        assert_eq!(report[failure], json!([]), "{failure}: {report:#}");
    }
    assert_eq!(
        report["response"],
        json!({ "data": { "certification": { "name": "DevOps Engineer Expert" } } })
    );
    assert_eq!(
        report["defaultQueryShown"], true,
        "the default query is on the page"
    );
    assert_eq!(
        report["headerSent"], true,
        "the headers editor's header reached /graphql"
    );
    assert!(
        report["historyItems"].as_u64() >= Some(1),
        "history remembers the query"
    );
    let docs = report["docs"]["queryFields"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        docs.contains(&json!("plan")),
        "the docs list Query's fields: {docs:?}"
    );
    let bytes = std::fs::metadata(&screenshot).map(|m| m.len()).unwrap_or(0);
    assert!(bytes > 10_000, "a real screenshot at {}", screenshot.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_assets_come_from_the_server_cached_for_good() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let page = app
        .client
        .get(format!("{}/graphiql", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'none'; script-src 'self';"), "{csp}");
    let html = page.text().await.unwrap();
    let paths = asset_paths(&html);
    assert_eq!(
        paths.len(),
        5,
        "stylesheet, React, ReactDOM, GraphiQL, start-up: {paths:?}"
    );

    for path in paths {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        let expected_type = if path.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(header("content-type").starts_with(expected_type), "{path}");
        let cache = header("cache-control");
        if path.ends_with("/certgraph-graphiql.js") {
            assert_eq!(cache, "no-cache", "our own script is not versioned");
        } else {
            assert_eq!(cache, "public, max-age=31536000, immutable", "{path}");
        }
    }
    let missing = app.client.get(format!("{}/graphiql/assets/nope.js", app.address));
    assert_eq!(missing.send().await.unwrap().status(), 404);
}

/// Every `src="…"` and `href="…"` of the page that is not a `data:` URL.
fn asset_paths(html: &str) -> Vec<String> {
    ["src=\"", "href=\""]
        .iter()
        .flat_map(|attr| html.split(attr).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .filter(|url| !url.starts_with("data:"))
        .map(|url| {
            assert!(url.starts_with("/graphiql/assets/"), "the page loads {url}");
            url.to_owned()
        })
        .collect()
}

/// Runs `node tests/browser/graphiql.mjs URL` and returns its JSON report.
async fn run_browser(url: &str, screenshot: &Path) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let hint = "run scripts/install-test-deps.sh (scripts/test.sh does)";
    assert!(Path::new(&chromium).exists(), "no Chromium at {chromium}: {hint}");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: {hint}"
    );
    let run = tokio::process::Command::new("node")
        .arg(dir.join("graphiql.mjs"))
        .arg(url)
        .arg("--screenshot")
        .arg(screenshot)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("graphiql.mjs finishes within 2 minutes")
        .expect("node runs (Node 20 must be on PATH)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "graphiql.mjs failed:\n{stderr}");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("graphiql.mjs printed no JSON ({e}):\n{stderr}"))
}
