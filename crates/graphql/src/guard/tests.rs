//! The guard on a schema without a store: limits refuse before anything runs, and every
//! error async-graphql raises itself carries a code.

use async_graphql::{Request, Response, Value, Variables};
use serde_json::json;

use crate::schema_options::guarded;
use crate::{schema_builder, SchemaOptions};

const INTROSPECTION: &str = include_str!("graphiql-introspection.graphql");

/// The dashboard of `tests/api/scale.rs`, the largest legitimate query we know.
const DASHBOARD: &str = r#"certifications(first: 100) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { code name level
      requirements { kind items { __typename
        ... on Certification { code name }
        ... on Exam { code title status courses { code title delivery } } } }
      unlocks { code } } }"#;

async fn run_with(options: SchemaOptions, request: impl Into<Request>) -> Response {
    guarded(schema_builder(), &options)
        .finish()
        .execute(request)
        .await
}

async fn run(query: &str) -> Response {
    run_with(SchemaOptions::default(), query).await
}

/// The default options, changed by `change`.
fn with(change: fn(&mut SchemaOptions)) -> SchemaOptions {
    let mut options = SchemaOptions::default();
    change(&mut options);
    options
}

fn code(response: &Response) -> Option<String> {
    let error = response.errors.first()?;
    match error.extensions.as_ref()?.get("code")? {
        Value::String(code) => Some(code.clone()),
        _ => None,
    }
}

/// The single `LIMIT_EXCEEDED` error's `extensions.limit`; panics on anything else.
fn limit(response: &Response) -> String {
    assert_eq!(response.errors.len(), 1, "{:?}", response.errors);
    assert_eq!(
        code(response).as_deref(),
        Some("LIMIT_EXCEEDED"),
        "{:?}",
        response.errors
    );
    assert_eq!(response.data, Value::Null);
    let extensions = response.errors[0].extensions.as_ref().unwrap();
    match extensions.get("limit") {
        Some(Value::String(name)) => name.clone(),
        other => panic!("no limit named: {other:?}"),
    }
}

/// Passed every check before execution (without a store, fields then fail unavailable).
fn admitted(response: &Response) {
    for error in &response.errors {
        assert!(
            !error.path.is_empty(),
            "refused before executing: {:?}",
            response.errors
        );
    }
}

/// `levels` fields deep: a certification, `field` nested `levels - 2` times, a code.
fn nested(field: &str, levels: usize) -> String {
    let k = levels - 2;
    format!(
        "{{ certification(code: \"x\") {}{{ code }}{} }}",
        format!("{{ {field} ").repeat(k),
        " }".repeat(k)
    )
}

#[tokio::test]
async fn graphiqls_introspection_query_passes_every_limit() {
    let response = run(INTROSPECTION).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
}

#[tokio::test]
async fn the_dashboard_passes_and_two_of_them_cost_too_much() {
    admitted(&run(&format!("{{ {DASHBOARD} }}")).await);
    let twice = format!("{{ a: {DASHBOARD} b: {DASHBOARD} }}");
    let response = run(&twice).await;
    assert_eq!(limit(&response), "complexity");
    assert!(
        response.errors[0].message.contains("limit of 100000"),
        "{}",
        response.errors[0].message
    );
}

/// What `query` costs, as async-graphql's analyzer reports it.
async fn cost(query: &str) -> u64 {
    let schema = schema_builder()
        .extension(async_graphql::extensions::Analyzer)
        .finish();
    let response = schema.execute(query).await;
    match response.extensions.get("analyzer") {
        Some(Value::Object(analysis)) => match analysis.get("complexity") {
            Some(Value::Number(n)) => n.as_u64().unwrap_or_default(),
            _ => panic!("{analysis:?}"),
        },
        other => panic!("no analysis: {other:?} {:?}", response.errors),
    }
}

#[tokio::test]
async fn the_dashboard_costs_55001_and_introspection_about_250() {
    assert_eq!(cost(&format!("{{ {DASHBOARD} }}")).await, 55_001);
    let introspection = cost(INTROSPECTION).await;
    assert!((200..=300).contains(&introspection), "{introspection}");
}

#[tokio::test]
async fn nested_lists_multiply_their_cost() {
    let query = "{ certifications(first: 100) { nodes { prerequisites(transitive: true) { unlocks {
        requiredExams(transitive: true) { requiredBy { code } } } } } } }";
    assert_eq!(limit(&run(query).await), "complexity");
    admitted(&run("{ certifications(first: 100) { nodes { unlocks { unlocks { code } } } } }").await);
}

#[tokio::test]
async fn depth_is_limited_to_15() {
    // Unlocks of unlocks cost 5^13: only depth is under test here.
    let costly = with(|o| o.limits.operation.max_complexity = usize::MAX);
    admitted(&run_with(costly, nested("unlocks", 15).as_str()).await);
    let response = run(&nested("unlocks", 16)).await;
    assert_eq!(limit(&response), "depth");
    assert_eq!(
        response.errors[0].message,
        "the operation is 16 fields deep, above the depth limit of 15"
    );
    assert_eq!(limit(&run(&nested("prerequisites", 50)).await), "depth");
}

