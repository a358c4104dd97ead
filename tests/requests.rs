//! Talking to the server under test over HTTP: GraphQL requests, plain GETs, metrics, and
//! the small readers of what it answers.

use serde_json::{json, Value};

use crate::TestApp;

impl TestApp {
    /// POSTs a query and returns the whole JSON response.
    pub async fn graphql(&self, query: &str) -> Value {
        self.graphql_with(query, json!({})).await
    }

    /// POSTs a query with variables and returns the whole JSON response.
    pub async fn graphql_with(&self, query: &str, variables: Value) -> Value {
        graphql_at(&self.client, &self.address, query, variables, None).await
    }

    /// POSTs a query with variables from `client` (see [`client_from`]) and returns the
    /// HTTP response, headers and all.
    pub async fn post_from(
        &self,
        client: &reqwest::Client,
        query: &str,
        variables: Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs `body` as it is, asking for `accept` (the server's default when `None`).
    pub async fn post_raw(&self, body: &str, accept: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        request.send().await.expect("request sent")
    }
    /// GETs `path` and returns the status and the JSON body.
    /// `GET path` on the server, as sent (no status check).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str) -> (reqwest::StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// POSTs a GraphQL request body as is and returns the status and the JSON response.
    pub async fn post_graphql(&self, body: &Value) -> (reqwest::StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// The Prometheus text `/metrics` answers.
    pub async fn metrics_text(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// `certgraph_db_statements_total` as `/metrics` reports it.
    pub async fn statements_total(&self) -> u64 {
        self.counter("certgraph_db_statements_total").await
    }

    /// A counter without labels, as `/metrics` reports it.
    pub async fn counter(&self, name: &str) -> u64 {
        let text = self.metrics_text().await;
        let prefix = format!("{name} ");
        text.lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
    }

    /// POSTs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str) -> Value {
        let response = self.graphql(query).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }
}

/// A client whose requests come from `ip` (any 127.0.0.0/8 address is loopback), so that
/// it is charged to a rate budget of its own.
pub fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().ok())
        .build()
        .unwrap()
}

/// A numeric response header (`RateLimit-Remaining`, `Retry-After`…); panics when absent.
pub fn header_number(response: &reqwest::Response, name: &str) -> u64 {
    let value = response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header: {:?}", response.headers()));
    value.to_str().unwrap().parse().unwrap()
}

/// Fields in a JSON answer, as the server charges them: every field of every object at any
/// depth counts 1, a list counts what its items hold.
pub fn answer_size(data: &Value) -> u64 {
    match data {
        Value::Object(fields) => fields.values().map(|v| 1 + answer_size(v)).sum(),
        Value::Array(items) => items.iter().map(answer_size).sum(),
        _ => 0,
    }
}

/// JSON text without the whitespace between its tokens (strings kept as they are), so two
/// texts compare equal exactly when they hold the same tokens in the same order.
pub fn squeeze_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// A request body that only looks up a persisted query by a hash never registered: it
/// needs the database (the answer is `PERSISTED_QUERY_NOT_FOUND` while the database
/// answers), so it shows what a request that needs the database gets.
pub fn unknown_persisted_query() -> Value {
    let hash = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } })
}

/// POSTs a query with variables to the server at `address` (any replica), with `Bearer
/// <secret>` when given, and returns the whole JSON response.
pub async fn graphql_at(
    client: &reqwest::Client,
    address: &str,
    query: &str,
    variables: Value,
    secret: Option<&str>,
) -> Value {
    let mut request = client
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(secret) = secret {
        request = request.bearer_auth(secret);
    }
    request
        .send()
        .await
        .expect("request sent")
        .json()
        .await
        .expect("a JSON response")
}
