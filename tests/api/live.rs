//! The in-memory catalog snapshot stays current: a change committed by another process
//! (`certgraph import` run as its own process) is served within a second, a reader never
//! sees half of a change, the server follows again after its notification connection is
//! killed, and reads send no SQL at all.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use certgraph_domain::{
    Catalog, Certification, CertificationCode, CertificationStatus, ExamCode, GroupKind, Level,
    RequirementGroup, RequirementItem,
};
use certgraph_tests::{
    backend_pids, on_both_backends, postgres_admin_url, unknown_persisted_query, Backend, SpawnOptions,
    TestApp,
};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{json, Value};

/// `certgraph` itself, run as another process.
const CERTGRAPH: &str = env!("CARGO_BIN_EXE_certgraph-cli");

/// The issue's bound: a change committed elsewhere is served within this.
const CURRENT_WITHIN: Duration = Duration::from_secs(1);

on_both_backends!(
    an_import_by_another_process_is_served_within_a_second,
    readers_during_reloads_see_one_whole_catalog_or_the_other,
    reads_of_every_kind_send_no_sql,
);

/// These tests read far past one client's rate budget; what they test is not the limiter.
async fn spawn(backend: Backend) -> TestApp {
    let options = SpawnOptions {
        settings: |s| s.rate_limit = None,
        ..Default::default()
    };
    TestApp::spawn_with(backend, options).await
}

fn bundled() -> Catalog {
    certgraph_catalog::bundled().unwrap().catalog
}

/// The bundled catalog with the DevOps certification and its exam AZ-400 both tagged with
/// generation `generation`.
fn tagged(generation: usize) -> Catalog {
    let mut catalog = bundled();
    let devops = catalog
        .certifications
        .iter_mut()
        .find(|c| c.code.as_str() == "devops-engineer")
        .unwrap();
    devops.name = format!("DevOps Engineer Expert (gen {generation})");
    let exam = catalog
        .exams
        .iter_mut()
        .find(|e| e.code.as_str() == "AZ-400")
        .unwrap();
    exam.title = Some(format!("Designing and Implementing DevOps (gen {generation})"));
    catalog
}

/// The generation a text is tagged with.
fn generation_of(text: &Value) -> Option<usize> {
    let text = text.as_str()?;
    let (_, tail) = text.rsplit_once("(gen ")?;
    tail.strip_suffix(')')?.parse().ok()
}

const DEVOPS: &str = r#"{ certification(code: "devops-engineer") { name } exam(code: "AZ-400") { title } }"#;

/// Imports `catalog` (tagged with `generation`) with `certgraph import` in another
/// process; returns the version it committed and the time from that commit (as a
/// connection of the test's own first saw it) to the server's first answer with the new
/// data.
async fn import_and_time_until_served(
    app: &TestApp,
    catalog: &Catalog,
    generation: usize,
) -> (Duration, i64) {
    let before = app.committed_catalog_version().await;
    let commit = app.watch_for_commit_after(before).await;
    let (printed, served_at) = tokio::join!(
        app.import_in_another_process(CERTGRAPH, catalog),
        app.wait_until_served(DEVOPS, |r| {
            generation_of(&r["data"]["certification"]["name"]) == Some(generation)
                && generation_of(&r["data"]["exam"]["title"]) == Some(generation)
        })
    );
    assert!(
        printed.contains("certifications: 0 created, 1 updated"),
        "{printed}"
    );
    let (version, committed_at) = commit.await.unwrap();
    (served_at.saturating_duration_since(committed_at), version)
}