#[tokio::test]
async fn the_parsers_own_nesting_bound_is_reported_as_depth() {
    assert_eq!(limit(&run(&nested("unlocks", 200)).await), "depth");
}

#[tokio::test]
async fn aliases_root_fields_and_directives_are_counted() {
    let aliases = |n: usize| {
        format!(
            "{{ certification(code: \"x\") {{ {} }} }}",
            (0..n)
                .map(|i| format!("a{i}: code"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    admitted(&run(&aliases(15)).await);
    assert_eq!(limit(&run(&aliases(16)).await), "aliases");
    let roots = format!(
        "{{ {} }}",
        (0..11)
            .map(|i| format!("f{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let many_aliases = with(|o| o.limits.operation.max_aliases = 100);
    assert_eq!(limit(&run_with(many_aliases, roots.as_str()).await), "rootFields");
    let directives = format!(
        "{{ certification(code: \"x\") {{ code {} }} }}",
        "@include(if: true) ".repeat(11)
    );
    assert_eq!(limit(&run(&directives).await), "directives");
}

#[tokio::test]
async fn tokens_and_bytes_are_counted_before_parsing() {
    let fields = format!("{{ certification(code: \"x\") {{ {} }} }}", "code ".repeat(2_000));
    assert_eq!(limit(&run(&fields).await), "tokens");
    let padded = format!("{{ __typename }}\n# {}", "x".repeat(40_000));
    assert_eq!(limit(&run(&padded).await), "documentBytes");
}

#[tokio::test]
async fn a_fragment_bomb_is_refused_before_expansion() {
    let mut query = "{ certification(code: \"x\") { ...F0 } }".to_owned();
    for i in 0..40 {
        query.push_str(&format!(
            " fragment F{i} on Certification {{ ...F{} ...F{} }}",
            i + 1,
            i + 1
        ));
    }
    query.push_str(" fragment F40 on Certification { code }");
    assert_eq!(limit(&run(&query).await), "complexity");
}

#[tokio::test]
async fn a_fragment_cycle_fails_validation_naming_the_cycle() {
    let query = "{ certification(code: \"x\") { ...A } }
        fragment A on Certification { unlocks { ...B } }
        fragment B on Certification { prerequisites { ...A } }";
    let response = run(query).await;
    assert_eq!(code(&response).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
    assert!(
        response.errors[0].message.contains("A → B → A"),
        "{:?}",
        response.errors
    );
}

#[tokio::test]
async fn pages_over_the_maximum_are_refused_before_running() {
    let response = run("{ certifications(first: 1000000) { totalCount } }").await;
    assert_eq!(limit(&response), "pageSize");
    assert_eq!(
        response.errors[0].message,
        "`first` is 1000000, above the maximum page size of 100"
    );
    let request = Request::new("query($n: Int) { exams(last: $n) { totalCount } }")
        .variables(Variables::from_json(json!({ "n": 101 })));
    assert_eq!(
        limit(&run_with(SchemaOptions::default(), request).await),
        "pageSize"
    );
}

#[tokio::test]
async fn syntax_validation_and_input_errors_carry_codes() {
    let cases = [
        ("{ certification(code: ", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ certifications(first: \"ten\") { totalCount } }",
            "BAD_USER_INPUT",
        ),
        (
            "{ certifications(filter: { level: WIZARD }) { totalCount } }",
            "BAD_USER_INPUT",
        ),
    ];
    for (query, expected) in cases {
        let response = run(query).await;
        assert_eq!(
            code(&response).as_deref(),
            Some(expected),
            "{query}: {:?}",
            response.errors
        );
    }
    let unknown = Request::new("query A { __typename }").operation_name("B");
    let response = run_with(SchemaOptions::default(), unknown).await;
    assert_eq!(code(&response).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
}

#[tokio::test]
async fn production_options_hide_introspection_and_suggestions() {
    let production = SchemaOptions {
        introspection: false,
        suggestions: false,
        ..SchemaOptions::default()
    };
    let response = run("{ certificaton(code: \"x\") { code } }").await;
    assert!(
        response.errors[0].message.contains("Did you mean"),
        "{:?}",
        response.errors
    );
    let response = run_with(production, "{ certificaton(code: \"x\") { code } }").await;
    assert!(
        !response.errors[0].message.contains("Did you mean"),
        "{:?}",
        response.errors
    );
    let response = run_with(production, INTROSPECTION).await;
    assert!(
        !response.errors.is_empty(),
        "introspection answered: {response:?}"
    );
    assert_eq!(code(&response).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
    let response = run_with(
        production,
        "{ ...T } fragment T on Query { __type(name: \"Exam\") { name } }",
    )
    .await;
    assert_eq!(code(&response).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
    assert!(run_with(production, "{ __typename }").await.errors.is_empty());
}
