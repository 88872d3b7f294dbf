use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_campaigns::Campaigns;
use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
    CampaignId,
    CountyCode,
    RegionCode,
    Name,
    Duty,
    Capacity,
    MemberCount,
    LeaderId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TeamMembers {
    Table,
    TeamId,
    ApplicationId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Teams::Table)
                    .if_not_exists()
                    .col(pk_auto(Teams::Id))
                    .col(integer(Teams::CampaignId))
                    // a team never mixes counties: every member's community starts with this
                    .col(string_len(Teams::CountyCode, 12))
                    // the county, street or community the team serves
                    .col(string_len(Teams::RegionCode, 12))
                    .col(string_len(Teams::Name, 60))
                    .col(string_len(Teams::Duty, 200).default(""))
                    .col(integer(Teams::Capacity))
                    // kept by conditional updates (`… WHERE member_count < capacity`): the
                    // database, not a read-then-write, holds the cap
                    .col(integer(Teams::MemberCount).default(0))
                    .col(big_integer_null(Teams::LeaderId))
                    .col(timestamp_with_time_zone(Teams::CreatedAt))
                    .check(Expr::col(Teams::MemberCount).lte(Expr::col(Teams::Capacity)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_teams_campaign")
                            .from(Teams::Table, Teams::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_teams_campaign_county")
                    .table(Teams::Table)
                    .col(Teams::CampaignId)
                    .col(Teams::CountyCode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TeamMembers::Table)
                    .if_not_exists()
                    .col(integer(TeamMembers::TeamId))
                    // one team per recruit
                    .col(big_integer_uniq(TeamMembers::ApplicationId))
                    .col(timestamp_with_time_zone(TeamMembers::CreatedAt))
                    .primary_key(Index::create().col(TeamMembers::TeamId).col(TeamMembers::ApplicationId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_team_members_team")
                            .from(TeamMembers::Table, TeamMembers::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_team_members_application")
                            .from(TeamMembers::Table, TeamMembers::ApplicationId)
                            .to(Applications::Table, Applications::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TeamMembers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Teams::Table).to_owned()).await
    }
}
