//! Writes through the API: each certification, exam and course records when it last
//! changed (`updated_at`, milliseconds since the Unix epoch, UTC, in a BIGINT like the API
//! keys' times), and every committed change — a mutation or an import — leaves one
//! `audit_log` row in the same transaction. A row names the catalog version its
//! transaction committed, so a replica that moves from version A to B reads exactly the
//! changes between them, and a subscriber that reconnects reads what it missed.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000005_audit"
    }
}

#[derive(DeriveIden)]
enum Certification {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Exam {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Course {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Operation,
    Action,
    Kind,
    Code,
    VersionBefore,
    VersionAfter,
    CatalogVersion,
    Changes,
}

fn updated_at(table: impl IntoIden, column: impl IntoIden) -> TableAlterStatement {
    Table::alter()
        .table(table)
        .add_column(ColumnDef::new(column).big_integer().not_null().default(0))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(updated_at(Certification::Table, Certification::UpdatedAt))
            .await?;
        manager
            .alter_table(updated_at(Exam::Table, Exam::UpdatedAt))
            .await?;
        manager
            .alter_table(updated_at(Course::Table, Course::UpdatedAt))
            .await?;
        // Records stored before this migration changed at some unknown time before it.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        for table in ["certification", "exam", "course"] {
            manager
                .get_connection()
                .execute_unprepared(&format!("UPDATE {table} SET updated_at = {now}"))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditLog::At).big_integer().not_null())
                    .col(ColumnDef::new(AuditLog::Actor).text().not_null())
                    .col(ColumnDef::new(AuditLog::Operation).text().not_null())
                    .col(ColumnDef::new(AuditLog::Action).text().not_null())
                    .col(ColumnDef::new(AuditLog::Kind).text().not_null())
                    .col(ColumnDef::new(AuditLog::Code).text().not_null())
                    .col(ColumnDef::new(AuditLog::VersionBefore).integer().null())
                    .col(ColumnDef::new(AuditLog::VersionAfter).integer().null())
                    .col(ColumnDef::new(AuditLog::CatalogVersion).big_integer().not_null())
                    .col(ColumnDef::new(AuditLog::Changes).text().not_null())
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("audit_log_catalog_version", AuditLog::CatalogVersion),
            ("audit_log_code", AuditLog::Code),
            ("audit_log_at", AuditLog::At),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditLog::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        for (table, column) in [
            (
                Certification::Table.into_iden(),
                Certification::UpdatedAt.into_iden(),
            ),
            (Exam::Table.into_iden(), Exam::UpdatedAt.into_iden()),
            (Course::Table.into_iden(), Course::UpdatedAt.into_iden()),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
