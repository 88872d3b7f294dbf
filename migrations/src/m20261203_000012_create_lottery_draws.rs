use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LotteryDraws {
    Table,
    Id,
    CampaignId,
    N,
    PerStreet,
    PoolSize,
    PoolDigest,
    Seed,
    Pool,
    Winners,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // a committed lottery draw as the public sees it at /draws/{id}: nothing in it names a person
        manager
            .create_table(
                Table::create()
                    .table(LotteryDraws::Table)
                    .if_not_exists()
                    .col(big_pk_auto(LotteryDraws::Id))
                    // no foreign key: like the audit trail, a published draw outlives what it names
                    .col(integer(LotteryDraws::CampaignId))
                    .col(integer(LotteryDraws::N))
                    .col(integer_null(LotteryDraws::PerStreet))
                    .col(integer(LotteryDraws::PoolSize))
                    // SHA-256 of `pool`, 64 hex digits; the seed, 64 hex digits
                    .col(string_len(LotteryDraws::PoolDigest, 64))
                    .col(string_len(LotteryDraws::Seed, 64))
                    // the published pool file: `token street` lines sorted by token
                    .col(text(LotteryDraws::Pool))
                    // the drawn tokens in draw order, one per line
                    .col(text(LotteryDraws::Winners))
                    .col(timestamp_with_time_zone(LotteryDraws::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LotteryDraws::Table).to_owned()).await
    }
}
