//! Every refusal of a write, with its code and what it carries, and nothing written after
//! it: no key, a key without the role, a stale version, a deletion of something in use, a
//! cycle, and bad input with the path of each problem.

use certgraph_tests::{bearer, error_code, on_both_backends, Backend};
use serde_json::json;

use super::{editing, CERTGRAPH};

on_both_backends!(
    writes_need_an_editor_key,
    a_stale_version_is_a_conflict_carrying_the_current_one,
    what_is_still_referred_to_is_not_deleted,
    a_requirement_that_closes_a_cycle_is_refused_with_its_path,
    every_input_problem_is_reported_at_its_path,
);

const RENAME: &str =
    "mutation { updateCertification(input: { code: \"azure-developer\", expectedVersion: 1, \
                      name: \"Renamed\" }) { certification { name } } }";

async fn writes_need_an_editor_key(backend: Backend) {
    let e = editing(backend).await;
    let anonymous = e.app.post_authorized(&e.app.client, None, RENAME).await;
    assert_eq!(anonymous.status(), 401);
    let answer: serde_json::Value = anonymous.json().await.unwrap();
    assert_eq!(error_code(&answer), Some("UNAUTHENTICATED"), "{answer}");

    let reader = e.app.create_key(CERTGRAPH, "dashboard", "reader").await;
    let refused = e
        .app
        .post_authorized(&e.app.client, Some(&bearer(&reader)), RENAME)
        .await;
    assert_eq!(refused.status(), 403);
    let answer: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");
    // The audit log is for admins: an editor is refused too.
    let audit = e
        .app
        .mutate(&e.editor, "{ auditLog { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(error_code(&audit), Some("FORBIDDEN"), "{audit}");
    // Over GET a mutation is never run.
    let get = e.app.get("/graphql?query=mutation%7BdeleteCourse(input:%7Bcode:%22X%22,expectedVersion:1%7D)%7BdeletedCode%7D%7D").await;
    assert_eq!(get.status(), 405);

    let name = e
        .app
        .data(r#"{ certification(code: "azure-developer") { name version } }"#)
        .await;
    assert_eq!(name["certification"]["version"], 1, "{name}");
    assert_ne!(name["certification"]["name"], "Renamed");
}

async fn a_stale_version_is_a_conflict_carrying_the_current_one(backend: Backend) {
    let e = editing(backend).await;
    e.ok(RENAME, json!({})).await;
    let stale = e
        .edit(&RENAME.replace("Renamed", "Renamed again"), json!({}))
        .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
    let read = e
        .app
        .data(r#"{ certification(code: "azure-developer") { name version } }"#)
        .await;
    assert_eq!(read["certification"], json!({ "name": "Renamed", "version": 2 }));
    let missing = e
        .edit(
            "mutation { deleteExam(input: { code: \"NO-999\", expectedVersion: 1 }) { deletedCode } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&missing), Some("NOT_FOUND"), "{missing}");
}

async fn what_is_still_referred_to_is_not_deleted(backend: Backend) {
    let e = editing(backend).await;
    let exam = e
        .edit(
            "mutation { deleteExam(input: { code: \"AZ-400\", expectedVersion: 1 }) { deletedCode } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&exam), Some("IN_USE"), "{exam}");
    let referrers = &exam["errors"][0]["extensions"]["referrers"];
    assert!(
        referrers
            .as_array()
            .unwrap()
            .contains(&json!({ "kind": "CERTIFICATION", "code": "devops-engineer" })),
        "{referrers}"
    );
    assert!(
        referrers
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "COURSE"),
        "{referrers}"
    );
    let cert = e
        .edit(
            "mutation { deleteCertification(input: { code: \"azure-administrator\", expectedVersion: 1 }) { deletedCode } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&cert), Some("IN_USE"), "{cert}");
    assert_eq!(
        cert["errors"][0]["extensions"]["referrers"],
        json!([{ "kind": "CERTIFICATION", "code": "devops-engineer" }])
    );
    let still = e
        .app
        .data(r#"{ exam(code: "AZ-400") { code } certification(code: "azure-administrator") { code } }"#)
        .await;
    assert_eq!(still["exam"]["code"], "AZ-400");
    assert_eq!(still["certification"]["code"], "azure-administrator");
}

async fn a_requirement_that_closes_a_cycle_is_refused_with_its_path(backend: Backend) {
    let e = editing(backend).await;
    let cycle = e
        .edit(
            "mutation { setRequirements(input: { code: \"azure-administrator\", expectedVersion: 1, groups: [\
             { kind: ALL_OF, items: [{ exam: \"AZ-104\" }, { certification: \"devops-engineer\" }] }] }) \
             { certification { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&cycle), Some("CYCLE"), "{cycle}");
    assert_eq!(
        cycle["errors"][0]["extensions"]["path"],
        json!(["azure-administrator", "devops-engineer", "azure-administrator"])
    );
    assert_eq!(e.version_of("certification", "azure-administrator").await, 1);
}

async fn every_input_problem_is_reported_at_its_path(backend: Backend) {
    let e = editing(backend).await;
    let input = json!({ "input": {
        "code": "Not A Slug!", "name": " ", "level": "EXPERT", "url": "ftp://example.org",
        "requirements": [
            { "kind": "ALL_OF", "items": [] },
            { "kind": "ONE_OF", "items": [{ "exam": "AZ-104" }, { "exam": "AZ-104" }] }
        ]
    }});
    let answer = e.edit(super::CREATE_CERT, input).await;
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    let paths: Vec<String> = answer["errors"][0]["extensions"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].to_string())
        .collect();
    for expected in [
        r#"["input","code"]"#,
        r#"["input","name"]"#,
        r#"["input","url"]"#,
        r#"["input","requirements",0,"items"]"#,
        r#"["input","requirements",1,"items",1,"exam"]"#,
    ] {
        assert!(
            paths.contains(&expected.to_owned()),
            "{expected} missing from {paths:?}"
        );
    }

    // References the catalog does not have, found by the store's validation, placed too.
    let unknown = json!({ "input": {
        "code": "widget-expert", "name": "Widget Expert", "level": "EXPERT",
        "requirements": [{ "kind": "ONE_OF", "items": [{ "exam": "AZ-104" }, { "certification": "no-such-thing" }] }]
    }});
    let answer = e.edit(super::CREATE_CERT, unknown).await;
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["problems"][0]["path"],
        json!(["input", "requirements", 0, "items", 1, "certification"])
    );
    let duplicate = json!({ "input": { "code": "devops-engineer", "name": "Again", "level": "EXPERT" } });
    let answer = e.edit(super::CREATE_CERT, duplicate).await;
    assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"), "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["problems"][0]["path"],
        json!(["input", "code"])
    );
    let none = e
        .app
        .data(r#"{ certification(code: "widget-expert") { code } }"#)
        .await;
    assert_eq!(none["certification"], serde_json::Value::Null);
}
