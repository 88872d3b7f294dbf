use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KeyCheck {
    Table,
    Id,
    CheckValue,
    NextCheck,
    NextKey,
    PreviousKey,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row: a one-way check value of the data key, so that start-up can refuse a key
        // that does not match the stored data; during `shouwang key rotate` also the next key's
        // check value and each key wrapped under the other (removed when rotation ends).
        manager
            .create_table(
                Table::create()
                    .table(KeyCheck::Table)
                    .if_not_exists()
                    .col(integer(KeyCheck::Id).primary_key())
                    .col(string_len(KeyCheck::CheckValue, 64))
                    .col(string_len_null(KeyCheck::NextCheck, 64))
                    .col(string_len_null(KeyCheck::NextKey, 200))
                    .col(string_len_null(KeyCheck::PreviousKey, 200))
                    .col(timestamp_with_time_zone(KeyCheck::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(KeyCheck::Table).to_owned()).await
    }
}
