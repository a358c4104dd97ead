//! Answers to repeated reads, kept as the bytes sent. A successful answer depends only on
//! the document, the operation, the variables and the catalog version it read, so the
//! version is part of the key: a new catalog version invalidates every entry by
//! construction, and the stale ones age out. Bounded by total bytes (S3-FIFO eviction).

use actix_web::web::Bytes;
use async_graphql::Request;
use prometheus::{IntCounter, Registry};
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use sha2::{Digest, Sha256};

/// What identifies an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    request: [u8; 32],
    version: i64,
}

impl CacheKey {
    /// The key of `request` against catalog `version`. Persisted queries sent by hash are
    /// keyed by the hash, which names one document.
    pub fn new(request: &Request, version: i64) -> Self {
        let mut hash = Sha256::new();
        for part in [
            request.query.as_bytes(),
            request.operation_name.as_deref().unwrap_or("").as_bytes(),
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        // Variables serialise in insertion order; the same JSON text gives the same key.
        let variables = serde_json::to_vec(&request.variables).unwrap_or_default();
        hash.update((variables.len() as u64).to_le_bytes());
        hash.update(&variables);
        if let Some(persisted) = request.extensions.get("persistedQuery") {
            hash.update(persisted.to_string().as_bytes());
        }
        Self {
            request: hash.finalize().into(),
            version,
        }
    }
}

#[derive(Clone)]
struct ByteWeighter;

impl Weighter<CacheKey, Bytes> for ByteWeighter {
    fn weight(&self, _key: &CacheKey, body: &Bytes) -> u64 {
        // The key and bookkeeping cost something too; never zero (zero is never evicted).
        body.len() as u64 + 64
    }
}

/// The cache, with its hit and miss counters; with a capacity of 0, off.
pub struct ResponseCache {
    entries: Option<Cache<CacheKey, Bytes, ByteWeighter>>,
    hits: IntCounter,
    misses: IntCounter,
}

impl ResponseCache {
    /// A cache of at most `capacity_bytes` (0: caching off), counted in `registry`.
    pub fn new(capacity_bytes: u64, registry: &Registry) -> prometheus::Result<Self> {
        let hits = IntCounter::new(
            "certgraph_response_cache_hits_total",
            "Reads answered from the response cache.",
        )?;
        let misses = IntCounter::new(
            "certgraph_response_cache_misses_total",
            "Reads executed because the response cache had no answer for them.",
        )?;
        registry.register(Box::new(hits.clone()))?;
        registry.register(Box::new(misses.clone()))?;
        // An answer is typically a few KB: the estimate only sizes the table up front.
        let estimated = (capacity_bytes / 4096).clamp(16, 1 << 20) as usize;
        let entries =
            (capacity_bytes > 0).then(|| Cache::with_weighter(estimated, capacity_bytes, ByteWeighter));
        Ok(Self {
            entries,
            hits,
            misses,
        })
    }

    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    pub fn get(&self, key: &CacheKey) -> Option<Bytes> {
        let found = self.entries.as_ref()?.get(key);
        match found {
            Some(_) => self.hits.inc(),
            None => self.misses.inc(),
        }
        found
    }

    /// Keeps a successful answer.
    pub fn insert(&self, key: CacheKey, body: Bytes) {
        if let Some(entries) = &self.entries {
            entries.insert(key, body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_document_variables_operation_and_version() {
        let base = Request::new("{ a }");
        let key = CacheKey::new(&base, 1);
        assert_eq!(key, CacheKey::new(&Request::new("{ a }"), 1));
        assert_ne!(key, CacheKey::new(&base, 2));
        assert_ne!(key, CacheKey::new(&Request::new("{ b }"), 1));
        assert_ne!(key, CacheKey::new(&Request::new("{ a }").operation_name("A"), 1));
        let vars = async_graphql::Variables::from_json(serde_json::json!({ "x": 1 }));
        assert_ne!(key, CacheKey::new(&Request::new("{ a }").variables(vars), 1));
    }

    #[test]
    fn holds_at_most_its_capacity() {
        let registry = Registry::new();
        let cache = ResponseCache::new(10_000, &registry).unwrap();
        for i in 0..100 {
            cache.insert(
                CacheKey::new(&Request::new(format!("{{ a{i} }}")), 1),
                Bytes::from(vec![b'x'; 1000]),
            );
        }
        let kept = (0..100)
            .filter(|i| {
                cache
                    .get(&CacheKey::new(&Request::new(format!("{{ a{i} }}")), 1))
                    .is_some()
            })
            .count();
        assert!(kept > 0 && kept <= 10, "{kept}");
        let off = ResponseCache::new(0, &Registry::new()).unwrap();
        off.insert(
            CacheKey::new(&Request::new("{ a }"), 1),
            Bytes::from_static(b"{}"),
        );
        assert!(!off.is_on() && off.get(&CacheKey::new(&Request::new("{ a }"), 1)).is_none());
    }
}
