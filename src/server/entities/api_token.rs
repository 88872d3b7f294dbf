use sea_orm::entity::prelude::*;

/// A partner system's API token (see `server::services::partners`). Only its hash is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner: String,
    pub token_hash: String,
    pub hint: String,
    /// `ApiScope` words, comma-separated.
    pub scopes: String,
    /// `Some` limits the token to the applications of this county.
    pub county: Option<String>,
    /// The city admin who created it.
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
