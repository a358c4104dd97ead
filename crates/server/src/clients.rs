//! Who a request is charged to, for rate limiting: its API key when it brings a valid one;
//! otherwise the peer address, or, when the peer is a trusted reverse proxy, the address
//! that proxy saw (the rightmost `X-Forwarded-For` entry that is not itself a trusted
//! proxy). Trusting the header from anyone else would let every client pick a fresh
//! address per request.

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::HttpRequest;
use certgraph_graphql::{ClientBudget, ClientKey, CostLimiter, RateLimit};

/// The rate limiter (when on) and the proxies whose `X-Forwarded-For` is believed.
pub struct Clients {
    limiter: Option<Arc<CostLimiter>>,
    trusted_proxies: Vec<IpAddr>,
}

impl Clients {
    pub fn new(rate_limit: Option<RateLimit>, trusted_proxies: Vec<IpAddr>) -> Self {
        Self {
            limiter: rate_limit.map(CostLimiter::new),
            trusted_proxies,
        }
    }

    pub fn limiter(&self) -> Option<&Arc<CostLimiter>> {
        self.limiter.as_ref()
    }

    /// The budget `http` is charged to; `None` when rate limiting is off.
    pub fn budget_for(&self, http: &HttpRequest) -> Option<ClientBudget> {
        let limiter = self.limiter.as_ref()?;
        let client = ClientKey::from_ip(self.address(http)?);
        Some(ClientBudget::new(limiter.clone(), client))
    }

    /// The address of the client behind `http` (see the module's header).
    pub fn address(&self, http: &HttpRequest) -> Option<IpAddr> {
        let peer = http.peer_addr()?.ip();
        // Most deployments trust no proxy: then the header is not even read.
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let forwarded = http
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        Some(self.client_ip(peer, &forwarded))
    }

    /// The budget of the API key with row id `id`, whatever address it calls from; `None`
    /// when rate limiting is off.
    pub fn budget_for_key(&self, id: i32) -> Option<ClientBudget> {
        let limiter = self.limiter.as_ref()?;
        Some(ClientBudget::new(limiter.clone(), ClientKey::api_key(id)))
    }

    fn client_ip(&self, peer: IpAddr, forwarded_for: &str) -> IpAddr {
        let trusted = |ip: &IpAddr| self.trusted_proxies.contains(ip);
        if !trusted(&peer) {
            return peer;
        }
        // Walk back from the proxy nearest us; stop at the first hop we do not run.
        let mut client = peer;
        for hop in forwarded_for.rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !trusted(&ip) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }
}

/// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the
/// budget is full again), as the IETF rate-limit headers draft names them, after every
/// charge of this request (the settlement after execution included). A client that owes
/// (its last operation cost more than was left) has 0 remaining and a reset beyond a full
/// refill.
pub fn rate_limit_headers(budget: &ClientBudget) -> [(&'static str, u64); 3] {
    let limit = budget.limiter.limit();
    let burst = u64::from(limit.burst.get());
    let remaining = u64::from(budget.remaining());
    let missing = (i64::from(limit.burst.get()) - budget.level()).max(0) as u64;
    let reset = missing.div_ceil(u64::from(limit.cost_per_second.get()));
    [
        ("ratelimit-limit", burst),
        ("ratelimit-remaining", remaining),
        ("ratelimit-reset", reset),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let clients = Clients::new(None, vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        // Untrusted peers cannot choose their address.
        assert_eq!(
            clients.client_ip(ip("198.51.100.9"), "192.0.2.1"),
            ip("198.51.100.9")
        );
        // Through two of our proxies, the client is the first hop we do not run; what the
        // client itself prepended is ignored.
        assert_eq!(
            clients.client_ip(ip("10.0.0.1"), "1.2.3.4, 192.0.2.1, 10.0.0.2"),
            ip("192.0.2.1")
        );
        // A trusted proxy that forwarded nothing usable is charged itself.
        assert_eq!(clients.client_ip(ip("10.0.0.1"), ""), ip("10.0.0.1"));
        assert_eq!(clients.client_ip(ip("10.0.0.1"), "junk"), ip("10.0.0.1"));
    }
}
