//! A dashboard's five pages pass every limit with the default settings, on the bundled
//! catalog and on 10,000 certifications, and a whole session of them from one client is
//! never rate limited (issue 12, item 5).

use certgraph_domain::Catalog;
use certgraph_testkit::synthetic_catalog;
use certgraph_tests::{
    client_from, dashboard_queries, header_number, on_both_backends, Backend, DashboardCodes, DashboardQuery,
    SpawnOptions, TestApp, CATALOG_PAGE,
};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

on_both_backends!(
    a_dashboard_session_on_the_bundled_catalog_is_never_refused,
    a_dashboard_session_on_10000_certifications_is_never_refused,
);

/// How often the session reloads the catalog page after opening each page once: every
/// 5 s for a minute.
const RELOADS: usize = 12;

/// Sends `page` from `client` and checks it was answered in full: HTTP 200, no error, a
/// rate budget header. Returns the data and what the budget says is left.
async fn open(app: &TestApp, client: &Client, page: &DashboardQuery) -> (Value, u64) {
    let response = app.post_from(client, page.query, page.variables.clone()).await;
    let status = response.status();
    let left = header_number(&response, "ratelimit-remaining");
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{}: {body}", page.name);
    assert!(body.get("errors").is_none(), "{}: {body:#}", page.name);
    (body["data"].clone(), left)
}

/// Checks that each page answered what it is for, not an empty shell.
fn check_answers(answers: &[Value], catalog_size: usize) {
    let nodes = |v: &Value| v.as_array().map_or(0, Vec::len);
    let catalog = &answers[0]["certifications"];
    assert_eq!(catalog["totalCount"], catalog_size);
    assert_eq!(nodes(&catalog["nodes"]), catalog_size.min(100));
    assert_eq!(
        nodes(&answers[1]["certifications"]["nodes"]),
        catalog_size.min(100)
    );
    let detail = &answers[2]["certification"];
    assert!(nodes(&detail["prerequisites"]) > 0, "{detail}");
    assert!(nodes(&detail["requiredExams"]) > 0, "{detail}");
    let graph = &answers[3]["prerequisiteGraph"];
    assert!(
        nodes(&graph["nodes"]) >= 7 && nodes(&graph["edges"]) > 0,
        "{graph}"
    );
    assert!(answers[4]["plan"]["exams"].is_array(), "{}", answers[4]);
    assert!(nodes(&answers[4]["eligible"]) > 0, "{}", answers[4]);
}

/// Opens every page once, then reloads the catalog page [`RELOADS`] times without pausing:
/// the budget only refills between requests, so a session that is never refused back to
/// back is never refused at a 5-second cadence either (see
/// `a_real_minute_of_the_dashboard_is_never_refused` for the session in real time).
async fn session(app: &TestApp, codes: &DashboardCodes, catalog_size: usize) {
    let client = client_from("127.0.0.1");
    let pages = dashboard_queries(codes);
    let mut answers = Vec::new();
    for page in &pages {
        answers.push(open(app, &client, page).await.0);
    }
    check_answers(&answers, catalog_size);
    for _ in 0..RELOADS {
        open(app, &client, &pages[0]).await;
    }
}

async fn a_dashboard_session_on_the_bundled_catalog_is_never_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    session(&app, &DashboardCodes::bundled(), 7).await;
}

/// A server with only `catalog` loaded, with every default setting.
async fn serving(backend: Backend, catalog: &Catalog) -> TestApp {
    let options = SpawnOptions {
        bundled_catalog: false,
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    app.load_catalog(catalog).await;
    app
}

async fn a_dashboard_session_on_10000_certifications_is_never_refused(backend: Backend) {
    let catalog = synthetic_catalog(10_000, 7);
    let app = serving(backend, &catalog).await;
    session(&app, &DashboardCodes::of(&catalog), 10_000).await;
}

/// The session as a dashboard runs it, once, on one backend: each page, then the catalog
/// page every 5 seconds for a minute. Nothing is timed; the pauses only let the budget
/// refill as it would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_minute_of_the_dashboard_is_never_refused() {
    let catalog = synthetic_catalog(10_000, 7);
    let app = serving(Backend::Sqlite, &catalog).await;
    let client = client_from("127.0.0.1");
    let pages = dashboard_queries(&DashboardCodes::of(&catalog));
    for page in &pages {
        open(&app, &client, page).await;
    }
    let catalog_page = DashboardQuery {
        name: "catalog page",
        query: CATALOG_PAGE,
        variables: json!({}),
    };
    for _ in 0..RELOADS {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        open(&app, &client, &catalog_page).await;
    }
}
