//! Training sessions of a campaign (optionally for one role, optionally in one county). The
//! `enrolled` counter only grows by a conditional update (`… WHERE enrolled < capacity`), so the
//! database, not a count read beforehand, holds the number of seats.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum TrainingSessions {
    Table,
    Id,
    CampaignId,
    RoleKey,
    CountyCode,
    Title,
    StartsAt,
    EndsAt,
    Place,
    MeetingNote,
    Capacity,
    EnrolmentOpensAt,
    EnrolmentClosesAt,
    Enrolled,
    CancelledAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrainingSessions::Table)
                    .if_not_exists()
                    .col(pk_auto(TrainingSessions::Id))
                    .col(integer(TrainingSessions::CampaignId))
                    .col(string_len_null(TrainingSessions::RoleKey, 64))
                    .col(string_len_null(TrainingSessions::CountyCode, 12))
                    .col(string_len(TrainingSessions::Title, 80))
                    .col(timestamp_with_time_zone(TrainingSessions::StartsAt))
                    .col(timestamp_with_time_zone(TrainingSessions::EndsAt))
                    .col(string_len(TrainingSessions::Place, 200))
                    .col(string_len(TrainingSessions::MeetingNote, 500).default(""))
                    .col(integer(TrainingSessions::Capacity))
                    .col(timestamp_with_time_zone(TrainingSessions::EnrolmentOpensAt))
                    .col(timestamp_with_time_zone(TrainingSessions::EnrolmentClosesAt))
                    .col(integer(TrainingSessions::Enrolled).default(0))
                    .col(timestamp_with_time_zone_null(TrainingSessions::CancelledAt))
                    .col(timestamp_with_time_zone(TrainingSessions::CreatedAt))
                    // a last line of defence behind the conditional update
                    .check(Expr::col(TrainingSessions::Enrolled).gte(0).and(
                        Expr::col(TrainingSessions::Enrolled).lte(Expr::col(TrainingSessions::Capacity)),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_training_sessions_campaign")
                            .from(TrainingSessions::Table, TrainingSessions::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_training_sessions_campaign_starts")
                    .table(TrainingSessions::Table)
                    .col(TrainingSessions::CampaignId)
                    .col(TrainingSessions::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TrainingSessions::Table).to_owned()).await
    }
}
