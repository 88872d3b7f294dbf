use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, TransactionTrait,
};
use tokio::sync::Notify;

use super::messages::Mail;
use super::Mailer;
use crate::domain::OutboxStatus;
use crate::server::entities::outbox;
use crate::server::lifecycle::Lifecycle;

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
        claim_token: Set(None),
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

/// Runs until the instance stops: delivers due mail, then waits for a wake-up or the poll
/// interval. A stopping instance finishes the mail it is sending and hands the rest of its
/// batch back at once (rather than leaving it claimed for half a minute).
pub fn spawn_worker(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    wake: Arc<Notify>,
    config: WorkerConfig,
    lifecycle: Arc<Lifecycle>,
) {
    tokio::spawn(async move {
        loop {
            {
                let Some(_working) = lifecycle.working().await else { return };
                match deliver_due(&db, &mailer, &config, &lifecycle).await {
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "outbox pass failed; will retry"),
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(config.poll) => {}
                _ = lifecycle.stopped() => return,
            }
        }
    });
}

fn backoff(config: &WorkerConfig, attempts: i32) -> Duration {
    let doublings = (Ord::max(attempts, 1) - 1).clamp(0, 16) as u32;
    config.backoff.saturating_mul(1u32 << doublings).min(config.max_backoff)
}

/// Claims up to a batch of due mail for this worker: one statement that marks the rows with a
/// fresh token and a deadline. On PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so two
/// workers (two app instances) never wait on each other nor take the same row; SQLite has a
/// single writer, and the update's own conditions hold there.
async fn claim(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(String, Vec<outbox::Model>), DbErr> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let claimable = || {
        Condition::all()
            .add(outbox::Column::Status.eq(OutboxStatus::Pending))
            .add(outbox::Column::NextAttemptAt.lte(now))
            .add(outbox::Column::ClaimedUntil.is_null().or(outbox::Column::ClaimedUntil.lt(now)))
    };
    let due = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(claimable())
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_query();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + CLAIM))
        .col_expr(outbox::Column::ClaimToken, Expr::value(token.clone()))
        .filter(outbox::Column::Id.in_subquery(due))
        .filter(claimable())
        .exec(db)
        .await?;
    let claimed = outbox::Entity::find()
        .filter(outbox::Column::ClaimToken.eq(&token))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await?;
    Ok((token, claimed))
}

/// Hands back what this worker claimed and has not sent.
async fn release(db: &DatabaseConnection, token: &str) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox::Column::ClaimToken, Expr::value(Option::<String>::None))
        .filter(outbox::Column::ClaimToken.eq(token))
        .exec(db)
        .await
        .map(|_| ())
}

/// Mails sent at once by one worker (each on its own pooled SMTP connection); their outcomes
/// are recorded in one commit.
const IN_FLIGHT: usize = 10;

/// One pass over the due mail, a claimed batch at a time. A send's outcome is written only
/// while the claim is still this worker's: a send slower than its claim cannot overwrite what
/// the worker that took the row over has recorded.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    config: &WorkerConfig,
    lifecycle: &Lifecycle,
) -> Result<usize, DbErr> {
    let mut delivered = 0;
    loop {
        let (token, due) = claim(db, Utc::now()).await?;
        let full_batch = due.len() as u64 == BATCH;
        for chunk in due.chunks(IN_FLIGHT) {
            if lifecycle.is_stopping() {
                release(db, &token).await?;
                return Ok(delivered);
            }
            let sends =
                chunk.iter().map(|row| mailer.send(row.id, &row.recipient, &row.subject, &row.body_text));
            let results = futures_util::future::join_all(sends).await;
            let txn = db.begin().await?;
            for (row, result) in chunk.iter().zip(results) {
                crate::server::telemetry::mail(result.is_ok());
                delivered += usize::from(result.is_ok());
                record(&txn, row, &token, result, config).await?;
            }
            txn.commit().await?;
        }
        if !full_batch {
            return Ok(delivered);
        }
    }
}

/// Writes what one send did, if the claim is still `token`'s.
async fn record<C: ConnectionTrait>(
    db: &C,
    row: &outbox::Model,
    token: &str,
    result: anyhow::Result<()>,
    config: &WorkerConfig,
) -> Result<(), DbErr> {
    let attempts = row.attempts + 1;
    let mut update = outbox::ActiveModel {
        attempts: Set(attempts),
        claimed_until: Set(None),
        claim_token: Set(None),
        ..Default::default()
    };
    match result {
        Ok(()) => {
            update.status = Set(OutboxStatus::Sent);
            update.sent_at = Set(Some(Utc::now()));
            update.last_error = Set(None);
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
    let written = outbox::Entity::update_many()
        .set(update)
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::ClaimToken.eq(token))
        .exec(db)
        .await?;
    if written.rows_affected != 1 {
        tracing::warn!(mail = row.id, "the claim on a mail ran out before its send was recorded");
    }
    Ok(())
}
