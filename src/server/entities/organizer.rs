use sea_orm::entity::prelude::*;

use crate::domain::OrganizerRole;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub password_hash: String,
    pub role: OrganizerRole,
    pub county_code: Option<String>,
    pub active: bool,
    pub failed_logins: i32,
    pub throttled_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
