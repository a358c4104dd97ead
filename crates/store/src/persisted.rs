//! Persisted query texts by hash.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};

use crate::entity::persisted_query;
use crate::{Store, StoreError};

impl Store {
    /// The query text registered under this SHA-256 (lowercase hex), if any.
    pub async fn persisted_query(&self, sha256: &str) -> Result<Option<String>, StoreError> {
        self.breaker.check()?;
        let row = persisted_query::Entity::find_by_id(sha256.to_owned())
            .one(&self.db)
            .await
            .map_err(StoreError::from);
        Ok(self.breaker.observe(row)?.map(|r| r.query))
    }

    /// Registers a query under its hash; registering the same hash again is a no-op.
    pub async fn persist_query(&self, sha256: &str, query: &str) -> Result<(), StoreError> {
        self.breaker.check()?;
        let model = persisted_query::ActiveModel {
            sha256: Set(sha256.to_owned()),
            query: Set(query.to_owned()),
        };
        let written = persisted_query::Entity::insert(model)
            .on_conflict(
                OnConflict::column(persisted_query::Column::Sha256)
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(&self.db)
            .await
            .map_err(StoreError::from);
        self.breaker.observe(written).map(|_| ())
    }
}
