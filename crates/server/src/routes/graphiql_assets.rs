//! GraphiQL's files, embedded in the binary so `/graphiql` needs no CDN and works with no
//! internet access. The vendored files (`assets/graphiql/`, see its README.md) come from
//! `scripts/vendor-graphiql.sh`; their names carry their version, so they can be cached
//! forever. Our own start-up script is not versioned, so browsers revalidate it.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};

/// One file served at `/graphiql/assets/{name}`.
pub struct Asset {
    pub name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// The name changes whenever the content does.
    immutable: bool,
}

macro_rules! vendored {
    ($name:literal, $content_type:expr) => {
        Asset {
            name: $name,
            content_type: $content_type,
            body: include_bytes!(concat!("../../assets/graphiql/", $name)),
            immutable: true,
        }
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

pub const REACT: Asset = vendored!("react-18.3.1.production.min.js", JS);
pub const REACT_DOM: Asset = vendored!("react-dom-18.3.1.production.min.js", JS);
pub const GRAPHIQL_JS: Asset = vendored!("graphiql-3.9.0.min.js", JS);
pub const GRAPHIQL_CSS: Asset = vendored!("graphiql-3.9.0.min.css", CSS);
/// The `graphql-ws` client GraphiQL runs subscriptions with (its bundle has none).
pub const GRAPHQL_WS: Asset = vendored!("graphql-ws-6.4.2.min.js", JS);
/// Mounts GraphiQL on the page; ours, not vendored.
pub const START: Asset = Asset {
    name: "certgraph-graphiql.js",
    content_type: JS,
    body: include_bytes!("../../assets/certgraph-graphiql.js"),
    immutable: false,
};

const ALL: [&Asset; 6] = [
    &REACT,
    &REACT_DOM,
    &GRAPHIQL_JS,
    &GRAPHIQL_CSS,
    &GRAPHQL_WS,
    &START,
];

impl Asset {
    /// Where the page finds it.
    pub fn path(&self) -> String {
        format!("/graphiql/assets/{}", self.name)
    }

    fn response(&self) -> HttpResponse {
        let cache = if self.immutable {
            vec![
                CacheDirective::Public,
                CacheDirective::MaxAge(31_536_000),
                CacheDirective::Extension("immutable".into(), None),
            ]
        } else {
            vec![CacheDirective::NoCache]
        };
        HttpResponse::Ok()
            .content_type(self.content_type)
            .insert_header(CacheControl(cache))
            .insert_header(("x-content-type-options", "nosniff"))
            .body(self.body)
    }
}

/// `GET /graphiql/assets/{name}`.
pub async fn serve(name: web::Path<String>) -> HttpResponse {
    match ALL.iter().find(|asset| asset.name == name.as_str()) {
        Some(asset) => asset.response(),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such GraphiQL asset"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_embedded_and_named_uniquely() {
        for asset in ALL {
            assert!(!asset.body.is_empty(), "{} is empty", asset.name);
            assert_eq!(ALL.iter().filter(|a| a.name == asset.name).count(), 1);
        }
    }
}
