use sea_orm::entity::prelude::*;

/// How many people read a public page (`campaign:12`), counted once a day each.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "page_reads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub page: String,
    pub reads: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
