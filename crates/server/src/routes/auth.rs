//! Who is calling: the API key a request brings in `Authorization: Bearer <key>`, checked
//! against this replica's keyring, or nobody. Anonymous clients read unless the server
//! requires a key for reads; a key that is sent must be valid, never quietly ignored (a
//! client would not learn its key had been revoked). Every failed authentication is
//! charged to the client's address, and a lookup in the database is charged before it is
//! made, so a flood of made-up keys is held to that address's budget.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use async_graphql::Response;
use certgraph_graphql::{rate_limited, ApiError, Caller, ClientBudget, ErrorCode, OverBudget};
use certgraph_store::{Cached, StoreError};

use super::execute::Endpoint;
use crate::clients::rate_limit_headers;
use crate::graphql_http::{retry_after, RequestError, ResponseMedia};

/// What a failed authentication costs the client's address: about what answering a few
/// hundred fields does. A bad key may cost a database lookup and no honest client keeps
/// sending one, so with the default budget an address may fail 400 times at once, then 4
/// times a second.
pub const FAILED_AUTHENTICATION_COST: u64 = 500;

/// Who a request is, and the budget it is charged to.
pub struct Authenticated {
    pub caller: Caller,
    pub budget: Option<ClientBudget>,
}

/// What the `Authorization` header brings.
#[derive(Debug, PartialEq, Eq)]
enum Presented<'a> {
    Nothing,
    Bearer(&'a str),
    /// Another scheme, no token, several headers, or bytes that are not text.
    Malformed,
}

fn presented(headers: &HeaderMap) -> Presented<'_> {
    let mut values = headers.get_all(header::AUTHORIZATION);
    let Some(value) = values.next() else {
        return Presented::Nothing;
    };
    if values.next().is_some() {
        return Presented::Malformed;
    }
    let Ok(text) = value.to_str() else {
        return Presented::Malformed;
    };
    match text.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Presented::Bearer(token.trim())
        }
        _ => Presented::Malformed,
    }
}

/// Why a request was not authenticated.
#[derive(Debug, Clone, Copy)]
enum Failure {
    /// No key, where one is needed.
    Missing,
    /// A key that is malformed, unknown or revoked: one answer for all three.
    Invalid,
}

/// The caller of `http` and its budget, or the answer refusing it.
pub async fn authenticate(
    endpoint: &Endpoint,
    http: &HttpRequest,
    media: ResponseMedia,
) -> Result<Authenticated, HttpResponse> {
    let by_address = endpoint.clients.budget_for(http);
    // Until start-up has loaded the keys there is no catalog either: every operation
    // answers 503 then, whoever asks.
    if !endpoint.readiness.is_ready() {
        return Ok(anonymous(by_address));
    }
    let secret = match presented(http.headers()) {
        Presented::Nothing if !endpoint.options.require_key_for_reads => return Ok(anonymous(by_address)),
        Presented::Nothing => return Err(failed(by_address.as_ref(), Failure::Missing, media)),
        Presented::Malformed => return Err(failed(by_address.as_ref(), Failure::Invalid, media)),
        Presented::Bearer(secret) => secret,
    };
    let holder = match endpoint.keyring.cached(secret) {
        Cached::Valid(holder) => holder,
        Cached::Refused => return Err(failed(by_address.as_ref(), Failure::Invalid, media)),
        Cached::Unknown => {
            // Only the database can tell. The address pays for the lookup before it is
            // made, so made-up keys reach the database no faster than its budget allows.
            if let Some(refusal) = charge(by_address.as_ref(), media) {
                return Err(refusal);
            }
            match endpoint.keyring.authenticate(secret).await {
                Ok(Some(holder)) => holder,
                Ok(None) => return Err(refuse(by_address.as_ref(), Failure::Invalid, media)),
                Err(e) => return Err(unverifiable(e, media)),
            }
        }
    };
    endpoint.keyring.record_use(&holder);
    let budget = endpoint.clients.budget_for_key(holder.id);
    Ok(Authenticated {
        caller: Caller::Key(holder),
        budget,
    })
}

