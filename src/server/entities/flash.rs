use sea_orm::entity::prelude::*;

/// A short-lived answer for a browser without JavaScript, read once (see `server::flash`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flashes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token: String,
    /// A keyed hash of the client's rate-limit key, or `o:<organizer id>`.
    pub owner: String,
    pub organizer: bool,
    pub bytes: i32,
    pub created_at: DateTimeUtc,
    /// The answer as JSON, encrypted with the data key.
    pub sealed: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
