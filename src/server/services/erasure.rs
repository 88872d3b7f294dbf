//! Erasing an applicant's personal data (PIPL art. 47, GB/T 35273): on their own request from
//! the status page (withdraw and erase), and by `retention` once a campaign's retention period
//! has passed.
//!
//! An erased row keeps only what the counts need: reference, campaign, role, status, the county
//! (the first six digits of the region), the times. Name, ID and mobile (ciphertexts, keyed
//! hashes, last four digits), birth date, community, e-mail, skills and availability are gone,
//! and so are the mails about it (waiting ones are cancelled, sent ones deleted). The keyed ID
//! hash is deleted too rather than kept for the duplicate check: a person who withdrew may sign
//! up again, and a hash of their ID number would still be their ID number to whoever holds the
//! key.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::{db_failure, status};
use crate::domain::{ApplicationStatus, AuditAction};
use crate::error::AppError;
use crate::model::WithdrawOutcome;
use crate::server::entities::{application, audit, outbox};
use crate::server::AppState;

/// What the back office shows instead of an erased applicant's name.
pub const ERASED_NAME: &str = "（已删除）";

/// The birth date an erased row holds (the column cannot be empty): 1 January 1900.
pub fn erased_birth_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Blanks the personal fields of these applications and deletes their mail, in the caller's
/// transaction. Rows already erased are left alone; returns how many were erased now.
pub(crate) async fn erase<C: ConnectionTrait>(
    txn: &C,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut erased = 0;
    for chunk in ids.chunks(500) {
        let references = Query::select()
            .column(application::Column::Reference)
            .from(application::Entity)
            .and_where(application::Column::Id.is_in(chunk.iter().copied()))
            .to_owned();
        outbox::Entity::delete_many()
            .filter(outbox::Column::Reference.in_subquery(references))
            .exec(txn)
            .await?;
        // answers to the campaign's questions are personal data too
        crate::server::entities::answer::Entity::delete_many()
            .filter(crate::server::entities::answer::Column::ApplicationId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
        let done = application::Entity::update_many()
            .col_expr(application::Column::Name, Expr::value(ERASED_NAME))
            .col_expr(application::Column::IdCipher, Expr::value(""))
            // unique per campaign, so a marker of the row itself; no hash of anyone's number
            .col_expr(application::Column::IdHash, Expr::cust("'erased-' || CAST(id AS TEXT)"))
            .col_expr(application::Column::MobileCipher, Expr::value(""))
            .col_expr(application::Column::MobileHash, Expr::value(""))
            .col_expr(application::Column::MobileLast4, Expr::value(""))
            .col_expr(application::Column::BirthDate, Expr::value(erased_birth_date()))
            .col_expr(application::Column::RegionCode, Expr::cust("substr(region_code, 1, 6)"))
            .col_expr(application::Column::Skills, Expr::value("[]"))
            .col_expr(application::Column::Availability, Expr::value("[]"))
            .col_expr(application::Column::Email, Expr::value(Option::<String>::None))
            .col_expr(application::Column::ErasedAt, Expr::value(Some(now)))
            .col_expr(application::Column::UpdatedAt, Expr::value(now))
            .filter(application::Column::Id.is_in(chunk.iter().copied()))
            .filter(application::Column::ErasedAt.is_null())
            .exec(txn)
            .await?;
        erased += done.rows_affected;
    }
    Ok(erased)
}

/// Withdraw and erase, asked for on the status page with the reference code, the mobile number
/// and a ticked confirmation. One transaction: the status becomes withdrawn, the team seat is
/// given back, the personal fields and mails go, and the audit says who and when (not what).
pub async fn withdraw(
    state: &AppState,
    reference: &str,
    mobile: &str,
    confirmed: bool,
) -> Result<WithdrawOutcome, AppError> {
    let Some(found) = status::find_own(state, reference, mobile).await? else {
        return Ok(WithdrawOutcome::NotFound);
    };
    if !confirmed {
        return Ok(WithdrawOutcome::NotConfirmed);
    }
    let now = Utc::now();
    let txn = state.db.begin().await.map_err(db_failure)?;
    let result: Result<u64, DbErr> = async {
        application::Entity::update_many()
            .col_expr(application::Column::Status, Expr::value(ApplicationStatus::Withdrawn))
            .filter(application::Column::Id.eq(found.id))
            .exec(&txn)
            .await?;
        super::teams::leave_teams(&txn, &[found.id]).await?;
        let erased = erase(&txn, &[found.id], now).await?;
        audit::Entity::insert(audit::ActiveModel {
            organizer_id: Set(None),
            actor_name: Set(crate::i18n::ta().actor_applicant.to_string()),
            action: Set(AuditAction::WithdrawErase),
            campaign_id: Set(Some(found.campaign_id)),
            application_id: Set(Some(found.id)),
            from_status: Set(Some(found.status)),
            to_status: Set(Some(ApplicationStatus::Withdrawn)),
            reason: Set(None),
            detail: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let withdrawn = application::Model { status: ApplicationStatus::Withdrawn, ..found.clone() };
        let data = super::webhooks::application_data(&withdrawn);
        let hooks = state.hooks.current();
        let event = crate::domain::WebhookEvent::ApplicationWithdrawn;
        super::webhooks::enqueue(&txn, &hooks, event, &found.region_code, data).await?;
        Ok(erased)
    }
    .await;
    match result {
        // erased by someone else meanwhile (a second click, the retention job): as if not found
        Ok(1) => txn.commit().await.map_err(db_failure)?,
        Ok(_) => return Ok(WithdrawOutcome::NotFound),
        Err(e) => return Err(db_failure(e)),
    }
    Ok(WithdrawOutcome::Erased { reference: found.reference })
}
