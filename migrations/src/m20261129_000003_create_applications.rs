use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000001_create_regions::Regions;
use super::m20261129_000002_create_campaigns::{CampaignRoles, Campaigns};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Applications {
    Table,
    Id,
    CampaignId,
    RoleId,
    Reference,
    Name,
    IdCipher,
    IdHash,
    MobileCipher,
    MobileHash,
    MobileLast4,
    BirthDate,
    RegionCode,
    Skills,
    Availability,
    Email,
    Status,
    ConsentAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Applications::Id))
                    .col(integer(Applications::CampaignId))
                    .col(integer(Applications::RoleId))
                    .col(string_len_uniq(Applications::Reference, 16))
                    .col(string_len(Applications::Name, 40))
                    // AES-256-GCM, base64(nonce || ciphertext); the plain number is never stored
                    .col(text(Applications::IdCipher))
                    // HMAC-SHA256 of the normalised number, hex: the uniqueness key
                    .col(string_len(Applications::IdHash, 64))
                    .col(text(Applications::MobileCipher))
                    .col(string_len(Applications::MobileHash, 64))
                    .col(string_len(Applications::MobileLast4, 4))
                    .col(date(Applications::BirthDate))
                    .col(string_len(Applications::RegionCode, 12))
                    .col(text(Applications::Skills))
                    .col(text(Applications::Availability))
                    .col(string_len_null(Applications::Email, 254))
                    .col(string_len(Applications::Status, 16).default("pending"))
                    .col(timestamp_with_time_zone(Applications::ConsentAt))
                    .col(timestamp_with_time_zone(Applications::CreatedAt))
                    .col(timestamp_with_time_zone(Applications::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_campaign")
                            .from(Applications::Table, Applications::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_role")
                            .from(Applications::Table, Applications::RoleId)
                            .to(CampaignRoles::Table, CampaignRoles::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_applications_region")
                            .from(Applications::Table, Applications::RegionCode)
                            .to(Regions::Table, Regions::Code),
                    )
                    .to_owned(),
            )
            .await?;
        // One application per person per campaign, enforced by the database itself.
        manager
            .create_index(
                Index::create()
                    .name("uq_applications_person_campaign")
                    .table(Applications::Table)
                    .col(Applications::CampaignId)
                    .col(Applications::IdHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_applications_campaign_status")
                    .table(Applications::Table)
                    .col(Applications::CampaignId)
                    .col(Applications::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Applications::Table).to_owned()).await
    }
}
