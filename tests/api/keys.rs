//! API keys through the real binary and real HTTP: `certgraph keys create | list | revoke`
//! as a process of its own, reads with a key, reads that need one, refused keys (401, one
//! message for every kind), per-key rate budgets, a flood of bad keys answered 429, and
//! known keys working while PostgreSQL is down.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use certgraph::Settings;
use certgraph_graphql::RateLimit;
use certgraph_tests::{
    bearer, client_from, header_number, on_both_backends, unknown_key, Backend, SpawnOptions, TestApp,
    ThrowawayPostgres,
};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `certgraph` itself, run as another process.
const CERTGRAPH: &str = env!("CARGO_BIN_EXE_certgraph-cli");

const READ: &str = r#"{ exam(code: "AZ-400") { code } }"#;
const EXPENSIVE: &str = "{ certifications(first: 20) { nodes { code name requirements { kind \
                         items { ... on Certification { code } ... on Exam { code courses { code } } } } } } }";

on_both_backends!(
    keys_are_created_listed_and_revoked_by_the_command_and_only_a_hash_is_stored,
    a_reader_key_reads_and_its_last_use_is_recorded,
    with_keys_required_reads_without_a_valid_key_are_401,
    a_key_sent_must_be_valid_even_where_anonymous_reads_are_allowed,
    a_key_is_charged_to_its_own_budget_not_its_address,
    a_flood_of_bad_keys_is_answered_429,
);

async fn spawn(backend: Backend, settings: fn(&mut Settings)) -> TestApp {
    let options = SpawnOptions {
        settings,
        ..SpawnOptions::default()
    };
    TestApp::spawn_with(backend, options).await
}

/// A budget that refills 1 per second (so a test sees what it spent), of 10,000 at most,
/// and no response cache (which would answer repeats for 1).
fn small_budget(settings: &mut Settings) {
    settings.limits.operation.max_complexity = 9_000;
    settings.response_cache_bytes = 0;
    settings.rate_limit = Some(RateLimit {
        cost_per_second: NonZeroU32::new(1).unwrap(),
        burst: NonZeroU32::new(10_000).unwrap(),
    });
}

/// The status, the one error's code and message of a refusal, and its `WWW-Authenticate`.
async fn refusal(response: Response) -> (StatusCode, String, String, Option<String>) {
    let status = response.status();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap();
    assert!(body.get("data").is_none(), "{body}");
    let error = &body["errors"][0];
    let code = error["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (
        status,
        code,
        error["message"].as_str().unwrap().to_owned(),
        challenge,
    )
}

async fn read_ok(app: &TestApp, authorization: Option<&str>) {
    let response = app.post_authorized(&app.client, authorization, READ).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["exam"]["code"], "AZ-400", "{body}");
}

async fn keys_are_created_listed_and_revoked_by_the_command_and_only_a_hash_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let secret = app.create_key(CERTGRAPH, "ci-reader", "reader").await;
    assert!(secret.starts_with("cgk_") && secret.len() >= 4 + 43, "{secret}");
    assert!(
        !secret.contains(char::is_whitespace),
        "one secret, alone: {secret:?}"
    );
    let admin = app.create_key(CERTGRAPH, "ops", "admin").await;
    assert_ne!(secret, admin);

    let again = app
        .keys_command(CERTGRAPH, &["create", "--name", "ci-reader", "--role", "editor"])
        .await;
    assert!(
        !again.success && again.stderr.contains("already exists"),
        "{}",
        again.stderr
    );
    assert!(
        again.stdout.is_empty(),
        "no secret for a refused key: {}",
        again.stdout
    );
    let bad_role = app
        .keys_command(CERTGRAPH, &["create", "--name", "x", "--role", "root"])
        .await;
    assert!(!bad_role.success, "{}", bad_role.stderr);

    let hash: String = Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let list = app.list_keys(CERTGRAPH).await;
    for expected in ["last used", "ci-reader", "reader", "ops", "admin", "never"] {
        assert!(list.contains(expected), "{expected} in:\n{list}");
    }
    assert!(!list.contains("cgk_") && !list.contains(&hash), "{list}");

    // The database holds the hash, and nowhere the secret.
    let db = Database::connect(&app.database.url).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT name, role, secret_sha256 FROM api_key ORDER BY name",
        ))
        .await
        .unwrap();
    let stored: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "name").unwrap(),
                r.try_get("", "role").unwrap(),
                r.try_get("", "secret_sha256").unwrap(),
            )
        })
        .collect();
    assert_eq!(stored[0], ("ci-reader".into(), "reader".into(), hash));
    assert!(!format!("{stored:?}").contains("cgk_"), "{stored:?}");
    db.close().await.unwrap();

    let revoked = app.keys_command(CERTGRAPH, &["revoke", "ci-reader"]).await;
    assert!(revoked.success, "{}", revoked.stderr);
    let list = app.list_keys(CERTGRAPH).await;
    let row = list.lines().find(|l| l.starts_with("ci-reader")).unwrap();
    assert!(row.ends_with('Z'), "a revocation time: {row}");
    let twice = app.keys_command(CERTGRAPH, &["revoke", "ci-reader"]).await;
    assert!(
        twice.success && twice.stderr.contains("already revoked"),
        "{}",
        twice.stderr
    );
    let nobody = app.keys_command(CERTGRAPH, &["revoke", "nobody"]).await;
    assert!(
        !nobody.success && nobody.stderr.contains("no API key"),
        "{}",
        nobody.stderr
    );
}

