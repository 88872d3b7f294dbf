use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Source {
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // where the sign-up came from (`ShareSource`: qr, wechat, weibo, qq, copy); NULL is a
        // direct visit, and every sign-up from before this column was one as far as we know
        manager
            .alter_table(
                Table::alter()
                    .table(Applications::Table)
                    .add_column(string_len_null(Source::Source, 16))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Applications::Table).drop_column(Source::Source).to_owned())
            .await
    }
}
