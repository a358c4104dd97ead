//! The audit log holds every committed change, from a mutation and from `certgraph import`
//! alike: who, what, the versions and each field's old and new value; `auditLog` pages it
//! for admins and `certgraph audit` prints it.

use certgraph_tests::{on_both_backends, Backend};
use serde_json::json;

use super::{editing, CERTGRAPH};

on_both_backends!(a_mutation_and_an_import_leave_exactly_their_audit_records);

const LOG: &str =
    "query($filter: AuditFilter, $after: String) { auditLog(first: 2, after: $after, filter: $filter) { \
    edges { cursor node { actor operation action kind code versionBefore versionAfter catalogVersion at \
    changes { field old new } } } pageInfo { hasNextPage endCursor } } }";

async fn a_mutation_and_an_import_leave_exactly_their_audit_records(backend: Backend) {
    let e = editing(backend).await;
    let before = e
        .app
        .mutate(&e.admin, LOG, json!({ "filter": { "code": "azure-developer" } }))
        .await;
    // The bundled catalog's first load is an import too.
    let first = &before["data"]["auditLog"]["edges"];
    assert_eq!(first.as_array().unwrap().len(), 1, "{before}");
    assert_eq!(first[0]["node"]["actor"], "import");
    assert_eq!(first[0]["node"]["action"], "CREATED");

    e.ok(
        "mutation { updateCertification(input: { code: \"azure-developer\", expectedVersion: 1, \
         name: \"Azure Developer (renamed)\", level: EXPERT }) { certification { version } } }",
        json!({}),
    )
    .await;
    let mut catalog = certgraph_catalog::bundled().unwrap().catalog;
    let exam = catalog
        .exams
        .iter_mut()
        .find(|x| x.code.as_str() == "AZ-204")
        .unwrap();
    exam.title = Some("Developing for Azure (retitled)".into());
    let cert = catalog
        .certifications
        .iter_mut()
        .find(|c| c.code.as_str() == "azure-developer")
        .unwrap();
    cert.name = "Azure Developer (renamed)".into();
    cert.level = certgraph_domain::Level::Expert;
    e.app.import_in_another_process(CERTGRAPH, &catalog).await;

    let mutation = e
        .app
        .mutate(
            &e.admin,
            LOG,
            json!({ "filter": { "code": "AZURE-developer", "actor": "content-team" } }),
        )
        .await;
    let edges = mutation["data"]["auditLog"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{mutation}");
    let record = &edges[0]["node"];
    assert_eq!(
        (
            &record["operation"],
            &record["action"],
            &record["kind"],
            &record["versionBefore"],
            &record["versionAfter"]
        ),
        (
            &json!("updateCertification"),
            &json!("UPDATED"),
            &json!("CERTIFICATION"),
            &json!(1),
            &json!(2)
        )
    );
    assert_eq!(
        record["changes"],
        json!([
            { "field": "level", "old": "ASSOCIATE", "new": "EXPERT" },
            { "field": "name", "old": "Azure Developer Associate", "new": "Azure Developer (renamed)" }
        ]),
    );

    // The import changed the exam only: the certification it sent was already as stored.
    let all = e
        .app
        .mutate(&e.admin, LOG, json!({ "filter": { "actor": "import" } }))
        .await;
    let newest = &all["data"]["auditLog"]["edges"][0]["node"];
    assert_eq!(
        (&newest["code"], &newest["operation"]),
        (&json!("AZ-204"), &json!("import")),
        "{all}"
    );
    assert_eq!(newest["changes"][0]["field"], "title");
    assert_eq!(newest["changes"][0]["new"], "Developing for Azure (retitled)");
    assert_eq!(
        (&newest["versionBefore"], &newest["versionAfter"]),
        (&json!(1), &json!(2))
    );
    // Newest first, paged by cursor.
    let page = &all["data"]["auditLog"]["pageInfo"];
    assert_eq!(page["hasNextPage"], true);
    let next = e
        .app
        .mutate(
            &e.admin,
            LOG,
            json!({ "filter": { "actor": "import" }, "after": page["endCursor"] }),
        )
        .await;
    let older = &next["data"]["auditLog"]["edges"][0]["node"];
    assert!(
        older["catalogVersion"].as_i64() < newest["catalogVersion"].as_i64(),
        "{next}"
    );

    let printed = tokio::process::Command::new(CERTGRAPH)
        .args([
            "--database-url",
            &e.app.database.url,
            "audit",
            "--code",
            "azure-developer",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let text = String::from_utf8_lossy(&printed.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains("content-team")
            && lines[1].contains("updateCertification")
            && lines[1].contains("1 → 2"),
        "{text}"
    );
    assert!(lines[2].contains("import"), "{text}");
}
