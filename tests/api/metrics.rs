//! `/metrics` cannot be flooded with series: an operation name becomes a label only once
//! an operation of that name has executed.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::json;

on_both_backends!(only_executed_operations_get_their_own_label);

async fn only_executed_operations_get_their_own_label(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let refused = [
        json!({ "query": "query Flood1 { nope }" }),
        json!({ "query": "query Real { __typename }", "operationName": "Flood2" }),
        json!({ "query": "query Flood3 {" }),
        json!({ "query": "query Flood4 { exams(first: 1000) { totalCount } }" }),
        json!({ "query": "query Flood5($c: String!) { exam(code: $c) { code } }" }),
    ];
    for body in &refused {
        let response = app.post_raw(&body.to_string(), None).await;
        assert_eq!(response.status(), 400, "{body}");
    }
    let ran = json!({ "query": "query Dashboard { exam(code: \"AZ-400\") { code } }" });
    assert_eq!(app.post_raw(&ran.to_string(), None).await.status(), 200);
    let text = app.metrics_text().await;
    for line in [
        "certgraph_graphql_requests_total{operation=\"Dashboard\"} 1",
        "certgraph_graphql_requests_total{operation=\"unexecuted\"} 5",
        "certgraph_graphql_request_duration_seconds_count{operation=\"unexecuted\"} 5",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(!text.contains("Flood"), "{text}");
}
