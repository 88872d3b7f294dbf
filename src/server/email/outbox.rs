use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tokio::sync::Notify;

use super::messages::Mail;
use super::Mailer;
use crate::domain::OutboxStatus;
use crate::server::entities::outbox;

/// After this many failed attempts a mail is marked dead and left for an operator.
const MAX_ATTEMPTS: i32 = 20;
const BATCH: u64 = 50;
/// Longer than one send can take (the SMTP timeout is 10 s); a worker that died mid-send
/// leaves its claim, and another worker (or the restarted one) takes the row after this.
const CLAIM: chrono::Duration = chrono::Duration::seconds(30);

/// Queues a mail about the application `reference` inside the caller's transaction.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    recipient: &str,
    reference: &str,
    mail: Mail,
) -> Result<(), DbErr> {
    let now = Utc::now();
    outbox::ActiveModel {
        kind: Set(mail.kind.to_string()),
        recipient: Set(recipient.to_string()),
        subject: Set(mail.subject),
        body_text: Set(mail.body),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        reference: Set(Some(reference.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub struct WorkerConfig {
    pub poll: Duration,
    pub backoff: Duration,
    pub max_backoff: Duration,
}

/// Runs forever: delivers due mail, then waits for a wake-up or the poll interval.
pub fn spawn_worker(db: DatabaseConnection, mailer: Arc<Mailer>, wake: Arc<Notify>, config: WorkerConfig) {
    tokio::spawn(async move {
        loop {
            match deliver_due(&db, &mailer, &config).await {
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox pass failed; will retry"),
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(config.poll) => {}
            }
        }
    });
}

fn backoff(config: &WorkerConfig, attempts: i32) -> Duration {
    let doublings = (Ord::max(attempts, 1) - 1).clamp(0, 16) as u32;
    config.backoff.saturating_mul(1u32 << doublings).min(config.max_backoff)
}

/// One pass over the due mail. Each row is claimed with a conditional update first, so two
/// workers (two app instances) never send the same row at the same time.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    config: &WorkerConfig,
) -> Result<usize, DbErr> {
    let mut delivered = 0;
    loop {
        let now = Utc::now();
        let due = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(outbox::Column::ClaimedUntil.is_null().or(outbox::Column::ClaimedUntil.lt(now)))
            .order_by_asc(outbox::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let full_batch = due.len() as u64 == BATCH;
        for row in due {
            let claimed = outbox::Entity::update_many()
                .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + CLAIM))
                .filter(outbox::Column::Id.eq(row.id))
                .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
                .filter(outbox::Column::ClaimedUntil.is_null().or(outbox::Column::ClaimedUntil.lt(now)))
                .exec(db)
                .await?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let attempts = row.attempts + 1;
            let result = mailer.send(row.id, &row.recipient, &row.subject, &row.body_text).await;
            let mut update: outbox::ActiveModel = row.into();
            update.attempts = Set(attempts);
            update.claimed_until = Set(None);
            match result {
                Ok(()) => {
                    update.status = Set(OutboxStatus::Sent);
                    update.sent_at = Set(Some(Utc::now()));
                    update.last_error = Set(None);
                    delivered += 1;
                }
                Err(e) => {
                    let message: String = format!("{e:#}").chars().take(500).collect();
                    tracing::warn!(attempts, error = %message, "mail not delivered; will retry");
                    if attempts >= MAX_ATTEMPTS {
                        update.status = Set(OutboxStatus::Dead);
                    }
                    let wait = chrono::Duration::from_std(backoff(config, attempts)).unwrap_or(CLAIM);
                    update.next_attempt_at = Set(Utc::now() + wait);
                    update.last_error = Set(Some(message));
                }
            }
            update.update(db).await?;
        }
        if !full_batch {
            return Ok(delivered);
        }
    }
}
