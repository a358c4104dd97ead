//! `GET /graphiql`: the GraphiQL explorer, pointed at `/graphql` (subscriptions over a
//! WebSocket to the same address), served entirely from the binary (see `graphiql_assets`),
//! so it works offline. The Content-Security-Policy lets
//! the page load nothing and talk to nothing but this server.

use actix_web::middleware::Compress;
use actix_web::{web, HttpResponse};

use super::graphiql_assets::{self as assets, Asset};

/// Registers the page and its assets (compressed: GraphiQL's bundle is ~1 MB).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphiql", web::get().to(page)).service(
        web::resource("/graphiql/assets/{name}")
            .wrap(Compress::default())
            .route(web::get().to(assets::serve)),
    );
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("content-security-policy", CONTENT_SECURITY_POLICY))
        .insert_header(("cache-control", "no-cache"))
        .body(html())
}

fn html() -> String {
    let script = |asset: &Asset| format!(r#"<script src="{}"></script>"#, asset.path());
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>certgraph · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
{react}
{react_dom}
{graphiql}
{graphql_ws}
{start}
</body>
</html>
"#,
        css = assets::GRAPHIQL_CSS.path(),
        react = script(&assets::REACT),
        react_dom = script(&assets::REACT_DOM),
        graphiql = script(&assets::GRAPHIQL_JS),
        graphql_ws = script(&assets::GRAPHQL_WS),
        start = script(&assets::START),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_from_this_server() {
        let html = html();
        assert!(!html.contains("http:") && !html.contains("https:") && !html.contains("//cdn"));
        for asset in [
            assets::REACT,
            assets::REACT_DOM,
            assets::GRAPHIQL_JS,
            assets::GRAPHQL_WS,
            assets::START,
        ] {
            assert!(html.contains(&format!(r#"<script src="/graphiql/assets/{}">"#, asset.name)));
        }
    }
}
