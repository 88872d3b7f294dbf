//! A family's registration for an activity: the guardian (real name, mobile and resident ID kept
//! encrypted, with keyed hashes to find a second registration), how many heads it holds, and the
//! share path it came by. One registration per guardian and activity (a unique key).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000025_create_activities::Activities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ActivityRegistrations {
    Table,
    Id,
    ActivityId,
    Reference,
    GuardianName,
    IdCipher,
    IdHash,
    MobileCipher,
    MobileMasked,
    Email,
    Heads,
    Source,
    Locale,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActivityRegistrations::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ActivityRegistrations::Id))
                    .col(integer(ActivityRegistrations::ActivityId))
                    .col(string_len_uniq(ActivityRegistrations::Reference, 16))
                    .col(string_len(ActivityRegistrations::GuardianName, 40))
                    .col(text(ActivityRegistrations::IdCipher))
                    .col(string_len(ActivityRegistrations::IdHash, 128))
                    .col(text(ActivityRegistrations::MobileCipher))
                    .col(string_len(ActivityRegistrations::MobileMasked, 16))
                    .col(string_len(ActivityRegistrations::Email, 254))
                    .col(integer(ActivityRegistrations::Heads))
                    .col(string_len_null(ActivityRegistrations::Source, 8))
                    .col(string_len(ActivityRegistrations::Locale, 8))
                    .col(timestamp_with_time_zone(ActivityRegistrations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_registrations_activity")
                            .from(ActivityRegistrations::Table, ActivityRegistrations::ActivityId)
                            .to(Activities::Table, Activities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // one registration per guardian and activity; also the activity's roster in order
        manager
            .create_index(
                Index::create()
                    .name("idx_activity_registrations_guardian")
                    .table(ActivityRegistrations::Table)
                    .col(ActivityRegistrations::ActivityId)
                    .col(ActivityRegistrations::IdHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ActivityRegistrations::Table).to_owned()).await
    }
}
