//! A role may require an attended training before its recruits are put into teams.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CampaignRoles {
    Table,
    RequiresTraining,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CampaignRoles::Table)
                    .add_column(boolean(CampaignRoles::RequiresTraining).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CampaignRoles::Table)
                    .drop_column(CampaignRoles::RequiresTraining)
                    .to_owned(),
            )
            .await
    }
}