async fn an_import_by_another_process_is_served_within_a_second(backend: Backend) {
    let app = spawn(backend).await;
    let before = app.data(DEVOPS).await;
    assert_eq!(generation_of(&before["certification"]["name"]), None, "{before}");

    for generation in 1..=2 {
        let (took, version) = import_and_time_until_served(&app, &tagged(generation), generation).await;
        eprintln!("generation {generation} (version {version}) served {took:?} after its commit");
        assert!(
            took <= CURRENT_WITHIN,
            "the import's change was served {took:?} after its commit"
        );
        let (status, ready) = app.get_json("/readyz").await;
        assert_eq!(status, 200, "{ready}");
        assert_eq!(ready["status"], "ready", "{ready}");
        assert_eq!(ready["catalog"]["version"], version, "{ready}");
        assert!(ready["catalog"]["ageSeconds"].as_f64().unwrap() < 60.0, "{ready}");
    }
    // Untouched parts of the catalog are still there.
    let data = app
        .data(r#"{ certification(code: "azure-administrator") { name } }"#)
        .await;
    assert!(data["certification"]["name"].is_string(), "{data}");
}

/// How many filler certifications generation `g` has: a different count for each, so a
/// page of them shows which generation its count comes from.
fn fillers(generation: usize) -> usize {
    60 + 7 * generation
}

/// [`tagged`] plus [`fillers`] certifications named with the generation, each requiring
/// AZ-400 (so AZ-400's `requiredBy` grows with them).
fn generation(generation: usize) -> Catalog {
    let mut catalog = tagged(generation);
    let az400 = ExamCode::parse("AZ-400").unwrap();
    for i in 0..fillers(generation) {
        catalog.certifications.push(Certification {
            code: CertificationCode::parse(&format!("filler-{i:03}")).unwrap(),
            name: format!("Filler {i} (gen {generation})"),
            level: Level::Associate,
            description: None,
            url: None,
            path_image: None,
            status: CertificationStatus::Active,
            requirements: vec![RequirementGroup {
                kind: GroupKind::AllOf,
                items: vec![RequirementItem::Exam(az400.clone())],
            }],
        });
    }
    catalog
}

/// Everything in it changes with each generation.
const CONSISTENT: &str = r#"{
  certification(code: "devops-engineer") { name requirements { items { ... on Exam { code title } } } }
  fillers: certifications(first: 100, filter: { text: "filler" }) { totalCount nodes { code name } }
  exam(code: "AZ-400") { title requiredBy { code } } }"#;

/// The one generation the whole answer belongs to, or why it does not.
fn whole_generation(response: &Value, base_required_by: usize) -> Result<usize, String> {
    let data = &response["data"];
    if response.get("errors").is_some() || data.is_null() {
        return Err("an error".into());
    }
    let generation = generation_of(&data["certification"]["name"]).ok_or("untagged certification")?;
    let mut tags = vec![generation_of(&data["exam"]["title"])];
    for group in data["certification"]["requirements"]
        .as_array()
        .ok_or("no requirements")?
    {
        for item in group["items"].as_array().ok_or("no items")? {
            if item["code"] == "AZ-400" {
                tags.push(generation_of(&item["title"]));
            }
        }
    }
    let nodes = data["fillers"]["nodes"].as_array().ok_or("no fillers")?;
    tags.extend(nodes.iter().map(|n| generation_of(&n["name"])));
    if tags.iter().any(|t| *t != Some(generation)) {
        return Err(format!("tags {tags:?} besides generation {generation}"));
    }
    let count = fillers(generation);
    if data["fillers"]["totalCount"] != count || nodes.len() != count {
        return Err(format!("{count} fillers expected"));
    }
    let required_by = data["exam"]["requiredBy"]
        .as_array()
        .ok_or("no requiredBy")?
        .len();
    if required_by != base_required_by + count {
        return Err(format!("requiredBy has {required_by}"));
    }
    Ok(generation)
}

