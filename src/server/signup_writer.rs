//! Group commit for sign-ups: one writer task takes whatever sign-ups are waiting, writes them
//! in one transaction and commits once. Every request still waits for its own commit before it
//! answers, so an acknowledged sign-up is durable; under load many sign-ups share one fsync.
//!
//! A duplicate is not an error inside the batch (`ON CONFLICT DO NOTHING`, zero rows written),
//! so one person's second try cannot spoil the others'. Any real error (disk full, lost
//! connection, deadlock) abandons the whole batch — SQLite may already have rolled it back on
//! its own — and every sign-up of it is then tried alone, in its own transaction.

use std::time::Duration;

use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::email::messages::Mail;
use super::email::outbox;
use super::entities::application;
use super::services::webhooks::{self, Subscriptions};
use crate::domain::WebhookEvent;

/// Most sign-ups committed together.
const MAX_BATCH: usize = 256;

/// What happened to one sign-up.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Stored,
    /// A unique key was taken: the same person for the campaign, or (rarely) the reference code.
    Conflict,
}

pub struct Job {
    pub application: application::ActiveModel,
    /// Answers to the campaign's questions: (question id, value) rows.
    pub answers: Vec<(i32, String)>,
    pub mail: Option<(String, Mail)>,
    pub reply: oneshot::Sender<Result<Written, DbErr>>,
}

#[derive(Clone)]
pub struct SignupWriter {
    sender: mpsc::Sender<Job>,
}

impl SignupWriter {
    /// Starts `writers` writer tasks (one is right for SQLite, which has one writer anyway).
    /// Partners' webhooks that want sign-ups get their deliveries in the same transaction.
    pub fn start(db: DatabaseConnection, writers: usize, hooks: std::sync::Arc<Subscriptions>) -> Self {
        let (sender, receiver) = mpsc::channel::<Job>(MAX_BATCH * 16);
        let receiver = std::sync::Arc::new(tokio::sync::Mutex::new(receiver));
        for _ in 0..writers.max(1) {
            let db = db.clone();
            let receiver = receiver.clone();
            let hooks = hooks.clone();
            tokio::spawn(async move {
                loop {
                    let mut batch = Vec::with_capacity(MAX_BATCH);
                    {
                        let mut rx = receiver.lock().await;
                        match rx.recv().await {
                            Some(job) => batch.push(job),
                            None => return,
                        }
                        while batch.len() < MAX_BATCH {
                            match rx.try_recv() {
                                Ok(job) => batch.push(job),
                                Err(_) => break,
                            }
                        }
                    }
                    write_batch(&db, batch, &hooks.current()).await;
                }
            });
        }
        Self { sender }
    }

    /// Writes one sign-up (and its mail) and waits until it is committed.
    pub async fn write(
        &self,
        application: application::ActiveModel,
        answers: Vec<(i32, String)>,
        mail: Option<(String, Mail)>,
    ) -> Result<Written, DbErr> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send_timeout(Job { application, answers, mail, reply }, Duration::from_secs(10))
            .await
            .map_err(|_| DbErr::Custom("sign-up queue is full (busy)".into()))?;
        answer.await.map_err(|_| DbErr::Custom("sign-up writer stopped (busy)".into()))?
    }
}

async fn write_batch(db: &DatabaseConnection, batch: Vec<Job>, hooks: &[webhooks::Subscription]) {
    if batch.len() > 1 {
        if let Ok(txn) = db.begin().await {
            let mut outcomes = Vec::with_capacity(batch.len());
            let mut failed = false;
            for job in &batch {
                match write_one(&txn, job, hooks).await {
                    Ok(outcome) => outcomes.push(outcome),
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            if !failed && txn.commit().await.is_ok() {
                for (job, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
                return;
            }
            // (an unfinished transaction rolls back when dropped)
        }
    }
    for job in batch {
        let result = async {
            let txn = db.begin().await?;
            let outcome = write_one(&txn, &job, hooks).await?;
            txn.commit().await?;
            Ok(outcome)
        }
        .await;
        let _ = job.reply.send(result);
    }
}

async fn write_one(
    txn: &DatabaseTransaction,
    job: &Job,
    hooks: &[webhooks::Subscription],
) -> Result<Written, DbErr> {
    let inserted = application::Entity::insert(job.application.clone())
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    if inserted == 0 {
        return Ok(Written::Conflict);
    }
    let reference = job.application.reference.try_as_ref().map(String::as_str).unwrap_or_default();
    if !job.answers.is_empty() {
        super::services::questions::store(txn, reference, &job.answers).await?;
    }
    if let Some((recipient, mail)) = &job.mail {
        outbox::enqueue(txn, recipient, reference, mail.clone()).await?;
    }
    let wanted = hooks.iter().any(|h| h.events.contains(&WebhookEvent::ApplicationCreated));
    if let (true, Some(reference)) = (wanted, job.application.reference.try_as_ref()) {
        use sea_orm::{ColumnTrait, QueryFilter};
        let stored =
            application::Entity::find().filter(application::Column::Reference.eq(reference)).one(txn).await?;
        if let Some(a) = stored {
            let data = webhooks::application_data(&a);
            webhooks::enqueue(txn, hooks, WebhookEvent::ApplicationCreated, &a.region_code, data).await?;
        }
    }
    Ok(Written::Stored)
}
