//! The attack suite: each hostile request, sent over HTTP to a server on a real PostgreSQL
//! database, gets a clear error (its code and status), runs no SQL, and leaves the server
//! answering a normal query right after.

mod production;

use certgraph::Settings;
use certgraph_tests::{Backend, SpawnOptions, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A server on its own PostgreSQL database, with `change` applied to the defaults.
async fn spawn(change: fn(&mut Settings)) -> TestApp {
    let options = SpawnOptions {
        settings: change,
        ..Default::default()
    };
    TestApp::spawn_with(Backend::Postgres, options).await
}

/// Defaults, except a 16 MiB body cap, so the GraphQL limits behind it are what answers.
fn big_bodies(settings: &mut Settings) {
    settings.http.max_body_bytes = 16 * 1024 * 1024;
}

async fn post(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Sends `query`, expects it refused with one `LIMIT_EXCEEDED` error naming `limit`, HTTP
/// 400 and no SQL run; returns the error's message.
async fn refused(app: &TestApp, query: &str, limit: &str) -> String {
    let before = app.statements_total().await;
    let (status, body) = post(app, &json!({ "query": query })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.get("data").is_none(), "{body}");
    let errors = body["errors"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["extensions"]["code"], "LIMIT_EXCEEDED", "{body}");
    assert_eq!(errors[0]["extensions"]["limit"], limit, "{body}");
    assert_eq!(app.statements_total().await, before, "a refused request ran SQL");
    errors[0]["message"].as_str().unwrap().to_owned()
}

/// A normal query still gets its answer.
async fn still_serving(app: &TestApp) {
    let data = app
        .data(r#"{ certification(code: "devops-engineer") { name requirements { kind } } }"#)
        .await;
    assert_eq!(data["certification"]["name"], "DevOps Engineer Expert");
}

/// `{ certification { <levels - 2 nested fields, alternating> { code } } }`.
fn nested(levels: usize) -> String {
    let fields = ["prerequisites", "unlocks"];
    let open: String = (0..levels - 2)
        .map(|i| format!("{{ {} ", fields[i % 2]))
        .collect();
    let close = " }".repeat(levels - 2);
    format!(r#"{{ certification(code: "devops-engineer") {open}{{ code }}{close} }}"#)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_50_levels_deep_through_prerequisites_and_unlocks_is_refused_by_the_depth_limit() {
    let app = spawn(|_| {}).await;
    let message = refused(&app, &nested(50), "depth").await;
    assert_eq!(
        message,
        "the operation is 50 fields deep, above the depth limit of 15"
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_aliases_are_refused_by_the_alias_limit() {
    let app = spawn(|_| {}).await;
    let aliases: Vec<String> = (0..500).map(|i| format!("a{i}: code")).collect();
    let query = format!(
        r#"{{ certification(code: "devops-engineer") {{ {} }} }}"#,
        aliases.join(" ")
    );
    let message = refused(&app, &query, "aliases").await;
    assert_eq!(
        message,
        "the operation uses 500 aliases, above the alias limit of 15"
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_directives_are_refused_at_every_layer() {
    let query = format!(
        r#"{{ certification(code: "devops-engineer") {{ code{} }} }}"#,
        "@skip(if:false)".repeat(5_000)
    );
    // 75 KB: the body cap answers first, then each limit behind the one before.
    let app = spawn(|_| {}).await;
    let (status, _) = post(&app, &json!({ "query": query })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    still_serving(&app).await;
    let app = spawn(big_bodies).await;
    refused(&app, &query, "documentBytes").await;
    let app = spawn(|s| {
        big_bodies(s);
        s.limits.operation.max_document_bytes = 1024 * 1024;
    })
    .await;
    refused(&app, &query, "tokens").await;
    let app = spawn(|s| {
        big_bodies(s);
        s.limits.operation.max_document_bytes = 1024 * 1024;
        s.limits.operation.max_tokens = 1_000_000;
    })
    .await;
    let message = refused(&app, &query, "directives").await;
    assert_eq!(
        message,
        "the operation uses 5000 directives, above the directive limit of 10"
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_duplicate_fields_are_refused_by_size_then_by_tokens() {
    let query = format!(
        r#"{{certification(code:"devops-engineer"){{{}}}}}"#,
        "id ".repeat(20_000)
    );
    assert!(query.len() < 64 * 1024, "fits the body cap");
    let app = spawn(|_| {}).await;
    let message = refused(&app, &query, "documentBytes").await;
    assert_eq!(
        message,
        "the document is 60041 bytes, above the document size limit of 32768 bytes"
    );
    still_serving(&app).await;
    let app = spawn(|s| s.limits.operation.max_document_bytes = 64 * 1024).await;
    let message = refused(&app, &query, "tokens").await;
    assert_eq!(message, "the document has more than 2000 tokens, the token limit");
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fragment_cycle_fails_validation_and_names_the_cycle() {
    let app = spawn(|_| {}).await;
    let query = r#"{ certification(code: "devops-engineer") { ...Up } }
        fragment Up on Certification { unlocks { ...Down } }
        fragment Down on Certification { prerequisites { ...Up } }"#;
    let (status, body) = post(&app, &json!({ "query": query })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert_eq!(
        body["errors"][0]["message"],
        "fragments must not spread themselves: Up → Down → Up"
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_1000000_is_refused_before_anything_runs() {
    let app = spawn(|_| {}).await;
    let message = refused(
        &app,
        "{ certifications(first: 1000000) { nodes { code } } }",
        "pageSize",
    )
    .await;
    assert_eq!(message, "`first` is 1000000, above the maximum page size of 100");
    let (status, body) = post(
        &app,
        &json!({ "query": "query($n: Int) { exams(last: $n) { totalCount } }", "variables": { "n": 1_000_000 } }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "pageSize");
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_lists_over_the_maximum_are_refused_before_anything_runs() {
    let app = spawn(|_| {}).await;
    let ids = vec!["Q2VydGlmaWNhdGlvbjpkZXZvcHMtZW5naW5lZXI="; 101];
    let query = format!(
        "{{ nodes(ids: {}) {{ id }} }}",
        serde_json::to_string(&ids).unwrap()
    );
    let message = refused(&app, &query, "keys").await;
    assert_eq!(message, "`ids` has 101 entries, above the maximum of 100");
    let (status, body) = post(
        &app,
        &json!({
            "query": "query($h: [String!]!) { plan(target: \"devops-engineer\", holding: $h) { examCount } }",
            "variables": { "h": vec!["AZ-104"; 500] },
        }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "keys", "{body}");
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_8_mb_body_gets_413_without_being_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn(|_| {}).await;
    // Announce 8 MB and send none of it: the answer must come without the body.
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        8 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = [0u8; 64];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("answered before the body was sent")
        .unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]);
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
    // And a whole 8 MB body, sent by an ordinary client.
    let big = json!({ "query": "{ __typename }", "variables": { "pad": "x".repeat(8 * 1024 * 1024) } });
    if let Ok(response) = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&big)
        .send()
        .await
    {
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    } // (or the server closed the connection mid-upload, which is as good)
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_operation_batch_is_refused_whether_batching_is_off_or_capped() {
    let batch: Vec<Value> = (0..200).map(|_| json!({ "query": "{ __typename }" })).collect();
    let app = spawn(|_| {}).await;
    let (status, body) = post(&app, &json!(batch)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["message"], "batched requests are disabled");
    still_serving(&app).await;
    let app = spawn(|s| s.http.max_batch = 10).await;
    let (status, body) = post(&app, &json!(batch)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(
        body["errors"][0]["message"],
        "a batch holds 1 to 10 operations, got 200"
    );
    let (status, body) = post(&app, &json!(batch[..2])).await;
    assert_eq!(
        (status, body[1]["data"]["__typename"].clone()),
        (StatusCode::OK, json!("Query"))
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100000_token_document_is_refused_after_counting_past_the_limit() {
    let query = format!("{{ {} }}", "__typename ".repeat(100_000 - 2));
    // 1 MB: the body cap answers first; behind a larger cap, the document size limit; and
    // with that raised too, the token count.
    let app = spawn(|_| {}).await;
    assert_eq!(
        post(&app, &json!({ "query": query })).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let app = spawn(big_bodies).await;
    refused(&app, &query, "documentBytes").await;
    let app = spawn(|s| {
        big_bodies(s);
        s.limits.operation.max_document_bytes = 16 * 1024 * 1024;
    })
    .await;
    let started = std::time::Instant::now();
    refused(&app, &query, "tokens").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_depth_1000000_is_clamped_and_succeeds() {
    let app = spawn(|_| {}).await;
    let data = app
        .data(
            r#"{ certification(code: "devops-engineer") {
                prerequisites(transitive: true, maxDepth: 1000000) { code } }
              prerequisiteGraph(roots: ["devops-engineer"], maxDepth: 1000000) { nodes { __typename } } }"#,
        )
        .await;
    let prerequisites = data["certification"]["prerequisites"].as_array().unwrap();
    assert!(!prerequisites.is_empty(), "{data}");
    assert!(!data["prerequisiteGraph"]["nodes"].as_array().unwrap().is_empty());
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_lists_over_the_complexity_limit_are_refused() {
    // List lengths are estimated from the catalog served: on the seven bundled
    // certifications this query is small, on a thousand it is not.
    let app = spawn(|_| {}).await;
    app.load_catalog(&certgraph_testkit::synthetic_catalog(1000, 7))
        .await;
    let query = "{ certifications(first: 100) { nodes { prerequisites(transitive: true) { unlocks {
        requiredExams(transitive: true) { requiredBy { code } } } } } } }";
    let message = refused(&app, query, "complexity").await;
    assert!(
        message.contains("above the complexity limit of 100000"),
        "{message}"
    );
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiqls_introspection_query_passes_the_limits() {
    let app = spawn(|_| {}).await;
    let query = include_str!("../../crates/graphql/src/guard/graphiql-introspection.graphql");
    let data = app.data(query).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}
