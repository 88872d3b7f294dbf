use sea_orm::entity::prelude::*;

/// A numbered week of duty of a campaign; `taken` is the counter the database guards.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duty_weeks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub campaign_id: i32,
    pub number: i32,
    pub starts_on: Date,
    pub capacity: i32,
    /// Places taken; grows only by `… SET taken = taken + 1 WHERE taken < capacity`.
    pub taken: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