async fn readers_during_reloads_see_one_whole_catalog_or_the_other(backend: Backend) {
    let app = spawn(backend).await;
    let base_required_by = bundled()
        .certifications
        .iter()
        .filter(|c| {
            c.requirements.iter().any(|g| {
                g.items
                    .iter()
                    .any(|i| matches!(i, RequirementItem::Exam(e) if e.as_str() == "AZ-400"))
            })
        })
        .count();
    app.load_catalog(&generation(0)).await;
    let first = app.graphql(CONSISTENT).await;
    assert_eq!(whole_generation(&first, base_required_by), Ok(0), "{first:#}");

    const LAST: usize = 5;
    let stop = AtomicBool::new(false);
    let seen = Mutex::new(Vec::<usize>::new());
    let reader = || async {
        loop {
            let response = app.graphql(CONSISTENT).await;
            match whole_generation(&response, base_required_by) {
                Ok(generation) => seen.lock().unwrap().push(generation),
                Err(why) => panic!("a mixed or failed answer ({why}): {response:#}"),
            }
            if stop.load(Ordering::Relaxed) {
                return;
            }
        }
    };
    let writer = async {
        for g in 1..=LAST {
            let before = app.committed_catalog_version().await;
            app.import_in_another_process(CERTGRAPH, &generation(g)).await;
            let committed = app.committed_catalog_version().await;
            assert!(committed > before, "generation {g} committed nothing");
            app.wait_for_catalog_version(committed).await;
            // Let the readers read this generation for a moment, and past the swap.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stop.store(true, Ordering::Relaxed);
    };
    tokio::join!(reader(), reader(), writer);

    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let distinct: BTreeSet<usize> = seen.iter().copied().collect();
    eprintln!("{} answers, generations {distinct:?}", seen.len());
    assert_eq!(
        distinct.last(),
        Some(&LAST),
        "the readers never saw the last import"
    );
    assert!(
        distinct.len() >= 3,
        "the readers read across too few reloads to show anything: {distinct:?}"
    );
    // One reader's answers never go back to an older generation.
    let last = app.graphql(CONSISTENT).await;
    assert_eq!(whole_generation(&last, base_required_by), Ok(LAST));
}

async fn reads_of_every_kind_send_no_sql(backend: Backend) {
    let app = spawn(backend).await;
    let before = app.statements_total().await;

    let data = app
        .data(
            r#"{ certification(code: "DevOps-Engineer") { id code name requirements { id kind items { __typename
                 ... on Certification { code } ... on Exam { code title courses { code } } } } unlocks { code } }
               exam(code: "az-400") { id title requiredBy { code } courses { code exams { code } } }
               course(code: "az-400t00") { id title delivery }
               first: certifications(first: 2, filter: { status: ACTIVE }) { totalCount edges { cursor } pageInfo { endCursor } }
               exams(filter: { status: LIVE, text: "az" }, orderBy: { field: NAME, direction: DESC }, last: 3) { totalCount nodes { code } }
               courses(filter: { delivery: INSTRUCTOR_LED }) { totalCount nodes { code } } }"#,
        )
        .await;
    assert_eq!(data["certification"]["code"], "devops-engineer", "{data}");
    let cursor = data["first"]["pageInfo"]["endCursor"].clone();
    let ids = json!([
        data["certification"]["id"],
        data["certification"]["requirements"][0]["id"],
        data["exam"]["id"],
        data["course"]["id"]
    ]);
    let next = app
        .graphql_with(
            r#"query($after: String) { certifications(first: 2, after: $after, filter: { status: ACTIVE }) {
                 nodes { code } pageInfo { hasPreviousPage } } }"#,
            json!({ "after": cursor }),
        )
        .await;
    assert_eq!(
        next["data"]["certifications"]["nodes"].as_array().unwrap().len(),
        2,
        "{next}"
    );
    let nodes = app
        .graphql_with(
            r#"query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { id __typename }
                 node(id: $one) { id ... on Exam { code } } }"#,
            json!({ "ids": ids, "one": data["exam"]["id"] }),
        )
        .await;
    assert_eq!(nodes["data"]["nodes"].as_array().unwrap().len(), 4, "{nodes}");
    assert_eq!(nodes["data"]["node"]["code"], "AZ-400", "{nodes}");
    let rest = app
        .data(
            r#"{ search(text: "architect", first: 2) { totalCount pageInfo { endCursor }
                 nodes { __typename ... on Certification { code } ... on Exam { code } } }
               exact: search(text: "az-400") { nodes { __typename } }
               t: certification(code: "power-platform-solution-architect-expert") { prerequisites(transitive: true) { code } }
               prerequisiteGraph(roots: ["devops-engineer", "azure-solutions-architect"]) {
                 nodes { ... on Certification { code } ... on Exam { code } } edges { group { kind } } }
               plan(target: "devops-engineer", holding: ["AZ-104"]) { achievable examCount exams { exam { code } courses { code } } }
               eligible(holding: ["AZ-104"], withinExams: 2) { certification { code } examsNeeded } }"#,
        )
        .await;
    assert_eq!(rest["search"]["nodes"].as_array().unwrap().len(), 2, "{rest}");
    let more = app
        .graphql_with(
            r#"query($after: String) { search(text: "architect", first: 2, after: $after) { nodes { __typename } } }"#,
            json!({ "after": rest["search"]["pageInfo"]["endCursor"] }),
        )
        .await;
    assert!(more["data"]["search"]["nodes"].is_array(), "{more}");
    assert!(rest["plan"]["achievable"].as_bool().unwrap(), "{rest}");
    assert!(!rest["eligible"].as_array().unwrap().is_empty(), "{rest}");

    assert_eq!(app.statements_total().await, before, "catalog reads sent SQL");
    // The counter does count: a request that needs the database moves it.
    let (_, miss) = app.post_graphql(&unknown_persisted_query()).await;
    assert_eq!(
        miss["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND",
        "{miss}"
    );
    assert!(
        app.statements_total().await > before,
        "the statement counter counts nothing"
    );
}

/// The server's notification connection: the backend on the test's database that ran
/// `LISTEN` last (PostgreSQL keeps showing a connection's last statement).
async fn listeners(admin: &DatabaseConnection) -> BTreeSet<i32> {
    backend_pids(admin, "query LIKE 'LISTEN%'").await
}

