//! One WebSocket connection: `connection_init` within the init timeout (with the API key,
//! when one is needed), then subscriptions until the client leaves, stops answering pings
//! (4504), stops reading (1008), breaks the protocol (44xx), or the server shuts down (1001).

use std::collections::HashMap;
use std::sync::Arc;

use actix_ws::{AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, Session};
use async_graphql::futures_util::stream::{AbortHandle, Abortable, BoxStream, SelectAll};
use async_graphql::futures_util::StreamExt;
use async_graphql::Response;
use certgraph_graphql::{coded, ClientBudget, ErrorCode};

use super::protocol::{self, close, ClientMessage};
use super::{Hub, Slot};
use crate::routes::auth::{authenticate_secret, Authenticated};
use crate::routes::execute::Endpoint;

/// Why a connection ends.
#[derive(Debug)]
enum End {
    /// Close with this code and reason.
    Close(u16, String),
    /// The client went away, or the socket broke: nothing left to send.
    Gone,
}

fn end(code: u16, reason: impl Into<String>) -> End {
    End::Close(code, reason.into())
}

/// `reason` cut to the 123 bytes a close frame holds (a longer one breaks the frame).
fn fit_close_reason(mut reason: String) -> String {
    const MAX: usize = 123;
    if reason.len() > MAX {
        let mut end = MAX - '…'.len_utf8();
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        reason.truncate(end);
        reason.push('…');
    }
    reason
}

/// The subscriptions a connection runs: each a stream of (id, generation, event or end).
#[derive(Default)]
struct Running {
    streams: SelectAll<BoxStream<'static, (String, u64, Option<Response>)>>,
    handles: HashMap<String, (u64, AbortHandle)>,
    generation: u64,
}

impl Running {
    fn start(&mut self, id: String, events: BoxStream<'static, Response>) {
        self.generation += 1;
        let (generation, tag) = (self.generation, id.clone());
        let (handle, registration) = AbortHandle::new_pair();
        let events = Abortable::new(events, registration)
            .map(move |r| (tag.clone(), generation, Some(r)))
            .chain(async_graphql::futures_util::stream::once({
                let id = id.clone();
                async move { (id, generation, None) }
            }));
        self.streams.push(events.boxed());
        self.handles.insert(id, (generation, handle));
    }

    /// Stops `id`; whether it ran.
    fn stop(&mut self, id: &str) -> bool {
        self.handles.remove(id).map(|(_, h)| h.abort()).is_some()
    }

    /// Whether the event's subscription is the one running under its id.
    fn is_current(&self, id: &str, generation: u64) -> bool {
        self.handles.get(id).is_some_and(|(g, _)| *g == generation)
    }
}

pub(super) struct Connection {
    hub: Arc<Hub>,
    endpoint: Endpoint,
    session: Session,
    by_address: Option<ClientBudget>,
    header_secret: Option<String>,
    _slot: Slot,
}

impl Connection {
    pub(super) fn new(
        hub: Arc<Hub>,
        endpoint: Endpoint,
        session: Session,
        by_address: Option<ClientBudget>,
        header_secret: Option<String>,
        slot: Slot,
    ) -> Self {
        Self {
            hub,
            endpoint,
            session,
            by_address,
            header_secret,
            _slot: slot,
        }
    }

    pub(super) async fn run(mut self, mut messages: AggregatedMessageStream) {
        let mut running = Running::default();
        let ended = self.serve(&mut messages, &mut running).await;
        let subscriptions = running.handles.len() as i64;
        for (_, (_, handle)) in running.handles.drain() {
            handle.abort();
        }
        self.hub.subscriptions.sub(subscriptions);
        let code = match &ended {
            End::Close(code, _) => *code,
            End::Gone => close::NORMAL,
        };
        self.hub.closes.with_label_values(&[&code.to_string()]).inc();
        if let End::Close(code, reason) = ended {
            tracing::debug!(code, %reason, "closing subscription connection");
            let reason = CloseReason {
                code: CloseCode::from(code),
                description: Some(fit_close_reason(reason)),
            };
            // A client that does not read gets its close frame only once it reads again:
            // wait for that no longer than for any message.
            let closing = self.session.close(Some(reason));
            let _ = tokio::time::timeout(self.hub.options.send_timeout, closing).await;
        }
    }

