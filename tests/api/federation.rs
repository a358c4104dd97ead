//! certgraph as an Apollo Federation v2 subgraph: composed and served by Apollo's own
//! packages (tests/federation/run.mjs), `_entities` answered from the catalog snapshot, and
//! none of it when federation is off.

use std::path::Path;
use std::time::Duration;

use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    apollo_composes_certgraph_with_another_subgraph_and_the_gateway_answers_across_both,
    a_hundred_mixed_representations_run_no_sql,
    nested_entity_fields_run_no_sql_for_10_or_100_representations,
);

async fn federated(backend: Backend) -> TestApp {
    let options = SpawnOptions {
        federation: true,
        ..Default::default()
    };
    TestApp::spawn_with(backend, options).await
}

/// Runs `node tests/federation/run.mjs` against the app and returns its JSON report.
async fn run_apollo(app: &TestApp) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("federation");
    assert!(
        dir.join("node_modules").is_dir(),
        "the Apollo packages are not installed: run `npm ci --prefix tests/federation` (scripts/test.sh does)"
    );
    let run = tokio::process::Command::new("node")
        .arg(dir.join("run.mjs"))
        .arg(format!("{}/graphql", app.address))
        // Nothing leaves 127.0.0.1: no usage telemetry, no managed-federation key.
        .env("APOLLO_TELEMETRY_DISABLED", "true")
        .env_remove("APOLLO_KEY")
        .env_remove("APOLLO_GRAPH_REF")
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("run.mjs finishes within 2 minutes")
        .expect("node runs (Node 20 must be on PATH)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "run.mjs failed:\n{stderr}");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("run.mjs printed no JSON ({e}):\n{stderr}"))
}

async fn apollo_composes_certgraph_with_another_subgraph_and_the_gateway_answers_across_both(
    backend: Backend,
) {
    let app = federated(backend).await;
    let report = run_apollo(&app).await;
    assert_eq!(
        report["composition"]["hints"],
        json!([]),
        "no composition hints at all"
    );
    let results = &report["results"];
    // people → certgraph: Ada's certifications and their requirements come from certgraph.
    assert_eq!(
        results["personToCertgraph"],
        json!({ "data": { "person": { "name": "Ada Lovelace", "certifications": [
            { "code": "devops-engineer", "name": "DevOps Engineer Expert", "level": "EXPERT", "requirements": [
                { "kind": "ONE_OF", "items": [
                    { "__typename": "Certification", "code": "azure-administrator", "name": "Azure Administrator Associate" },
                    { "__typename": "Certification", "code": "azure-developer", "name": "Azure Developer Associate" } ] },
                { "kind": "ALL_OF", "items": [
                    { "__typename": "Exam", "code": "AZ-400",
                      "title": "Designing and Implementing Microsoft DevOps Solutions",
                      "courses": [{ "code": "AZ-400T00" }] } ] } ] },
            { "code": "azure-developer", "name": "Azure Developer Associate", "level": "ASSOCIATE", "requirements": [
                { "kind": "ALL_OF", "items": [
                    { "__typename": "Exam", "code": "AZ-204", "title": "Developing Solutions for Microsoft Azure", "courses": [{ "code": "AZ-204T00" }] } ] } ] }
        ] } } })
    );
    // certgraph → people: the fields the people subgraph adds to certgraph's Certification.
    assert_eq!(
        results["certgraphToPeople"],
        json!({ "data": { "certification": {
            "name": "DevOps Engineer Expert", "popularity": 1, "holders": [{ "name": "Ada Lovelace" }],
            "requirements": [
                { "items": [
                    { "__typename": "Certification", "code": "azure-administrator", "popularity": 1,
                      "holders": [{ "name": "Grace Hopper" }] },
                    { "__typename": "Certification", "code": "azure-developer", "popularity": 2,
                      "holders": [{ "name": "Ada Lovelace" }, { "name": "Linus Torvalds" }] } ] },
                { "items": [{ "__typename": "Exam" }] } ] } } })
    );
    // people → certgraph → people.
    let unlocks_devops = json!([{ "code": "devops-engineer", "holders": [{ "name": "Ada Lovelace" }] }]);
    assert_eq!(
        results["roundTrip"],
        json!({ "data": { "people": [
            { "name": "Ada Lovelace", "certifications": [
                { "code": "devops-engineer", "unlocks": [] },
                { "code": "azure-developer", "unlocks": unlocks_devops } ] },
            { "name": "Grace Hopper", "certifications": [
                { "code": "azure-administrator", "unlocks": unlocks_devops } ] },
            { "name": "Linus Torvalds", "certifications": [
                { "code": "azure-developer", "unlocks": unlocks_devops } ] } ] } })
    );
    assert_eq!(
        results["pageToPeople"],
        json!({ "data": { "certifications": { "nodes": [
            { "code": "azure-solutions-architect", "popularity": 0 },
            { "code": "devops-engineer", "popularity": 1 },
            { "code": "power-platform-solution-architect-expert", "popularity": 0 } ] } } })
    );
}

const CERTIFICATIONS: [&str; 7] = [
    "azure-solutions-architect",
    "devops-engineer",
    "power-platform-solution-architect-expert",
    "azure-administrator",
    "azure-developer",
    "power-platform-functional-consultant-associate",
    "power-platform-developer-associate",
];
const EXAMS: [&str; 8] = [
    "AZ-303", "AZ-304", "AZ-400", "PL-600", "AZ-104", "AZ-204", "PL-200", "PL-400",
];
const COURSES: [&str; 7] = [
    "AZ-303T00",
    "AZ-304T00",
    "AZ-400T00",
    "AZ-104T00",
    "AZ-204T00",
    "PL-200T00",
    "PL-400T00",
];

