//! The catalog: certifications, exams, courses, the course↔exam relation, and ordered
//! requirement groups whose items target exactly one certification or exam.

use sea_orm_migration::async_trait;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000001_catalog"
    }
}

#[derive(DeriveIden)]
enum Certification {
    Table,
    Id,
    Code,
    Name,
    Level,
    Description,
    Url,
    PathImageUrl,
    PathImageAlt,
    Status,
    Version,
}

#[derive(DeriveIden)]
enum Exam {
    Table,
    Id,
    Code,
    Title,
    Url,
    Status,
    Version,
}

#[derive(DeriveIden)]
enum Course {
    Table,
    Id,
    Code,
    Title,
    Url,
    Delivery,
    Version,
}

#[derive(DeriveIden)]
enum CourseExam {
    Table,
    CourseId,
    ExamId,
    Position,
}

#[derive(DeriveIden)]
enum RequirementGroup {
    Table,
    Id,
    CertificationId,
    Position,
    Kind,
}

#[derive(DeriveIden)]
enum RequirementItem {
    Table,
    Id,
    GroupId,
    Position,
    CertificationId,
    ExamId,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

fn optional_text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}

fn version<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().default(1).to_owned()
}

fn foreign_key<A: IntoIden, B: IntoIden, C: IntoIden, D: IntoIden>(
    from_table: A,
    from_col: B,
    to_table: C,
    to_col: D,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index<T: IntoIden, C: IntoIden>(name: &str, table: T, col: C) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(col).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Certification::Table)
                    .col(id(Certification::Id))
                    .col(text(Certification::Code).unique_key().to_owned())
                    .col(text(Certification::Name))
                    .col(text(Certification::Level))
                    .col(optional_text(Certification::Description))
                    .col(optional_text(Certification::Url))
                    .col(optional_text(Certification::PathImageUrl))
                    .col(optional_text(Certification::PathImageAlt))
                    .col(text(Certification::Status))
                    .col(version(Certification::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Exam::Table)
                    .col(id(Exam::Id))
                    .col(text(Exam::Code).unique_key().to_owned())
                    .col(optional_text(Exam::Title))
                    .col(optional_text(Exam::Url))
                    .col(text(Exam::Status))
                    .col(version(Exam::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Course::Table)
                    .col(id(Course::Id))
                    .col(text(Course::Code).unique_key().to_owned())
                    .col(optional_text(Course::Title))
                    .col(optional_text(Course::Url))
                    .col(text(Course::Delivery))
                    .col(version(Course::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseExam::Table)
                    .col(ColumnDef::new(CourseExam::CourseId).integer().not_null())
                    .col(ColumnDef::new(CourseExam::ExamId).integer().not_null())
                    .col(ColumnDef::new(CourseExam::Position).integer().not_null())
                    .primary_key(Index::create().col(CourseExam::CourseId).col(CourseExam::ExamId))
                    .foreign_key(&mut foreign_key(
                        CourseExam::Table,
                        CourseExam::CourseId,
                        Course::Table,
                        Course::Id,
                    ))
                    .foreign_key(&mut foreign_key(
                        CourseExam::Table,
                        CourseExam::ExamId,
                        Exam::Table,
                        Exam::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_course_exam_exam",
                CourseExam::Table,
                CourseExam::ExamId,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RequirementGroup::Table)
                    .col(id(RequirementGroup::Id))
                    .col(
                        ColumnDef::new(RequirementGroup::CertificationId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RequirementGroup::Position).integer().not_null())
                    .col(text(RequirementGroup::Kind))
                    .foreign_key(&mut foreign_key(
                        RequirementGroup::Table,
                        RequirementGroup::CertificationId,
                        Certification::Table,
                        Certification::Id,
                    ))
                    .index(
                        Index::create()
                            .name("uq_requirement_group_position")
                            .unique()
                            .col(RequirementGroup::CertificationId)
                            .col(RequirementGroup::Position),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RequirementItem::Table)
                    .col(id(RequirementItem::Id))
                    .col(ColumnDef::new(RequirementItem::GroupId).integer().not_null())
                    .col(ColumnDef::new(RequirementItem::Position).integer().not_null())
                    .col(ColumnDef::new(RequirementItem::CertificationId).integer().null())
                    .col(ColumnDef::new(RequirementItem::ExamId).integer().null())
                    .check(Expr::cust("(certification_id IS NULL) <> (exam_id IS NULL)"))
                    .foreign_key(&mut foreign_key(
                        RequirementItem::Table,
                        RequirementItem::GroupId,
                        RequirementGroup::Table,
                        RequirementGroup::Id,
                    ))
                    .foreign_key(&mut foreign_key(
                        RequirementItem::Table,
                        RequirementItem::CertificationId,
                        Certification::Table,
                        Certification::Id,
                    ))
                    .foreign_key(&mut foreign_key(
                        RequirementItem::Table,
                        RequirementItem::ExamId,
                        Exam::Table,
                        Exam::Id,
                    ))
                    .index(
                        Index::create()
                            .name("uq_requirement_item_position")
                            .unique()
                            .col(RequirementItem::GroupId)
                            .col(RequirementItem::Position),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_requirement_item_certification",
                RequirementItem::Table,
                RequirementItem::CertificationId,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_requirement_item_exam",
                RequirementItem::Table,
                RequirementItem::ExamId,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RequirementItem::Table.into_iden(),
            RequirementGroup::Table.into_iden(),
            CourseExam::Table.into_iden(),
            Course::Table.into_iden(),
            Exam::Table.into_iden(),
            Certification::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
