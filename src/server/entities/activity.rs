use sea_orm::entity::prelude::*;

/// A themed activity of a campaign; `registered` is the head counter the database guards.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub campaign_id: i32,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub meeting_point: String,
    pub departs_at: DateTimeUtc,
    pub arrival_note: String,
    pub hotline: String,
    /// Stops or sites, one per line.
    pub stops: String,
    pub capacity: i32,
    /// Places taken, per head; grows only by `… WHERE registered + n <= capacity`.
    pub registered: i32,
    pub signup_closes_at: DateTimeUtc,
    pub audience: crate::domain::Audience,
    pub child_min_age: Option<i32>,
    pub child_max_age: Option<i32>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
