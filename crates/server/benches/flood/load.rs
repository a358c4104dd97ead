//! The two clients: a paced simple client and a flooder, each from its own loopback
//! address, so the server's per-address budgets tell them apart.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use serde_json::json;

/// What a client saw: statuses and latencies.
#[derive(Debug, Default)]
pub struct Tally {
    pub sent: u64,
    statuses: BTreeMap<u16, u64>,
    latencies: Vec<Duration>,
}

impl Tally {
    fn record(&mut self, status: Option<u16>, latency: Duration) {
        self.sent += 1;
        *self.statuses.entry(status.unwrap_or(0)).or_default() += 1;
        self.latencies.push(latency);
    }

    fn merge(&mut self, other: Tally) {
        self.sent += other.sent;
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.latencies.extend(other.latencies);
    }

    /// Responses with `status` (0: no response at all).
    pub fn status(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
        sorted[rank]
    }
}

fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<IpAddr>().ok())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

async fn send(client: &reqwest::Client, url: &str, query: &str) -> Option<u16> {
    let response = client
        .post(format!("{url}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.ok()?;
    // A 200 with errors is not a success for this client.
    if status == 200 && body.get("errors").is_some() {
        return Some(299);
    }
    Some(status)
}

/// A dashboard user: 20 requests a second from 127.0.0.2 for `duration`.
pub async fn simple_traffic(url: &str, query: &str, duration: Duration) -> Tally {
    let client = client_from("127.0.0.2");
    let mut tally = Tally::default();
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let end = Instant::now() + duration;
    while Instant::now() < end {
        tick.tick().await;
        let started = Instant::now();
        let status = send(&client, url, query).await;
        tally.record(status, started.elapsed());
    }
    tally
}

/// `concurrency` loops from 127.0.0.1 sending `query` back to back for `duration`,
/// ignoring `Retry-After` as an attacker would.
pub async fn flood(url: &str, query: &str, duration: Duration, concurrency: usize) -> Tally {
    let client = client_from("127.0.0.1");
    let end = Instant::now() + duration;
    let loops = (0..concurrency).map(|_| {
        let (client, url, query) = (client.clone(), url.to_owned(), query.to_owned());
        tokio::spawn(async move {
            let mut tally = Tally::default();
            while Instant::now() < end {
                let started = Instant::now();
                let status = send(&client, &url, &query).await;
                tally.record(status, started.elapsed());
            }
            tally
        })
    });
    let mut total = Tally::default();
    for tally in futures::future::join_all(loops).await {
        total.merge(tally.expect("a flood loop"));
    }
    total
}
