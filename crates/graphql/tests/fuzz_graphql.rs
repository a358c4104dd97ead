//! Hostile IDs and cursors sent through the executed schema, as a client sends them: every
//! answer is data, or errors that are all `BAD_USER_INPUT` (the client's fault, never a
//! server fault). In-process, on an in-memory SQLite store (or the database named by
//! `CERTGRAPH_FUZZ_DATABASE_URL`) holding a synthetic catalog.
//! `PROPTEST_CASES` (set by `scripts/fuzz.sh`) runs them longer.

use async_graphql::{Request, Response, Variables};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use certgraph_graphql::{build_schema, CertgraphSchema, Limits, Snap};
use certgraph_store::{DatabaseSettings, Store};
use certgraph_testkit::proptest_config;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The shared case count; a runner outside `proptest!` knows no source file to save
/// failures beside.
fn config(ci_cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..proptest_config(ci_cases)
    }
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    snapshot: Snap,
    schema: CertgraphSchema,
    /// IDs and cursors the server issued, to mutate.
    ids: Vec<String>,
    cursors: Vec<String>,
}

/// One store for every test: `CERTGRAPH_FUZZ_DATABASE_URL` (e.g. a throwaway PostgreSQL
/// database from `scripts/fuzz.sh`; filled if empty), else an in-memory SQLite database.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(Fixture::new)
}

impl Fixture {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let (store, snapshot) = runtime.block_on(async {
            let url =
                std::env::var("CERTGRAPH_FUZZ_DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
            // One connection: each connection to `:memory:` would be a database of its own.
            let settings = DatabaseSettings {
                max_connections: 1,
                ..DatabaseSettings::new(url)
            };
            let store = Store::connect(&settings).await.expect("connect");
            store.migrate().await.expect("migrate");
            if store.is_empty().await.expect("count") {
                store
                    .insert_catalog(&certgraph_testkit::synthetic_catalog(30, 7))
                    .await
                    .expect("insert");
            }
            let snapshot = store.load_snapshot().await.expect("snapshot");
            (store, snapshot)
        });
        let schema = build_schema(store.clone(), Limits::default(), false);
        let mut fixture = Self {
            runtime,
            snapshot,
            schema,
            ids: Vec::new(),
            cursors: Vec::new(),
        };
        let data = fixture.data(
            "{ certifications(first: 100) { edges { cursor node { id requirements { id } } } }
               exams(first: 100, orderBy: { field: NAME }) { edges { cursor node { id } } }
               courses(first: 100) { edges { cursor node { id } } } }",
            json!({}),
        );
        for list in ["certifications", "exams", "courses"] {
            for edge in data[list]["edges"].as_array().expect("edges") {
                fixture.cursors.push(text(&edge["cursor"]));
                fixture.ids.push(text(&edge["node"]["id"]));
                for group in edge["node"]["requirements"].as_array().into_iter().flatten() {
                    fixture.ids.push(text(&group["id"]));
                }
            }
        }
        assert!(fixture.ids.len() > 60 && fixture.cursors.len() > 60);
        fixture
    }

    fn execute(&self, query: &str, variables: Value) -> Response {
        let request = Request::new(query)
            .variables(Variables::from_json(variables))
            .data(self.snapshot.clone());
        self.runtime.block_on(self.schema.execute(request))
    }

    fn data(&self, query: &str, variables: Value) -> Value {
        let response = self.execute(query, variables);
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        response.data.into_json().expect("JSON data")
    }
}

fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}

/// Every error is `BAD_USER_INPUT`; returns whether there was any.
fn only_bad_user_input(response: &Response) -> Result<bool, TestCaseError> {
    for error in &response.errors {
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .map(|c| c.to_string());
        prop_assert_eq!(code.as_deref(), Some("\"BAD_USER_INPUT\""), "{}", error.message);
    }
    Ok(!response.errors.is_empty())
}

