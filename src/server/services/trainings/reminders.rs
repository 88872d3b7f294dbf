//! Reminders: from the day before a session (China calendar) until it starts, everyone seated
//! gets one reminder mail. Exactly once per enrolment, however often the job runs or dies: the
//! mark (`reminder_sent_at`, set by a conditional update) and the outbox row commit in the same
//! transaction, so either both are there or neither. Two instances may run it at once; the
//! conditional update gives each enrolment to one of them.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Days, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::notices::{campaign_title, Context};
use crate::domain::calendar::{china_midnight, CHINA_OFFSET};
use crate::domain::EnrolmentState;
use crate::server::email::messages::TrainingKind;
use crate::server::entities::{application, enrolment, training_session};

/// Enrolments per transaction.
pub const BATCH: u64 = 100;

/// Sessions due for reminders at `now`: not cancelled, starting after now and before the end of
/// tomorrow (China time).
async fn due_sessions(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<training_session::Model>, DbErr> {
    let today = now.with_timezone(&CHINA_OFFSET).date_naive();
    let until = china_midnight(today.checked_add_days(Days::new(2)).unwrap_or(today));
    training_session::Entity::find()
        .filter(training_session::Column::CancelledAt.is_null())
        .filter(training_session::Column::StartsAt.gt(now))
        .filter(training_session::Column::StartsAt.lt(until))
        .all(db)
        .await
}

/// One run at `now`, `batch` enrolments per transaction: how many reminders were queued.
pub async fn run_once(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
    batch: u64,
) -> Result<u64, DbErr> {
    let mut queued = 0;
    for session in due_sessions(db, now).await? {
        let title = campaign_title(db, session.campaign_id).await?;
        let context = Context { session: &session, campaign_title: &title, public_url };
        loop {
            let due = enrolment::Entity::find()
                .filter(enrolment::Column::SessionId.eq(session.id))
                .filter(enrolment::Column::State.eq(EnrolmentState::Enrolled))
                .filter(enrolment::Column::ReminderSentAt.is_null())
                .order_by_asc(enrolment::Column::Id)
                .limit(batch.max(1))
                .all(db)
                .await?;
            if due.is_empty() {
                break;
            }
            let people: HashMap<i64, application::Model> = application::Entity::find()
                .filter(application::Column::Id.is_in(due.iter().map(|e| e.application_id)))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a))
                .collect();
            let txn = db.begin().await?;
            for e in &due {
                // the mark first: only the run whose update lands queues the mail
                let marked = enrolment::Entity::update_many()
                    .col_expr(enrolment::Column::ReminderSentAt, Expr::value(Some(now)))
                    .filter(enrolment::Column::Id.eq(e.id))
                    .filter(enrolment::Column::State.eq(EnrolmentState::Enrolled))
                    .filter(enrolment::Column::ReminderSentAt.is_null())
                    .exec(&txn)
                    .await?;
                if marked.rows_affected != 1 {
                    continue;
                }
                if let Some(person) = people.get(&e.application_id) {
                    let code = e.checkin_code.clone();
                    context.send(&txn, person, TrainingKind::Reminder { code }).await?;
                    queued += 1;
                }
            }
            txn.commit().await?;
        }
    }
    Ok(queued)
}

/// Runs the job every `every`, for as long as the app runs.
pub fn spawn(db: DatabaseConnection, public_url: String, every: Duration) {
    tokio::spawn(async move {
        loop {
            match run_once(&db, &public_url, Utc::now(), BATCH).await {
                Ok(n) if n > 0 => tracing::info!(queued = n, "training reminders queued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "training reminders failed; will retry"),
            }
            tokio::time::sleep(every).await;
        }
    });
}