async fn a_reader_key_reads_and_its_last_use_is_recorded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let secret = app.create_key(CERTGRAPH, "dashboard", "reader").await;
    read_ok(&app, Some(&bearer(&secret))).await;
    read_ok(&app, Some(&format!("bearer   {secret}"))).await;
    read_ok(&app, None).await;
    // Written in the background: the list shows it soon after.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = app.list_keys(CERTGRAPH).await;
        let row = list
            .lines()
            .find(|l| l.starts_with("dashboard"))
            .unwrap()
            .to_owned();
        if !row.contains("never") {
            break;
        }
        assert!(Instant::now() < deadline, "last use never recorded: {row}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn with_keys_required_reads_without_a_valid_key_are_401(backend: Backend) {
    let app = spawn(backend, |s| s.http.require_key_for_reads = true).await;
    let (status, code, missing, challenge) =
        refusal(app.post_authorized(&app.client, None, READ).await).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED")
    );
    assert_eq!(challenge.as_deref(), Some("Bearer"));
    assert!(missing.contains("Authorization: Bearer"), "{missing}");
    let get = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", READ)])
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::UNAUTHORIZED);
    let diagram = format!("{}/certifications/devops-engineer/path.svg", app.address);
    let anonymous = app.client.get(&diagram).send().await.unwrap();
    assert_eq!(
        anonymous.status(),
        StatusCode::UNAUTHORIZED,
        "diagrams are reads too"
    );

    let secret = app.create_key(CERTGRAPH, "reader", "reader").await;
    read_ok(&app, Some(&bearer(&secret))).await;
    let keyed = app.client.get(&diagram).header("authorization", bearer(&secret));
    assert_eq!(keyed.send().await.unwrap().status(), StatusCode::OK);
    let editor = app.create_key(CERTGRAPH, "editor", "editor").await;
    read_ok(&app, Some(&bearer(&editor))).await;

    let (_, _, unknown, _) = refusal(
        app.post_authorized(&app.client, Some(&bearer(&unknown_key())), READ)
            .await,
    )
    .await;
    assert!(app.keys_command(CERTGRAPH, &["revoke", "reader"]).await.success);
    // Every replica reloads its keys every 2 s.
    let deadline = Instant::now() + Duration::from_secs(10);
    let revoked = loop {
        let response = app
            .post_authorized(&app.client, Some(&bearer(&secret)), READ)
            .await;
        if response.status() != StatusCode::OK {
            break refusal(response).await;
        }
        assert!(Instant::now() < deadline, "a revoked key still reads");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        (revoked.0, revoked.1.as_str()),
        (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED")
    );
    assert_eq!(revoked.3.as_deref(), Some("Bearer error=\"invalid_token\""));
    assert_eq!(revoked.2, unknown, "revoked and unknown keys read the same");
    read_ok(&app, Some(&bearer(&editor))).await;
}

async fn a_key_sent_must_be_valid_even_where_anonymous_reads_are_allowed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    read_ok(&app, None).await;
    let mut messages = Vec::new();
    let bad = [
        bearer(&unknown_key()),
        bearer("nonsense"),
        "Basic dXNlcjpwdw==".to_owned(),
        "Bearer".to_owned(),
    ];
    for authorization in &bad {
        let response = app.post_authorized(&app.client, Some(authorization), READ).await;
        let (status, code, message, challenge) = refusal(response).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
            "{authorization}"
        );
        assert!(
            challenge.is_some_and(|c| c.starts_with("Bearer")),
            "{authorization}"
        );
        messages.push(message);
    }
    messages.dedup();
    assert_eq!(messages.len(), 1, "one message for every bad key: {messages:?}");
}

