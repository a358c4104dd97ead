//! Two server processes on one PostgreSQL database: writers racing through different
//! processes never both commit what only one may (half of a cycle each, the same expected
//! version), the audit log holds exactly what committed, and a write through one process is
//! served by the other within a second.

use std::time::{Duration, Instant};

use certgraph_tests::{error_code, graphql_at, post_as, Backend, ServerProcess};
use serde_json::{json, Value};

use super::{editing, CERTGRAPH};

const REQUIRE: &str = "mutation($code: String!, $needs: String!) { setRequirements(input: { code: $code, \
    expectedVersion: 1, groups: [{ kind: ALL_OF, items: [{ certification: $needs }] }] }) { certification { code } } }";

const CREATE: &str =
    "mutation($code: String!) { createCertification(input: { code: $code, name: $code, level: EXPERT }) \
    { certification { version } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_writers_in_two_processes_never_both_commit_what_only_one_may() {
    let e = editing(Backend::Postgres).await;
    let other = ServerProcess::start(CERTGRAPH, &e.app.database.url).await;
    let client = reqwest::Client::new();
    let (a, b) = (e.app.address.as_str(), other.address.as_str());

    for round in 0..50 {
        let (first, second) = (format!("race-{round}-a"), format!("race-{round}-b"));
        for code in [&first, &second] {
            e.ok(CREATE, json!({ "code": code })).await;
        }
        let (one, two) = tokio::join!(
            post_as(
                &client,
                a,
                &e.editor,
                REQUIRE,
                json!({ "code": first, "needs": second })
            ),
            post_as(
                &client,
                b,
                &e.editor,
                REQUIRE,
                json!({ "code": second, "needs": first })
            ),
        );
        let outcomes = [error_code(&one), error_code(&two)];
        assert!(
            outcomes.contains(&None) && outcomes.contains(&Some("CYCLE")),
            "round {round}: exactly one half of the cycle commits: {one} {two}"
        );
        // What is stored agrees: exactly one of the two requires the other (read once this
        // replica serves what the other committed).
        e.app
            .wait_for_catalog_version(e.app.committed_catalog_version().await)
            .await;
        let stored = e
            .app
            .data(&format!(
                r#"{{ a: certification(code: "{first}") {{ requirements {{ kind }} }} b: certification(code: "{second}") {{ requirements {{ kind }} }} }}"#
            ))
            .await;
        let groups = |k: &str| stored[k]["requirements"].as_array().unwrap().len();
        assert_eq!(groups("a") + groups("b"), 1, "round {round}: {stored}");
    }
    other.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_a_hundred_updates_on_one_version_exactly_one_commits() {
    let e = editing(Backend::Postgres).await;
    let other = ServerProcess::start(CERTGRAPH, &e.app.database.url).await;
    let client = reqwest::Client::new();
    let rename = "mutation($name: String!) { updateCertification(input: { code: \"azure-developer\", \
                  expectedVersion: 1, name: $name }) { certification { version } } }";
    let sends = (0..100).map(|i| {
        let address = if i % 2 == 0 {
            e.app.address.clone()
        } else {
            other.address.clone()
        };
        let (client, editor) = (client.clone(), e.editor.clone());
        async move {
            post_as(
                &client,
                &address,
                &editor,
                rename,
                json!({ "name": format!("Developer {i}") }),
            )
            .await
        }
    });
    let answers = futures::future::join_all(sends).await;
    let committed: Vec<&Value> = answers.iter().filter(|a| a["errors"].is_null()).collect();
    assert_eq!(committed.len(), 1, "exactly one commits");
    assert_eq!(
        committed[0]["data"]["updateCertification"]["certification"]["version"],
        2
    );
    for refused in answers.iter().filter(|a| !a["errors"].is_null()) {
        assert_eq!(error_code(refused), Some("CONFLICT"), "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["currentVersion"], 2);
    }
    let log = e
        .app
        .mutate(
            &e.admin,
            "{ auditLog(first: 100, filter: { code: \"azure-developer\", actor: \"content-team\" }) { edges { node { versionAfter } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        log["data"]["auditLog"]["edges"],
        json!([{ "node": { "versionAfter": 2 } }])
    );
    other.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_process_is_served_by_the_other_within_a_second() {
    let e = editing(Backend::Postgres).await;
    let other = ServerProcess::start(CERTGRAPH, &e.app.database.url).await;
    let client = reqwest::Client::new();
    e.ok(
        "mutation { updateExam(input: { code: \"AZ-400\", expectedVersion: 1, title: \"Seen elsewhere\" }) { exam { title } } }",
        json!({}),
    )
    .await;
    let written = Instant::now();
    loop {
        let query = r#"{ exam(code: "AZ-400") { title version } }"#;
        let read = graphql_at(&client, &other.address, query, json!({}), None).await;
        if read["data"]["exam"]["title"] == "Seen elsewhere" {
            assert_eq!(read["data"]["exam"]["version"], 2);
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "not served by the other process within a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    other.stop().await;
}
