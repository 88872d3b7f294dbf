//! Personal data has an end (PIPL art. 47, GB/T 35273): an applicant may withdraw and have their
//! data erased, and a campaign's data is erased `retention_days` after it closes. The erased row
//! keeps what the counts need; `erased_at` says when. Mails carry their application's reference
//! so that those still waiting can be cancelled and the sent ones blanked. One row per scheduled
//! job holds its claim, so that two instances never run it at once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    RetentionDays,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Reference,
}

#[derive(DeriveIden)]
enum ScheduledJobs {
    Table,
    Name,
    ClaimedUntil,
    LastDoneAt,
}

/// The one job there is so far.
const RETENTION: &str = "retention";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(timestamp_with_time_zone_null(Applications::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Campaigns::Table)
                    .add_column(integer(Campaigns::RetentionDays).default(180))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(string_len_null(Outbox::Reference, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_reference")
                    .table(Outbox::Table)
                    .col(Outbox::Reference)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScheduledJobs::Table)
                    .if_not_exists()
                    .col(string_len(ScheduledJobs::Name, 32).primary_key())
                    .col(timestamp_with_time_zone_null(ScheduledJobs::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(ScheduledJobs::LastDoneAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ScheduledJobs::Table)
                    .columns([ScheduledJobs::Name])
                    .values_panic([RETENTION.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ScheduledJobs::Table).to_owned()).await?;
        manager
            .drop_index(Index::drop().name("idx_outbox_reference").table(Outbox::Table).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::Reference).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(Campaigns::Table).drop_column(Campaigns::RetentionDays).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Applications::Table).drop_column(Applications::ErasedAt).to_owned(),
            )
            .await
    }
}
