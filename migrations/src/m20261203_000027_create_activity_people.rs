//! Everyone a registration brings: the guardian, adult companions (name and mobile) and children
//! (name and age; under 14 with the guardian's consent, when it was given). Each has a check-in
//! code of their own; arrival, departure and the minutes served follow (hours count for adults).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000025_create_activities::Activities;
use super::m20261203_000026_create_activity_registrations::ActivityRegistrations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityPeople {
    Table,
    Id,
    RegistrationId,
    ActivityId,
    Kind,
    Name,
    Age,
    MobileCipher,
    ConsentAt,
    CheckinCode,
    ArrivedAt,
    LeftAt,
    MinutesServed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActivityPeople::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ActivityPeople::Id))
                    .col(big_integer(ActivityPeople::RegistrationId))
                    .col(integer(ActivityPeople::ActivityId))
                    .col(string_len(ActivityPeople::Kind, 8))
                    .col(string_len(ActivityPeople::Name, 40))
                    .col(integer_null(ActivityPeople::Age))
                    .col(text_null(ActivityPeople::MobileCipher))
                    .col(timestamp_with_time_zone_null(ActivityPeople::ConsentAt))
                    .col(string_len_uniq(ActivityPeople::CheckinCode, 16))
                    .col(timestamp_with_time_zone_null(ActivityPeople::ArrivedAt))
                    .col(timestamp_with_time_zone_null(ActivityPeople::LeftAt))
                    .col(integer_null(ActivityPeople::MinutesServed))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_people_registration")
                            .from(ActivityPeople::Table, ActivityPeople::RegistrationId)
                            .to(ActivityRegistrations::Table, ActivityRegistrations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_people_activity")
                            .from(ActivityPeople::Table, ActivityPeople::ActivityId)
                            .to(Activities::Table, Activities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_activity_people_registration")
                    .table(ActivityPeople::Table)
                    .col(ActivityPeople::RegistrationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ActivityPeople::Table).to_owned()).await
    }
}
