use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Locale {
    Locale,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // the language the person signed up in: their mails are written in it; everyone who
        // signed up before there was a choice did so in Chinese
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(string_len(Locale::Locale, 8).default("zh-CN"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Applications::Table).drop_column(Locale::Locale).to_owned())
            .await
    }
}
