use sea_orm::entity::prelude::*;

/// A certificate of hours as it was issued; `/verify/{serial}` shows these facts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `SW-…`: the id and a truncated HMAC (`domain::serial`).
    pub serial: String,
    pub application_id: i64,
    pub issued_at: DateTimeUtc,
    pub total_minutes: i64,
    pub campaign_title: String,
    pub masked_name: String,
    /// JSON: the `ServiceLine`s certified.
    pub services: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
