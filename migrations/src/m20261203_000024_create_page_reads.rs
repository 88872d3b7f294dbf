//! How many people read a public page ("阅读 33"): one counter per page, keyed `campaign:12` or
//! `activity:3`. Who read it is never stored — the once-a-day check lives in memory only.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PageReads {
    Table,
    Page,
    Reads,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PageReads::Table)
                    .if_not_exists()
                    .col(text(PageReads::Page).primary_key())
                    .col(big_integer(PageReads::Reads).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PageReads::Table).to_owned()).await
    }
}
