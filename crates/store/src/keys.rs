//! API keys in the database: creating one (its secret is handed out once; only its SHA-256
//! is kept), listing them, revoking one, and finding one by the hash of a presented
//! secret. Requests do not come here: they ask the [`crate::Keyring`], which holds the
//! keys in memory.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr};
use sha2::{Digest, Sha256};
use tracing::instrument;

use crate::entity::api_key;
use crate::{Store, StoreError};

/// What every secret starts with, so that secret scanners recognise a leaked one.
pub const SECRET_PREFIX: &str = "cgk_";

/// Random bytes in a secret: 256 bits, far beyond guessing, which is also why one fast
/// hash (rather than a password hash) protects the stored copy.
const SECRET_BYTES: usize = 32;

/// The length of a secret's random part, base64url without padding.
const ENCODED_LEN: usize = (SECRET_BYTES * 4).div_ceil(3);

/// Longest key name: a label for people, not a document.
const MAX_NAME_CHARS: usize = 64;

/// What a key may do. Ordered: each role may do all that the roles before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the catalog.
    Reader,
    /// Also changes the catalog.
    Editor,
    /// Also reads the audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reader, Role::Editor, Role::Admin];

    /// The name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether a key of this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key as listed: never its secret nor its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub name: String,
    pub role: Role,
    pub created_at: SystemTime,
    /// Recorded at most once a minute per replica, so it may lag by that much.
    pub last_used_at: Option<SystemTime>,
    pub revoked_at: Option<SystemTime>,
}

/// A key just created, with its secret: shown to its owner once, stored nowhere. (No
/// `Debug`, so that it never reaches a log line.)
pub struct NewKey {
    pub key: ApiKey,
    pub secret: String,
}

/// What revoking a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Now,
    /// It was revoked before; nothing changed.
    Already,
}

/// A key row as the keyring holds it: looked up by hash, never listed.
#[derive(Debug, Clone)]
pub(crate) struct StoredKey {
    pub id: i32,
    pub name: String,
    pub role: Role,
    pub secret_sha256: String,
    pub revoked: bool,
}

