//! Transactional writes. A catalog is written whole or not at all.

use std::collections::HashMap;
use std::future::Future;

use certgraph_domain::Catalog;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QuerySelect,
};
use tracing::instrument;

use crate::entity::{certification, course, exam};
use crate::{ApplyOptions, Store, StoreError};

/// Rows are inserted in chunks so one statement stays under every backend's parameter limit.
const INSERT_CHUNK: usize = 500;

/// What a catalog write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub certifications: usize,
    pub exams: usize,
    pub courses: usize,
    pub requirement_groups: usize,
}

impl Store {
    /// True when the catalog holds no certification, exam or course.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let certs = certification::Entity::find().count(&self.db).await?;
        let exams = exam::Entity::find().count(&self.db).await?;
        let courses = course::Entity::find().count(&self.db).await?;
        Ok(certs + exams + courses == 0)
    }

    /// Writes a catalog in one transaction through the import path
    /// ([`Store::apply_catalog`], deleting nothing): into an empty database, every record is
    /// inserted. Refused with [`StoreError::InvalidCatalog`] unless it validates together
    /// with what is already stored.
    #[instrument(skip_all, fields(certifications = catalog.certifications.len()))]
    pub async fn insert_catalog(&self, catalog: &Catalog) -> Result<ImportSummary, StoreError> {
        self.apply_catalog(catalog.clone(), ApplyOptions::default())
            .await?;
        Ok(ImportSummary {
            certifications: catalog.certifications.len(),
            exams: catalog.exams.len(),
            courses: catalog.courses.len(),
            requirement_groups: catalog.certifications.iter().map(|c| c.requirements.len()).sum(),
        })
    }
}

/// `code → value` of one integer column (the row id, the version) for every row of a table.
pub(crate) async fn by_code<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    value: E::Column,
    code: E::Column,
) -> Result<HashMap<String, i32>, StoreError> {
    let pairs: Vec<(i32, String)> = E::find()
        .select_only()
        .column(value)
        .column(code)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(pairs.into_iter().map(|(value, code)| (code, value)).collect())
}

/// Collects `models` before returning the future, so the iterator (often borrowing the
/// catalog through a closure) is not part of it: held across an await, it made the whole
/// import future impossible for rustc to prove `Send`, and so to `tokio::spawn`.
pub(crate) fn insert_chunked<'a, A>(
    txn: &'a DatabaseTransaction,
    models: impl Iterator<Item = A>,
) -> impl Future<Output = Result<(), StoreError>> + Send + 'a
where
    A: ActiveModelTrait + Send + Sync + 'a,
{
    let models: Vec<A> = models.collect();
    async move {
        for chunk in models.chunks(INSERT_CHUNK) {
            <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }
}
