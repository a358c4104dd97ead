//! Per-client budgets counted in cost, not only in requests, and charged what a request
//! actually cost: 1 when the operation arrives (refused when the client's budget is spent),
//! then, after execution, what it did — every field of its answer and every step its planner
//! searches took (see `guard`). The complexity estimate charges nothing: it only refuses an
//! operation that could never fit the budget (above `burst`). A client out of budget gets
//! `RATE_LIMITED` with `extensions.retryAfter` (seconds), which HTTP turns into 429 and a
//! `Retry-After` header.
//!
//! The budget is a token bucket per client: `cost_per_second` refills it, `burst` is its
//! size. Because the cost is only known once the work is done, the estimate is set aside
//! while the operation runs (so that concurrent operations see each other) and replaced by
//! the actual cost when it ends. Either may take the bucket below zero (never below minus
//! one burst): the client then waits until it is positive again, so over time it spends no
//! more than its rate, while one admitted operation always completes. A refused charge takes nothing, so a client that keeps
//! retrying too early is not pushed further back.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How much one client may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Cost refilled per second.
    pub cost_per_second: NonZeroU32,
    /// Most cost spendable at once; at least the complexity limit, so that every operation
    /// the server admits can eventually run.
    pub burst: NonZeroU32,
}

impl Default for RateLimit {
    /// 2,000 per second with bursts of 200,000. Charged what they resolve, a dashboard's
    /// pages cost from tens to a few thousand (BENCHMARKS.md), so a dashboard session
    /// never waits, while a client looping over the costliest admitted operations is held
    /// to a few per minute; simple lookups (cost 2–20) are limited to hundreds per second.
    fn default() -> Self {
        Self {
            cost_per_second: NonZeroU32::new(2_000).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(200_000).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// Who is charged: an API key (the same budget from any address), or, for anonymous
/// requests, an IPv4 address or an IPv6 /64 (one subscriber usually holds a whole /64, so
/// per-address budgets would be free to multiply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(Client);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    Ip(IpAddr),
    /// The key's row id.
    ApiKey(i32),
}

impl ClientKey {
    pub fn from_ip(ip: IpAddr) -> Self {
        let ip = match ip {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let bits = u128::from(v6) & !((1u128 << 64) - 1);
                    IpAddr::V6(Ipv6Addr::from(bits))
                }
            },
        };
        Self(Client::Ip(ip))
    }

    /// The budget of the API key with row id `id`.
    pub fn api_key(id: i32) -> Self {
        Self(Client::ApiKey(id))
    }
}

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Client::Ip(IpAddr::V6(v6)) => write!(f, "{v6}/64"),
            Client::Ip(v4) => write!(f, "{v4}"),
            Client::ApiKey(id) => write!(f, "API key #{id}"),
        }
    }
}

/// One client's bucket: its level when last charged. Below zero, the client owes.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    level: f64,
    at: Instant,
}

/// The budgets of every client, shared by all workers.
pub struct CostLimiter {
    limit: RateLimit,
    /// Clients not in the map have a full bucket. One lock: it is held for a few
    /// arithmetic operations per charge, two charges per request.
    buckets: Mutex<HashMap<ClientKey, Bucket>>,
}

/// A charge that did not fit the client's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget {
    /// What was asked.
    pub cost: u64,
    /// When the same charge would fit.
    pub retry_after: Duration,
    pub limit: RateLimit,
    /// What is left in the budget (a refusal takes nothing); `None` when the charge is
    /// larger than the whole bucket, which says nothing about what is left.
    pub remaining: Option<u32>,
}

