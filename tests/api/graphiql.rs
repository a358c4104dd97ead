//! `/graphiql` works with no internet access: everything it loads comes from the binary,
//! proven in Debian's Chromium driven by `tests/browser/graphiql.mjs` with every request
//! to another host aborted. The page's HTML is the server's; SQLite is enough.

use std::path::PathBuf;

use certgraph_tests::{assert_stayed_local_and_clean, run_browser_script, Backend, TestApp};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_answers_a_query_in_chromium_with_every_outside_request_blocked() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphiql.png");
    let url = format!("{}/graphiql", app.address);
    let args = [url.as_str(), "--screenshot", screenshot.to_str().unwrap()];
    let report = run_browser_script("graphiql.mjs", &args).await;

    assert_stayed_local_and_clean(&report);
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
        6,
        "stylesheet, React, ReactDOM, GraphiQL, graphql-ws, start-up: {paths:?}"
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
