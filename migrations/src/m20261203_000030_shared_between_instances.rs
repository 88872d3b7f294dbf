//! What several app instances on one PostgreSQL must share instead of keeping in memory:
//! the short-lived answers for browsers without JavaScript (a rejected form posted through one
//! instance is read back on another), and the outbox claim's token (a worker's final update
//! only lands while its claim is still its own).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Flashes {
    Table,
    Token,
    Owner,
    Organizer,
    Bytes,
    CreatedAt,
    Sealed,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    ClaimToken,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Flashes::Table)
                    .if_not_exists()
                    .col(string_len(Flashes::Token, 32).primary_key())
                    // the client's rate-limit key or `o:<organizer id>`: never a name or number
                    .col(string_len(Flashes::Owner, 64))
                    .col(boolean(Flashes::Organizer))
                    .col(integer(Flashes::Bytes))
                    .col(timestamp_with_time_zone(Flashes::CreatedAt))
                    // the answer, encrypted with the current data key (it may hold what was typed)
                    .col(text(Flashes::Sealed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flashes_owner")
                    .table(Flashes::Table)
                    .col(Flashes::Owner)
                    .col(Flashes::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flashes_created_at")
                    .table(Flashes::Table)
                    .col(Flashes::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(string_len_null(Outbox::ClaimToken, 32))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::ClaimToken).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Flashes::Table).to_owned()).await
    }
}
