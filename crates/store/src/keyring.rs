//! The API keys a replica knows, held in memory so that checking a request's key sends no
//! SQL and keeps working while the database is down (reads survive outages). Loaded at
//! start and reloaded every few seconds, so a key revoked anywhere is soon refused
//! everywhere; asked of the database on a miss, so a key created a moment ago works at
//! once. A key's last use is written at most once a minute per replica: a write per
//! request would put the database back in the path of every read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::keys::{is_well_formed, secret_hash, StoredKey};
use crate::{Role, Store, StoreError};

/// How often the keys are reloaded: the longest a replica may go on accepting a key
/// revoked elsewhere.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(2);

/// The least time between two writes of one key's last use.
const RECORD_USE_EVERY: Duration = Duration::from_secs(60);

/// The key a request was authenticated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHolder {
    /// The key's row id, which its rate budget is kept under.
    pub id: i32,
    pub name: Arc<str>,
    pub role: Role,
}

/// What the keys in memory say of a presented secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cached {
    Valid(KeyHolder),
    /// Malformed, or the secret of a revoked key.
    Refused,
    /// Well formed but not held: only the database can tell.
    Unknown,
}

#[derive(Debug, Clone)]
struct Entry {
    holder: KeyHolder,
    revoked: bool,
}

impl From<StoredKey> for Entry {
    fn from(key: StoredKey) -> Self {
        Self {
            holder: KeyHolder {
                id: key.id,
                name: key.name.into(),
                role: key.role,
            },
            revoked: key.revoked,
        }
    }
}

/// The keys, by the SHA-256 of their secret. Looking a hash up in a map leaks nothing an
/// attacker can use: they cannot choose the hash of what they send.
pub struct Keyring {
    store: Store,
    /// Revoked keys too, so that they are refused without a lookup, even during an outage.
    keys: RwLock<HashMap<String, Entry>>,
    /// When each key's use was last written, by id; kept across reloads.
    recorded: Mutex<HashMap<i32, Instant>>,
}

impl Keyring {
    /// An empty keyring over `store`; [`Self::reload`] fills it.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            keys: RwLock::default(),
            recorded: Mutex::default(),
        }
    }

    /// What memory says of `secret`, without asking the database.
    pub fn cached(&self, secret: &str) -> Cached {
        if !is_well_formed(secret) {
            return Cached::Refused;
        }
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        match keys.get(secret_hash(secret).as_str()) {
            Some(entry) if entry.revoked => Cached::Refused,
            Some(entry) => Cached::Valid(entry.holder.clone()),
            None => Cached::Unknown,
        }
    }

    /// The key `secret` belongs to; `None` when it is malformed, unknown or revoked. Asks
    /// the database only when memory does not know the secret, and while the database is
    /// known to be down that fails at once with [`StoreError::Unavailable`].
    pub async fn authenticate(&self, secret: &str) -> Result<Option<KeyHolder>, StoreError> {
        match self.cached(secret) {
            Cached::Valid(holder) => return Ok(Some(holder)),
            Cached::Refused => return Ok(None),
            Cached::Unknown => {}
        }
        let hash = secret_hash(secret);
        let Some(found) = self.store.key_by_hash(&hash).await? else {
            return Ok(None);
        };
        let entry = Entry::from(found);
        let valid = (!entry.revoked).then(|| entry.holder.clone());
        self.keys
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(hash, entry);
        Ok(valid)
    }

    /// Replaces what is held with every key in the database.
    pub async fn reload(&self) -> Result<(), StoreError> {
        let keys = self.store.all_keys().await?;
        self.install(keys);
        Ok(())
    }

    fn install(&self, keys: Vec<StoredKey>) {
        let keys = keys
            .into_iter()
            .map(|key| (key.secret_sha256.clone(), Entry::from(key)))
            .collect();
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = keys;
    }

    /// Reloads every [`RELOAD_INTERVAL`] for as long as the future runs; while the database
    /// is down it keeps the keys it holds.
    pub async fn follow(&self) {
        loop {
            tokio::time::sleep(RELOAD_INTERVAL).await;
            if let Err(e) = self.reload().await {
                tracing::debug!(error = %e, "API keys not reloaded; keeping those held");
            }
        }
    }

    /// Writes that `holder` was used now, unless that was written less than a minute ago.
    /// The write runs in the background: the request does not wait for it, and a failure
    /// costs only this record.
    pub fn record_use(&self, holder: &KeyHolder) {
        let now = Instant::now();
        {
            let mut recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
            if !due(recorded.get(&holder.id).copied(), now) {
                return;
            }
            recorded.insert(holder.id, now);
        }
        let (store, id) = (self.store.clone(), holder.id);
        tokio::spawn(async move {
            if let Err(e) = store.touch_key(id, SystemTime::now()).await {
                tracing::debug!(error = %e, key = id, "the last use of an API key was not recorded");
            }
        });
    }
}

/// Whether a use at `now` is to be written, the last written at `last`.
fn due(last: Option<Instant>, now: Instant) -> bool {
    last.is_none_or(|at| now.saturating_duration_since(at) >= RECORD_USE_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::stored_for_tests;
    use crate::DatabaseSettings;

    const SECRET: &str = "cgk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const REVOKED: &str = "cgk_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    const UNKNOWN: &str = "cgk_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";

    /// A keyring whose database is never opened (a lazy pool on a path that cannot exist).
    async fn keyring() -> Keyring {
        let settings = DatabaseSettings::new("sqlite:///nonexistent-dir/keys.db");
        let keyring = Keyring::new(Store::connect_lazy(&settings).await.unwrap());
        keyring.install(vec![
            stored_for_tests(1, SECRET, Role::Editor, false),
            stored_for_tests(2, REVOKED, Role::Admin, true),
        ]);
        keyring
    }

    #[tokio::test]
    async fn memory_tells_valid_revoked_and_malformed_keys_apart_from_unknown_ones() {
        let keyring = keyring().await;
        match keyring.cached(SECRET) {
            Cached::Valid(holder) => assert_eq!((holder.id, holder.role), (1, Role::Editor)),
            other => panic!("{other:?}"),
        }
        assert_eq!(keyring.cached(REVOKED), Cached::Refused);
        assert_eq!(keyring.cached("Bearer nonsense"), Cached::Refused);
        assert_eq!(keyring.cached(UNKNOWN), Cached::Unknown);
        // Known keys need no database at all.
        assert!(keyring.authenticate(SECRET).await.unwrap().is_some());
        assert_eq!(keyring.authenticate(REVOKED).await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_unknown_key_while_the_database_is_down_is_unavailable_at_once() {
        let keyring = keyring().await;
        keyring.store.breaker.set_open(true);
        let started = Instant::now();
        let outcome = keyring.authenticate(UNKNOWN).await;
        assert!(matches!(outcome, Err(StoreError::Unavailable(_))), "{outcome:?}");
        assert!(started.elapsed() < Duration::from_millis(100));
        assert!(keyring.authenticate(SECRET).await.unwrap().is_some());
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let now = Instant::now();
        assert!(due(None, now));
        assert!(!due(Some(now), now + Duration::from_secs(59)));
        assert!(due(Some(now), now + RECORD_USE_EVERY));
    }
}
