//! Stable codes on the errors async-graphql produces itself (syntax, validation, request
//! errors), which it leaves without `extensions.code`: unlabelled, they read as server
//! faults to clients and fuzzers.

use async_graphql::{ErrorExtensionValues, Pos, Response, ServerError, Value};

use crate::{ErrorCode, RequestId};

/// An error carrying `code`.
pub fn coded(code: ErrorCode, message: impl Into<String>) -> ServerError {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code.as_str());
    error
}

/// An error carrying `code`, pointing at `pos` in the document.
pub fn coded_at(code: ErrorCode, message: impl Into<String>, pos: Pos) -> ServerError {
    let mut error = coded(code, message);
    error.locations = vec![pos];
    error
}

/// `LIMIT_EXCEEDED`, naming the limit (`extensions.limit`) and its value (`extensions.max`).
pub fn limit_exceeded(limit: &'static str, max: usize, message: String) -> ServerError {
    let mut error = coded(ErrorCode::LimitExceeded, message);
    if let Some(extensions) = error.extensions.as_mut() {
        extensions.set("limit", limit);
        extensions.set("max", max as u64);
    }
    error
}

/// `RATE_LIMITED`, with `extensions.retryAfter` in whole seconds (rounded up, at least 1,
/// as HTTP's `Retry-After` counts) and the budget that was exceeded.
pub fn rate_limited(over: &crate::rate::OverBudget) -> ServerError {
    let wait = over.retry_after;
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let message = format!(
        "rate limit: this client may spend {} cost per second, {} at once; this operation costs {}; retry in {seconds} s",
        over.limit.cost_per_second, over.limit.burst, over.cost
    );
    let mut error = coded(ErrorCode::RateLimited, message);
    if let Some(extensions) = error.extensions.as_mut() {
        extensions.set("retryAfter", seconds);
        extensions.set("cost", over.cost);
    }
    error
}

fn code_of(error: &ServerError) -> Option<&str> {
    match error.extensions.as_ref()?.get("code")? {
        Value::String(code) => Some(code),
        _ => None,
    }
}

fn label(error: &mut ServerError, code: ErrorCode) {
    if code_of(error).is_none() {
        error
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default)
            .set("code", code.as_str());
    }
}

/// A wrong value for an argument or variable is the client's input to fix; anything else
/// the validator finds is a document that does not fit the schema.
fn validation_code(message: &str) -> ErrorCode {
    let input = [
        "Invalid value for argument",
        "Invalid default value",
        "Failed to parse \"",
        ESTIMATE_ECHO,
    ];
    if input.iter().any(|p| message.starts_with(p)) {
        ErrorCode::BadUserInput
    } else {
        ErrorCode::GraphqlValidationFailed
    }
}

/// How the cost estimate words an argument it cannot parse: after the validator has
/// already reported the same value, so the client would read one mistake twice.
const ESTIMATE_ECHO: &str = "Expected input type";

/// A syntax error as one line. The parser's message is pest's picture of the document
/// over several lines, with the one fact a reader needs on the last: what was expected.
pub fn syntax_message(error: &async_graphql::parser::Error) -> String {
    let async_graphql::parser::Error::Syntax { message, start, .. } = error else {
        return error.to_string();
    };
    let expected = message
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(|what| what.replace("EOI", "end of document").replace('_', " "))
        .unwrap_or_else(|| message.split_whitespace().collect::<Vec<_>>().join(" "));
    format!(
        "syntax error at line {}, column {}: {expected}",
        start.line, start.column
    )
}

/// Labels the validator's errors, one per mistake: some rules report the same error twice
/// (`mutation` on a schema without mutations), and the cost estimate repeats every wrong
/// argument value.
pub fn validation_failed(errors: Vec<ServerError>) -> Vec<ServerError> {
    let wrong_argument = errors
        .iter()
        .any(|e| e.message.starts_with("Invalid value for argument"));
    let mut kept: Vec<ServerError> = Vec::with_capacity(errors.len());
    for mut error in errors {
        let echo = wrong_argument && error.message.starts_with(ESTIMATE_ECHO);
        let repeated = kept
            .iter()
            .any(|k| k.message == error.message && k.locations == error.locations);
        if echo || repeated {
            continue;
        }
        let code = validation_code(&error.message);
        label(&mut error, code);
        kept.push(error);
    }
    kept
}

/// Labels what is still unlabelled once a request is answered: request errors (no path:
/// unknown operation name, several operations and no name) as validation failures, and
/// arguments that failed to parse while executing as bad input.
pub fn label_the_rest(response: &mut Response) {
    for error in &mut response.errors {
        if error.path.is_empty() {
            let code = validation_code(&error.message);
            label(error, code);
        } else if validation_code(&error.message) == ErrorCode::BadUserInput {
            label(error, ErrorCode::BadUserInput);
        }
    }
}

/// Names the request id in every server fault, so the client can quote it and the log line
/// (which carries the same id) can be found; the message itself stays opaque.
pub fn name_request_id(response: &mut Response, id: &RequestId) {
    let internal = ErrorCode::InternalServerError.as_str();
    for error in &mut response.errors {
        if code_of(error) == Some(internal) {
            error.message = format!("internal server error (request id {})", id.0);
            if let Some(extensions) = error.extensions.as_mut() {
                extensions.set("requestId", id.0.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_values_are_bad_input_and_the_rest_fails_validation() {
        let errors = validation_failed(vec![
            ServerError::new(
                "Invalid value for argument \"first\", expected type \"Int\"",
                None,
            ),
            ServerError::new("Unknown field \"nope\" on type \"Query\".", None),
        ]);
        let codes: Vec<_> = errors.iter().map(code_of).collect();
        assert_eq!(codes, [Some("BAD_USER_INPUT"), Some("GRAPHQL_VALIDATION_FAILED")]);
    }

    #[test]
    fn a_syntax_error_is_one_line() {
        let Err(error) = async_graphql::parser::parse_query("{ certification(code: ") else {
            panic!("parsed");
        };
        assert_eq!(
            syntax_message(&error),
            "syntax error at line 1, column 23: expected value"
        );
    }

    #[test]
    fn each_mistake_is_reported_once() {
        let at = |column| Some(async_graphql::Pos { line: 1, column });
        let errors = validation_failed(vec![
            ServerError::new(
                "Invalid value for argument \"first\", expected type \"Int\"",
                at(18),
            ),
            ServerError::new("Expected input type \"Int\", found \"ten\".", at(3)),
            ServerError::new("Schema is not configured for mutations.", at(1)),
            ServerError::new("Schema is not configured for mutations.", at(1)),
        ]);
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Invalid value for argument \"first\", expected type \"Int\"",
                "Schema is not configured for mutations."
            ]
        );
    }

    #[test]
    fn existing_codes_are_kept() {
        let mut response = Response::from_errors(vec![coded(ErrorCode::LimitExceeded, "x")]);
        label_the_rest(&mut response);
        assert_eq!(code_of(&response.errors[0]), Some("LIMIT_EXCEEDED"));
    }

    #[test]
    fn server_faults_name_the_request_id_and_nothing_else() {
        let mut response = Response::from_errors(vec![coded(ErrorCode::InternalServerError, "secret")]);
        name_request_id(&mut response, &RequestId("r-1".into()));
        assert_eq!(
            response.errors[0].message,
            "internal server error (request id r-1)"
        );
    }
}
