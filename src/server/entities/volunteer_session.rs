use sea_orm::entity::prelude::*;

/// A volunteer's own page held open by a cookie (`/me`); opened by the status look-up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_sessions")]
pub struct Model {
    /// SHA-256 of the cookie's random token, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub application_id: i64,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Set when the person leaves the page ("sign out").
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
