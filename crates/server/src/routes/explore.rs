//! `GET /explore`: a small page for looking at the catalog — the list with filters and
//! search, a certification with its diagram, and "what do I still need?" — that is itself a
//! client of the public GraphQL API. Its three files are embedded in the binary, and the
//! Content-Security-Policy lets it load nothing and talk to nothing but this server.

use actix_web::{web, HttpResponse};

const PAGE: &str = include_str!("../../assets/explore/index.html");
const SCRIPT: &str = include_str!("../../assets/explore/app.js");
const STYLE: &str = include_str!("../../assets/explore/app.css");

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// Registers the page and its two assets.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/explore",
        web::get().to(|| file(PAGE, "text/html; charset=utf-8")),
    )
    .route(
        "/explore/app.js",
        web::get().to(|| file(SCRIPT, "text/javascript; charset=utf-8")),
    )
    .route(
        "/explore/app.css",
        web::get().to(|| file(STYLE, "text/css; charset=utf-8")),
    );
}

async fn file(body: &'static str, content_type: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("content-security-policy", CONTENT_SECURITY_POLICY))
        // Not versioned by name: browsers revalidate, so a new binary's page is seen at once.
        .insert_header(("cache-control", "no-cache"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_from_this_server() {
        for text in [PAGE, SCRIPT, STYLE] {
            assert!(!text.contains("http:") && !text.contains("https:") && !text.contains("//cdn"));
        }
        assert!(PAGE.contains(r#"<script src="/explore/app.js" defer>"#));
        assert!(PAGE.contains(r#"<link rel="stylesheet" href="/explore/app.css">"#));
    }
}
