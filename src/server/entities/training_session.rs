use sea_orm::entity::prelude::*;

/// A training session of a campaign; `enrolled` is the seat counter the database guards.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub campaign_id: i32,
    /// `Some`: only recruits of this role (its key) may enrol.
    pub role_key: Option<String>,
    /// `Some`: only recruits of this county (6-digit code) may enrol; its organizers run it.
    pub county_code: Option<String>,
    pub title: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: String,
    pub meeting_note: String,
    pub capacity: i32,
    pub enrolment_opens_at: DateTimeUtc,
    pub enrolment_closes_at: DateTimeUtc,
    /// Seats taken; grows only by `… SET enrolled = enrolled + 1 WHERE enrolled < capacity`.
    pub enrolled: i32,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
