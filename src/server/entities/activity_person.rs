use sea_orm::entity::prelude::*;

/// One person a registration brings (the guardian included), with their own check-in code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub registration_id: i64,
    pub activity_id: i32,
    pub kind: crate::domain::PersonKind,
    pub name: String,
    /// Children only.
    pub age: Option<i32>,
    /// Adult companions only, encrypted.
    pub mobile_cipher: Option<String>,
    /// A child under 14: when the guardian consented.
    pub consent_at: Option<DateTimeUtc>,
    pub checkin_code: String,
    pub arrived_at: Option<DateTimeUtc>,
    pub left_at: Option<DateTimeUtc>,
    pub minutes_served: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
