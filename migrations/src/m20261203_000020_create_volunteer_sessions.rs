use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VolunteerSessions {
    Table,
    TokenHash,
    ApplicationId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // a volunteer's own page (`/me`), opened by the status look-up: no accounts, only this
        manager
            .create_table(
                Table::create()
                    .table(VolunteerSessions::Table)
                    .if_not_exists()
                    // SHA-256 of the cookie's random token, hex: a leaked table opens no page
                    .col(string_len(VolunteerSessions::TokenHash, 64).primary_key())
                    .col(big_integer(VolunteerSessions::ApplicationId))
                    .col(timestamp_with_time_zone(VolunteerSessions::CreatedAt))
                    .col(timestamp_with_time_zone(VolunteerSessions::ExpiresAt))
                    // set by "leave this page"; the row stays until it would have expired
                    .col(timestamp_with_time_zone_null(VolunteerSessions::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_volunteer_sessions_application")
                            .from(VolunteerSessions::Table, VolunteerSessions::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_volunteer_sessions_application")
                    .table(VolunteerSessions::Table)
                    .col(VolunteerSessions::ApplicationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(VolunteerSessions::Table).to_owned()).await
    }
}
