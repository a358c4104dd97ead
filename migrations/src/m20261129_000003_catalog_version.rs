//! The catalog's version: one row, bumped in the same transaction as every change to the
//! catalog, so a replica can tell whether the snapshot it holds is current.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000003_catalog_version"
    }
}

#[derive(DeriveIden)]
enum CatalogVersion {
    Table,
    Id,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CatalogVersion::Table)
                    .col(
                        ColumnDef::new(CatalogVersion::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CatalogVersion::Version).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        // Starts at 1; every committed change to the catalog adds one.
        let insert = Query::insert()
            .into_table(CatalogVersion::Table)
            .columns([CatalogVersion::Id, CatalogVersion::Version])
            .values_panic([1.into(), 1.into()])
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CatalogVersion::Table).to_owned())
            .await
    }
}
