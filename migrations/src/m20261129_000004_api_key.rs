//! API keys: who may call the API with which role. Only the SHA-256 of each secret is kept
//! (the secrets are random and long, so a fast hash is enough and a lookup is one index
//! probe). Times are whole seconds since the Unix epoch (UTC) in a BIGINT, the one type
//! both databases store and sea-orm reads alike without a date-time feature.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000004_api_key"
    }
}

#[derive(DeriveIden)]
enum ApiKey {
    Table,
    Id,
    Name,
    Role,
    SecretSha256,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiKey::Table)
                    .col(
                        ColumnDef::new(ApiKey::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ApiKey::Name).text().not_null().unique_key())
                    .col(ColumnDef::new(ApiKey::Role).text().not_null())
                    .col(
                        ColumnDef::new(ApiKey::SecretSha256)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ApiKey::CreatedAt).big_integer().not_null())
                    .col(ColumnDef::new(ApiKey::LastUsedAt).big_integer().null())
                    .col(ColumnDef::new(ApiKey::RevokedAt).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiKey::Table).to_owned())
            .await
    }
}
