//! Prometheus metrics, served at `/metrics`.

use certgraph_store::Store;
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{Encoder, IntCounter, Opts, Registry, TextEncoder};

/// The process's metrics registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
}

impl Metrics {
    pub fn new(store: &Store) -> anyhow::Result<Self> {
        let registry = Registry::new();
        registry.register(Box::new(StatementCounter::new(store.clone())?))?;
        Ok(Self { registry })
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        // Encoding in-memory families into a Vec cannot fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// `certgraph_db_statements_total`, read from the store's own count at scrape time so
/// the store needs no knowledge of Prometheus.
struct StatementCounter {
    store: Store,
    counter: IntCounter,
}

impl StatementCounter {
    fn new(store: Store) -> prometheus::Result<Self> {
        let opts = Opts::new(
            "certgraph_db_statements_total",
            "SQL statements sent to the database.",
        );
        Ok(Self {
            store,
            counter: IntCounter::with_opts(opts)?,
        })
    }
}

impl Collector for StatementCounter {
    fn desc(&self) -> Vec<&Desc> {
        self.counter.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let total = self.store.statements_executed();
        let seen = self.counter.get();
        if total > seen {
            self.counter.inc_by(total - seen);
        }
        self.counter.collect()
    }
}
