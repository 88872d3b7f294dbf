use sea_orm::entity::prelude::*;

use crate::domain::EnrolmentState;

/// One person's place in one training session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i32,
    pub application_id: i64,
    pub state: EnrolmentState,
    /// The waiting list's order (taken while the session's row is locked).
    pub queued_at: DateTimeUtc,
    /// Random, unique, names no one: what the volunteer shows at the door.
    pub checkin_code: String,
    pub arrived_at: Option<DateTimeUtc>,
    pub left_at: Option<DateTimeUtc>,
    pub minutes_served: Option<i32>,
    pub reminder_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