async fn a_key_is_charged_to_its_own_budget_not_its_address(backend: Backend) {
    let app = spawn(backend, small_budget).await;
    let secret = app.create_key(CERTGRAPH, "batch-job", "reader").await;
    let key = bearer(&secret);
    // Its first use (from elsewhere) looks it up, which the address pays for.
    let primed = app
        .post_authorized(&client_from("127.0.0.3"), Some(&key), READ)
        .await;
    assert_eq!(primed.status(), StatusCode::OK);
    let client = client_from("127.0.0.1");
    // The address spends its whole budget anonymously...
    let mut sent = 0;
    while app.post_authorized(&client, None, EXPENSIVE).await.status() != StatusCode::TOO_MANY_REQUESTS {
        sent += 1;
        assert!(sent < 1_000, "never rate limited");
    }
    // ...and the key, from that very address, still has all of its own.
    let with_key = app.post_authorized(&client, Some(&key), EXPENSIVE).await;
    assert_eq!(with_key.status(), StatusCode::OK);
    let left = header_number(&with_key, "ratelimit-remaining");
    assert!(left > 9_000, "the key's budget is fresh: {left} left");
    let anonymous = app.post_authorized(&client, None, READ).await;
    assert_eq!(anonymous.status(), StatusCode::TOO_MANY_REQUESTS);
    // The key's budget follows the key to another address.
    let elsewhere = app
        .post_authorized(&client_from("127.0.0.2"), Some(&key), EXPENSIVE)
        .await;
    assert_eq!(elsewhere.status(), StatusCode::OK);
    assert!(header_number(&elsewhere, "ratelimit-remaining") < left);
}

async fn a_flood_of_bad_keys_is_answered_429(backend: Backend) {
    let app = spawn(backend, small_budget).await;
    let secret = app.create_key(CERTGRAPH, "good", "reader").await;
    // Its first use (from elsewhere) looks it up, which the address pays for.
    let primed = app
        .post_authorized(&client_from("127.0.0.3"), Some(&bearer(&secret)), READ)
        .await;
    assert_eq!(primed.status(), StatusCode::OK);
    let flooder = client_from("127.0.0.1");
    let mut refused = 0;
    let limited = loop {
        // Made-up keys (each a database lookup) and malformed ones alike.
        let key = if refused % 2 == 0 {
            bearer(&unknown_key())
        } else {
            bearer("junk")
        };
        let response = app.post_authorized(&flooder, Some(&key), READ).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            break response;
        }
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        refused += 1;
        assert!(refused < 100, "bad keys are never rate limited");
    };
    // Each failure costs 500 of the 10,000.
    assert_eq!(refused, 20);
    assert!(header_number(&limited, "retry-after") >= 1);
    let (_, code, _, _) = refusal(limited).await;
    assert_eq!(code, "RATE_LIMITED");
    // A valid key from the flooding address reads on its own budget.
    let response = app.post_authorized(&flooder, Some(&bearer(&secret)), READ).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_keys_read_while_postgres_is_down_and_unknown_ones_get_503() {
    let cluster = ThrowawayPostgres::start();
    let options = SpawnOptions {
        settings: |s| {
            s.rate_limit = None;
            s.http.require_key_for_reads = true;
        },
        ..Default::default()
    };
    let app = TestApp::spawn_on_url_with(cluster.url(), options).await;
    let secret = app.create_key(CERTGRAPH, "dashboard", "reader").await;
    read_ok(&app, Some(&bearer(&secret))).await;

    cluster.stop();
    read_ok(&app, Some(&bearer(&secret))).await;
    // The first lookup may wait for the pool to give up; once the server knows the
    // database is down, the answer is immediate.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let asked = Instant::now();
        let response = app
            .post_authorized(&app.client, Some(&bearer(&unknown_key())), READ)
            .await;
        let (status, code, _, _) = refusal(response).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE")
        );
        if asked.elapsed() < Duration::from_millis(200) {
            break;
        }
        assert!(Instant::now() < deadline, "unknown keys are not refused at once");
    }
    read_ok(&app, Some(&bearer(&secret))).await;
    let (status, ..) = refusal(app.post_authorized(&app.client, None, READ).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    cluster.resume();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let response = app
            .post_authorized(&app.client, Some(&bearer(&unknown_key())), READ)
            .await;
        if response.status() == StatusCode::UNAUTHORIZED {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {} after the database came back",
            response.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
