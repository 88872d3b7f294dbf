use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Organizers {
    Table,
    Id,
    Name,
    PasswordHash,
    Role,
    CountyCode,
    Active,
    FailedLogins,
    ThrottledUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AdminSessions {
    Table,
    Id,
    OrganizerId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizers::Table)
                    .if_not_exists()
                    .col(pk_auto(Organizers::Id))
                    .col(string_len_uniq(Organizers::Name, 40))
                    // Argon2id PHC string
                    .col(string_len(Organizers::PasswordHash, 200))
                    // city_admin | district_organizer | reviewer
                    .col(string_len(Organizers::Role, 24))
                    // the county a district organizer (or a local reviewer) is limited to
                    .col(string_len_null(Organizers::CountyCode, 12))
                    .col(boolean(Organizers::Active).default(true))
                    .col(integer(Organizers::FailedLogins).default(0))
                    .col(timestamp_with_time_zone_null(Organizers::ThrottledUntil))
                    .col(timestamp_with_time_zone(Organizers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AdminSessions::Table)
                    .if_not_exists()
                    // SHA-256 of the cookie's token, hex: a leaked table opens no session
                    .col(string_len(AdminSessions::Id, 64).primary_key())
                    .col(integer(AdminSessions::OrganizerId))
                    .col(timestamp_with_time_zone(AdminSessions::CreatedAt))
                    .col(timestamp_with_time_zone(AdminSessions::LastSeenAt))
                    .col(timestamp_with_time_zone(AdminSessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_admin_sessions_organizer")
                            .from(AdminSessions::Table, AdminSessions::OrganizerId)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_admin_sessions_organizer")
                    .table(AdminSessions::Table)
                    .col(AdminSessions::OrganizerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AdminSessions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organizers::Table).to_owned()).await
    }
}
