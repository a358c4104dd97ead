//! The `graphql-transport-ws` protocol's messages and close codes (the protocol of the
//! `graphql-ws` library, which GraphiQL and most clients speak).

use async_graphql::{Response, ServerError};
use serde::{Deserialize, Serialize};

/// The WebSocket subprotocol served.
pub const SUBPROTOCOL: &str = "graphql-transport-ws";

/// Close codes: the protocol's (44xx) and this server's.
pub mod close {
    /// A message the protocol does not know, or not text.
    pub const INVALID_MESSAGE: u16 = 4400;
    /// `subscribe` before the connection was acknowledged.
    pub const UNAUTHORIZED: u16 = 4401;
    /// `connection_init` with a missing (where reads need one) or invalid API key.
    pub const FORBIDDEN: u16 = 4403;
    /// No `connection_init` within the init timeout.
    pub const INIT_TIMEOUT: u16 = 4408;
    /// `subscribe` with the id of a subscription still running.
    pub const DUPLICATE_ID: u16 = 4409;
    /// A second `connection_init`.
    pub const TOO_MANY_INITS: u16 = 4429;
    /// No pong (nor anything else) between two of the server's pings.
    pub const KEEPALIVE_TIMEOUT: u16 = 4504;
    /// A client that took no message within the send timeout: dropped.
    pub const SLOW_CONSUMER: u16 = 1008;
    /// The server is shutting down; reconnect (to another replica).
    pub const GOING_AWAY: u16 = 1001;
    /// The client closed, or the connection ended normally.
    pub const NORMAL: u16 = 1000;
}

/// A message from the client.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    ConnectionInit {
        #[serde(default)]
        payload: Option<serde_json::Value>,
    },
    Ping {
        #[serde(default)]
        #[allow(dead_code)]
        payload: Option<serde_json::Value>,
    },
    Pong {
        #[serde(default)]
        #[allow(dead_code)]
        payload: Option<serde_json::Value>,
    },
    Subscribe {
        id: String,
        payload: Box<async_graphql::Request>,
    },
    Complete {
        id: String,
    },
}

impl ClientMessage {
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid message: {e}"))
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerMessage<'a> {
    ConnectionAck,
    Ping,
    Pong,
    Next { id: &'a str, payload: &'a Response },
    Error { id: &'a str, payload: &'a [ServerError] },
    Complete { id: &'a str },
}

fn text(message: &ServerMessage<'_>) -> String {
    // Serialising these types cannot fail: every map key is a string.
    serde_json::to_string(message).unwrap_or_default()
}

pub fn ack() -> String {
    text(&ServerMessage::ConnectionAck)
}

pub fn ping() -> String {
    text(&ServerMessage::Ping)
}

pub fn pong() -> String {
    text(&ServerMessage::Pong)
}

/// An event of subscription `id`.
pub fn next(id: &str, payload: &Response) -> String {
    text(&ServerMessage::Next { id, payload })
}

/// The errors that end subscription `id` (no `complete` follows).
pub fn error(id: &str, payload: &[ServerError]) -> String {
    text(&ServerMessage::Error { id, payload })
}

pub fn complete(id: &str) -> String {
    text(&ServerMessage::Complete { id })
}

/// Whether `response` ends its subscription as an `error` message rather than an event: it
/// has errors and no data (refused before it ran, or its source failed).
pub fn is_fatal(response: &Response) -> bool {
    !response.errors.is_empty() && response.data == async_graphql::Value::Null
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_messages_parse_by_type() {
        let subscribe = r#"{"type":"subscribe","id":"1","payload":{"query":"subscription { x }"}}"#;
        assert!(matches!(
            ClientMessage::parse(subscribe),
            Ok(ClientMessage::Subscribe { id, .. }) if id == "1"
        ));
        assert!(matches!(
            ClientMessage::parse(r#"{"type":"connection_init"}"#),
            Ok(ClientMessage::ConnectionInit { payload: None })
        ));
        assert!(ClientMessage::parse(r#"{"type":"start","id":"1"}"#).is_err());
        assert_eq!(ack(), r#"{"type":"connection_ack"}"#);
        assert_eq!(complete("7"), r#"{"type":"complete","id":"7"}"#);
    }
}
