use sea_orm::entity::prelude::*;

use crate::domain::ApplicationStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i32,
    pub role_id: i32,
    pub reference: String,
    pub name: String,
    pub id_cipher: String,
    pub id_hash: String,
    pub mobile_cipher: String,
    pub mobile_hash: String,
    pub mobile_last4: String,
    pub birth_date: Date,
    pub region_code: String,
    pub skills: String,
    pub availability: String,
    pub email: Option<String>,
    pub status: ApplicationStatus,
    pub consent_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The language the person signed up in (a `Locale` tag); their mails are written in it.
    pub locale: String,
    /// When the personal fields were erased (withdrawal or retention); `None` while they are kept.
    pub erased_at: Option<DateTimeUtc>,
    /// Where the sign-up came from (a `ShareSource` word); `None` for a direct visit.
    pub source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
