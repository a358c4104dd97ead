//! GraphQL over HTTP: media types, status codes, GET caching and persisted queries.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use reqwest::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use serde_json::{json, Value};

on_both_backends!(
    persisted_queries_miss_register_hit_and_survive_a_new_server,
    a_refused_query_is_not_persisted
);

const QUERY: &str = r#"{ exam(code: "AZ-400") { code } }"#;

async fn post(app: &TestApp, accept: Option<&str>, body: Value) -> (StatusCode, String, Value) {
    let mut request = app.client.post(format!("{}/graphql", app.address)).json(&body);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type = response.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
    (status, content_type, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_response_media_type_follows_accept() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (status, ct, body) = post(&app, None, json!({ "query": QUERY })).await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "application/graphql-response+json; charset=utf-8")
    );
    assert_eq!(body, json!({ "data": { "exam": { "code": "AZ-400" } } }));
    let (_, ct, _) = post(&app, Some("application/json"), json!({ "query": QUERY })).await;
    assert_eq!(ct, "application/json; charset=utf-8");
    let (status, _, _) = post(&app, Some("text/html"), json!({ "query": QUERY })).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn request_errors_are_400_with_no_data_but_200_for_legacy_json() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for query in ["{ exam(code: ", "{ nope }", "{ exam { code } }"] {
        let (status, _, body) = post(&app, None, json!({ "query": query })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            body.get("data").is_none() && body["errors"][0]["message"].is_string(),
            "{body}"
        );
        let (status, _, body) = post(&app, Some("application/json"), json!({ "query": query })).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(body["errors"].is_array());
    }
    // An error while executing a field is not a request error: 200 with data.
    let (status, _, body) = post(
        &app,
        None,
        json!({ "query": "{ a: exam(code: \"AZ-400\") { code } b: search(text: \" \") { totalCount } }" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn malformed_http_requests_get_clear_4xx() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let url = format!("{}/graphql", app.address);
    let send = |builder: reqwest::RequestBuilder| async move { builder.send().await.unwrap() };
    let r = send(
        app.client
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .body("{nope"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"],
        "BAD_REQUEST"
    );
    let r = send(
        app.client
            .post(&url)
            .header(CONTENT_TYPE, "text/plain")
            .body(QUERY),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = send(app.client.post(&url).json(&json!({ "variables": {} }))).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = send(
        app.client
            .post(&url)
            .json(&json!([{ "query": QUERY }, { "query": QUERY }])),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "batching is off by default");
    let r = send(app.client.put(&url).json(&json!({ "query": QUERY }))).await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let big = json!({ "query": QUERY, "variables": { "pad": "x".repeat(70 * 1024) } });
    let r = send(app.client.post(&url).json(&big)).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Still serving.
    let (status, _, _) = post(&app, None, json!({ "query": QUERY })).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn get_queries_are_cacheable_and_get_mutations_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let url = format!("{}/graphql", app.address);
    let first = app
        .client
        .get(&url)
        .query(&[("query", QUERY)])
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
    assert!(first.headers()[CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("max-age"));
    assert_eq!(
        first.json::<Value>().await.unwrap()["data"]["exam"]["code"],
        "AZ-400"
    );
    let again = app
        .client
        .get(&url)
        .query(&[("query", QUERY)])
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let other = app
        .client
        .get(&url)
        .query(&[("query", "{ exam(code: \"AZ-104\") { code } }")])
        .header(IF_NONE_MATCH, &etag);
    assert_eq!(
        other.send().await.unwrap().status(),
        StatusCode::OK,
        "another query has another ETag"
    );
    let mutation = app
        .client
        .get(&url)
        .query(&[("query", "mutation { x }")])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), StatusCode::METHOD_NOT_ALLOWED);
    let vars = app
        .client
        .get(&url)
        .query(&[
            ("query", "query($c: String!) { exam(code: $c) { code } }"),
            ("variables", r#"{"c":"pl-600"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        vars.json::<Value>().await.unwrap()["data"]["exam"]["code"],
        "PL-600"
    );
}

#[tokio::test]
async fn a_request_id_sent_in_is_echoed_and_one_is_made_otherwise() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "trace-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "trace-42");
    let r = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"].to_str().unwrap().len(), 36, "a UUID");
    let r = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

async fn persisted_queries_miss_register_hit_and_survive_a_new_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let hash = certgraph_graphql_hash(QUERY);
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let (_, _, miss) = post(&app, None, json!({ "extensions": ext })).await;
    assert_eq!(miss["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        miss["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    let (_, _, wrong) = post(
        &app,
        None,
        json!({ "query": "{ __typename }", "extensions": ext }),
    )
    .await;
    assert_eq!(wrong["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let (_, _, registered) = post(&app, None, json!({ "query": QUERY, "extensions": ext })).await;
    assert_eq!(registered["data"]["exam"]["code"], "AZ-400");
    // A dashboard sends only the hash, over GET, to another server sharing the database.
    let other = app.another_server().await;
    let hit = app
        .client
        .get(format!("{other}/graphql"))
        .query(&[("extensions", ext.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(hit.status(), StatusCode::OK);
    assert_eq!(
        hit.json::<Value>().await.unwrap()["data"]["exam"]["code"],
        "AZ-400"
    );
}

/// Only documents the server would run are remembered: one over a limit or not fitting
/// the schema is refused and its hash stays unknown.
async fn a_refused_query_is_not_persisted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let too_deep = format!(
        "{{ certification(code: \"devops-engineer-expert\") {{ {} code {} }} }}",
        "prerequisites { ".repeat(20),
        "}".repeat(20)
    );
    for query in [too_deep.as_str(), "{ exam(code: \"AZ-400\") { nope } }", "{ oops"] {
        let hash = certgraph_graphql_hash(query);
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        let (_, _, refused) = post(&app, None, json!({ "query": query, "extensions": ext })).await;
        assert!(
            refused["errors"][0]["extensions"]["code"].is_string(),
            "{refused}"
        );
        assert!(
            refused.get("data").is_none() || refused["data"].is_null(),
            "{refused}"
        );
        let (_, _, miss) = post(&app, None, json!({ "extensions": ext })).await;
        assert_eq!(miss["errors"][0]["message"], "PersistedQueryNotFound", "{query}");
    }
}

fn certgraph_graphql_hash(query: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn cors_answers_allowed_origins_only() {
    let options = certgraph_tests::SpawnOptions {
        cors_allowed_origins: &["https://dashboard.example.com"],
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let url = format!("{}/graphql", app.address);
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://dashboard.example.com").await.unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://dashboard.example.com"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    let simple = app
        .client
        .post(&url)
        .header("origin", "https://evil.example")
        .json(&json!({ "query": QUERY }))
        .send()
        .await
        .unwrap();
    assert!(simple.headers().get("access-control-allow-origin").is_none());
    // No origins configured (the default): nobody gets CORS headers.
    let closed = TestApp::spawn(Backend::Sqlite).await;
    let r = closed
        .client
        .post(format!("{}/graphql", closed.address))
        .header("origin", "https://dashboard.example.com")
        .json(&json!({ "query": QUERY }))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn metrics_count_operations_latency_errors_and_pool() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.graphql("query Dashboard { exam(code: \"AZ-400\") { code } }")
        .await;
    app.graphql("query Dashboard { exam(code: \"AZ-104\") { code } }")
        .await;
    app.graphql("{ exam(code: \"AZ-400\") { code } }").await;
    app.graphql("{ exams(first: 1000) { totalCount } }").await;
    let text = app.metrics_text().await;
    for line in [
        "certgraph_graphql_requests_total{operation=\"Dashboard\"} 2",
        "certgraph_graphql_requests_total{operation=\"anonymous\"} 1",
        "certgraph_graphql_requests_total{operation=\"unexecuted\"} 1",
        "certgraph_graphql_request_duration_seconds_count{operation=\"Dashboard\"} 2",
        "certgraph_graphql_errors_total{code=\"LIMIT_EXCEEDED\"} 1",
        "certgraph_db_pool_connections{state=\"open\"}",
        "certgraph_db_statements_total",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}
