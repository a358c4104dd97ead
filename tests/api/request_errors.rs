//! Request errors are refused before execution, as the GraphQL-over-HTTP spec says: 400
//! and no `data` under `application/graphql-response+json`, 200 and still no `data` under
//! `application/json`, each error coded; and one error per mistake, on one line.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    wrong_values_and_missing_variables_are_request_errors,
    each_mistake_is_reported_once_on_one_line,
);

const GRAPHQL_RESPONSE: Option<&str> = Some("application/graphql-response+json");
const JSON: Option<&str> = Some("application/json");

/// Status and parsed body of a POST of `body`.
async fn post(app: &TestApp, body: &Value, accept: Option<&str>) -> (u16, Value) {
    let response = app.post_raw(&body.to_string(), accept).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn wrong_values_and_missing_variables_are_request_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases = [
        json!({ "query": "query($c: String!) { certification(code: $c) { code } }", "variables": {} }),
        json!({ "query": "query($c: String!) { certification(code: $c) { code } }", "variables": { "c": 5 } }),
        json!({ "query": r#"{ certification(code: "devops-engineer") {
            prerequisites(transitive: true, maxDepth: -868724614090) { code } } }"# }),
        json!({ "query": "{ certifications(filter: { level: \"EXPERT\" }) { totalCount } }" }),
        json!({ "query": "query($l: CertificationLevel) { certifications(filter: { level: $l }) { totalCount } }",
                "variables": { "l": "GURU" } }),
    ];
    for case in &cases {
        for (accept, status) in [(GRAPHQL_RESPONSE, 400), (JSON, 200)] {
            let (got, body) = post(&app, case, accept).await;
            assert_eq!(got, status, "{case} as {accept:?}: {body}");
            assert!(body.get("data").is_none(), "{case} as {accept:?}: {body}");
            let errors = body["errors"].as_array().unwrap();
            assert_eq!(errors.len(), 1, "{case}: {body}");
            assert_eq!(
                errors[0]["extensions"]["code"], "BAD_USER_INPUT",
                "{case}: {body}"
            );
            assert!(errors[0]["locations"].is_array(), "{case}: {body}");
        }
    }
    let (_, body) = post(&app, &cases[2], None).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("-868724614090") && message.contains("32-bit"),
        "{message}"
    );
    // Written right, the same operations run.
    let right = [
        json!({ "query": "query($c: String!) { certification(code: $c) { code } }",
                "variables": { "c": "devops-engineer" } }),
        json!({ "query": "{ certifications(filter: { level: EXPERT }) { totalCount } }" }),
        json!({ "query": "query($l: CertificationLevel) { certifications(filter: { level: $l }) { totalCount } }",
                "variables": { "l": "EXPERT" } }),
        json!({ "query": r#"{ certification(code: "devops-engineer") {
            prerequisites(transitive: true, maxDepth: 2147483647) { code } } }"# }),
    ];
    for case in &right {
        let (status, body) = post(&app, case, None).await;
        assert_eq!(status, 200, "{case}: {body}");
        assert!(body.get("errors").is_none(), "{case}: {body}");
    }
}

async fn each_mistake_is_reported_once_on_one_line(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (query, code) in [
        (
            "{ certifications(first: \"ten\") { totalCount } }",
            "BAD_USER_INPUT",
        ),
        ("mutation { x }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ certification(code: ", "GRAPHQL_PARSE_FAILED"),
    ] {
        let (status, body) = post(&app, &json!({ "query": query }), None).await;
        assert_eq!(status, 400, "{query}: {body}");
        let errors = body["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{query}: {body}");
        assert_eq!(errors[0]["extensions"]["code"], code, "{query}: {body}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(!message.contains('\n'), "{query}: {message}");
        assert!(errors[0]["locations"][0]["line"].is_u64(), "{query}: {body}");
    }
    let (_, body) = post(&app, &json!({ "query": "{ certification(code: " }), None).await;
    assert_eq!(
        body["errors"][0],
        json!({ "message": "syntax error at line 1, column 23: expected value",
                "locations": [{ "line": 1, "column": 23 }],
                "extensions": { "code": "GRAPHQL_PARSE_FAILED" } })
    );
}
