//! The `requirement_item` table as sea-orm sees it (see the module above for why only the store does).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requirement_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub position: i32,
    pub certification_id: Option<i32>,
    pub exam_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::requirement_group::Entity",
        from = "Column::GroupId",
        to = "super::requirement_group::Column::Id"
    )]
    Group,
}

impl ActiveModelBehavior for ActiveModel {}
