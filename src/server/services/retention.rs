//! The retention job: once a campaign has been closed for its `retention_days`, the personal
//! fields of all its applications are erased (`erasure::erase`), a batch per transaction, each
//! batch with one audit entry (how many, no one named). The job is claimed like an outbox row —
//! a conditional update of its row in `scheduled_jobs` — so two app instances never run it at
//! the same time, and a claim left by a crashed run expires.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use super::erasure::erase;
use crate::domain::AuditAction;
use crate::server::entities::{
    activity, activity_person, activity_registration, application, audit, campaign, scheduled_job,
};

/// The job's row in `scheduled_jobs` (written by migration 13).
pub const JOB: &str = "retention";
/// Longer than a run takes; a run that dies leaves its claim, and the next one waits this long.
const CLAIM: chrono::Duration = chrono::Duration::minutes(15);
const BATCH: u64 = 500;

/// When a campaign's personal data is due for erasure.
pub fn due_at(c: &campaign::Model) -> DateTime<Utc> {
    c.closes_at + chrono::Duration::days(i64::from(Ord::max(c.retention_days, 0)))
}

/// One run at `now`: `Ok(None)` when another instance holds the job, else how many applications
/// and family registrations were erased.
pub async fn run_once(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Option<u64>, DbErr> {
    let claimed = scheduled_job::Entity::update_many()
        .col_expr(scheduled_job::Column::ClaimedUntil, Expr::value(Some(now + CLAIM)))
        .filter(scheduled_job::Column::Name.eq(JOB))
        .filter(scheduled_job::Column::ClaimedUntil.is_null().or(scheduled_job::Column::ClaimedUntil.lt(now)))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(None);
    }
    let result = erase_due(db, now).await;
    // released even after a failure: the next run tries again
    scheduled_job::Entity::update_many()
        .col_expr(scheduled_job::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(scheduled_job::Column::LastDoneAt, Expr::value(result.as_ref().ok().map(|_| Utc::now())))
        .filter(scheduled_job::Column::Name.eq(JOB))
        .exec(db)
        .await?;
    result.map(Some)
}

async fn erase_due(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut total = 0;
    for c in campaign::Entity::find().all(db).await? {
        if due_at(&c) > now {
            continue;
        }
        loop {
            let ids: Vec<i64> = application::Entity::find()
                .select_only()
                .column(application::Column::Id)
                .filter(application::Column::CampaignId.eq(c.id))
                .filter(application::Column::ErasedAt.is_null())
                .order_by_asc(application::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(db)
                .await?;
            if ids.is_empty() {
                break;
            }
            let txn = db.begin().await?;
            let erased = erase(&txn, &ids, now).await?;
            audit::Entity::insert(audit::ActiveModel {
                organizer_id: Set(None),
                actor_name: Set(crate::i18n::ta().actor_retention.to_string()),
                action: Set(AuditAction::RetentionErase),
                campaign_id: Set(Some(c.id)),
                application_id: Set(None),
                from_status: Set(None),
                to_status: Set(None),
                reason: Set(None),
                detail: Set(Some(serde_json::json!({ "erased": erased }).to_string())),
                created_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            txn.commit().await?;
            total += erased;
        }
        total += erase_activities(db, c.id).await?;
    }
    Ok(total)
}

/// The families registered for the campaign's activities: the guardian's name, ID, mobile and
/// address, and everyone's name, are erased; heads, ages, attendance and minutes stay (counts).
/// The keyed hash becomes a per-row marker, so the one-per-guardian key still holds.
async fn erase_activities(db: &DatabaseConnection, campaign_id: i32) -> Result<u64, DbErr> {
    let activities: Vec<i32> = activity::Entity::find()
        .select_only()
        .column(activity::Column::Id)
        .filter(activity::Column::CampaignId.eq(campaign_id))
        .into_tuple()
        .all(db)
        .await?;
    if activities.is_empty() {
        return Ok(0);
    }
    let txn = db.begin().await?;
    let erased = activity_registration::Entity::update_many()
        .col_expr(activity_registration::Column::GuardianName, Expr::value(""))
        .col_expr(activity_registration::Column::IdCipher, Expr::value(""))
        .col_expr(activity_registration::Column::IdHash, Expr::cust("'erased:' || CAST(id AS TEXT)"))
        .col_expr(activity_registration::Column::MobileCipher, Expr::value(""))
        .col_expr(activity_registration::Column::MobileMasked, Expr::value(""))
        .col_expr(activity_registration::Column::Email, Expr::value(""))
        .filter(activity_registration::Column::ActivityId.is_in(activities.clone()))
        .filter(activity_registration::Column::GuardianName.ne(""))
        .exec(&txn)
        .await?
        .rows_affected;
    activity_person::Entity::update_many()
        .col_expr(activity_person::Column::Name, Expr::value(""))
        .col_expr(activity_person::Column::MobileCipher, Expr::value(Option::<String>::None))
        .filter(activity_person::Column::ActivityId.is_in(activities))
        .filter(activity_person::Column::Name.ne(""))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(erased)
}

/// Runs the job every `every`, for as long as the app runs.
pub fn spawn(db: DatabaseConnection, every: Duration) {
    tokio::spawn(async move {
        loop {
            match run_once(&db, Utc::now()).await {
                Ok(Some(n)) if n > 0 => tracing::info!(erased = n, "retention: personal data erased"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention run failed; will retry"),
            }
            tokio::time::sleep(every).await;
        }
    });
}