    async fn serve(&mut self, messages: &mut AggregatedMessageStream, running: &mut Running) -> End {
        let init = tokio::time::timeout(self.hub.options.init_timeout, self.init(messages)).await;
        let who = match init {
            Err(_) => return end(close::INIT_TIMEOUT, "Connection initialisation timeout"),
            Ok(Err(ended)) => return ended,
            Ok(Ok(who)) => who,
        };
        if let Err(ended) = self.send(protocol::ack()).await {
            return ended;
        }
        let mut shutdown = self.hub.shutdown.subscribe();
        let period = self.hub.options.keepalive;
        let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        let mut answered = true;
        loop {
            let step = tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => Err(end(close::GOING_AWAY, "server shutting down")),
                message = messages.next() => {
                    answered = true;
                    self.receive(message, &who, running).await
                }
                Some((id, generation, event)) = running.streams.next(), if !running.streams.is_empty() => {
                    self.deliver(id, generation, event, running).await
                }
                _ = keepalive.tick() => {
                    if !std::mem::replace(&mut answered, false) {
                        Err(end(close::KEEPALIVE_TIMEOUT, "no pong within the keepalive interval"))
                    } else {
                        self.send(protocol::ping()).await
                    }
                }
            };
            if let Err(ended) = step {
                return ended;
            }
        }
    }

    /// Waits for `connection_init` and authenticates its key.
    async fn init(&mut self, messages: &mut AggregatedMessageStream) -> Result<Authenticated, End> {
        loop {
            let text = match messages.next().await {
                Some(Ok(AggregatedMessage::Text(text))) => text,
                Some(Ok(AggregatedMessage::Ping(bytes))) => {
                    self.session.pong(&bytes).await.map_err(|_| End::Gone)?;
                    continue;
                }
                Some(Ok(AggregatedMessage::Pong(_))) => continue,
                Some(Ok(AggregatedMessage::Binary(_))) => {
                    return Err(end(
                        close::INVALID_MESSAGE,
                        "binary messages are not part of the protocol",
                    ))
                }
                Some(Ok(AggregatedMessage::Close(_))) | Some(Err(_)) | None => return Err(End::Gone),
            };
            match ClientMessage::parse(&text) {
                Ok(ClientMessage::ConnectionInit { payload }) => return self.authenticate(payload).await,
                Ok(ClientMessage::Ping { .. }) => self.send(protocol::pong()).await?,
                Ok(ClientMessage::Pong { .. }) => {}
                Ok(ClientMessage::Subscribe { .. } | ClientMessage::Complete { .. }) => {
                    return Err(end(close::UNAUTHORIZED, "Unauthorized"))
                }
                Err(e) => return Err(end(close::INVALID_MESSAGE, e)),
            }
        }
    }

    async fn authenticate(&mut self, payload: Option<serde_json::Value>) -> Result<Authenticated, End> {
        let from_payload = payload.as_ref().and_then(|p| {
            let value = p.get("authorization").or_else(|| p.get("Authorization"))?;
            Some(value.as_str().unwrap_or_default().to_owned())
        });
        let secret = from_payload.or_else(|| self.header_secret.clone());
        authenticate_secret(&self.endpoint, self.by_address.clone(), secret.as_deref())
            .await
            .map_err(|(code, message)| end(close::FORBIDDEN, format!("{}: {message}", code.as_str())))
    }

    /// Handles one message from the client.
    async fn receive(
        &mut self,
        message: Option<Result<AggregatedMessage, actix_ws::ProtocolError>>,
        who: &Authenticated,
        running: &mut Running,
    ) -> Result<(), End> {
        let text = match message {
            Some(Ok(AggregatedMessage::Text(text))) => text,
            Some(Ok(AggregatedMessage::Ping(bytes))) => {
                return self.session.pong(&bytes).await.map_err(|_| End::Gone)
            }
            Some(Ok(AggregatedMessage::Pong(_))) => return Ok(()),
            Some(Ok(AggregatedMessage::Binary(_))) => {
                return Err(end(
                    close::INVALID_MESSAGE,
                    "binary messages are not part of the protocol",
                ))
            }
            Some(Ok(AggregatedMessage::Close(_))) => return Err(end(close::NORMAL, "")),
            Some(Err(_)) | None => return Err(End::Gone),
        };
        match ClientMessage::parse(&text).map_err(|e| end(close::INVALID_MESSAGE, e))? {
            ClientMessage::ConnectionInit { .. } => {
                Err(end(close::TOO_MANY_INITS, "Too many initialisation requests"))
            }
            ClientMessage::Ping { .. } => self.send(protocol::pong()).await,
            ClientMessage::Pong { .. } => Ok(()),
            ClientMessage::Complete { id } => {
                if running.stop(&id) {
                    self.hub.subscriptions.dec();
                }
                Ok(())
            }
            ClientMessage::Subscribe { id, payload } => self.subscribe(id, *payload, who, running).await,
        }
    }

    async fn subscribe(
        &mut self,
        id: String,
        request: async_graphql::Request,
        who: &Authenticated,
        running: &mut Running,
    ) -> Result<(), End> {
        if running.handles.contains_key(&id) {
            return Err(end(
                close::DUPLICATE_ID,
                format!("Subscriber for {id} already exists"),
            ));
        }
        let max = self.hub.options.max_per_connection;
        if running.handles.len() >= max {
            let message = format!("this connection already runs {max} subscriptions; complete one first");
            return self
                .send(protocol::error(
                    &id,
                    &[coded(ErrorCode::TooManySubscriptions, message)],
                ))
                .await;
        }
        let Some(snapshot) = self.hub.live.current() else {
            let refusal = coded(
                ErrorCode::ServiceUnavailable,
                "the catalog is not loaded yet; retry shortly",
            );
            return self.send(protocol::error(&id, &[refusal])).await;
        };
        let mut request = request
            .data(snapshot)
            .data(self.hub.live.clone())
            .data(who.caller.clone());
        if let Some(budget) = &who.budget {
            request = request.data(budget.clone());
        }
        if let Some(base) = &self.endpoint.options.public_url {
            request = request.data(certgraph_graphql::PublicUrl(base.clone()));
        }
        running.start(id, self.hub.schema.execute_stream(request));
        self.hub.subscriptions.inc();
        Ok(())
    }

    /// Sends one subscription's event, or its end.
    async fn deliver(
        &mut self,
        id: String,
        generation: u64,
        event: Option<Response>,
        running: &mut Running,
    ) -> Result<(), End> {
        if !running.is_current(&id, generation) {
            return Ok(());
        }
        match event {
            Some(response) if protocol::is_fatal(&response) => {
                running.stop(&id);
                self.hub.subscriptions.dec();
                self.send(protocol::error(&id, &response.errors)).await
            }
            Some(response) => self.send(protocol::next(&id, &response)).await,
            None => {
                running.stop(&id);
                self.hub.subscriptions.dec();
                self.send(protocol::complete(&id)).await
            }
        }
    }

    /// Sends `text`, unless the client has not taken a message for the send timeout.
    async fn send(&mut self, text: String) -> Result<(), End> {
        match tokio::time::timeout(self.hub.options.send_timeout, self.session.text(text)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Gone),
            Err(_) => Err(end(
                close::SLOW_CONSUMER,
                "slow consumer: messages were not read in time",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit_close_reason;

    #[test]
    fn close_reasons_fit_a_close_frame() {
        assert_eq!(fit_close_reason("short".into()), "short");
        let long = fit_close_reason("é".repeat(100));
        assert!(long.len() <= 123 && long.ends_with('…'), "{long}");
    }
}
