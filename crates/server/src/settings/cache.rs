//! The response cache's setting: how many bytes of answers it keeps.

use clap::Args;
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};

/// The response cache.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Response cache")]
pub struct CacheSection {
    /// Bytes of successful read answers the server keeps to answer repeats without
    /// executing them (keyed by document, operation, variables and catalog version); 0
    /// turns the cache off.
    #[arg(long, env = "CERTGRAPH_RESPONSE_CACHE_BYTES")]
    pub response_cache_bytes: u64,
}

impl Default for CacheSection {
    /// 64 MiB: some thousands of dashboard answers.
    fn default() -> Self {
        Self {
            response_cache_bytes: 64 * 1024 * 1024,
        }
    }
}

impl CacheSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        // A cache larger than 16 GiB is a typo, not a plan.
        problems.range("response_cache_bytes", self.response_cache_bytes, 0..=16 << 30);
        settings.response_cache_bytes = self.response_cache_bytes;
    }
}
