//! Every code the server can send is one `ErrorCode`, listed in the README's table, and
//! every refusal, even one made before any GraphQL runs, is a GraphQL error document
//! carrying its code.

use std::path::{Path, PathBuf};

use certgraph_graphql::ErrorCode;
use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};
use reqwest::{Method, Response};
use serde_json::{json, Value};

on_both_backends!(http_refusals_are_graphql_error_documents_with_their_code);

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// The codes in the README's "Error codes" table, in its order.
fn readme_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let section = &readme[readme.find("## Error codes").expect("the README has the table")..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

/// Every `.rs` file under `dir`, test modules left out.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            sources(&path, found);
        } else if name.ends_with(".rs") && !name.contains("tests") {
            found.push(path);
        }
    }
}

/// SHOUTY_SNAKE string literals (`"LIMIT_EXCEEDED"`, `"TIMEOUT"`), the shape of a code, outside unit
/// tests and clap's environment variable names.
fn shouty_literals(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    // Five letters at least: `GET` and `POST` are methods, not codes.
    let shouty = |s: &str| {
        s.len() >= 5
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    code.lines()
        .filter(|line| !line.contains("env = \""))
        .flat_map(|line| {
            line.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|literal| shouty(literal))
        .collect()
}

#[test]
fn every_code_the_server_sends_is_one_enum_listed_in_the_readme() {
    let all: Vec<String> = ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(readme_codes(), all, "the README's error-code table");
    // The crates that answer clients: a code spelled anywhere but in the enum bypasses it.
    let mut files = Vec::new();
    sources(&repo("crates/graphql/src"), &mut files);
    sources(&repo("crates/server/src"), &mut files);
    assert!(files.len() > 20, "{files:?}");
    let mut spelled_in_enum = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let literals = shouty_literals(&text);
        if file.ends_with("graphql/src/error.rs") {
            spelled_in_enum = literals;
            continue;
        }
        assert!(
            literals.is_empty(),
            "{}: codes outside ErrorCode: {literals:?}",
            file.display()
        );
        for line in text.lines().filter(|l| l.contains("set(\"code\"")) {
            assert!(line.contains(".as_str()"), "{}: {line}", file.display());
        }
    }
    assert_eq!(spelled_in_enum, all);
}

async fn code_of(response: Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.contains("json"), "{content_type}");
    let body: Value = response.json().await.unwrap();
    let errors = body["errors"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert_eq!(errors.len(), 1, "{body}");
    assert!(
        errors[0]["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(body.get("data").is_none(), "{body}");
    errors[0]["extensions"]["code"].as_str().unwrap().to_owned()
}

async fn http_refusals_are_graphql_error_documents_with_their_code(backend: Backend) {
    let options = SpawnOptions {
        cors_allowed_origins: &["https://dashboard.example.com"],
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    let url = format!("{}/graphql", app.address);
    let query = json!({ "query": "{ __typename }" });
    let send = |request: reqwest::RequestBuilder| async move { request.send().await.unwrap() };

    let big = json!({ "query": "{ __typename }", "variables": { "pad": "x".repeat(70 * 1024) } });
    let r = send(app.client.post(&url).json(&big)).await;
    assert_eq!(code_of(r, 413).await, "LIMIT_EXCEEDED");

    let preflight = app
        .client
        .request(Method::OPTIONS, &url)
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST");
    assert_eq!(code_of(send(preflight).await, 400).await, "CORS_REFUSED");

    let text = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{ a }");
    assert_eq!(code_of(send(text).await, 415).await, "UNSUPPORTED_MEDIA_TYPE");

    let r = send(app.client.put(&url).json(&query)).await;
    assert_eq!(r.headers()["allow"], "GET, POST");
    assert_eq!(code_of(r, 405).await, "METHOD_NOT_ALLOWED");

    let r = send(app.client.get(&url).query(&[("query", "mutation { x }")])).await;
    assert_eq!(r.headers()["allow"], "POST");
    assert_eq!(code_of(r, 405).await, "METHOD_NOT_ALLOWED");

    let html = app.client.post(&url).header("accept", "text/html").json(&query);
    assert_eq!(code_of(send(html).await, 406).await, "NOT_ACCEPTABLE");

    let not_json = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{no");
    assert_eq!(code_of(send(not_json).await, 400).await, "BAD_REQUEST");

    let ext = json!({ "persistedQuery": { "version": 2, "sha256Hash": "00" } });
    let r = send(app.client.post(&url).json(&json!({ "extensions": ext }))).await;
    assert_eq!(code_of(r, 400).await, "PERSISTED_QUERY_NOT_SUPPORTED");
}
