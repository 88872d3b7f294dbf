//! Enrolments in training sessions: one per person and session (a unique key), enrolled or on
//! the waiting list (first come, first served by `queued_at`), or cancelled. The check-in code is
//! a random token, unique, that names no one; arrival, departure and the minutes served follow.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000003_create_applications::Applications;
use super::m20261203_000014_create_training_sessions::TrainingSessions;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    SessionId,
    ApplicationId,
    State,
    QueuedAt,
    CheckinCode,
    ArrivedAt,
    LeftAt,
    MinutesServed,
    ReminderSentAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Enrolments::Id))
                    .col(integer(Enrolments::SessionId))
                    .col(big_integer(Enrolments::ApplicationId))
                    .col(string_len(Enrolments::State, 16))
                    .col(timestamp_with_time_zone(Enrolments::QueuedAt))
                    .col(string_len_uniq(Enrolments::CheckinCode, 16))
                    .col(timestamp_with_time_zone_null(Enrolments::ArrivedAt))
                    .col(timestamp_with_time_zone_null(Enrolments::LeftAt))
                    .col(integer_null(Enrolments::MinutesServed))
                    .col(timestamp_with_time_zone_null(Enrolments::ReminderSentAt))
                    .col(timestamp_with_time_zone(Enrolments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_session")
                            .from(Enrolments::Table, Enrolments::SessionId)
                            .to(TrainingSessions::Table, TrainingSessions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_application")
                            .from(Enrolments::Table, Enrolments::ApplicationId)
                            .to(Applications::Table, Applications::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // one enrolment per person and session
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_session_application")
                    .table(Enrolments::Table)
                    .col(Enrolments::SessionId)
                    .col(Enrolments::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // a person's enrolments (the overlap check, their page)
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_application")
                    .table(Enrolments::Table)
                    .col(Enrolments::ApplicationId)
                    .to_owned(),
            )
            .await?;
        // the waiting list in order, and the counts
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_session_state_queue")
                    .table(Enrolments::Table)
                    .col(Enrolments::SessionId)
                    .col(Enrolments::State)
                    .col(Enrolments::QueuedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Enrolments::Table).to_owned()).await
    }
}
