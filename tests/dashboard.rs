//! The five queries a catalog dashboard sends (issue 12, item 5), for any catalog: the
//! codes they name come from the catalog itself.

use certgraph_domain::Catalog;
use serde_json::{json, Value};

/// The codes the dashboard's pages ask about.
#[derive(Debug, Clone)]
pub struct DashboardCodes {
    /// The certification of the detail page.
    pub detail: String,
    /// Roots of the prerequisite graph (seven).
    pub roots: Vec<String>,
    /// The certification planned for.
    pub target: String,
    /// What the user holds (certification and exam codes).
    pub holding: Vec<String>,
}

impl DashboardCodes {
    /// On the bundled catalog: the detail page of an expert certification, the graph of all
    /// seven seed certifications, a plan for DevOps Engineer holding the administrator
    /// exam.
    pub fn bundled() -> Self {
        Self {
            detail: "devops-engineer".into(),
            roots: [
                "azure-solutions-architect",
                "devops-engineer",
                "power-platform-solution-architect-expert",
                "azure-administrator",
                "azure-developer",
                "power-platform-functional-consultant-associate",
                "power-platform-developer-associate",
            ]
            .map(String::from)
            .to_vec(),
            target: "devops-engineer".into(),
            holding: vec!["AZ-104".into()],
        }
    }

    /// On a synthetic catalog: the seven certifications listed last (its top layer, the
    /// deepest requirement trees), the last one for the detail page and the plan, and the
    /// first two certifications (entry level) held with the first exam.
    pub fn of(catalog: &Catalog) -> Self {
        let codes: Vec<String> = catalog
            .certifications
            .iter()
            .map(|c| c.code.to_string())
            .collect();
        let top = codes[codes.len() - 7..].to_vec();
        let mut holding = codes[..2].to_vec();
        holding.push(catalog.exams[0].code.to_string());
        Self {
            detail: top[6].clone(),
            target: top[6].clone(),
            roots: top,
            holding,
        }
    }
}

/// The catalog page: the first hundred certifications with their requirements, exams,
/// courses and what they unlock.
pub const CATALOG_PAGE: &str = r#"{ certifications(first: 100) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id code name level status url
    requirements { kind items {
      ... on Certification { code name level }
      ... on Exam { code title status courses { code title url } } } }
    unlocks { code name } } } }"#;

/// The path page: two levels of requirement tree below each of a hundred certifications.
pub const PATH_PAGE: &str = r#"{ certifications(first: 100) { nodes { code name
  requirements { kind items {
    ... on Certification { code name requirements { kind items {
      ... on Exam { code title courses { code title } } } } }
    ... on Exam { code title courses { code title } } } } } } }"#;

const DETAIL_PAGE: &str = r#"query($code: String!) { certification(code: $code) { code name
  prerequisites(transitive: true) { code name
    requirements { kind items { ... on Certification { code } ... on Exam { code } } } }
  requiredExams(transitive: true) { code title courses { code } requiredBy { code } }
  unlocks { code name } } }"#;

const GRAPH: &str = r#"query($roots: [String!]!) { prerequisiteGraph(roots: $roots) {
  nodes { ... on Certification { code name } ... on Exam { code title } }
  edges { from { code }
    to { ... on Certification { code } ... on Exam { code } }
    group { id kind position } } } }"#;

const PLANNING: &str = r#"query($target: String!, $holding: [String!]!) {
  plan(target: $target, holding: $holding) {
    examCount exams { exam { code } courses { code } earns { code } }
    alternatives { examCount } }
  eligible(holding: $holding, withinExams: 2) { certification { code } examsNeeded } }"#;

/// One page's request: its name, the document and its variables.
pub struct DashboardQuery {
    pub name: &'static str,
    pub query: &'static str,
    pub variables: Value,
}

/// The five pages, in the order a session opens them (the catalog page first).
pub fn dashboard_queries(codes: &DashboardCodes) -> Vec<DashboardQuery> {
    let page = |name, query, variables| DashboardQuery {
        name,
        query,
        variables,
    };
    vec![
        page("catalog page", CATALOG_PAGE, json!({})),
        page("path page", PATH_PAGE, json!({})),
        page("detail page", DETAIL_PAGE, json!({ "code": codes.detail })),
        page("prerequisite graph", GRAPH, json!({ "roots": codes.roots })),
        page(
            "plan and eligible",
            PLANNING,
            json!({ "target": codes.target, "holding": codes.holding }),
        ),
    ]
}
