//! Prometheus metrics, served at `/metrics`.

use certgraph_graphql::ErrorCode;
use certgraph_store::Store;
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts, Registry, TextEncoder,
};

/// Distinct operation names tracked before the rest are counted as `other`: clients choose
/// the names, and must not be able to grow the registry without bound.
const MAX_OPERATION_NAMES: usize = 200;

/// The label of every request refused before it executed: names are counted only once an
/// operation of that name ran, so refused requests cannot create series.
const UNEXECUTED: &str = "unexecuted";

/// The process's metrics registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    errors: IntCounterVec,
    writes: IntCounterVec,
    operations: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl Metrics {
    pub fn new(store: &Store) -> anyhow::Result<Self> {
        let registry = Registry::new();
        registry.register(Box::new(StatementCounter::new(store.clone())?))?;
        registry.register(Box::new(PoolGauge::new(store.clone())?))?;
        let requests = IntCounterVec::new(
            Opts::new(
                "certgraph_graphql_requests_total",
                "GraphQL requests, by operation name (`unexecuted` for those refused before execution).",
            ),
            &["operation"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "certgraph_graphql_request_duration_seconds",
                "GraphQL operation latency.",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["operation"],
        )?;
        let errors = IntCounterVec::new(
            Opts::new(
                "certgraph_graphql_errors_total",
                "GraphQL errors returned, by extensions.code.",
            ),
            &["code"],
        )?;
        let writes = IntCounterVec::new(
            Opts::new(
                "certgraph_catalog_writes_total",
                "Mutation requests, by outcome: `committed` (every mutation in it succeeded) or `refused`.",
            ),
            &["outcome"],
        )?;
        registry.register(Box::new(writes.clone()))?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(errors.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            errors,
            writes,
            operations: Default::default(),
        })
    }

    /// `name` is `None` for a request refused before execution (whatever it was called),
    /// `Some(None)` for an anonymous operation.
    fn operation_label(&self, name: Option<Option<&str>>) -> String {
        let Some(name) = name else {
            return UNEXECUTED.into();
        };
        let Some(name) =
            name.filter(|n| n.len() <= 64 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        else {
            return if name.is_none() {
                "anonymous".into()
            } else {
                "other".into()
            };
        };
        let mut seen = self.operations.lock().unwrap_or_else(|p| p.into_inner());
        if seen.contains(name) || seen.len() < MAX_OPERATION_NAMES {
            seen.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".into()
        }
    }

    /// Records one GraphQL request: `operation` as in [`Self::operation_label`].
    pub fn observe_graphql(
        &self,
        operation: Option<Option<&str>>,
        response: &async_graphql::Response,
        took: std::time::Duration,
    ) {
        let label = self.operation_label(operation);
        self.requests.with_label_values(&[&label]).inc();
        self.latency
            .with_label_values(&[&label])
            .observe(took.as_secs_f64());
        for error in &response.errors {
            let code = match error.extensions.as_ref().and_then(|x| x.get("code")) {
                Some(async_graphql::Value::String(code)) => code.clone(),
                _ => ErrorCode::GraphqlValidationFailed.as_str().to_owned(),
            };
            self.errors.with_label_values(&[&code]).inc();
        }
    }

    /// Counts a request that ran a mutation: `committed` when it answered without errors.
    pub fn observe_write(&self, committed: bool) {
        let outcome = if committed { "committed" } else { "refused" };
        self.writes.with_label_values(&[outcome]).inc();
    }

    /// The registry, for other parts of the server that count things.
    pub fn registry(&self) -> &Registry {
        &self.registry
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

/// `certgraph_db_pool_connections{state}`: open and idle pooled connections.
struct PoolGauge {
    store: Store,
    gauge: prometheus::IntGaugeVec,
}

impl PoolGauge {
    fn new(store: Store) -> prometheus::Result<Self> {
        let opts = Opts::new(
            "certgraph_db_pool_connections",
            "Database pool connections by state.",
        );
        Ok(Self {
            store,
            gauge: prometheus::IntGaugeVec::new(opts, &["state"])?,
        })
    }
}

impl Collector for PoolGauge {
    fn desc(&self) -> Vec<&Desc> {
        self.gauge.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let (open, idle) = self.store.pool_connections();
        self.gauge.with_label_values(&["open"]).set(open as i64);
        self.gauge.with_label_values(&["idle"]).set(idle as i64);
        self.gauge.collect()
    }
}
