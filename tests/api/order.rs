//! Answers come in the order the query asked, at every level, compared as raw text (a
//! parsed comparison would not see the order); and the README's example prints exactly
//! what the server answers.

use certgraph_tests::{on_both_backends, squeeze_json, Backend, TestApp};
use serde_json::json;

on_both_backends!(
    fields_come_back_in_the_order_asked_at_every_level,
    the_readme_example_prints_what_the_server_answers,
);

async fn fields_come_back_in_the_order_asked_at_every_level(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let query = r#"{ exam(code: "AZ-400") { title code status }
        certification(code: "devops-engineer") { name code requirements { kind items {
            ... on Exam { title code } ... on Certification { name code } } } } }"#;
    let body = json!({ "query": query }).to_string();
    let text = app.post_raw(&body, None).await.text().await.unwrap();
    let expected = r#"{"data":{
        "exam":{"title":"Designing and Implementing Microsoft DevOps Solutions","code":"AZ-400","status":"LIVE"},
        "certification":{"name":"DevOps Engineer Expert","code":"devops-engineer","requirements":[
            {"kind":"ONE_OF","items":[
                {"name":"Azure Administrator Associate","code":"azure-administrator"},
                {"name":"Azure Developer Associate","code":"azure-developer"}]},
            {"kind":"ALL_OF","items":[
                {"title":"Designing and Implementing Microsoft DevOps Solutions","code":"AZ-400"}]}]}}}"#;
    assert_eq!(text, squeeze_json(expected));
    // Aliases and the legacy media type keep the order too.
    let body =
        json!({ "query": "{ b: exam(code: \"AZ-104\") { code } a: exam(code: \"AZ-204\") { code } }" });
    let text = app
        .post_raw(&body.to_string(), Some("application/json"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(text, r#"{"data":{"b":{"code":"AZ-104"},"a":{"code":"AZ-204"}}}"#);
}

/// The text between the first line starting with `start` after `heading` and the next
/// line starting with "```".
fn block_after<'a>(readme: &'a str, heading: &str, start: &str) -> &'a str {
    let section = &readme[readme.find(heading).expect("the README has the section")..];
    let open = section.find(start).expect("the section has the block");
    let body = &section[open + start.len()..];
    &body[..body.find("```").expect("the block is closed")]
}

async fn the_readme_example_prints_what_the_server_answers(backend: Backend) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let command = block_after(&readme, "## An example", "```sh\n");
    // The request body is the curl command's `-d '…'`.
    let body = command.split("-d '").nth(1).expect("curl -d '…'");
    let body = &body[..body.rfind('\'').expect("closing quote")];
    let printed = block_after(&readme, "## An example", "```json\n");
    let app = TestApp::spawn(backend).await;
    let response = app.post_raw(body, None).await;
    assert_eq!(response.status(), 200);
    let answer = response.text().await.unwrap();
    assert_eq!(answer, squeeze_json(printed), "README:\n{printed}");
}
