//! `/` and `/explore` over real HTTP: a person is led to the explorer and GraphiQL in
//! development; production names its endpoints as JSON and serves no pages.

use certgraph::settings::Profile;
use certgraph_tests::{Backend, SpawnOptions, TestApp};

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn development_leads_to_the_explorer_which_loads_only_from_this_server() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let root = get(&app, "/").await;
    assert_eq!(root.status(), 200);
    let html = root.text().await.unwrap();
    assert!(
        html.contains(r#"href="/explore""#) && html.contains(r#"href="/graphiql""#),
        "{html}"
    );

    let page = get(&app, "/explore").await;
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
        let asset = get(&app, path).await;
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
    assert_eq!(get(&app, "/explore").await.status(), 404);
    assert_eq!(get(&app, "/graphiql").await.status(), 404);

    let options = SpawnOptions {
        settings: |s| {
            s.set_profile(Profile::Production);
            s.explorer = true;
        },
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    assert_eq!(get(&app, "/explore").await.status(), 200);
}
