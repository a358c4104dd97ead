//! Bounds on GraphQL subscriptions over WebSocket: how long a connection may take to
//! introduce itself, how much one connection and one client may hold open, and when a
//! connection that stopped answering or reading is closed.

use std::time::Duration;

use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};
use crate::subscriptions::SubscriptionOptions;

/// Bounds on WebSocket subscriptions.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Subscriptions")]
pub struct SubscriptionsSection {
    /// Seconds a WebSocket connection has to send `connection_init` before it is closed
    /// with 4408.
    #[arg(long, env = "CERTGRAPH_SUBSCRIPTION_INIT_TIMEOUT_SECS")]
    pub subscription_init_timeout_secs: u64,

    /// Subscriptions one WebSocket connection may run at once; one more is refused with
    /// TOO_MANY_SUBSCRIPTIONS.
    #[arg(long, env = "CERTGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION")]
    pub max_subscriptions_per_connection: usize,

    /// WebSocket connections one client (address) may hold open; one more is refused with
    /// 429.
    #[arg(long, env = "CERTGRAPH_MAX_CONNECTIONS_PER_CLIENT")]
    pub max_connections_per_client: usize,

    /// Seconds between the server's pings; a connection that has not answered one by the
    /// next is closed with 4504.
    #[arg(long, env = "CERTGRAPH_SUBSCRIPTION_KEEPALIVE_SECS")]
    pub subscription_keepalive_secs: u64,

    /// Seconds a message may wait for a client that does not read before the connection is
    /// dropped with 1008.
    #[arg(long, env = "CERTGRAPH_SUBSCRIPTION_SEND_TIMEOUT_SECS")]
    pub subscription_send_timeout_secs: u64,
}

impl Default for SubscriptionsSection {
    fn default() -> Self {
        let options = SubscriptionOptions::default();
        Self {
            subscription_init_timeout_secs: options.init_timeout.as_secs(),
            max_subscriptions_per_connection: options.max_per_connection,
            max_connections_per_client: options.max_connections_per_client,
            subscription_keepalive_secs: options.keepalive.as_secs(),
            subscription_send_timeout_secs: options.send_timeout.as_secs(),
        }
    }
}

impl SubscriptionsSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        problems.range(
            "subscription_init_timeout_secs",
            self.subscription_init_timeout_secs,
            1..=300,
        );
        problems.range(
            "max_subscriptions_per_connection",
            self.max_subscriptions_per_connection,
            1..=10_000,
        );
        problems.range(
            "max_connections_per_client",
            self.max_connections_per_client,
            1..=100_000,
        );
        problems.range(
            "subscription_keepalive_secs",
            self.subscription_keepalive_secs,
            1..=3_600,
        );
        problems.range(
            "subscription_send_timeout_secs",
            self.subscription_send_timeout_secs,
            1..=300,
        );
        settings.subscriptions = SubscriptionOptions {
            init_timeout: Duration::from_secs(self.subscription_init_timeout_secs),
            max_per_connection: self.max_subscriptions_per_connection,
            max_connections_per_client: self.max_connections_per_client,
            keepalive: Duration::from_secs(self.subscription_keepalive_secs),
            send_timeout: Duration::from_secs(self.subscription_send_timeout_secs),
        };
    }
}
