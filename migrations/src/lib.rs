//! certgraph's schema history. Each migration is frozen once applied: change the schema
//! by adding a migration, never by editing one. The same files run on PostgreSQL and SQLite.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_catalog;
mod m20261126_000002_persisted_query;
mod m20261129_000003_catalog_version;
mod m20261129_000004_api_key;
mod m20261129_000005_audit;

/// Runs certgraph's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_catalog::Migration),
            Box::new(m20261126_000002_persisted_query::Migration),
            Box::new(m20261129_000003_catalog_version::Migration),
            Box::new(m20261129_000004_api_key::Migration),
            Box::new(m20261129_000005_audit::Migration),
        ]
    }
}
