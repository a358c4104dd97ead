//! The id of the HTTP request a GraphQL request arrived in.

/// What `X-Request-Id` carries. The server attaches it to each GraphQL request's data, so
/// that a server fault can name it to the client while the log line, which carries the
/// same id, keeps the detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);
