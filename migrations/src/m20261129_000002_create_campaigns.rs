use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Campaigns {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Body,
    Target,
    OpensAt,
    ClosesAt,
    MinAge,
    MaxAge,
    AllowedRegions,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum CampaignRoles {
    Table,
    Id,
    CampaignId,
    Key,
    Name,
    Description,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .if_not_exists()
                    .col(pk_auto(Campaigns::Id))
                    .col(string_len_uniq(Campaigns::Slug, 64))
                    .col(string_len(Campaigns::Title, 100))
                    .col(text(Campaigns::Summary))
                    .col(text(Campaigns::Body))
                    .col(integer(Campaigns::Target))
                    .col(timestamp_with_time_zone(Campaigns::OpensAt))
                    .col(timestamp_with_time_zone(Campaigns::ClosesAt))
                    .col(integer(Campaigns::MinAge))
                    .col(integer(Campaigns::MaxAge))
                    // comma-separated region code prefixes; empty = the whole city
                    .col(string_len(Campaigns::AllowedRegions, 400).default(""))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignRoles::Table)
                    .if_not_exists()
                    .col(pk_auto(CampaignRoles::Id))
                    .col(integer(CampaignRoles::CampaignId))
                    .col(string_len(CampaignRoles::Key, 40))
                    .col(string_len(CampaignRoles::Name, 60))
                    .col(text(CampaignRoles::Description))
                    .col(integer(CampaignRoles::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_roles_campaign")
                            .from(CampaignRoles::Table, CampaignRoles::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_campaign_roles_key")
                    .table(CampaignRoles::Table)
                    .col(CampaignRoles::CampaignId)
                    .col(CampaignRoles::Key)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CampaignRoles::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Campaigns::Table).to_owned()).await
    }
}
