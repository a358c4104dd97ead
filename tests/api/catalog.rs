//! Identity, lists and search over the seed catalog.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    every_object_is_found_again_by_its_global_id,
    malformed_ids_and_cursors_are_bad_user_input,
    lists_filter_order_and_count,
    page_sizes_are_capped_with_a_clear_error,
    search_ranks_exact_code_matches_first,
);

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect()
}

async fn every_object_is_found_again_by_its_global_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "devops-engineer") { id requirements { id } }
            exam(code: "az-400") { id } course(code: "az-400t00") { id } }"#,
        )
        .await;
    let ids = [
        data["certification"]["id"].clone(),
        data["certification"]["requirements"][0]["id"].clone(),
        data["exam"]["id"].clone(),
        data["course"]["id"].clone(),
    ];
    let nodes = app
        .graphql_with(
            r#"query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
                ... on Certification { code } ... on Exam { code } ... on Course { code }
                ... on RequirementGroup { kind certification { code } } } }"#,
            json!({ "ids": ids }),
        )
        .await;
    assert_eq!(
        nodes["data"]["nodes"],
        json!([
            { "__typename": "Certification", "id": ids[0], "code": "devops-engineer" },
            { "__typename": "RequirementGroup", "id": ids[1], "kind": "ONE_OF", "certification": { "code": "devops-engineer" } },
            { "__typename": "Exam", "id": ids[2], "code": "AZ-400" },
            { "__typename": "Course", "id": ids[3], "code": "AZ-400T00" },
        ])
    );
    let one = app
        .graphql_with(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": ids[2] }),
        )
        .await;
    assert_eq!(one["data"]["node"]["id"], ids[2]);
    // A well-formed ID of something that does not exist is null, not an error.
    let gone = app
        .graphql(r#"{ node(id: "Q2VydGlmaWNhdGlvbjpuby1zdWNo") { id } }"#)
        .await;
    assert_eq!(gone, json!({ "data": { "node": null } }));
}

async fn malformed_ids_and_cursors_are_bad_user_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for query in [
        r#"{ node(id: "not an id") { id } }"#,
        r#"{ certifications(after: "garbage") { totalCount } }"#,
        r#"{ certifications(first: 2, last: 2) { totalCount } }"#,
        r#"{ certifications(first: -1) { totalCount } }"#,
    ] {
        let response = app.graphql(query).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{query}: {response}"
        );
    }
    // A cursor of one ordering cannot be used with another.
    let page = app
        .data(r#"{ certifications(first: 1) { edges { cursor } } }"#)
        .await;
    let cursor = page["certifications"]["edges"][0]["cursor"].clone();
    let response = app
        .graphql_with(
            r#"query($c: String) { certifications(after: $c, orderBy: { field: NAME }) { totalCount } }"#,
            json!({ "c": cursor }),
        )
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

async fn lists_filter_order_and_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(r#"{
            experts: certifications(filter: { level: EXPERT }, orderBy: { field: NAME, direction: DESC }) {
                totalCount nodes { code name } pageInfo { hasNextPage hasPreviousPage } }
            devops: certifications(filter: { text: "DEVOPS" }) { totalCount nodes { code } }
            described: certifications(filter: { text: "stakeholders" }) { nodes { code } }
            beta: exams(filter: { status: BETA }) { totalCount nodes { code } }
            live: exams(filter: { status: LIVE, text: "az-3" }) { nodes { code } }
            courses(filter: { delivery: INSTRUCTOR_LED }, first: 3) { totalCount nodes { code } pageInfo { hasNextPage endCursor } }
            wildcard: certifications(filter: { text: "%" }) { totalCount }
        }"#)
        .await;
    assert_eq!(data["experts"]["totalCount"], 3);
    assert_eq!(
        codes(&data["experts"]["nodes"]),
        [
            "power-platform-solution-architect-expert",
            "devops-engineer",
            "azure-solutions-architect"
        ]
    );
    assert_eq!(
        data["experts"]["pageInfo"],
        json!({ "hasNextPage": false, "hasPreviousPage": false })
    );
    // The architect's description mentions "DevOps processes".
    assert_eq!(
        codes(&data["devops"]["nodes"]),
        ["azure-solutions-architect", "devops-engineer"]
    );
    assert_eq!(
        codes(&data["described"]["nodes"]),
        [
            "azure-solutions-architect",
            "power-platform-solution-architect-expert"
        ]
    );
    assert_eq!(codes(&data["beta"]["nodes"]), ["PL-600"]);
    assert_eq!(codes(&data["live"]["nodes"]), ["AZ-303", "AZ-304"]);
    assert_eq!(data["courses"]["totalCount"], 7);
    assert_eq!(
        codes(&data["courses"]["nodes"]),
        ["AZ-104T00", "AZ-204T00", "AZ-303T00"]
    );
    assert_eq!(data["courses"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(
        data["wildcard"]["totalCount"], 0,
        "LIKE wildcards in user text match literally"
    );
}

async fn page_sizes_are_capped_with_a_clear_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.graphql("{ exams(first: 101) { totalCount } }").await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("100"));
    let response = app.graphql("{ exams(last: 1000000) { totalCount } }").await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    let ok = app.data("{ exams(first: 100) { totalCount } }").await;
    assert_eq!(ok["exams"]["totalCount"], 8);
}

async fn search_ranks_exact_code_matches_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(r#"{ exact: search(text: "az-400") { nodes { __typename ... on Exam { code } ... on Course { code } } }
            broad: search(text: "architect", first: 3) { nodes { __typename ... on Certification { code } ... on Exam { code } } }
            none: search(text: "kubernetes") { totalCount nodes { __typename } } }"#)
        .await;
    assert_eq!(
        data["exact"]["nodes"],
        json!([{ "__typename": "Exam", "code": "AZ-400" }, { "__typename": "Course", "code": "AZ-400T00" }])
    );
    // Equal matches (the word in a name or title): certifications before exams, by code.
    assert_eq!(
        data["broad"]["nodes"],
        json!([
            { "__typename": "Certification", "code": "azure-solutions-architect" },
            { "__typename": "Certification", "code": "power-platform-solution-architect-expert" },
            { "__typename": "Exam", "code": "AZ-303" },
        ])
    );
    assert_eq!(data["none"], json!({ "totalCount": 0, "nodes": [] }));
    let empty = app.graphql(r#"{ search(text: "  ") { totalCount } }"#).await;
    assert_eq!(empty["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let long = app
        .graphql_with(
            "query($t: String!) { search(text: $t) { totalCount } }",
            json!({ "t": "x".repeat(201) }),
        )
        .await;
    assert_eq!(long["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
}