/// `n` representations mixing every entity type (exam and course codes sometimes in lower
/// case), unknown codes and malformed keys; with the entry each must come back as.
fn mixed_representations(n: usize) -> (Vec<Value>, Vec<Value>) {
    (0..n)
        .map(|i| {
            let found = |typename: &str, code: &str| json!({ "__typename": typename, "code": code });
            let (representation, expected) = match i % 10 {
                0..=2 => {
                    let code = CERTIFICATIONS[i % 7];
                    (found("Certification", code), found("Certification", code))
                }
                3 | 4 => {
                    let code = EXAMS[i % 8];
                    (found("Exam", &code.to_lowercase()), found("Exam", code))
                }
                5 | 6 => {
                    let code = COURSES[i % 7];
                    (found("Course", &code.to_lowercase()), found("Course", code))
                }
                7 => (
                    found("Certification", &format!("no-such-certification-{i}")),
                    Value::Null,
                ),
                8 => (found("Exam", &format!("ZZ-{}", 100 + i)), Value::Null),
                _ => (json!({ "__typename": "Course", "code": i }), Value::Null),
            };
            (representation, expected)
        })
        .unzip()
}

const FLAT: &str = r#"query($r: [_Any!]!) { _entities(representations: $r) { __typename
    ... on Certification { code name level }
    ... on Exam { code title status }
    ... on Course { code title delivery } } }"#;

/// Runs `_entities` over `representations`; returns its response and the statements it cost.
async fn entities(app: &TestApp, query: &str, representations: &[Value]) -> (Value, u64) {
    let before = app.statements_total().await;
    let response = app.graphql_with(query, json!({ "r": representations })).await;
    let statements = app.statements_total().await - before;
    assert!(response.get("errors").is_none(), "{response:#}");
    (response, statements)
}

fn typename_and_code(entry: &Value) -> Value {
    if entry.is_null() {
        return Value::Null;
    }
    json!({ "__typename": entry["__typename"], "code": entry["code"] })
}

async fn a_hundred_mixed_representations_run_no_sql(backend: Backend) {
    let app = federated(backend).await;
    let (representations, expected) = mixed_representations(100);
    let (response, statements) = entities(&app, FLAT, &representations).await;
    let entries = response["data"]["_entities"].as_array().unwrap();
    let found: Vec<Value> = entries.iter().map(typename_and_code).collect();
    assert_eq!(
        found, expected,
        "entries in order; unknown and malformed keys are null"
    );
    assert_eq!(
        entries[1],
        json!({ "__typename": "Certification", "code": "devops-engineer",
                "name": "DevOps Engineer Expert", "level": "EXPERT" })
    );
    assert_eq!(statements, 0, "entities are looked up in the snapshot");
}

const NESTED: &str = r#"query($r: [_Any!]!) { _entities(representations: $r) { __typename
    ... on Certification { code unlocks { code }
        requirements { kind items { __typename
            ... on Certification { code name }
            ... on Exam { code courses { code } } } } }
    ... on Exam { code courses { code } requiredBy { code } }
    ... on Course { code exams { code status } } } }"#;

async fn nested_entity_fields_run_no_sql_for_10_or_100_representations(backend: Backend) {
    let app = federated(backend).await;
    let (small, _) = mixed_representations(10);
    let (large, _) = mixed_representations(100);
    let (_, small_cost) = entities(&app, NESTED, &small).await;
    let (response, large_cost) = entities(&app, NESTED, &large).await;
    assert_eq!(
        (small_cost, large_cost),
        (0, 0),
        "nested fields come from the snapshot too"
    );
    let devops = &response["data"]["_entities"][1];
    assert_eq!(
        devops["requirements"][1]["items"][0]["courses"],
        json!([{ "code": "AZ-400T00" }])
    );
    let az400 = &response["data"]["_entities"][34];
    assert_eq!(az400["code"], "AZ-400");
    assert_eq!(az400["requiredBy"], json!([{ "code": "devops-engineer" }]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_federation_off_there_is_no_service_or_entities() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for query in [
        "{ _service { sdl } }",
        r#"{ _entities(representations: [{ __typename: "Exam", code: "AZ-400" }]) { __typename } }"#,
    ] {
        let response = app.graphql(query).await;
        let message = response["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with("Unknown field"), "{query}: {response}");
    }
    let types = app.data(r#"{ __schema { types { name } } }"#).await;
    let names: Vec<&str> = types["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for federation_only in ["_Any", "_Entity", "_Service"] {
        assert!(
            !names.contains(&federation_only),
            "{federation_only} in {names:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_federation_on_service_sdl_is_the_subgraph_sdl() {
    let app = federated(Backend::Sqlite).await;
    let data = app.data("{ _service { sdl } }").await;
    let sdl = data["_service"]["sdl"].as_str().unwrap();
    assert!(
        sdl.contains("@link(\n\turl: \"https://specs.apollo.dev/federation/v2."),
        "{sdl}"
    );
    assert!(
        sdl.contains(r#"type Certification implements Node @key(fields: "code")"#),
        "{sdl}"
    );
}
