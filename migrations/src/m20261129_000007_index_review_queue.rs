//! Indexes for the back office's review queue: every query is limited to one campaign and
//! sorted by submission, filtered by status and/or a region code range.

use sea_orm_migration::prelude::*;

use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn indexes() -> Vec<(&'static str, Vec<Applications>)> {
    vec![
        (
            "idx_applications_queue_status",
            vec![Applications::CampaignId, Applications::Status, Applications::CreatedAt],
        ),
        ("idx_applications_queue_created", vec![Applications::CampaignId, Applications::CreatedAt]),
        ("idx_applications_queue_region", vec![Applications::CampaignId, Applications::RegionCode]),
        ("idx_applications_queue_last4", vec![Applications::CampaignId, Applications::MobileLast4]),
        ("idx_applications_queue_birth", vec![Applications::CampaignId, Applications::BirthDate]),
        ("idx_applications_queue_name", vec![Applications::CampaignId, Applications::Name]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in indexes() {
            let mut index = Index::create();
            index.name(name).table(Applications::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in indexes() {
            manager.drop_index(Index::drop().name(name).table(Applications::Table).to_owned()).await?;
        }
        Ok(())
    }
}
