//! Rate limiting as settings: the `serve` flags (with their environment variables) and how
//! they layer over the config file's keys of the same names.

use std::net::IpAddr;
use std::num::NonZeroU32;

use certgraph_graphql::RateLimit;
use clap::Args;

use crate::config_file::FileConfig;
use crate::Settings;

/// The `serve` options for per-client rate limits (flattened into `ServeArgs`).
#[derive(Debug, Default, Clone, Args)]
pub struct RateLimitArgs {
    /// Cost each client (IPv4 address or IPv6 /64) may spend per second; an operation costs 1
    /// plus the fields it answered and 2 per planner step. 0 turns rate limiting off. [default: 2000]
    #[arg(long, env = "CERTGRAPH_RATE_LIMIT_COST_PER_SECOND")]
    pub rate_limit_cost_per_second: Option<u32>,

    /// Most cost a client may spend at once; at least the complexity limit. [default: 200000]
    #[arg(long, env = "CERTGRAPH_RATE_LIMIT_BURST")]
    pub rate_limit_burst: Option<u32>,

    /// Reverse proxies (IP addresses, comma-separated) whose `X-Forwarded-For` names the
    /// client; from any other peer the header is ignored. [default: none]
    #[arg(long, env = "CERTGRAPH_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Option<Vec<String>>,
}

/// The rate-limit settings chosen by the flags and environment over the file.
pub(crate) struct Layered(RateLimitArgs);

impl Layered {
    pub(crate) fn new(file: &FileConfig, over: &RateLimitArgs) -> Self {
        Self(RateLimitArgs {
            rate_limit_cost_per_second: over
                .rate_limit_cost_per_second
                .or(file.rate_limit_cost_per_second),
            rate_limit_burst: over.rate_limit_burst.or(file.rate_limit_burst),
            trusted_proxies: over.trusted_proxies.clone().or(file.trusted_proxies.clone()),
        })
    }

    /// Sets the rate limit and trusted proxies; bad values are added to `problems`. Runs
    /// after the operation limits are set, since the burst must cover the complexity limit.
    pub(crate) fn apply(self, settings: &mut Settings, problems: &mut Vec<String>) {
        let args = self.0;
        let default = RateLimit::default();
        let per_second = args
            .rate_limit_cost_per_second
            .unwrap_or(default.cost_per_second.get());
        let burst = args.rate_limit_burst.unwrap_or(default.burst.get());
        settings.rate_limit = match (NonZeroU32::new(per_second), NonZeroU32::new(burst)) {
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
        for proxy in args.trusted_proxies.unwrap_or_default() {
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
    use crate::settings::Overrides;

    fn layered(file: &str, args: RateLimitArgs) -> Result<Settings, String> {
        let over = Overrides {
            rate_limit: args,
            ..Overrides::default()
        };
        let file = FileConfig::parse(file).unwrap();
        Settings::layered(file, over, "sqlite://d.db").map_err(|e| e.to_string())
    }

    #[test]
    fn on_by_default_off_with_zero_flags_over_file() {
        let s = layered("", RateLimitArgs::default()).unwrap();
        assert_eq!(s.rate_limit, Some(RateLimit::default()));
        let s = layered("rate_limit_cost_per_second = 0\n", RateLimitArgs::default()).unwrap();
        assert_eq!(s.rate_limit, None);
        let flags = RateLimitArgs {
            rate_limit_cost_per_second: Some(50),
            ..RateLimitArgs::default()
        };
        let s = layered(
            "rate_limit_cost_per_second = 0\nrate_limit_burst = 150000\n",
            flags,
        )
        .unwrap();
        let limit = s.rate_limit.unwrap();
        assert_eq!((limit.cost_per_second.get(), limit.burst.get()), (50, 150_000));
    }

    #[test]
    fn a_burst_below_the_complexity_limit_and_bad_proxies_are_refused() {
        let flags = RateLimitArgs {
            rate_limit_burst: Some(1_000),
            trusted_proxies: Some(vec!["10.0.0.1".into(), "proxy.local".into()]),
            ..RateLimitArgs::default()
        };
        let err = layered("", flags).unwrap_err();
        assert!(err.contains("max_complexity (100000)"), "{err}");
        assert!(
            err.contains("proxy.local") && !err.contains("\"10.0.0.1\""),
            "{err}"
        );
        let s = layered(
            "max_complexity = 500\nrate_limit_burst = 1000\n",
            RateLimitArgs::default(),
        )
        .unwrap();
        assert_eq!(s.rate_limit.unwrap().burst.get(), 1_000);
    }
}
