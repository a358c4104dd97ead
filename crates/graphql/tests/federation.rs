//! The subgraph schema: Apollo Federation v2 SDL with entities keyed by `code`, served as
//! `_service { sdl }`; and the default schema, which has none of it.

use async_graphql::Value;
use serde_json::json;

fn json_of(value: Value) -> serde_json::Value {
    value.into_json().expect("GraphQL values are JSON")
}

#[test]
fn the_subgraph_sdl_links_federation_v2_and_keys_the_entities_by_code() {
    let sdl = certgraph_graphql::federation_sdl();
    assert!(
        sdl.contains("extend schema @link(\n\turl: \"https://specs.apollo.dev/federation/v2."),
        "{sdl}"
    );
    for import in ["\"@key\"", "\"@shareable\""] {
        assert!(sdl.contains(import), "imports {import}");
    }
    for entity in ["Certification", "Exam", "Course"] {
        let line = format!("type {entity} implements Node @key(fields: \"code\") {{");
        assert!(sdl.contains(&line), "{line} in\n{sdl}");
    }
    for value_type in ["Image", "PageInfo"] {
        assert!(
            sdl.contains(&format!("type {value_type} @shareable {{")),
            "{value_type} is shareable"
        );
    }
    // The gateway adds these itself; a subgraph SDL must not declare them.
    for federation_only in ["_service", "_entities", "_Any", "_Entity", "EntityQuery"] {
        assert!(!sdl.contains(federation_only), "{federation_only} in\n{sdl}");
    }
}

#[tokio::test]
async fn service_sdl_is_exactly_the_exported_subgraph_sdl() {
    let schema = certgraph_graphql::federation_schema_builder().finish();
    let response = schema.execute("{ _service { sdl } }").await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let served = json_of(response.data);
    assert_eq!(
        served["_service"]["sdl"],
        json!(certgraph_graphql::federation_sdl())
    );
}

#[test]
fn the_default_schema_has_no_federation_at_all() {
    let sdl = certgraph_graphql::sdl();
    for federation_only in ["@key", "@link", "@shareable", "_service", "_entities", "_Any"] {
        assert!(
            !sdl.contains(federation_only),
            "{federation_only} in the default SDL"
        );
    }
}

#[tokio::test]
async fn the_default_schema_refuses_service_and_entities() {
    let schema = certgraph_graphql::schema_builder().finish();
    for query in [
        "{ _service { sdl } }",
        r#"{ _entities(representations: [{ __typename: "Exam", code: "AZ-400" }]) { __typename } }"#,
    ] {
        let response = schema.execute(query).await;
        assert_eq!(response.errors.len(), 1, "{query}");
        assert!(
            response.errors[0].message.starts_with("Unknown field"),
            "{:?}",
            response.errors
        );
    }
}

#[tokio::test]
async fn malformed_keys_are_null_entries_not_a_failed_batch() {
    // No store is needed: a key that cannot be a code is answered before any lookup.
    let schema = certgraph_graphql::federation_schema_builder().finish();
    let query = r#"{ _entities(representations: [
        { __typename: "Certification", code: 42 },
        { __typename: "Exam", code: "not an exam code!" },
        { __typename: "Course", code: null },
        { __typename: "Certification", code: "" },
        { __typename: "Exam" }
    ]) { __typename } }"#;
    let response = schema.execute(query).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    assert_eq!(
        json_of(response.data),
        json!({ "_entities": [null, null, null, null, null] })
    );
}

#[tokio::test]
async fn a_representation_of_a_type_certgraph_does_not_own_is_an_error() {
    let schema = certgraph_graphql::federation_schema_builder().finish();
    let query = r#"{ _entities(representations: [{ __typename: "Person", id: "ada" }]) { __typename } }"#;
    let response = schema.execute(query).await;
    assert_eq!(response.errors.len(), 1, "{:?}", response.errors);
}
