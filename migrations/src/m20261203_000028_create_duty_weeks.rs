//! Weeks of duty ("我为世博守一周"): a campaign offers numbered weeks, each with its places;
//! `taken` is the counter the database guards (`… WHERE taken < capacity`).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_campaigns::Campaigns;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum DutyWeeks {
    Table,
    Id,
    CampaignId,
    Number,
    StartsOn,
    Capacity,
    Taken,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DutyWeeks::Table)
                    .if_not_exists()
                    .col(pk_auto(DutyWeeks::Id))
                    .col(integer(DutyWeeks::CampaignId))
                    .col(integer(DutyWeeks::Number))
                    .col(date(DutyWeeks::StartsOn))
                    .col(integer(DutyWeeks::Capacity))
                    .col(integer(DutyWeeks::Taken).default(0))
                    .check(Expr::col(DutyWeeks::Taken).lte(Expr::col(DutyWeeks::Capacity)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duty_weeks_campaign")
                            .from(DutyWeeks::Table, DutyWeeks::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_duty_weeks_campaign_number")
                    .table(DutyWeeks::Table)
                    .col(DutyWeeks::CampaignId)
                    .col(DutyWeeks::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DutyWeeks::Table).to_owned()).await
    }
}
