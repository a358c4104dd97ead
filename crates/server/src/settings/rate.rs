//! Rate limiting as settings: each client's cost budget, and which proxies may name the
//! client. The defaults are the limiter's own ([`RateLimit::default`]).

use std::net::IpAddr;
use std::num::NonZeroU32;

use certgraph_graphql::RateLimit;
use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};

/// Each client's cost budget.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Rate limits")]
pub struct RateSection {
    /// Cost each client (IPv4 address or IPv6 /64) may spend per second; an operation costs 1
    /// plus the fields it answered and 2 per planner step. 0 turns rate limiting off.
    #[arg(long, env = "CERTGRAPH_RATE_LIMIT_COST_PER_SECOND")]
    pub rate_limit_cost_per_second: u32,

    /// Most cost a client may spend at once; more than the complexity limit.
    #[arg(long, env = "CERTGRAPH_RATE_LIMIT_BURST")]
    pub rate_limit_burst: u32,

    /// Reverse proxies (IP addresses, comma-separated) whose `X-Forwarded-For` names the
    /// client; from any other peer the header is ignored. None by default.
    #[arg(long, env = "CERTGRAPH_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
}

impl Default for RateSection {
    fn default() -> Self {
        let limit = RateLimit::default();
        Self {
            rate_limit_cost_per_second: limit.cost_per_second.get(),
            rate_limit_burst: limit.burst.get(),
            trusted_proxies: Vec::new(),
        }
    }
}

impl RateSection {
    /// Runs after the operation limits are set, since the burst must cover the complexity
    /// limit.
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        let burst = self.rate_limit_burst;
        settings.rate_limit = match (
            NonZeroU32::new(self.rate_limit_cost_per_second),
            NonZeroU32::new(burst),
        ) {
            (None, _) => None,
            (Some(cost_per_second), Some(burst)) => Some(RateLimit {
                cost_per_second,
                burst,
            }),
            (Some(_), None) => {
                problems.push("rate_limit_burst must be at least 1".to_owned());
                None
            }
        };
        let complexity = settings.limits.operation.max_complexity;
        if settings.rate_limit.is_some() && (burst as usize) <= complexity {
            problems.push(format!(
                "rate_limit_burst ({burst}) must be above max_complexity ({complexity}), \
                 or the costliest admitted operation could never run"
            ));
        }
        for proxy in self.trusted_proxies {
            match proxy.trim().parse::<IpAddr>() {
                Ok(ip) => settings.trusted_proxies.push(ip),
                Err(_) => problems.push(format!(
                    "trusted_proxies: {proxy:?} is not an IP address like 10.0.0.1 or fd00::1"
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{file, Config, Given};

    fn layered(file: &str, flags: RateSection, ids: &[&str]) -> Result<Settings, String> {
        let mut given = Given::<Config>::default();
        given.value.rate = flags;
        given.ids.extend(ids.iter().map(|id| (*id).to_owned()));
        Config::layered(file::parse(file).unwrap(), &given)
            .and_then(Settings::from_config)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn on_by_default_off_with_zero_flags_over_file() {
        let s = layered("", RateSection::default(), &[]).unwrap();
        assert_eq!(s.rate_limit, Some(RateLimit::default()));
        let s = layered("rate_limit_cost_per_second = 0\n", RateSection::default(), &[]).unwrap();
        assert_eq!(s.rate_limit, None);
        let flags = RateSection {
            rate_limit_cost_per_second: 50,
            ..RateSection::default()
        };
        let file = "rate_limit_cost_per_second = 0\nrate_limit_burst = 150000\n";
        let s = layered(file, flags, &["rate_limit_cost_per_second"]).unwrap();
        let limit = s.rate_limit.unwrap();
        assert_eq!((limit.cost_per_second.get(), limit.burst.get()), (50, 150_000));
    }

    #[test]
    fn a_burst_below_the_complexity_limit_and_bad_proxies_are_refused() {
        let flags = RateSection {
            rate_limit_burst: 1_000,
            trusted_proxies: vec!["10.0.0.1".into(), "proxy.local".into()],
            ..RateSection::default()
        };
        let err = layered("", flags, &["rate_limit_burst", "trusted_proxies"]).unwrap_err();
        assert!(err.contains("max_complexity (100000)"), "{err}");
        assert!(
            err.contains("proxy.local") && !err.contains("\"10.0.0.1\""),
            "{err}"
        );
        let file = "max_complexity = 500\nrate_limit_burst = 1000\n";
        let s = layered(file, RateSection::default(), &[]).unwrap();
        assert_eq!(s.rate_limit.unwrap().burst.get(), 1_000);
    }
}
