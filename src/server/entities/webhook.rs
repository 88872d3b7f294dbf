use sea_orm::entity::prelude::*;

/// A partner's webhook: where to send which events (see `server::services::webhooks`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The partner token that registered it.
    pub token_id: i32,
    pub url: String,
    /// The signing secret, encrypted with the data key.
    pub secret_sealed: String,
    /// `WebhookEvent` words, comma-separated.
    pub events: String,
    pub paused: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
