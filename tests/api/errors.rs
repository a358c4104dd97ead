//! Malformed requests get GraphQL errors, never a panic, and the server keeps answering.

use certgraph_tests::{on_both_backends, Backend, TestApp};

on_both_backends!(malformed_queries_get_graphql_errors_and_the_server_keeps_serving);

async fn malformed_queries_get_graphql_errors_and_the_server_keeps_serving(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for bad in [
        "{ certification(code: ",
        "{ nope }",
        "{ certification { code } }",
        "",
        "query { exam(code: 5) { code } }",
    ] {
        let response = app.graphql(bad).await;
        let errors = response["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors for {bad:?}: {response}"));
        assert!(
            !errors.is_empty() && errors[0]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{bad:?}"
        );
    }
    let not_json = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(
        not_json.status().is_client_error(),
        "status {}",
        not_json.status()
    );
    let data = app.data(r#"{ exam(code: "AZ-400") { code } }"#).await;
    assert_eq!(data["exam"]["code"], "AZ-400");
}
