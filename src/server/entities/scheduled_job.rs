use sea_orm::entity::prelude::*;

/// One background job that only one app instance may run at a time (see `services::retention`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduled_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// Held by the instance running the job until then; a crashed run's claim runs out.
    pub claimed_until: Option<DateTimeUtc>,
    pub last_done_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
