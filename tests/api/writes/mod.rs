//! Writes through GraphQL with real API keys over real HTTP, on both backends: each
//! mutation's effect read back through the API, its version and audit record; every refusal
//! with its code; and (PostgreSQL) two server processes racing on one database.

mod audit;
mod concurrency;
mod refusals;

use certgraph_tests::{Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

/// `certgraph` itself, run as another process.
const CERTGRAPH: &str = env!("CARGO_BIN_EXE_certgraph-cli");

/// A server with the bundled catalog, rate limits off, and an editor and an admin key.
struct Editing {
    app: TestApp,
    editor: String,
    admin: String,
}

async fn editing(backend: Backend) -> Editing {
    let options = SpawnOptions {
        settings: |s| s.rate_limit = None,
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    let editor = app.create_key(CERTGRAPH, "content-team", "editor").await;
    let admin = app.create_key(CERTGRAPH, "ops", "admin").await;
    Editing { app, editor, admin }
}

impl Editing {
    async fn edit(&self, query: &str, variables: Value) -> Value {
        self.app.mutate(&self.editor, query, variables).await
    }

    /// The answer's data, which must have no errors.
    async fn ok(&self, query: &str, variables: Value) -> Value {
        let answer = self.edit(query, variables).await;
        assert!(answer["errors"].is_null(), "{answer}");
        answer["data"].clone()
    }

    async fn version_of(&self, field: &str, code: &str) -> i64 {
        let data = self
            .app
            .data(&format!(r#"{{ {field}(code: "{code}") {{ version }} }}"#))
            .await;
        data[field]["version"].as_i64().expect("a version")
    }
}

/// Everything a write can change, to compare two replicas' catalogs.
const DUMP: &str =
    "{ certifications(first: 100) { nodes { code name level description url status version updatedAt \
    requirements { kind items { ... on Certification { code } ... on Exam { code } } } } } \
    exams(first: 100) { nodes { code title url status version updatedAt courses { code } } } \
    courses(first: 100) { nodes { code title delivery version updatedAt exams { code } } } }";

/// The replica that wrote serves the catalog it built from its writes; a replica that loads
/// it from the database must serve the very same.
async fn assert_served_as_stored(e: &Editing) {
    let built = e.app.data(DUMP).await;
    let reloaded = e.app.another_server().await;
    let stored = certgraph_tests::graphql_at(&e.app.client, &reloaded, DUMP, json!({}), None).await;
    assert_eq!(
        built, stored["data"],
        "the written replica's catalog differs from the stored one"
    );
}

const CREATE_CERT: &str =
    "mutation($input: CreateCertificationInput!) { createCertification(input: $input) { \
    clientMutationId certification { code name level version updatedAt requirements { kind items { \
    ... on Certification { code } ... on Exam { code } } } } } }";

async fn every_mutation_changes_what_the_api_serves(backend: Backend) {
    let e = editing(backend).await;
    // Exams and courses first: a certification's requirements name them.
    let data = e
        .ok(
            "mutation { createExam(input: { code: \"xx-101\", title: \"Widgets\", url: \"https://example.org/xx-101\" }) \
             { exam { code title status version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["createExam"]["exam"],
        json!({ "code": "XX-101", "title": "Widgets", "status": "LIVE", "version": 1 })
    );
    let data = e
        .ok(
            "mutation { createCourse(input: { code: \"XX-101T00\", title: \"Widgets course\", exams: [\"XX-101\"] }) \
             { course { code delivery exams { code } version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["createCourse"]["course"]["exams"],
        json!([{ "code": "XX-101" }])
    );
    assert_eq!(data["createCourse"]["course"]["delivery"], "INSTRUCTOR_LED");

    let input = json!({ "input": {
        "code": "widget-expert", "name": "Widget Expert", "level": "EXPERT", "clientMutationId": "m1",
        "requirements": [
            { "kind": "ALL_OF", "items": [{ "exam": "XX-101" }] },
            { "kind": "ONE_OF", "items": [{ "certification": "azure-administrator" }, { "exam": "AZ-204" }] }
        ]
    }});
    let created = e.ok(CREATE_CERT, input).await["createCertification"].clone();
    assert_eq!(created["clientMutationId"], "m1");
    let cert = &created["certification"];
    assert_eq!(
        (cert["code"].as_str(), cert["version"].as_i64()),
        (Some("widget-expert"), Some(1))
    );
    assert_eq!(
        cert["requirements"],
        json!([
            { "kind": "ALL_OF", "items": [{ "code": "XX-101" }] },
            { "kind": "ONE_OF", "items": [{ "code": "azure-administrator" }, { "code": "AZ-204" }] }
        ])
    );
    let updated = cert["updatedAt"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(updated).is_ok(), "{cert}");

    let data = e
        .ok(
            "mutation { updateCertification(input: { code: \"widget-expert\", expectedVersion: 1, \
             name: \"Widget Expert II\", description: \"All about widgets\" }) { certification { name description level version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["updateCertification"]["certification"],
        json!({ "name": "Widget Expert II", "description": "All about widgets", "level": "EXPERT", "version": 2 })
    );
    let data = e
        .ok(
            "mutation { setRequirements(input: { code: \"widget-expert\", expectedVersion: 2, groups: [\
             { kind: ONE_OF, items: [{ exam: \"XX-101\" }, { exam: \"AZ-400\" }] }] }) \
             { certification { version requirements { kind items { ... on Exam { code } } } } } }",
            json!({}),
        )
        .await;
    let cert = &data["setRequirements"]["certification"];
    assert_eq!(cert["version"], 3);
    assert_eq!(
        cert["requirements"],
        json!([{ "kind": "ONE_OF", "items": [{ "code": "XX-101" }, { "code": "AZ-400" }] }])
    );
    // Read back through a plain query: the change is what every reader sees.
    let read = e
        .app
        .data(r#"{ exam(code: "XX-101") { requiredBy { code } courses { code } } }"#)
        .await;
    assert_eq!(read["exam"]["requiredBy"], json!([{ "code": "widget-expert" }]));

    let data = e
        .ok(
            "mutation { updateExam(input: { code: \"XX-101\", expectedVersion: 1, title: null, status: BETA }) \
             { exam { title status version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["updateExam"]["exam"],
        json!({ "title": null, "status": "BETA", "version": 2 })
    );
    let data = e
        .ok(
            "mutation { updateCourse(input: { code: \"XX-101T00\", expectedVersion: 1, exams: [\"XX-101\", \"AZ-400\"], \
             delivery: SELF_PACED }) { course { delivery exams { code } version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["updateCourse"]["course"],
        json!({ "delivery": "SELF_PACED", "exams": [{ "code": "XX-101" }, { "code": "AZ-400" }], "version": 2 })
    );

    assert_served_as_stored(&e).await;

    let deleted = e
        .ok(
            "mutation { deleteCourse(input: { code: \"XX-101T00\", expectedVersion: 2 }) { deletedCode version } \
             }",
            json!({}),
        )
        .await;
    assert_eq!(
        deleted["deleteCourse"],
        json!({ "deletedCode": "XX-101T00", "version": 2 })
    );
    let deleted = e
        .ok(
            "mutation { deleteCertification(input: { code: \"widget-expert\", expectedVersion: 3 }) { deletedCode deletedId } }",
            json!({}),
        )
        .await;
    assert_eq!(deleted["deleteCertification"]["deletedCode"], "widget-expert");
    let deleted = e
        .ok(
            "mutation { deleteExam(input: { code: \"XX-101\", expectedVersion: 2 }) { deletedCode } }",
            json!({}),
        )
        .await;
    assert_eq!(deleted["deleteExam"]["deletedCode"], "XX-101");
    let gone = e
        .app
        .data(r#"{ exam(code: "XX-101") { code } certification(code: "widget-expert") { code } course(code: "XX-101T00") { code } }"#)
        .await;
    assert_eq!(
        gone,
        json!({ "exam": null, "certification": null, "course": null })
    );
    assert_eq!(e.version_of("exam", "AZ-400").await, 1);
    // Ten mutations, each its own request, all committed.
    assert_eq!(
        e.app
            .counter("certgraph_catalog_writes_total{outcome=\"committed\"}")
            .await,
        10
    );
}

certgraph_tests::on_both_backends!(every_mutation_changes_what_the_api_serves);
