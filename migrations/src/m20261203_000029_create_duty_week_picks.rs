//! Which week a volunteer serves: at most one per application (the key), moved by the
//! volunteer on their page or by an organizer.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;
use super::m20261203_000028_create_duty_weeks::DutyWeeks;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DutyWeekPicks {
    Table,
    ApplicationId,
    WeekId,
    PickedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DutyWeekPicks::Table)
                    .if_not_exists()
                    .col(big_integer(DutyWeekPicks::ApplicationId).primary_key())
                    .col(integer(DutyWeekPicks::WeekId))
                    .col(timestamp_with_time_zone(DutyWeekPicks::PickedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duty_week_picks_application")
                            .from(DutyWeekPicks::Table, DutyWeekPicks::ApplicationId)
                            .to(Applications::Table, Applications::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duty_week_picks_week")
                            .from(DutyWeekPicks::Table, DutyWeekPicks::WeekId)
                            .to(DutyWeeks::Table, DutyWeeks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_duty_week_picks_week")
                    .table(DutyWeekPicks::Table)
                    .col(DutyWeekPicks::WeekId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DutyWeekPicks::Table).to_owned()).await
    }
}
