//! The production profile: nothing to explore (introspection, suggestions, GraphiQL off),
//! and a server fault reaches the client as an opaque message naming the request id.

use certgraph::settings::Profile;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use super::{post, spawn, still_serving};

const INTROSPECTION: &str = include_str!("../../../crates/graphql/src/guard/graphiql-introspection.graphql");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_hides_introspection_suggestions_and_graphiql() {
    let app = spawn(|s| s.set_profile(Profile::Production)).await;
    let (status, body) = post(&app, &json!({ "query": INTROSPECTION })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("introspection"));

    let (status, body) = post(
        &app,
        &json!({ "query": "{ certificaton(code: \"x\") { code } }" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("certificaton") && !message.contains("Did you mean"),
        "{message}"
    );

    let graphiql = app
        .client
        .get(format!("{}/graphiql", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(graphiql.status(), StatusCode::NOT_FOUND);
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_production_a_server_fault_is_opaque_and_names_the_request_id() {
    let app = spawn(|s| s.set_profile(Profile::Production)).await;
    // Break the server's own database where a request still reads it (catalog reads come
    // from the snapshot): the persisted-query table is gone, and a query is asked by hash.
    let admin = Database::connect(&app.database.url).await.unwrap();
    admin
        .execute_unprepared("DROP TABLE persisted_query CASCADE")
        .await
        .unwrap();
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("x-request-id", "attack-probe-42")
        .json(&certgraph_tests::unknown_persisted_query())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "attack-probe-42");
    let body: serde_json::Value = response.json().await.unwrap();
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "INTERNAL_SERVER_ERROR", "{body}");
    assert_eq!(
        error["message"],
        "internal server error (request id attack-probe-42)"
    );
    assert_eq!(error["extensions"]["requestId"], "attack-probe-42");
    let text = body.to_string();
    for secret in ["relation", "persisted_query", "sqlx", "SELECT", "postgres"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // Catalog reads do not touch the database at all, and still work.
    still_serving(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_production_federation_still_answers_service_sdl() {
    let app = spawn(|s| {
        s.set_profile(Profile::Production);
        s.federation = true;
    })
    .await;
    let data = app.data("{ _service { sdl } }").await;
    assert!(data["_service"]["sdl"]
        .as_str()
        .unwrap()
        .contains("@key(fields: \"code\")"));
    let (status, _) = post(&app, &json!({ "query": "{ __schema { types { name } } }" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_with_introspection_and_graphiql_turned_back_on() {
    let app = spawn(|s| {
        s.set_profile(Profile::Production);
        s.introspection = true;
        s.graphiql = true;
    })
    .await;
    let data = app.data(INTROSPECTION).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    let graphiql = app
        .client
        .get(format!("{}/graphiql", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(graphiql.status(), StatusCode::OK);
}
