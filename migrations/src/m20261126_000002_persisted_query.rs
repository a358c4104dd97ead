//! Automatic persisted queries (Apollo APQ): query text by its SHA-256, kept in the
//! database so every replica, and a restarted one, knows them.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000002_persisted_query"
    }
}

#[derive(DeriveIden)]
enum PersistedQuery {
    Table,
    Sha256,
    Query,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersistedQuery::Table)
                    .col(
                        ColumnDef::new(PersistedQuery::Sha256)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(PersistedQuery::Query).text().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersistedQuery::Table).to_owned())
            .await
    }
}
