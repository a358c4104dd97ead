//! `/` and `/explore` over real HTTP: a person is led to the explorer and GraphiQL in
//! development; production names its endpoints as JSON and serves no pages.

use certgraph::settings::Profile;
use certgraph_tests::{assert_stayed_local_and_clean, run_browser_script, Backend, SpawnOptions, TestApp};
use serde_json::json;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_searches_opens_devops_sees_its_diagram_and_plans_with_az104_in_chromium() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explore");
    std::fs::create_dir_all(&screenshots).unwrap();
    let url = format!("{}/explore", app.address);
    let args = [url.as_str(), "--screenshots", screenshots.to_str().unwrap()];
    let report = run_browser_script("explore.mjs", &args).await;

    assert_stayed_local_and_clean(&report);
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
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{report:#}");
    let (first, second) = (groups[0].as_str().unwrap(), groups[1].as_str().unwrap());
    assert!(
        first.starts_with("One of") && first.contains("Azure Developer Associate"),
        "{first}"
    );
    assert!(
        second.starts_with("All of") && second.contains("Exam AZ-400"),
        "{second}"
    );
    let text = report["detailText"].as_str().unwrap();
    assert!(!text.contains("[object"), "an element printed as text: {text}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_phone_width_the_keyboard_alone_searches_opens_devops_and_plans_with_az104() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let screenshots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explore");
    std::fs::create_dir_all(&screenshots).unwrap();
    let url = format!("{}/explore", app.address);
    let args = [url.as_str(), "--screenshots", screenshots.to_str().unwrap()];
    let report = run_browser_script("explore-phone.mjs", &args).await;
    assert_stayed_local_and_clean(&report);
    assert_eq!(report["viewport"], json!({ "width": 375, "height": 740 }));

    for view in ["list", "detail", "plan"] {
        let seen = &report["widths"][view];
        assert!(
            seen["scrollWidth"].as_u64() <= seen["innerWidth"].as_u64(),
            "{view} scrolls sideways at 375 px: {seen}"
        );
        let shot = screenshots.join(format!("explore-phone-{view}.png"));
        let bytes = std::fs::metadata(&shot).map_or(0, |m| m.len());
        assert!(bytes > 5_000, "a real screenshot at {}", shot.display());
    }
    let focus = &report["focus"];
    assert_eq!(focus["firstTab"], "A Skip to the content", "{report:#}");
    assert_eq!(focus["skipped"], "H1 Certifications", "{report:#}");
    assert_eq!(focus["searched"], "H1 Certifications", "{report:#}");
    assert_eq!(focus["opened"], "H1 DevOps Engineer Expert", "{report:#}");
    assert_eq!(focus["skippedOnDetail"], "H1 DevOps Engineer Expert");
    assert_eq!(
        report["hashAfterSkip"], "#/c/devops-engineer",
        "the skip link keeps the view"
    );
    assert_eq!(focus["planOpened"], "H1 What do I still need?", "{report:#}");
    assert_eq!(focus["target"], "SELECT Target", "{report:#}");
    assert_eq!(
        focus["planned"], "H2 The plan",
        "focus lands on the answer: {report:#}"
    );
    // Focus order follows the page: the search field first after the heading, the form's
    // own controls before the results.
    assert_eq!(report["tabs"]["toSearch"], json!(["INPUT Search"]), "{report:#}");
    // The diagram, wider than a phone, is a stop of its own so the keyboard can scroll it.
    assert_eq!(report["tabs"]["toPlanLink"][0], "DIV Path diagram", "{report:#}");
    let to_devops = report["tabs"]["toDevOps"].as_array().unwrap();
    assert_eq!(to_devops[0], "INPUT Search", "{report:#}");
    assert!(to_devops.len() <= 6, "{report:#}");

    assert_eq!(report["searchRows"], 2, "{report:#}");
    assert_eq!(report["target"], "devops-engineer");
    let summary = report["summary"].as_str().unwrap();
    assert!(summary.starts_with("Pass AZ-400."), "{summary}");
    let steps = report["steps"].to_string();
    assert!(
        steps.contains("Exam AZ-400") && !steps.contains("Exam AZ-104"),
        "{steps}"
    );
}
