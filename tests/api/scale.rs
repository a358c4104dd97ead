//! Synthetic catalogs: reads that send no SQL at any size (the snapshot answers), and
//! cursor pagination that never skips or repeats.

use certgraph_testkit::synthetic_catalog;
use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    the_dashboard_query_runs_no_sql_at_10_and_1000_certifications,
    a_1000_item_connection_walks_forwards_and_backwards_without_gaps,
);

const DASHBOARD: &str = r#"query($after: String) {
  certifications(first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { code name level
      requirements { kind items { __typename
        ... on Certification { code name }
        ... on Exam { code title status courses { code title delivery } } } }
      unlocks { code } } } }"#;

async fn app_with_synthetic_catalog(backend: Backend, certifications: usize) -> TestApp {
    let app = TestApp::spawn_with(
        backend,
        SpawnOptions {
            bundled_catalog: false,
            // These tests walk whole lists with the costliest query we know, far past one
            // client's rate budget; what they measure is statements, not rate limits.
            settings: |s| s.rate_limit = None,
            ..Default::default()
        },
    )
    .await;
    app.load_catalog(&synthetic_catalog(certifications, 7)).await;
    app
}

/// SQL statements sent per page of the dashboard query, walking the whole list.
async fn dashboard_statements(app: &TestApp) -> Vec<u64> {
    let mut after = Value::Null;
    let mut per_page = Vec::new();
    loop {
        let before = app.statements_total().await;
        let response = app.graphql_with(DASHBOARD, json!({ "after": after })).await;
        per_page.push(app.statements_total().await - before);
        assert!(response.get("errors").is_none(), "{response}");
        let page = &response["data"]["certifications"];
        assert!(!page["nodes"].as_array().unwrap().is_empty());
        if page["pageInfo"]["hasNextPage"] != true {
            return per_page;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

async fn the_dashboard_query_runs_no_sql_at_10_and_1000_certifications(backend: Backend) {
    let small = dashboard_statements(&app_with_synthetic_catalog(backend, 10).await).await;
    let large = dashboard_statements(&app_with_synthetic_catalog(backend, 1000).await).await;
    assert_eq!(small.len(), 1);
    assert_eq!(large.len(), 10);
    // Reads are answered from the in-memory snapshot: not one statement, at any size.
    assert!(
        small.iter().chain(&large).all(|&n| n == 0),
        "small {small:?}, large {large:?}"
    );
}

async fn walk(app: &TestApp, forwards: bool, order: &str) -> Vec<String> {
    let (size, cursor) = if forwards {
        ("first", "after")
    } else {
        ("last", "before")
    };
    let query = format!(
        r#"query($c: String) {{ exams({size}: 37, {cursor}: $c, orderBy: {order}) {{ totalCount
            edges {{ cursor node {{ code }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"#
    );
    let mut seen = Vec::new();
    let mut position = Value::Null;
    loop {
        let data = app.graphql_with(&query, json!({ "c": position })).await;
        let page = &data["data"]["exams"];
        let mut codes: Vec<String> = page["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{data}"))
            .iter()
            .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
            .collect();
        if !forwards {
            codes.reverse();
        }
        seen.extend(codes);
        let more = if forwards {
            &page["pageInfo"]["hasNextPage"]
        } else {
            &page["pageInfo"]["hasPreviousPage"]
        };
        if *more != true {
            break;
        }
        position = if forwards {
            page["pageInfo"]["endCursor"].clone()
        } else {
            page["pageInfo"]["startCursor"].clone()
        };
    }
    if !forwards {
        seen.reverse();
    }
    seen
}

async fn a_1000_item_connection_walks_forwards_and_backwards_without_gaps(backend: Backend) {
    let catalog = synthetic_catalog(910, 11);
    assert_eq!(catalog.exams.len(), 1001, "the fixture has just over 1,000 exams");
    let app = TestApp::spawn_with(
        backend,
        SpawnOptions {
            bundled_catalog: false,
            ..Default::default()
        },
    )
    .await;
    app.load_catalog(&catalog).await;
    let mut expected: Vec<String> = catalog.exams.iter().map(|e| e.code.to_string()).collect();
    expected.sort();
    assert_eq!(walk(&app, true, "{ field: CODE }").await, expected);
    assert_eq!(walk(&app, false, "{ field: CODE }").await, expected);
    let mut descending = expected.clone();
    descending.reverse();
    assert_eq!(
        walk(&app, true, "{ field: CODE, direction: DESC }").await,
        descending
    );
    assert_eq!(
        walk(&app, false, "{ field: CODE, direction: DESC }").await,
        descending
    );
    // Ordering by title must also list every exam exactly once, whatever ties there are.
    let by_title = walk(&app, true, "{ field: NAME }").await;
    let mut unique = by_title.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique, expected, "every exam exactly once when ordered by title");
    assert_eq!(walk(&app, false, "{ field: NAME }").await, by_title);
}
