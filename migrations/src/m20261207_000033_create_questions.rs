//! Organizers' own questions on a campaign's sign-up form, and the answers people gave. A
//! question keeps its id when it is reworded, moved or retired, so answers stay attached to it;
//! a retired question is no longer asked, and its answers stay readable.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questions {
    Table,
    Id,
    CampaignId,
    Position,
    Kind,
    Label,
    Help,
    Required,
    Options,
    MinValue,
    MaxValue,
    Condition,
    RetiredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    Id,
    ApplicationId,
    QuestionId,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .if_not_exists()
                    .col(pk_auto(Questions::Id))
                    .col(integer(Questions::CampaignId))
                    .col(integer(Questions::Position))
                    .col(string_len(Questions::Kind, 20))
                    .col(string_len(Questions::Label, 200))
                    .col(string_len(Questions::Help, 500))
                    .col(boolean(Questions::Required))
                    // the choices as JSON: [{"key":"o1","label":"S"}, …]; keys never change
                    .col(text(Questions::Options))
                    .col(big_integer_null(Questions::MinValue))
                    .col(big_integer_null(Questions::MaxValue))
                    // `role=KEY` or `q{ID}=KEY`: ask only then
                    .col(string_len_null(Questions::Condition, 64))
                    .col(timestamp_with_time_zone_null(Questions::RetiredAt))
                    .col(timestamp_with_time_zone(Questions::CreatedAt))
                    .col(timestamp_with_time_zone(Questions::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_questions_campaign")
                    .table(Questions::Table)
                    .col(Questions::CampaignId)
                    .col(Questions::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Answers::Id))
                    .col(big_integer(Answers::ApplicationId))
                    .col(integer(Answers::QuestionId))
                    // one value per row: a multiple choice has a row per option chosen
                    .col(text(Answers::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_answers_application")
                    .table(Answers::Table)
                    .col(Answers::ApplicationId)
                    .col(Answers::QuestionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Answers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Questions::Table).to_owned()).await
    }
}