impl CostLimiter {
    pub fn new(limit: RateLimit) -> Arc<Self> {
        Arc::new(Self {
            limit,
            buckets: Mutex::default(),
        })
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    fn rate(&self) -> f64 {
        f64::from(self.limit.cost_per_second.get())
    }

    fn burst(&self) -> f64 {
        f64::from(self.limit.burst.get())
    }

    /// `client`'s level at `now`, refilled since it was last charged.
    fn level(&self, buckets: &HashMap<ClientKey, Bucket>, client: ClientKey, now: Instant) -> f64 {
        match buckets.get(&client) {
            Some(b) => {
                let refilled = now.saturating_duration_since(b.at).as_secs_f64() * self.rate();
                (b.level + refilled).min(self.burst())
            }
            None => self.burst(),
        }
    }

    /// Takes `cost` from `client`'s budget if it holds that much, and tells what is left;
    /// otherwise takes nothing and says how long until it would fit.
    pub fn charge(&self, client: ClientKey, cost: u64) -> Result<i64, OverBudget> {
        let cost = cost.max(1);
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let level = self.level(&buckets, client, now);
        let wanted = cost as f64;
        if wanted <= level {
            let left = level - wanted;
            buckets.insert(client, Bucket { level: left, at: now });
            return Ok(left.floor() as i64);
        }
        if wanted > self.burst() {
            return Err(self.never_fits(cost));
        }
        let wait = Duration::from_secs_f64((wanted - level) / self.rate());
        Err(OverBudget {
            cost,
            retry_after: wait,
            limit: self.limit,
            remaining: Some(level.max(0.0).floor() as u32),
        })
    }

    /// Sets aside `estimate` for an operation about to run, whatever is left (the bucket
    /// may go below zero, down to minus one burst), so that operations running at the same
    /// time see each other: a client cannot start a hundred costly operations at once
    /// because none of them has been charged yet. Returns what was set aside, for
    /// [`Self::settle`].
    pub fn reserve(&self, client: ClientKey, estimate: u64) -> u64 {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let level = self.level(&buckets, client, now);
        let left = (level - estimate as f64).max(-self.burst());
        buckets.insert(client, Bucket { level: left, at: now });
        (level - left).max(0.0).round() as u64
    }

    /// Charges `cost` for work done, in place of the `reserved` amount set aside for it:
    /// what was over-reserved is given back, what was under-reserved is taken, whatever is
    /// left (the bucket may go below zero, down to minus one burst; the client then waits
    /// until it is positive again). Returns the level left (negative when the client owes).
    pub fn settle(&self, client: ClientKey, reserved: u64, cost: u64) -> i64 {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let level = self.level(&buckets, client, now);
        let left = (level + reserved as f64 - cost as f64).clamp(-self.burst(), self.burst());
        buckets.insert(client, Bucket { level: left, at: now });
        left.floor() as i64
    }

    /// Refuses an operation whose estimate is above the whole bucket: no wait would let it
    /// run. The complexity limit keeps admitted operations below `burst` (the settings
    /// insist), so this only happens when a server is built with other settings; say so
    /// with the longest sensible wait rather than a zero.
    pub fn fits(&self, estimate: u64) -> Result<(), OverBudget> {
        if estimate as f64 > self.burst() {
            Err(self.never_fits(estimate))
        } else {
            Ok(())
        }
    }

    fn never_fits(&self, cost: u64) -> OverBudget {
        let full = u64::from(self.limit.burst.get()) / u64::from(self.limit.cost_per_second.get());
        OverBudget {
            cost,
            retry_after: Duration::from_secs(full + 1),
            limit: self.limit,
            remaining: None,
        }
    }

    /// What `client` has left now, negative when it owes.
    pub fn level_of(&self, client: ClientKey) -> i64 {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        self.level(&buckets, client, Instant::now()).floor() as i64
    }

    /// Forgets clients whose bucket is full again, so memory follows active clients only.
    pub fn forget_idle(&self) {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let full: Vec<ClientKey> = buckets
            .keys()
            .filter(|&&client| self.level(&buckets, client, now) >= self.burst())
            .copied()
            .collect();
        for client in full {
            buckets.remove(&client);
        }
        buckets.shrink_to_fit();
    }

    /// Clients currently tracked.
    pub fn tracked_clients(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// Request data: the limiter and the client this request is charged to. Requests
/// without it (the CLI, in-process tests) are not limited.
#[derive(Clone)]
pub struct ClientBudget {
    pub limiter: Arc<CostLimiter>,
    pub client: ClientKey,
    /// The level after the last charge (negative when the client owes), for the HTTP
    /// layer's `RateLimit` headers.
    level: Arc<AtomicI64>,
}

impl ClientBudget {
    pub fn new(limiter: Arc<CostLimiter>, client: ClientKey) -> Self {
        let level = limiter.level_of(client);
        Self {
            limiter,
            client,
            level: Arc::new(AtomicI64::new(level)),
        }
    }

    /// See [`CostLimiter::charge`].
    pub fn charge(&self, cost: u64) -> Result<i64, OverBudget> {
        let outcome = self.limiter.charge(self.client, cost);
        let left = match &outcome {
            Ok(left) => *left,
            // A refusal takes nothing: what is left is whatever the bucket holds now.
            Err(_) => self.limiter.level_of(self.client),
        };
        self.level.store(left, Ordering::Relaxed);
        outcome
    }

    /// See [`CostLimiter::reserve`].
    pub fn reserve(&self, estimate: u64) -> u64 {
        let reserved = self.limiter.reserve(self.client, estimate);
        // Should the operation be cancelled, its answer shows the reservation standing.
        self.level
            .store(self.limiter.level_of(self.client), Ordering::Relaxed);
        reserved
    }

    /// See [`CostLimiter::settle`].
    pub fn settle(&self, reserved: u64, cost: u64) -> i64 {
        let left = self.limiter.settle(self.client, reserved, cost);
        self.level.store(left, Ordering::Relaxed);
        left
    }

    /// See [`CostLimiter::fits`].
    pub fn fits(&self, estimate: u64) -> Result<(), OverBudget> {
        self.limiter.fits(estimate)
    }

    /// The budget left after this request's charges, refused ones included (which take
    /// nothing); 0 when the client owes.
    pub fn remaining(&self) -> u32 {
        u32::try_from(self.level().max(0)).unwrap_or(u32::MAX)
    }

    /// The level after this request's charges, negative when the client owes.
    pub fn level(&self) -> i64 {
        self.level.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests;