/// Issued values, the same with garbage after or inside, forgeries, and unrelated text.
fn hostile(issued: Vec<String>, forged: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let pick = prop::sample::select(issued);
    prop_oneof![
        3 => pick.clone(),
        3 => forged,
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        1 => (pick.clone(), "[=A-Za-z0-9_-]{1,6}").prop_map(|(v, tail)| v + &tail),
        1 => (pick.clone(), any::<prop::sample::Index>(), "[A-Za-z0-9_=+/-]").prop_map(|(v, at, c)| {
            let mut v = v.into_bytes();
            let at = at.index(v.len());
            v[at] = c.as_bytes()[0];
            String::from_utf8(v).unwrap_or_default()
        }),
        1 => (pick.clone(), 1usize..60).prop_map(|(v, n)| v.repeat(n)),
        // What an issued value says, re-cased or padded: the same thing, spelt otherwise.
        2 => (pick, prop::sample::select(&["lower", "upper", " ", "\t", "\n"][..])).prop_map(|(v, how)| {
            let said = URL_SAFE_NO_PAD.decode(&v).unwrap_or_default();
            let said = String::from_utf8_lossy(&said);
            let respelt = match how {
                "lower" => said.to_lowercase(),
                "upper" => said.to_uppercase(),
                pad => format!("{said}{pad}"),
            };
            URL_SAFE_NO_PAD.encode(respelt)
        }),
    ]
}

/// Well-formed IDs of any kind and key, most naming nothing.
fn forged_id() -> BoxedStrategy<String> {
    (
        prop::sample::select(&["Certification", "Exam", "Course", "RequirementGroup", "Person"][..]),
        "[a-z]{1,8}(-[a-z]{1,8}){0,3}|[A-Za-z]{2,3}-[0-9]{3}(T00)?|[+-]?[0-9]{1,12}|\\PC{0,8}|[\\x00-\\x1f]",
    )
        .prop_map(|(kind, key)| URL_SAFE_NO_PAD.encode(format!("{kind}:{key}")))
        .boxed()
}

/// Well-formed cursors with any sort value and code, control characters included.
fn forged_cursor() -> BoxedStrategy<String> {
    let text = "[a-zA-Z0-9 -]{0,12}|\\PC{0,6}|[\\x00-\\x1f]{1,3}";
    (prop::sample::select(&["Code", "Name", "CODE"][..]), text, text)
        .prop_map(|(f, v, c)| URL_SAFE_NO_PAD.encode(json!({ "f": f, "v": v, "c": c }).to_string()))
        .boxed()
}

