//! A subscriber that reconnects with `since` (the last `catalogVersion` it saw) is sent
//! what was committed while it was away, from the audit log, in order; when that is more
//! than the log replays, it is told RESYNC_REQUIRED instead.

use certgraph_tests::{Backend, TestApp};
use serde_json::{json, Value};

use super::{import_elsewhere, tagged, wait_for_metric, Subscriber, CHANGES};

const CHANGES_SINCE_TIME: &str =
    "subscription($sinceTime: DateTime) { catalogChanged(sinceTime: $sinceTime) { \
    kind code action version catalogVersion changedFields at } }";

fn change(message: &Value) -> &Value {
    &message["next"]["data"]["catalogChanged"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_reconnects_with_since_is_sent_what_it_missed_in_order() {
    reconnects_and_is_sent_what_it_missed(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_that_knows_only_the_time_it_last_saw_is_sent_what_it_missed() {
    reconnects_and_is_sent_what_it_missed(true).await;
}

/// Reconnects with the last `catalogVersion` seen, or with `by_time` the last `at`.
async fn reconnects_and_is_sent_what_it_missed(by_time: bool) {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut first = Subscriber::graphql_ws(&app.address, json!([{ "query": CHANGES }]), json!({})).await;
    first.next().await;
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
    import_elsewhere(&app, &tagged(1)).await;
    let seen = first.events(0, 2).await;
    let last_seen = change(&seen[1])["catalogVersion"].as_i64().unwrap();
    let last_at = change(&seen[1])["at"].clone();
    drop(first);

    // Away: two more imports.
    import_elsewhere(&app, &tagged(2)).await;
    import_elsewhere(&app, &tagged(3)).await;
    app.wait_for_catalog_version(last_seen + 2).await;

    let subscriptions = match by_time {
        false => json!([{ "query": CHANGES, "variables": { "since": last_seen } }]),
        true => json!([{ "query": CHANGES_SINCE_TIME, "variables": { "sinceTime": last_at } }]),
    };
    let mut again = Subscriber::graphql_ws(&app.address, subscriptions, json!({})).await;
    let missed: Vec<Value> = again
        .events(0, 4)
        .await
        .iter()
        .map(|m| change(m).clone())
        .collect();
    let summary: Vec<(Value, i64)> = missed
        .iter()
        .map(|c| (c["code"].clone(), c["catalogVersion"].as_i64().unwrap()))
        .collect();
    let mut in_order = summary.clone();
    in_order.sort_by_key(|(_, v)| *v);
    assert_eq!(summary, in_order, "in commit order");
    assert!(
        summary.iter().all(|(_, v)| *v > last_seen),
        "only what was missed: {summary:?}"
    );
    let devops: Vec<i64> = missed
        .iter()
        .filter(|c| c["code"] == "devops-engineer")
        .map(|c| c["version"].as_i64().unwrap())
        .collect();
    assert_eq!(devops.len(), 2, "{missed:?}");
    assert!(devops[0] < devops[1]);

    // And it goes on live from there.
    import_elsewhere(&app, &tagged(4)).await;
    let live = again.events(0, 2).await;
    assert!(change(&live[0])["catalogVersion"].as_i64() > Some(summary[3].1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_longer_than_the_log_replays_is_resync_required() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let before = app.catalog_version().await.unwrap();
    // Some 1,200 records created (and the bundled ones deleted): more than one replay holds.
    let large = certgraph_testkit::synthetic_catalog(400, 1);
    app.load_catalog(&large).await;

    let subscriptions = json!([
        { "query": CHANGES, "variables": { "since": before } },
        { "query": CHANGES, "variables": { "since": app.catalog_version().await.unwrap() } },
    ]);
    let mut subscriber = Subscriber::graphql_ws(&app.address, subscriptions, json!({})).await;
    let refused = subscriber
        .until(|m| m.get("error").is_some())
        .await
        .pop()
        .unwrap();
    assert_eq!(refused["sub"], 0);
    assert_eq!(
        refused["error"][0]["extensions"]["code"], "RESYNC_REQUIRED",
        "{refused}"
    );
    // A subscriber that was current is not affected.
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
    let mut renamed = large.clone();
    renamed.certifications[0].name = "Renamed while subscribed".to_owned();
    app.load_catalog(&renamed).await;
    let events = subscriber.events(1, 1).await;
    let event = change(&events[0]);
    assert_eq!(
        (&event["action"], &event["code"]),
        (&json!("UPDATED"), &json!(renamed.certifications[0].code.as_str())),
        "{event}"
    );
}
