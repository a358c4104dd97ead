//! The `requirement_group` table as sea-orm sees it (see the module above for why only the store does).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requirement_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub certification_id: i32,
    pub position: i32,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
