//! Which media type a response is sent as.

use actix_web::http::header::{HeaderMap, ACCEPT};

/// The response media types the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// `application/graphql-response+json`: status codes carry request errors.
    GraphqlResponseJson,
    /// `application/json`, for older clients: well-formed requests always get 200.
    Json,
}

impl ResponseMedia {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept`: the first acceptable one in the client's
/// order of preference (q-values honoured), `application/graphql-response+json` when the
/// client states no preference, `None` when it accepts neither (406).
pub fn negotiate(headers: &HeaderMap) -> Option<ResponseMedia> {
    let Some(accept) = headers.get(ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(ResponseMedia::GraphqlResponseJson);
    };
    let mut ranges: Vec<(f32, usize, &str)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';').map(str::trim);
            let range = pieces.next()?.to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let range: &'static str = match range.as_str() {
                "application/graphql-response+json" => "gr",
                "application/json" => "json",
                "application/*" | "*/*" => "any",
                _ => return None,
            };
            (q > 0.0).then_some((q, i, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.first().map(|(_, _, range)| match *range {
        "json" => ResponseMedia::Json,
        _ => ResponseMedia::GraphqlResponseJson,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn with_accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn no_accept_header_gets_the_graphql_response_type() {
        assert_eq!(
            negotiate(&HeaderMap::new()),
            Some(ResponseMedia::GraphqlResponseJson)
        );
    }

    #[test]
    fn the_clients_preference_wins() {
        assert_eq!(
            negotiate(&with_accept("application/json")),
            Some(ResponseMedia::Json)
        );
        assert_eq!(
            negotiate(&with_accept(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Some(ResponseMedia::GraphqlResponseJson)
        );
        assert_eq!(
            negotiate(&with_accept(
                "application/graphql-response+json;q=0.5, application/json"
            )),
            Some(ResponseMedia::Json)
        );
        assert_eq!(
            negotiate(&with_accept("*/*")),
            Some(ResponseMedia::GraphqlResponseJson)
        );
    }

    #[test]
    fn unacceptable_types_get_none() {
        assert_eq!(negotiate(&with_accept("text/html")), None);
        assert_eq!(negotiate(&with_accept("application/json;q=0")), None);
    }
}
