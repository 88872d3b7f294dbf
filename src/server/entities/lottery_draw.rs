use sea_orm::entity::prelude::*;

/// A committed lottery draw, published at `/draws/{id}` (see `domain::lottery`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lottery_draws")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i32,
    pub n: i32,
    pub per_street: Option<i32>,
    pub pool_size: i32,
    pub pool_digest: String,
    pub seed: String,
    /// The published pool file (`domain::lottery::Pool::text`).
    #[sea_orm(column_type = "Text")]
    pub pool: String,
    /// The drawn tokens in draw order, one per line.
    #[sea_orm(column_type = "Text")]
    pub winners: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
