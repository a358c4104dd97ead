//! `GET /`: where a person or a client starts. In development a short page leads to the
//! explorer and GraphiQL; in production a small JSON document names the endpoints.

use actix_web::{web, HttpResponse};
use serde_json::json;

/// Which pages this server shows people.
#[derive(Debug, Clone, Copy)]
pub struct Pages {
    pub graphiql: bool,
    pub explorer: bool,
}

pub async fn landing(pages: web::Data<Pages>) -> HttpResponse {
    if !pages.graphiql && !pages.explorer {
        return HttpResponse::Ok().json(json!({
            "graphql": "/graphql",
            "health": "/healthz",
            "ready": "/readyz",
            "metrics": "/metrics",
            "pathDiagram": "/certifications/{code}/path.svg",
        }));
    }
    let link = |on: bool, href: &str, text: &str| match on {
        true => format!(r#"<li><a href="{href}">{text}</a></li>"#),
        false => String::new(),
    };
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>certgraph</title><link rel="icon" href="data:,"></head>
<body><main><h1>certgraph</h1>
<p>A GraphQL API for a catalog of professional certifications, their exams, courses and prerequisites.</p>
<ul>{explore}{graphiql}<li>The API: <code>POST /graphql</code></li></ul></main></body></html>
"#,
        explore = link(pages.explorer, "/explore", "Explore the catalog"),
        graphiql = link(pages.graphiql, "/graphiql", "Try queries in GraphiQL"),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        ))
        .body(html)
}
