use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Serial,
    ApplicationId,
    IssuedAt,
    TotalMinutes,
    CampaignTitle,
    MaskedName,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // a certificate of hours as it was printed; `/verify/{serial}` shows these facts
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Certificates::Id))
                    // `SW-` + base32(id ‖ truncated HMAC): names nobody, checked by the server
                    .col(string_len_uniq(Certificates::Serial, 40))
                    .col(big_integer(Certificates::ApplicationId))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .col(big_integer(Certificates::TotalMinutes))
                    // snapshots: the certificate says what was true when it was issued
                    .col(string_len(Certificates::CampaignTitle, 200))
                    .col(string_len(Certificates::MaskedName, 40))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certificates_application")
                            .from(Certificates::Table, Certificates::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // one certificate per application and total: viewing the page again issues no new serial,
        // and two concurrent views cannot issue two
        manager
            .create_index(
                Index::create()
                    .name("uq_certificates_application_minutes")
                    .table(Certificates::Table)
                    .col(Certificates::ApplicationId)
                    .col(Certificates::TotalMinutes)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Certificates::Table).to_owned()).await
    }
}
