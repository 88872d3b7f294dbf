//! Partner systems' API tokens: created by a city admin per partner, with scopes and an optional
//! county, shown once and stored only as a hash, revocable.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Partner,
    TokenHash,
    Hint,
    Scopes,
    County,
    CreatedBy,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .if_not_exists()
                    .col(pk_auto(ApiTokens::Id))
                    .col(string_len(ApiTokens::Partner, 100))
                    // SHA-256 of the token (hex): the token itself is never stored
                    .col(string_len_uniq(ApiTokens::TokenHash, 64))
                    // the token's first characters, so that people can tell their tokens apart
                    .col(string_len(ApiTokens::Hint, 16))
                    .col(string_len(ApiTokens::Scopes, 64))
                    .col(string_len_null(ApiTokens::County, 6))
                    .col(integer(ApiTokens::CreatedBy))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApiTokens::Table).to_owned()).await
    }
}