async fn wait_for_listeners(
    admin: &DatabaseConnection,
    done: impl Fn(&BTreeSet<i32>) -> bool,
) -> BTreeSet<i32> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = listeners(admin).await;
        if done(&found) {
            return found;
        }
        assert!(Instant::now() < deadline, "listeners now: {found:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn committed_version(admin: &DatabaseConnection) -> i64 {
    let sql = "SELECT version FROM catalog_version WHERE id = 1";
    let row = admin.query_one_raw(Statement::from_string(DbBackend::Postgres, sql));
    row.await.unwrap().unwrap().try_get("", "version").unwrap()
}

async fn execute(admin: &DatabaseConnection, sql: &str) {
    admin
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_follows_again_after_its_notification_connection_is_killed() {
    let app = spawn(Backend::Postgres).await;
    // One connection, opened now: it must keep working while new ones are refused.
    let mut options = ConnectOptions::new(app.database.url.clone());
    options.max_connections(1).min_connections(1);
    let admin = Database::connect(options).await.unwrap();
    let before = wait_for_listeners(&admin, |l| l.len() == 1).await;
    let database: String = admin
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT current_database() AS name",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "name")
        .unwrap();

    // No new connection to the database until the change is committed, so the server
    // cannot be listening again before it: the change is made while it has no
    // notification connection, and its NOTIFY reaches no one.
    // (From another database: PostgreSQL refuses to do it from the database itself.)
    let cluster = Database::connect(postgres_admin_url()).await.unwrap();
    let allow = |yes: bool| format!("ALTER DATABASE {database} ALLOW_CONNECTIONS {yes}");
    execute(&cluster, &allow(false)).await;
    // The LISTEN backend and every other of the server's (an idle pooled connection would
    // otherwise let it listen again at once), waiting (up to 5 s each) until they exit.
    let kill = format!(
        "SELECT pid, pg_terminate_backend(pid, 5000) AS gone FROM pg_stat_activity \
         WHERE datname = '{database}' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    );
    let killed: Vec<(i32, bool)> = admin
        .query_all_raw(Statement::from_string(DbBackend::Postgres, kill))
        .await
        .unwrap()
        .iter()
        .map(|row| (row.try_get("", "pid").unwrap(), row.try_get("", "gone").unwrap()))
        .collect();
    assert!(
        before.iter().all(|l| killed.contains(&(*l, true))),
        "the LISTEN backend {before:?} was not killed: {killed:?}"
    );
    let committed_before = committed_version(&admin).await;
    execute(
        &admin,
        "BEGIN;
         UPDATE certification SET name = 'DevOps Engineer Expert (gen 1)', version = version + 1
           WHERE code = 'devops-engineer';
         UPDATE catalog_version SET version = version + 1 WHERE id = 1;
         SELECT pg_notify('certgraph_catalog', (SELECT version::text FROM catalog_version WHERE id = 1));
         COMMIT;",
    )
    .await;
    let version = committed_version(&admin).await;
    assert_eq!(version, committed_before + 1);
    assert!(
        listeners(&admin).await.is_empty(),
        "the server listened again too early"
    );
    execute(&cluster, &allow(true)).await;
    cluster.close().await.unwrap();
    let allowed_at = Instant::now();

    let served_at = app
        .wait_until_served(DEVOPS, |r| {
            generation_of(&r["data"]["certification"]["name"]) == Some(1)
        })
        .await;
    let took = served_at.saturating_duration_since(allowed_at);
    eprintln!(
        "the change made while the server was not listening was served {took:?} after it could reconnect"
    );
    assert!(
        took <= Duration::from_secs(2),
        "the change made while the notification connection was down took {took:?}"
    );
    assert_eq!(app.catalog_version().await, Some(version));

    // A new notification connection, and later changes are followed as before.
    let after = wait_for_listeners(&admin, |l| l.len() == 1 && l.is_disjoint(&before)).await;
    for generation in 2..=3 {
        let (took, version) = import_and_time_until_served(&app, &tagged(generation), generation).await;
        assert!(took <= CURRENT_WITHIN, "generation {generation} took {took:?}");
        assert_eq!(app.catalog_version().await, Some(version));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, ready) = app.get_json("/readyz").await;
        assert_eq!(status, 200, "{ready}");
        if ready["status"] == "ready" {
            break;
        }
        assert!(Instant::now() < deadline, "not ready again: {ready}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        listeners(&admin).await,
        after,
        "the notification connection was replaced again"
    );
    admin.close().await.unwrap();
}
