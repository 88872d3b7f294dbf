use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OrganizerId,
    ActorName,
    Action,
    CampaignId,
    ApplicationId,
    FromStatus,
    ToStatus,
    Reason,
    Detail,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditLog::Id))
                    // no foreign key: the trail outlives the account it names
                    .col(integer_null(AuditLog::OrganizerId))
                    .col(string_len(AuditLog::ActorName, 40))
                    // decision | lottery | export_full | …
                    .col(string_len(AuditLog::Action, 32))
                    .col(integer_null(AuditLog::CampaignId))
                    .col(big_integer_null(AuditLog::ApplicationId))
                    .col(string_len_null(AuditLog::FromStatus, 16))
                    .col(string_len_null(AuditLog::ToStatus, 16))
                    .col(text_null(AuditLog::Reason))
                    // JSON: seed and result of a lottery, filter of an export, …
                    .col(text_null(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_application")
                    .table(AuditLog::Table)
                    .col(AuditLog::ApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_action")
                    .table(AuditLog::Table)
                    .col(AuditLog::Action)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await
    }
}
