use sea_orm::entity::prelude::*;

/// A family's registration: the guardian's personal data encrypted, the heads it holds.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i32,
    pub reference: String,
    pub guardian_name: String,
    pub id_cipher: String,
    pub id_hash: String,
    pub mobile_cipher: String,
    /// `136****8028`: what the live feed and the roster show.
    pub mobile_masked: String,
    pub email: String,
    pub heads: i32,
    /// The share path it came by (`qr`, `wechat`, `weibo`, `qq`, `copy`), if any.
    pub source: Option<String>,
    pub locale: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