#[test]
fn fuzz_node_answers_the_node_or_bad_user_input() {
    let fixture = fixture();
    let mut runner = TestRunner::new(config(300));
    runner
        .run(&hostile(fixture.ids.clone(), forged_id()), |id| {
            let response = fixture.execute(
                "query($id: ID!) { node(id: $id) { id __typename } }",
                json!({ "id": id }),
            );
            let failed = only_bad_user_input(&response)?;
            let data = response
                .data
                .into_json()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            if failed {
                prop_assert!(data.is_null() || data["node"].is_null(), "{data}");
            } else if !data["node"].is_null() {
                // A node found is the one named: its ID is the text sent, less any padding.
                prop_assert_eq!(text(&data["node"]["id"]), id.trim_end_matches('='));
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_nodes_answers_each_node_or_bad_user_input() {
    let fixture = fixture();
    let mut runner = TestRunner::new(config(150));
    let ids = prop::collection::vec(hostile(fixture.ids.clone(), forged_id()), 0..6);
    runner
        .run(&ids, |ids| {
            let response = fixture.execute(
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                json!({ "ids": ids }),
            );
            let failed = only_bad_user_input(&response)?;
            let data = response
                .data
                .into_json()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            if !failed {
                let nodes = data["nodes"].as_array().cloned().unwrap_or_default();
                prop_assert_eq!(nodes.len(), ids.len());
                for (node, id) in nodes.iter().zip(&ids) {
                    if !node.is_null() {
                        prop_assert_eq!(text(&node["id"]), id.trim_end_matches('='));
                    }
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_list_cursors_answer_a_page_or_bad_user_input() {
    let fixture = fixture();
    let mut runner = TestRunner::new(config(300));
    let lists = prop::sample::select(&["certifications", "exams", "courses"][..]);
    let field = prop::sample::select(&["CODE", "NAME"][..]);
    let case = (
        lists,
        field,
        any::<bool>(),
        hostile(fixture.cursors.clone(), forged_cursor()),
    );
    runner
        .run(&case, |(list, field, backwards, cursor)| {
            let (size, bound) = if backwards {
                ("last", "before")
            } else {
                ("first", "after")
            };
            let query = format!(
                "query($c: String) {{ {list}({size}: 3, {bound}: $c, orderBy: {{ field: {field} }}) \
                 {{ edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}"
            );
            let response = fixture.execute(&query, json!({ "c": cursor }));
            let failed = only_bad_user_input(&response)?;
            let data = response
                .data
                .into_json()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            if !failed {
                let edges = data[list]["edges"].as_array().cloned().unwrap_or_default();
                prop_assert!(edges.len() <= 3);
                // The cursors on the page are the server's own: they page on from there.
                for edge in edges {
                    let next = format!(
                        "query($c: String) {{ {list}(first: 1, after: $c, orderBy: {{ field: {field} }}) \
                         {{ edges {{ cursor }} }} }}"
                    );
                    let again = fixture.execute(&next, json!({ "c": edge["cursor"] }));
                    prop_assert!(again.errors.is_empty(), "{:?}", again.errors);
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn nul_in_a_cursor_or_search_text_is_bad_user_input() {
    // Found fuzzing on PostgreSQL, which refuses NUL in text: each of these failed as
    // INTERNAL_SERVER_ERROR there (SQLite took them).
    let cursor = URL_SAFE_NO_PAD.encode(r#"{"f":"Code","v":"a\u0000","c":"x"}"#);
    for (query, variables) in [
        (
            "query($c: String) { certifications(after: $c) { totalCount } }",
            json!({ "c": cursor }),
        ),
        (
            "query($t: String!) { search(text: $t) { totalCount nodes { __typename } } }",
            json!({ "t": "a\u{0}" }),
        ),
        (
            "query($t: String) { exams(filter: { text: $t }) { totalCount } }",
            json!({ "t": "\u{0}" }),
        ),
    ] {
        let response = fixture().execute(query, variables);
        assert_eq!(response.errors.len(), 1, "{query}: {:?}", response.errors);
        assert!(
            only_bad_user_input(&response).is_ok(),
            "{query}: {:?}",
            response.errors
        );
    }
}

#[test]
fn an_id_naming_a_code_in_another_spelling_names_nothing() {
    // Found by fuzz_node_answers_the_node_or_bad_user_input: codes were parsed leniently
    // (trimmed, upper-cased), so these answered a node under another ID than the one sent.
    let fixture = fixture();
    let mut tried = 0;
    for id in &fixture.ids {
        let said = String::from_utf8(URL_SAFE_NO_PAD.decode(id).expect("base64")).expect("UTF-8");
        let (kind, code) = said.split_once(':').expect("Kind:key");
        if kind == "RequirementGroup" {
            continue;
        }
        for respelt in [
            format!("{code}\t"),
            format!(" {code}"),
            code.to_lowercase(),
            code.to_uppercase(),
        ] {
            if respelt == code {
                continue;
            }
            let data = fixture.data(
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": URL_SAFE_NO_PAD.encode(format!("{kind}:{respelt}")) }),
            );
            assert!(data["node"].is_null(), "{kind}:{respelt:?}: {data}");
            tried += 1;
        }
    }
    assert!(tried > 60, "{tried}");
}
