//! Themed activities of a campaign ("小手牵大手"): a time, a meeting point, a hotline, stops, and
//! places counted per head. `registered` is the head counter the database guards: it grows only by
//! `… SET registered = registered + n WHERE registered + n <= capacity`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Activities {
    Table,
    Id,
    CampaignId,
    Title,
    Theme,
    Description,
    StartsAt,
    EndsAt,
    MeetingPoint,
    DepartsAt,
    ArrivalNote,
    Hotline,
    Stops,
    Capacity,
    Registered,
    SignupClosesAt,
    Audience,
    ChildMinAge,
    ChildMaxAge,
    CancelledAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .if_not_exists()
                    .col(pk_auto(Activities::Id))
                    .col(integer(Activities::CampaignId))
                    .col(string_len(Activities::Title, 80))
                    .col(string_len(Activities::Theme, 80))
                    .col(text(Activities::Description))
                    .col(timestamp_with_time_zone(Activities::StartsAt))
                    .col(timestamp_with_time_zone(Activities::EndsAt))
                    .col(string_len(Activities::MeetingPoint, 200))
                    .col(timestamp_with_time_zone(Activities::DepartsAt))
                    .col(string_len(Activities::ArrivalNote, 200))
                    .col(string_len(Activities::Hotline, 40))
                    .col(text(Activities::Stops))
                    .col(integer(Activities::Capacity))
                    .col(integer(Activities::Registered).default(0))
                    .col(timestamp_with_time_zone(Activities::SignupClosesAt))
                    .col(string_len(Activities::Audience, 16))
                    .col(integer_null(Activities::ChildMinAge))
                    .col(integer_null(Activities::ChildMaxAge))
                    .col(timestamp_with_time_zone_null(Activities::CancelledAt))
                    .col(timestamp_with_time_zone(Activities::CreatedAt))
                    .check(Expr::col(Activities::Registered).lte(Expr::col(Activities::Capacity)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_campaign")
                            .from(Activities::Table, Activities::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // the public list, by date
        manager
            .create_index(
                Index::create()
                    .name("idx_activities_starts")
                    .table(Activities::Table)
                    .col(Activities::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Activities::Table).to_owned()).await
    }
}
