//! GraphQL subscriptions over WebSocket (`GET /graphql` with `Upgrade: websocket`, the
//! `graphql-transport-ws` protocol). The [`Hub`] holds what every connection shares: the
//! schema that runs subscriptions (the catalog schema, also when the server is a federation
//! subgraph, whose SDL leaves them out), the bounds, how many connections each client
//! holds, and the shutdown signal that closes every socket with 1001.

mod connection;
mod protocol;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use certgraph_graphql::{CertgraphSchema, ErrorCode};
use certgraph_store::LiveCatalog;
use prometheus::{IntCounterVec, IntGauge, Opts, Registry};
use tokio::sync::watch;

use crate::graphql_http::{RequestError, ResponseMedia};
use crate::routes::execute::Endpoint;
use connection::Connection;
pub use protocol::SUBPROTOCOL;

/// Bounds on WebSocket subscriptions (settings: `crate::settings::SubscriptionsSection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubscriptionOptions {
    pub init_timeout: Duration,
    pub max_per_connection: usize,
    pub max_connections_per_client: usize,
    pub keepalive: Duration,
    pub send_timeout: Duration,
}

impl Default for SubscriptionOptions {
    fn default() -> Self {
        Self {
            init_timeout: Duration::from_secs(10),
            max_per_connection: 100,
            max_connections_per_client: 20,
            keepalive: Duration::from_secs(15),
            send_timeout: Duration::from_secs(10),
        }
    }
}

/// What every WebSocket connection shares.
pub struct Hub {
    options: SubscriptionOptions,
    schema: CertgraphSchema,
    live: Arc<LiveCatalog>,
    open: Mutex<HashMap<IpAddr, usize>>,
    shutdown: watch::Sender<bool>,
    connections: IntGauge,
    subscriptions: IntGauge,
    closes: IntCounterVec,
}

impl Hub {
    pub fn new(
        options: SubscriptionOptions,
        schema: CertgraphSchema,
        live: Arc<LiveCatalog>,
        registry: &Registry,
    ) -> anyhow::Result<Self> {
        let connections = IntGauge::new(
            "certgraph_subscription_connections",
            "WebSocket connections open for subscriptions.",
        )?;
        let subscriptions = IntGauge::new("certgraph_subscriptions", "Subscriptions running.")?;
        let closes = IntCounterVec::new(
            Opts::new(
                "certgraph_subscription_closes_total",
                "WebSocket connections closed, by close code.",
            ),
            &["code"],
        )?;
        registry.register(Box::new(connections.clone()))?;
        registry.register(Box::new(subscriptions.clone()))?;
        registry.register(Box::new(closes.clone()))?;
        Ok(Self {
            options,
            schema,
            live,
            open: Mutex::new(HashMap::new()),
            shutdown: watch::Sender::new(false),
            connections,
            subscriptions,
            closes,
        })
    }

    /// Closes every connection with 1001, now and from now on.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// A connection slot for `client`, unless it holds as many as it may.
    fn admit(self: &Arc<Self>, client: IpAddr) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let held = open.entry(client).or_default();
        if *held >= self.options.max_connections_per_client {
            return None;
        }
        *held += 1;
        self.connections.inc();
        Some(Slot {
            hub: self.clone(),
            client,
        })
    }
}

/// One open connection of one client; dropping it frees the place.
struct Slot {
    hub: Arc<Hub>,
    client: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.hub.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(held) = open.get_mut(&self.client) {
            *held -= 1;
            if *held == 0 {
                open.remove(&self.client);
            }
        }
        self.hub.connections.dec();
    }
}

/// Whether `http` asks to become a WebSocket (other upgrades are plain GETs).
pub fn is_upgrade(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head()
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("websocket"))
}

/// `GET /graphql` with `Upgrade: websocket`: the handshake, then the connection runs on its
/// own task.
pub async fn upgrade(
    http: HttpRequest,
    body: web::Payload,
    endpoint: Endpoint,
    hub: web::Data<Hub>,
) -> HttpResponse {
    let refuse =
        |status, code, message: &str| RequestError::new(status, code, message).respond(ResponseMedia::Json);
    let offered = http
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == SUBPROTOCOL);
    if !offered {
        let message =
            "subscriptions speak the graphql-transport-ws subprotocol: offer it in Sec-WebSocket-Protocol";
        return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message);
    }
    let Some(client) = endpoint.clients.address(&http) else {
        return refuse(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, "no peer address");
    };
    let hub = hub.into_inner();
    let Some(slot) = hub.admit(client) else {
        let message = format!(
            "this client already holds {} WebSocket connections; close one first",
            hub.options.max_connections_per_client
        );
        return refuse(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, &message);
    };
    let (mut response, session, messages) = match actix_ws::handle(&http, body) {
        Ok(handshake) => handshake,
        Err(e) => return e.error_response(),
    };
    response.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static(SUBPROTOCOL),
    );
    let header_secret = http
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let by_address = endpoint.clients.budget_for(&http);
    let max_frame = endpoint.options.max_body_bytes.max(64 * 1024);
    let messages = messages
        .max_frame_size(max_frame)
        .aggregate_continuations()
        .max_continuation_size(max_frame);
    let connection = Connection::new(hub, endpoint, session, by_address, header_secret, slot);
    actix_web::rt::spawn(connection.run(messages));
    response
}
