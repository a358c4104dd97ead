//! What a client types is understood the same way everywhere: codes in any case, page
//! sizes by one rule, search by words, and IDs that survive edits of the catalog.

use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    codes_are_case_insensitive_wherever_a_client_types_one,
    federation_keys_are_case_insensitive_too,
    first_zero_is_an_empty_page_for_every_list_and_search,
    search_matches_every_word_in_any_order_ignoring_case_and_accents,
    search_pages_with_cursors_without_gaps_or_repeats,
    requirement_group_ids_survive_a_reimport_that_renames_the_certification,
);

async fn codes_are_case_insensitive_wherever_a_client_types_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "DevOps-Engineer") { code }
                 exam(code: "az-400") { code }
                 course(code: "Az-400t00") { code }
                 prerequisiteGraph(roots: ["DEVOPS-ENGINEER"]) { nodes { ... on Certification { code } } }
                 plan(target: "DevOps-Engineer", holding: ["AZURE-ADMINISTRATOR", "az-104"]) { examCount } }"#,
        )
        .await;
    assert_eq!(data["certification"]["code"], "devops-engineer");
    assert_eq!(data["exam"]["code"], "AZ-400");
    assert_eq!(data["course"]["code"], "AZ-400T00");
    assert_eq!(data["prerequisiteGraph"]["nodes"][0]["code"], "devops-engineer");
    assert_eq!(data["plan"]["examCount"], 1);
}

async fn federation_keys_are_case_insensitive_too(backend: Backend) {
    let options = SpawnOptions {
        federation: true,
        ..Default::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    let response = app
        .graphql_with(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Certification { code } ... on Exam { code } ... on Course { code } } }",
            json!({ "r": [
                { "__typename": "Certification", "code": "DevOps-Engineer" },
                { "__typename": "Exam", "code": "az-400" },
                { "__typename": "Course", "code": "az-400t00" },
            ] }),
        )
        .await;
    assert_eq!(
        response["data"]["_entities"],
        json!([{ "code": "devops-engineer" }, { "code": "AZ-400" }, { "code": "AZ-400T00" }]),
        "{response}"
    );
}

async fn first_zero_is_an_empty_page_for_every_list_and_search(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = "{ totalCount nodes { __typename } pageInfo { hasNextPage } }";
    let data = app
        .data(&format!(
            r#"{{ certifications(first: 0) {page} exams(first: 0) {page} courses(first: 0) {page}
                 search(text: "azure", first: 0) {page} }}"#
        ))
        .await;
    for list in ["certifications", "exams", "courses", "search"] {
        assert_eq!(data[list]["nodes"], json!([]), "{list}");
        assert_eq!(data[list]["pageInfo"]["hasNextPage"], true, "{list}");
        assert!(data[list]["totalCount"].as_u64().unwrap() > 0, "{list}");
    }
    for negative in ["certifications(first: -1)", r#"search(text: "azure", first: -1)"#] {
        let response = app.graphql(&format!("{{ {negative} {{ totalCount }} }}")).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{negative}: {response}"
        );
    }
}

fn codes_of(nodes: &Value) -> Vec<&str> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect()
}

const HIT: &str = "__typename ... on Certification { code } ... on Exam { code } ... on Course { code }";

async fn search_matches_every_word_in_any_order_ignoring_case_and_accents(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(&format!(
            r#"{{ both: search(text: "azure devops") {{ nodes {{ {HIT} }} }}
                 reversed: search(text: "DEVOPS   Azure") {{ nodes {{ {HIT} }} }}
                 accented: search(text: "Ázure Dévops") {{ nodes {{ {HIT} }} }}
                 filtered: certifications(filter: {{ text: "associate AZURE" }}) {{ nodes {{ code }} }} }}"#
        ))
        .await;
    // Both words somewhere (for DevOps Engineer: one in the name, one in the description),
    // never just one of them (Azure Administrator, AZ-400).
    assert_eq!(
        codes_of(&data["both"]["nodes"]),
        ["azure-solutions-architect", "devops-engineer"]
    );
    assert_eq!(data["reversed"], data["both"]);
    assert_eq!(data["accented"], data["both"]);
    assert_eq!(
        codes_of(&data["filtered"]["nodes"]),
        ["azure-administrator", "azure-developer"]
    );
}

async fn search_pages_with_cursors_without_gaps_or_repeats(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let query = format!(
        r#"query($after: String) {{ search(text: "a", first: 3, after: $after) {{
            totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {HIT} }} }} }} }}"#
    );
    let whole = app
        .data(&format!(
            r#"{{ search(text: "a", first: 100) {{ totalCount nodes {{ {HIT} }} }} }}"#
        ))
        .await;
    let expected = codes_of(&whole["search"]["nodes"]);
    assert!(expected.len() > 6, "{expected:?}");
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.graphql_with(&query, json!({ "after": after })).await;
        let search = &page["data"]["search"];
        assert_eq!(search["totalCount"], whole["search"]["totalCount"], "{page}");
        for edge in search["edges"].as_array().unwrap() {
            walked.push(edge["node"]["code"].as_str().unwrap().to_owned());
        }
        if search["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = search["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(walked, expected);
    let bad = app
        .graphql(r#"{ search(text: "a", after: "not-a-cursor") { totalCount } }"#)
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{bad}");
}

async fn requirement_group_ids_survive_a_reimport_that_renames_the_certification(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ids = r#"{ certification(code: "devops-engineer") { name requirements { id kind } } }"#;
    let before = app.data(ids).await;
    app.rename_certification("devops-engineer", "DevOps Engineer Expert (renamed)")
        .await;
    let after = app.data(ids).await;
    assert_eq!(after["certification"]["name"], "DevOps Engineer Expert (renamed)");
    assert_eq!(
        after["certification"]["requirements"],
        before["certification"]["requirements"]
    );
    let id = &before["certification"]["requirements"][1]["id"];
    let node = app
        .graphql_with(
            "query($id: ID!) { node(id: $id) { ... on RequirementGroup { kind position certification { code } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        node["data"]["node"],
        json!({ "kind": "ALL_OF", "position": 2, "certification": { "code": "devops-engineer" } })
    );
}
