//! The issue's promise: a change committed elsewhere (`certgraph import` in another
//! process, a mutation through another replica) reaches
//! the subscribers of every replica within one second, each record's events in version
//! order, all in commit order. SQLite: one process; PostgreSQL: the subscriber is on
//! `certgraph serve` run as a process of its own, which hears of every change only
//! through the database.

use certgraph_tests::{bearer, on_both_backends, Backend, ServerProcess, TestApp};
use serde_json::{json, Value};

use super::{import_elsewhere, tagged, wait_for_metric, Subscriber, CERTGRAPH, CHANGES};

on_both_backends!(imports_and_mutations_reach_the_subscribers_of_every_replica_within_a_second_in_order);

const DEVOPS: &str = r#"subscription { certificationChanged(code: "devops-engineer") { code name } }"#;
const EXAMS: &str = "subscription { catalogChanged(kinds: [EXAM]) { kind code action } }";

async fn imports_and_mutations_reach_the_subscribers_of_every_replica_within_a_second_in_order(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let process_b = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(ServerProcess::start(CERTGRAPH, &app.database.url).await),
    };
    let replica = process_b
        .as_ref()
        .map_or(app.address.clone(), |b| b.address.clone());
    let subscriptions = json!([{ "query": CHANGES }, { "query": DEVOPS }, { "query": EXAMS }]);
    let mut subscriber = Subscriber::graphql_ws(&replica, subscriptions, json!({})).await;
    assert_eq!(subscriber.next().await, json!({ "connected": true }));
    wait_for_metric(&replica, "certgraph_subscriptions", "", 3.0).await;

    let mut changes = Vec::new();
    for generation in 1..=3 {
        import_elsewhere(&app, &tagged(generation)).await;
        let mut got = [Vec::new(), Vec::new(), Vec::new()];
        while got[0].len() < 2 || got[1].is_empty() || got[2].is_empty() {
            let message = subscriber.next().await;
            let sub = message["sub"].as_u64().expect("an event") as usize;
            got[sub].push(message);
        }
        assert_eq!(got.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 1], "{got:?}");
        for event in &got[0] {
            let change = &event["next"]["data"]["catalogChanged"];
            let late = event["at"].as_i64().unwrap() - epoch_ms(change["at"].as_str().unwrap());
            assert!(late <= 1_000, "received {late} ms after the commit: {change}");
        }
        assert_eq!(
            got[1][0]["next"]["data"]["certificationChanged"],
            json!({ "code": "devops-engineer", "name": format!("DevOps Engineer Expert (gen {generation})") })
        );
        assert_eq!(
            got[2][0]["next"]["data"]["catalogChanged"],
            json!({ "kind": "EXAM", "code": "AZ-400", "action": "UPDATED" })
        );
        changes.extend(got[0].iter().map(|e| e["next"]["data"]["catalogChanged"].clone()));
    }

    // A mutation through the first replica.
    let editor = bearer(&app.create_key(CERTGRAPH, "dashboard-editor", "editor").await);
    let read = app.post_authorized(
        &app.client,
        Some(&editor),
        r#"{ certification(code: "devops-engineer") { version } }"#,
    );
    let version = read.await.json::<Value>().await.unwrap()["data"]["certification"]["version"].clone();
    let rename = format!(
        r#"mutation {{ updateCertification(input: {{ code: "devops-engineer", expectedVersion: {version}, name: "Renamed by a mutation" }}) {{ certification {{ version }} }} }}"#
    );
    let answer: Value = app
        .post_authorized(&app.client, Some(&editor), &rename)
        .await
        .json()
        .await
        .unwrap();
    assert!(answer.get("errors").is_none(), "{answer}");
    let mut got = [Vec::new(), Vec::new()];
    while got[0].is_empty() || got[1].is_empty() {
        let message = subscriber.next().await;
        let sub = message["sub"].as_u64().expect("an event") as usize;
        assert!(sub < 2, "no exam changed: {message}");
        got[sub].push(message);
    }
    let change = &got[0][0]["next"]["data"]["catalogChanged"];
    let late = got[0][0]["at"].as_i64().unwrap() - epoch_ms(change["at"].as_str().unwrap());
    assert!(late <= 1_000, "received {late} ms after the commit: {change}");
    assert_eq!(
        (&change["code"], &change["changedFields"], &change["version"]),
        (
            &json!("devops-engineer"),
            &json!(["name"]),
            &answer["data"]["updateCertification"]["certification"]["version"]
        )
    );
    assert_eq!(
        got[1][0]["next"]["data"]["certificationChanged"]["name"],
        "Renamed by a mutation"
    );
    changes.push(change.clone());

    let fields = |c: &Value| {
        (
            c["kind"].clone(),
            c["code"].clone(),
            c["action"].clone(),
            c["changedFields"].clone(),
        )
    };
    let expected = [
        (
            json!("CERTIFICATION"),
            json!("devops-engineer"),
            json!("UPDATED"),
            json!(["name"]),
        ),
        (json!("EXAM"), json!("AZ-400"), json!("UPDATED"), json!(["title"])),
    ];
    for (i, change) in changes.iter().enumerate() {
        assert!(
            expected.contains(&fields(change)),
            "change {i} is one of the two edits: {change}"
        );
    }
    let versions = |code: &str| -> Vec<i64> {
        let of = changes.iter().filter(|c| c["code"] == code);
        of.map(|c| c["version"].as_i64().unwrap()).collect()
    };
    for code in ["devops-engineer", "AZ-400"] {
        let versions = versions(code);
        let expected = if code == "AZ-400" { 3 } else { 4 };
        assert_eq!(
            versions.len(),
            expected,
            "{code}: one event per import (and the mutation)"
        );
        assert!(
            versions.windows(2).all(|w| w[0] < w[1]),
            "{code}: in version order {versions:?}"
        );
    }
    let catalog_versions: Vec<i64> = changes
        .iter()
        .map(|c| c["catalogVersion"].as_i64().unwrap())
        .collect();
    assert!(
        catalog_versions.windows(2).all(|w| w[0] <= w[1]) && catalog_versions[0] < catalog_versions[5],
        "in commit order: {catalog_versions:?}"
    );
}

/// RFC 3339 in UTC (`YYYY-MM-DDTHH:MM:SS[.mmm](Z|+00:00)`) as milliseconds since the Unix
/// epoch.
fn epoch_ms(at: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| at[range].parse::<i64>().unwrap();
    let (year, month, day) = (n(0..4), n(5..7), n(8..10));
    // Days from civil (Howard Hinnant), March-based years.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let millis = if &at[19..20] == "." { n(20..23) } else { 0 };
    ((days * 24 + n(11..13)) * 60 + n(14..16)) * 60_000 + n(17..19) * 1000 + millis
}

#[test]
fn times_parse() {
    assert_eq!(epoch_ms("1970-01-01T00:00:00.000Z"), 0);
    assert_eq!(epoch_ms("2000-02-29T00:00:00.123Z"), 951_782_400_123);
    assert_eq!(epoch_ms("2026-12-31T23:59:59+00:00"), 1_798_761_599_000);
}
