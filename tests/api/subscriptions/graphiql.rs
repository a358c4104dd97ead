//! GraphiQL at `/graphiql` runs a subscription offline: in Debian's Chromium with every
//! request to another host aborted, its WebSocket to `/graphql` delivers the change the test
//! makes, and nothing it loads or opens leaves this server.

use std::path::PathBuf;

use certgraph_tests::{assert_stayed_local_and_clean, run_browser_script, Backend, TestApp};
use serde_json::json;

use super::{import_elsewhere, tagged, wait_for_metric};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_runs_a_subscription_in_chromium_with_every_outside_request_blocked() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphiql-subscription.png");
    let page = format!("{}/graphiql", app.address);
    let expected = "DevOps Engineer Expert (gen 7)";
    let args = [
        page.as_str(),
        expected,
        "--screenshot",
        screenshot.to_str().unwrap(),
    ];
    let script = run_browser_script("graphiql-subscription.mjs", &args);
    let change = async {
        wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
        import_elsewhere(&app, &tagged(7)).await;
    };
    let (report, ()) = tokio::join!(script, change);

    assert_eq!(
        report["response"],
        json!({ "data": { "certificationChanged": { "code": "devops-engineer", "name": expected } } })
    );
    let socket = format!("{}/graphql", app.address.replacen("http://", "ws://", 1));
    assert_eq!(report["webSockets"], json!([socket]), "{report:#}");
    assert_stayed_local_and_clean(&report);
}
