//! Per-client budgets counted in cost, not only in requests: every operation is charged
//! 1 when it arrives and then its cost (the figure the complexity limit checks) once it
//! has been validated, before any field runs. A client out of budget gets
//! `RATE_LIMITED` with `extensions.retryAfter` (seconds), which HTTP turns into 429 and a
//! `Retry-After` header.
//!
//! The budget is a token bucket (GCRA, from `governor`) per client: `cost_per_second`
//! refills it, `burst` is its size. A refused charge takes nothing, so a client that keeps
//! retrying too early is not pushed further back.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

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
    /// 2,000 per second with bursts of 200,000: a dashboard query (about 55,000) can run
    /// three times at once and then every half minute; simple lookups (cost 2–20) are
    /// limited to hundreds per second.
    fn default() -> Self {
        Self {
            cost_per_second: NonZeroU32::new(2_000).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(200_000).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// Who is charged: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a whole
/// /64, so per-address budgets would be free to multiply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn from_ip(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => {
                    let bits = u128::from(v6) & !((1u128 << 64) - 1);
                    Self(IpAddr::V6(Ipv6Addr::from(bits)))
                }
            },
        }
    }
}

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
            v4 => write!(f, "{v4}"),
        }
    }
}

/// The budgets of every client, shared by all workers.
pub struct CostLimiter {
    limit: RateLimit,
    buckets: DefaultKeyedRateLimiter<ClientKey, StateInformationMiddleware>,
    clock: DefaultClock,
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
        let quota = Quota::per_second(limit.cost_per_second).allow_burst(limit.burst);
        Arc::new(Self {
            limit,
            buckets: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            clock: DefaultClock::default(),
        })
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes `cost` from `client`'s budget and tells what is left, or says how long until
    /// it would fit.
    pub fn charge(&self, client: ClientKey, cost: u64) -> Result<u32, OverBudget> {
        let n = u32::try_from(cost.max(1))
            .ok()
            .and_then(NonZeroU32::new)
            .unwrap_or(NonZeroU32::MAX);
        let over = |retry_after, remaining| OverBudget {
            cost,
            retry_after,
            limit: self.limit,
            remaining,
        };
        match self.buckets.check_key_n(&client, n) {
            Ok(Ok(state)) => Ok(state.remaining_burst_capacity()),
            Ok(Err(not_until)) => {
                let wait = not_until.wait_time_from(self.clock.now());
                // The bucket refills at `cost_per_second`: it lacks the wait's worth of `n`.
                let rate = f64::from(self.limit.cost_per_second.get());
                let lacking = (wait.as_secs_f64() * rate).ceil() as u64;
                let left = u64::from(n.get()).saturating_sub(lacking);
                Err(over(wait, Some(u32::try_from(left).unwrap_or(u32::MAX))))
            }
            // More than the bucket holds: it can never fit. The complexity limit keeps
            // admitted operations below `burst`, so this is a misconfiguration; say so
            // with the longest sensible wait rather than a zero.
            Err(_) => Err(over(
                Duration::from_secs(
                    u64::from(self.limit.burst.get()) / u64::from(self.limit.cost_per_second.get()) + 1,
                ),
                None,
            )),
        }
    }

    /// Forgets clients whose bucket is full again, so memory follows active clients only.
    pub fn forget_idle(&self) {
        self.buckets.retain_recent();
        self.buckets.shrink_to_fit();
    }

    /// Clients currently tracked.
    pub fn tracked_clients(&self) -> usize {
        self.buckets.len()
    }
}

/// Request data: the limiter and the client this request is charged to. Requests
/// without it (the CLI, in-process tests) are not limited.
#[derive(Clone)]
pub struct ClientBudget {
    pub limiter: Arc<CostLimiter>,
    pub client: ClientKey,
    /// What was left after the last charge, for the HTTP layer's `RateLimit` header.
    remaining: Arc<AtomicU32>,
}

impl ClientBudget {
    pub fn new(limiter: Arc<CostLimiter>, client: ClientKey) -> Self {
        let full = limiter.limit().burst.get();
        Self {
            limiter,
            client,
            remaining: Arc::new(AtomicU32::new(full)),
        }
    }

    /// See [`CostLimiter::charge`].
    pub fn charge(&self, cost: u64) -> Result<u32, OverBudget> {
        let outcome = self.limiter.charge(self.client, cost);
        let left = match &outcome {
            Ok(left) => Some(*left),
            Err(over) => over.remaining,
        };
        if let Some(left) = left {
            self.remaining.store(left, Ordering::Relaxed);
        }
        outcome
    }

    /// The budget left after this request's charges, refused ones included (which take
    /// nothing).
    pub fn remaining(&self) -> u32 {
        self.remaining.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: u32, burst: u32) -> Arc<CostLimiter> {
        CostLimiter::new(RateLimit {
            cost_per_second: NonZeroU32::new(per_second).unwrap(),
            burst: NonZeroU32::new(burst).unwrap(),
        })
    }

    fn key(text: &str) -> ClientKey {
        ClientKey::from_ip(text.parse().unwrap())
    }

    #[test]
    fn a_burst_is_spent_by_cost_then_refused_with_the_wait() {
        let l = limiter(10, 100);
        let a = key("192.0.2.1");
        assert_eq!(l.charge(a, 60), Ok(40));
        assert_eq!(l.charge(a, 40), Ok(0));
        let refused = l.charge(a, 50).unwrap_err();
        assert!(refused.remaining.is_some_and(|left| left < 10), "{refused:?}");
        // 50 more at 10 per second: about five seconds.
        assert!(
            refused.retry_after > Duration::from_secs(4) && refused.retry_after <= Duration::from_secs(5),
            "{refused:?}"
        );
        // A refusal takes nothing: a small charge still waits only for its own share.
        let small = l.charge(a, 1).unwrap_err();
        assert!(small.retry_after <= Duration::from_millis(100), "{small:?}");
    }

    #[test]
    fn a_refusal_tells_what_is_left() {
        let l = limiter(1, 100);
        let a = key("192.0.2.1");
        assert_eq!(l.charge(a, 60), Ok(40));
        let refused = l.charge(a, 50).unwrap_err();
        // 40 left, plus what one second refills should this test stall that long.
        assert!(
            refused.remaining.is_some_and(|left| (40..=41).contains(&left)),
            "{refused:?}"
        );
        assert_eq!(l.charge(a, 1_000).unwrap_err().remaining, None);
    }

    #[test]
    fn clients_have_separate_budgets() {
        let l = limiter(1, 10);
        assert!(l.charge(key("192.0.2.1"), 10).is_ok());
        assert!(l.charge(key("192.0.2.1"), 1).is_err());
        assert!(l.charge(key("192.0.2.2"), 10).is_ok());
        assert_eq!(l.tracked_clients(), 2);
    }

    #[test]
    fn a_charge_above_the_burst_is_refused_with_a_finite_wait() {
        let l = limiter(10, 100);
        let refused = l.charge(key("192.0.2.1"), 1_000).unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(11));
    }

    #[test]
    fn ipv6_clients_are_charged_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), key("192.0.2.7"));
        assert_eq!(key("2001:db8:1:2:aaaa::1").to_string(), "2001:db8:1:2::/64");
    }
}
