//! `/` and `/explore` over real HTTP: a person is led to the explorer and GraphiQL in
//! development; production names its endpoints as JSON and serves no pages.

use certgraph::settings::Profile;
use certgraph_tests::{Backend, SpawnOptions, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn development_leads_to_the_explorer_which_loads_only_from_this_server() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let root = app.get("/").await;
    assert_eq!(root.status(), 200);
    let html = root.text().await.unwrap();
    assert!(
        html.contains(r#"href="/explore""#) && html.contains(r#"href="/graphiql""#),
        "{html}"
    );

    let page = app.get("/explore").await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<main") && html.contains(r#"lang="en""#));
    for (path, kind) in [
        ("/explore/app.js", "text/javascript"),
        ("/explore/app.css", "text/css"),
    ] {
        let asset = app.get(path).await;
        assert_eq!(asset.status(), 200, "{path}");
        assert!(asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(kind));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_names_its_endpoints_and_serves_no_pages_unless_asked() {
    let options = SpawnOptions {
        settings: |s| s.set_profile(Profile::Production),
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let (status, body) = app.get_json("/").await;
    assert_eq!(status, 200);
    assert_eq!(body["graphql"], "/graphql");
    assert_eq!(body["pathDiagram"], "/certifications/{code}/path.svg");
    assert_eq!(app.get("/explore").await.status(), 404);
    assert_eq!(app.get("/graphiql").await.status(), 404);

    let options = SpawnOptions {
        settings: |s| {
            s.set_profile(Profile::Production);
            s.explorer = true;
        },
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    assert_eq!(app.get("/explore").await.status(), 200);
}

/// Runs `tests/browser/explore.mjs` against `url`; its JSON report.
async fn run_browser(url: &str, screenshots: &std::path::Path) -> serde_json::Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let hint = "run scripts/install-test-deps.sh (scripts/test.sh does)";
    assert!(
        std::path::Path::new(&chromium).exists(),
        "no Chromium at {chromium}: {hint}"
    );
    let run = tokio::process::Command::new("node")
        .arg(dir.join("explore.mjs"))
        .arg(url)
        .arg("--screenshots")
        .arg(screenshots)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(120), run)
        .await
        .expect("explore.mjs finishes within 2 minutes")
        .expect("node runs (Node 20 must be on PATH)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "explore.mjs failed:\n{stderr}");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("a JSON report: {e}\n{stderr}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_searches_opens_devops_sees_its_diagram_and_plans_with_az104_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explore");
    std::fs::create_dir_all(&screenshots).unwrap();
    let report = run_browser(&format!("{}/explore", app.address), &screenshots).await;

    assert_eq!(report["canary"]["blocked"], true, "{report:#}");
    for empty in [
        "blocked",
        "externalSucceeded",
        "externalWebSockets",
        "localFailed",
        "pageErrors",
        "consoleErrors",
    ] {
        assert_eq!(report[empty], serde_json::json!([]), "{empty}: {report:#}");
    }
    assert_eq!(report["listRows"], 7, "the seed's seven certifications");
    // "devops" is in DevOps Engineer's name and in the architect's description.
    assert_eq!(report["searchRows"], 2, "{report:#}");
    assert!(report["found"].to_string().contains("DevOps Engineer Expert"));
    assert!(report["diagram"]["width"].as_u64() > Some(100), "{report:#}");
    assert!(report["diagram"]["height"].as_u64() > Some(100), "{report:#}");
    assert_eq!(
        report["diagram"]["src"],
        "/certifications/devops-engineer/path.svg"
    );
    assert!(
        report["summary"].as_str().unwrap().starts_with("Pass AZ-400."),
        "{report:#}"
    );
    let steps = report["steps"].to_string();
    assert!(
        steps.contains("Exam AZ-400") && !steps.contains("Exam AZ-104"),
        "{steps}"
    );
    for shot in ["list", "detail", "plan"] {
        let bytes = std::fs::metadata(screenshots.join(format!("explore-{shot}.png"))).map_or(0, |m| m.len());
        assert!(
            bytes > 5_000,
            "a real {shot} screenshot in {}",
            screenshots.display()
        );
    }
}