/// Whether `secret` has the shape of a secret this server hands out, so that anything
/// else is refused without a database lookup.
pub fn is_well_formed(secret: &str) -> bool {
    secret.strip_prefix(SECRET_PREFIX).is_some_and(|random| {
        random.len() == ENCODED_LEN
            && random
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The stored form of a secret: its SHA-256 in lowercase hex.
pub(crate) fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_secret() -> Result<String, StoreError> {
    let mut random = [0u8; SECRET_BYTES];
    getrandom::fill(&mut random).map_err(|e| StoreError::NoRandomness(e.to_string()))?;
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random);
    Ok(format!("{SECRET_PREFIX}{encoded}"))
}

fn check_name(name: &str) -> Result<(), StoreError> {
    let fits = (1..=MAX_NAME_CHARS).contains(&name.chars().count());
    if fits && name.chars().all(|c| c.is_alphanumeric() || "-_.@".contains(c)) {
        Ok(())
    } else {
        Err(StoreError::InvalidKeyName(format!(
            "{name:?}: a key name is 1 to {MAX_NAME_CHARS} letters, digits, '-', '_', '.' or '@'"
        )))
    }
}

pub(crate) fn unix_seconds(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn system_time(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

fn role_of(row: &api_key::Model) -> Result<Role, StoreError> {
    Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt {
        table: "api_key",
        id: row.id,
        message: format!("unknown role {:?}", row.role),
    })
}

fn listed(row: api_key::Model) -> Result<ApiKey, StoreError> {
    Ok(ApiKey {
        role: role_of(&row)?,
        name: row.name,
        created_at: system_time(row.created_at),
        last_used_at: row.last_used_at.map(system_time),
        revoked_at: row.revoked_at.map(system_time),
    })
}

fn stored(row: api_key::Model) -> Result<StoredKey, StoreError> {
    Ok(StoredKey {
        role: role_of(&row)?,
        id: row.id,
        name: row.name,
        secret_sha256: row.secret_sha256,
        revoked: row.revoked_at.is_some(),
    })
}

impl Store {
    /// Creates a key named `name` with `role`, and returns it with its secret (the only
    /// time the secret exists outside its owner's hands).
    #[instrument(skip_all, fields(name = %name, role = %role))]
    pub async fn create_key(&self, name: &str, role: Role) -> Result<NewKey, StoreError> {
        check_name(name)?;
        let secret = new_secret()?;
        let created_at = unix_seconds(SystemTime::now());
        let row = api_key::ActiveModel {
            name: Set(name.to_owned()),
            role: Set(role.as_str().to_owned()),
            secret_sha256: Set(secret_hash(&secret)),
            created_at: Set(created_at),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        };
        match api_key::Entity::insert(row).exec(&self.db).await {
            Ok(_) => {}
            // The name is the only unique column a fresh random secret can collide on.
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(StoreError::KeyNameTaken(name.to_owned()))
            }
            Err(e) => return Err(e.into()),
        }
        let key = ApiKey {
            name: name.to_owned(),
            role,
            created_at: system_time(created_at),
            last_used_at: None,
            revoked_at: None,
        };
        Ok(NewKey { key, secret })
    }

    /// Every key, revoked ones included, by name.
    #[instrument(skip_all)]
    pub async fn list_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let rows = api_key::Entity::find()
            .order_by_asc(api_key::Column::Name)
            .all(&self.db)
            .await?;
        rows.into_iter().map(listed).collect()
    }

    /// Revokes the key named `name`: from then on (within the keyring's reload interval on
    /// every replica) it is refused. A key is never deleted, so its name stays taken and
    /// its history readable.
    #[instrument(skip_all, fields(name = %name))]
    pub async fn revoke_key(&self, name: &str) -> Result<Revoked, StoreError> {
        let now = unix_seconds(SystemTime::now());
        let updated = api_key::Entity::update_many()
            .col_expr(api_key::Column::RevokedAt, Expr::value(now))
            .filter(api_key::Column::Name.eq(name))
            .filter(api_key::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        if updated.rows_affected > 0 {
            return Ok(Revoked::Now);
        }
        let exists = api_key::Entity::find()
            .filter(api_key::Column::Name.eq(name))
            .one(&self.db)
            .await?
            .is_some();
        if exists {
            Ok(Revoked::Already)
        } else {
            Err(StoreError::KeyNotFound(name.to_owned()))
        }
    }

    /// The key whose secret hashes to `secret_sha256`, revoked or not.
    pub(crate) async fn key_by_hash(&self, secret_sha256: &str) -> Result<Option<StoredKey>, StoreError> {
        self.breaker.check()?;
        let row = api_key::Entity::find()
            .filter(api_key::Column::SecretSha256.eq(secret_sha256))
            .one(&self.db)
            .await
            .map_err(StoreError::from);
        self.breaker.observe(row)?.map(stored).transpose()
    }

    /// Every key, for the keyring. Uncounted: the keyring's reloads are the server's own
    /// work, not a request's.
    pub(crate) async fn all_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        self.breaker.check()?;
        let rows = api_key::Entity::find()
            .all(&self.uncounted)
            .await
            .map_err(StoreError::from);
        self.breaker.observe(rows)?.into_iter().map(stored).collect()
    }

    /// Records that key `id` was used `at`.
    pub(crate) async fn touch_key(&self, id: i32, at: SystemTime) -> Result<(), StoreError> {
        self.breaker.check()?;
        let written = api_key::Entity::update_many()
            .col_expr(api_key::Column::LastUsedAt, Expr::value(unix_seconds(at)))
            .filter(api_key::Column::Id.eq(id))
            .exec(&self.db)
            .await
            .map_err(StoreError::from);
        self.breaker.observe(written).map(|_| ())
    }
}

/// Lets the keyring's tests build rows without a database.
#[cfg(test)]
pub(crate) fn stored_for_tests(id: i32, secret: &str, role: Role, revoked: bool) -> StoredKey {
    StoredKey {
        id,
        name: format!("key-{id}"),
        role,
        secret_sha256: secret_hash(secret),
        revoked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_prefixed_random_and_well_formed() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert!(a.starts_with("cgk_") && a.len() == 4 + 43, "{a}");
        assert_ne!(a, b);
        assert!(is_well_formed(&a) && is_well_formed(&b));
        assert!(!is_well_formed("cgk_short"));
        assert!(!is_well_formed(&a.replacen("cgk_", "xyz_", 1)));
        assert!(!is_well_formed(&format!("{}!", &a[..a.len() - 1])));
    }

    #[test]
    fn only_the_hash_is_kept_and_it_is_hex_sha256() {
        let hash = secret_hash("cgk_x");
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(hash, secret_hash("cgk_y"));
    }

    #[test]
    fn roles_allow_what_the_roles_below_them_do() {
        assert!(Role::Admin.allows(Role::Editor) && Role::Editor.allows(Role::Reader));
        assert!(!Role::Reader.allows(Role::Editor) && !Role::Editor.allows(Role::Admin));
        assert!(Role::ALL.iter().all(|r| r.allows(*r)));
        assert_eq!(Role::parse("editor"), Some(Role::Editor));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn names_are_short_labels() {
        assert!(check_name("ci-deploy_2.team@example").is_ok());
        for bad in ["", "has space", "new\nline", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn times_round_trip_in_whole_seconds() {
        let at = system_time(1_800_000_000);
        assert_eq!(unix_seconds(at), 1_800_000_000);
        assert_eq!(system_time(-5), UNIX_EPOCH);
    }
}