/// Who a WebSocket connection is, by the key its `connection_init` payload (or its
/// upgrade request's header) brings: the same rules as for a request, refusals as the code
/// and message to close with. A failure is charged to the address like a request's.
pub async fn authenticate_secret(
    endpoint: &Endpoint,
    by_address: Option<ClientBudget>,
    secret: Option<&str>,
) -> Result<Authenticated, (ErrorCode, String)> {
    let refused = |budget: Option<&ClientBudget>, failure| {
        if let Some(over) = budget.and_then(|b| b.charge(FAILED_AUTHENTICATION_COST).err()) {
            return (ErrorCode::RateLimited, rate_limited(&over).message);
        }
        let message = match failure {
            Failure::Missing => {
                "reads need an API key: send {\"authorization\": \"Bearer <key>\"} in connection_init"
            }
            Failure::Invalid => "the API key sent is not valid (malformed, unknown or revoked)",
        };
        (ErrorCode::Unauthenticated, message.to_owned())
    };
    let secret = match secret.map(|s| presented_text(s)) {
        None if !endpoint.options.require_key_for_reads => return Ok(anonymous(by_address)),
        None => return Err(refused(by_address.as_ref(), Failure::Missing)),
        Some(Presented::Bearer(secret)) => secret,
        Some(_) => return Err(refused(by_address.as_ref(), Failure::Invalid)),
    };
    let holder = match endpoint.keyring.cached(secret) {
        Cached::Valid(holder) => holder,
        Cached::Refused => return Err(refused(by_address.as_ref(), Failure::Invalid)),
        Cached::Unknown => match endpoint.keyring.authenticate(secret).await {
            Ok(Some(holder)) => holder,
            Ok(None) => return Err(refused(by_address.as_ref(), Failure::Invalid)),
            Err(e) => {
                let error = ApiError::from(e);
                return Err((error.code(), error.into_gql().message));
            }
        },
    };
    endpoint.keyring.record_use(&holder);
    let budget = endpoint.clients.budget_for_key(holder.id);
    Ok(Authenticated {
        caller: Caller::Key(holder),
        budget,
    })
}

/// What an `Authorization` value says (`Bearer <key>`; a bare key is taken as one too).
fn presented_text(text: &str) -> Presented<'_> {
    match text.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Presented::Bearer(token.trim())
        }
        None if !text.trim().is_empty() => Presented::Bearer(text.trim()),
        _ => Presented::Malformed,
    }
}

fn anonymous(budget: Option<ClientBudget>) -> Authenticated {
    Authenticated {
        caller: Caller::Anonymous,
        budget,
    }
}

/// Charges a failed authentication, then refuses it: 401, or 429 once the address's
/// budget is spent.
fn failed(budget: Option<&ClientBudget>, failure: Failure, media: ResponseMedia) -> HttpResponse {
    charge(budget, media).unwrap_or_else(|| refuse(budget, failure, media))
}

/// Takes [`FAILED_AUTHENTICATION_COST`] from `budget`; the 429 to answer when it does not fit.
fn charge(budget: Option<&ClientBudget>, media: ResponseMedia) -> Option<HttpResponse> {
    let budget = budget?;
    let over = budget.charge(FAILED_AUTHENTICATION_COST).err()?;
    Some(too_many(budget, &over, media))
}

pub(crate) fn too_many(budget: &ClientBudget, over: &OverBudget, media: ResponseMedia) -> HttpResponse {
    let error = rate_limited(over);
    let wait = retry_after(&Response::from_errors(vec![error.clone()]));
    let refusal = RequestError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        error.message.clone(),
    );
    let mut answer = refusal.respond_with(media, error);
    if let Some(seconds) = wait {
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    with_budget(&mut answer, Some(budget));
    answer
}

/// 401 with the challenge RFC 6750 describes. The message is the same for every bad key,
/// so it tells nothing about which keys exist.
fn refuse(budget: Option<&ClientBudget>, failure: Failure, media: ResponseMedia) -> HttpResponse {
    let (message, challenge) = match failure {
        Failure::Missing => (
            "this server needs an API key for reads: send `Authorization: Bearer <key>`",
            "Bearer",
        ),
        Failure::Invalid => (
            "the API key sent is not valid (malformed, unknown or revoked): send a current key \
             as `Authorization: Bearer <key>`",
            "Bearer error=\"invalid_token\"",
        ),
    };
    let refusal = RequestError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, message);
    let mut answer = refusal.respond(media);
    answer
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
    with_budget(&mut answer, budget);
    answer
}

/// A key memory does not hold, and a database that could not say whether it is valid:
/// coded (and logged) as the GraphQL boundary codes every store error.
fn unverifiable(error: StoreError, media: ResponseMedia) -> HttpResponse {
    let error = ApiError::from(error);
    let code = error.code();
    let status = match code {
        ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Timeout => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    RequestError::new(status, code, error.into_gql().message).respond(media)
}

/// The `RateLimit-*` headers of the budget a refusal was charged to.
fn with_budget(answer: &mut HttpResponse, budget: Option<&ClientBudget>) {
    for (name, value) in budget.map(rate_limit_headers).into_iter().flatten() {
        answer
            .headers_mut()
            .insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_one_bearer_token_is_a_key() {
        assert_eq!(presented(&headers(&[])), Presented::Nothing);
        assert_eq!(
            presented(&headers(&["Bearer cgk_abc"])),
            Presented::Bearer("cgk_abc")
        );
        assert_eq!(
            presented(&headers(&["bearer  cgk_abc "])),
            Presented::Bearer("cgk_abc")
        );
        for bad in [
            &["Basic dXNlcjpwdw=="][..],
            &["Bearer"],
            &["Bearer "],
            &["Bearer a", "Bearer b"],
        ] {
            assert_eq!(presented(&headers(bad)), Presented::Malformed, "{bad:?}");
        }
    }
}
