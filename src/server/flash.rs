//! Short-lived answers for browsers without JavaScript.
//!
//! A plain form post is answered with a redirect (post → redirect → get). What the next page must
//! show — the typed values with their field messages, or a status result — waits here under a
//! random token that travels in the URL, so no personal data ever goes into a URL or a log.
//!
//! Kept in the database (encrypted), so that the redirect may land on any instance behind the
//! proxy. Bounded for anonymous visitors: by entries per client, by entries and bytes in all, and
//! by time. A client over its quota loses its own oldest entries; when the whole store is full,
//! the client holding the most gives way. Organizers' notices are counted apart, so no visitor
//! can push them out.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::distributions::Alphanumeric;
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use super::crypto::Crypto;
use super::entities::flash;

use crate::model::activity::{FamilyForm, FamilyOutcome};
use crate::model::{FieldErrors, SignupForm, StatusOutcome, WithdrawOutcome};

const TTL: Duration = Duration::from_secs(10 * 60);

/// What one owner may hold at a time. A person needs one entry per redirect, read at once.
const PER_OWNER_ENTRIES: usize = 16;
/// What all visitors together may hold (organizers have a budget of the same size of their own).
const TOTAL_ENTRIES: usize = 20_000;
const TOTAL_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flash {
    SignupRejected {
        values: SignupForm,
        errors: FieldErrors,
        message: Option<String>,
    },
    Status {
        reference: String,
        outcome: StatusOutcome,
    },
    Withdraw {
        reference: String,
        outcome: WithdrawOutcome,
    },
    /// A family form's answer: the receipt, or the refusal with what was typed.
    Family {
        values: FamilyForm,
        outcome: FamilyOutcome,
    },
    /// Back office: what the last plain form post did (or why it could not).
    Notice {
        ok: bool,
        message: String,
    },
}

impl Flash {
    /// A rejected sign-up, keeping only what the form shows again (each field cut at its limit).
    pub fn signup_rejected(form: &SignupForm, errors: FieldErrors, message: Option<String>) -> Flash {
        let errors = errors.into_iter().take(32).map(|(k, v)| (cut(&k, 40), cut(&v, 40))).collect();
        Flash::SignupRejected {
            values: form.kept_for_redisplay(),
            errors,
            message: message.map(|m| cut(&m, 500)),
        }
    }

    /// Roughly what the entry costs in memory, to hold the store to its byte budgets.
    fn weight(&self) -> usize {
        const OVERHEAD: usize = 256;
        OVERHEAD
            + match self {
                Flash::SignupRejected { values, errors, message } => {
                    let f = values;
                    [&f.campaign, &f.name, &f.mobile, &f.id_number, &f.county, &f.street, &f.community]
                        .iter()
                        .chain([&f.role, &f.email, &f.consent].iter())
                        .map(|s| s.len())
                        .sum::<usize>()
                        + map_weight(&f.skills)
                        + map_weight(&f.availability)
                        + map_weight(errors)
                        + message.as_ref().map_or(0, String::len)
                }
                Flash::Status { reference, .. } | Flash::Withdraw { reference, .. } => reference.len() + 64,
                Flash::Notice { message, .. } => message.len(),
                // bounded by the form's own limits (200 characters a field, 40 companion fields)
                Flash::Family { values, .. } => {
                    values.name.len()
                        + values.mobile.len()
                        + values.email.len()
                        + map_weight(&values.people)
                        + 2048
                }
            }
    }
}

fn cut(value: &str, limit: usize) -> String {
    value.chars().take(limit).collect()
}

fn map_weight(map: &BTreeMap<String, String>) -> usize {
    map.iter().map(|(k, v)| k.len() + v.len() + 48).sum()
}

/// Whose entry it is: an anonymous client (by its rate-limit key) or a signed-in organizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Visitor(IpAddr),
    Organizer(i32),
}

/// The answers, kept in the database so that every instance behind the proxy reads what another
/// one left. A visitor is stored only as a keyed hash of its address; the answer is encrypted.
#[derive(Clone)]
pub struct FlashStore {
    db: DatabaseConnection,
    crypto: Arc<Crypto>,
}

impl FlashStore {
    pub fn new(db: DatabaseConnection, crypto: Arc<Crypto>) -> Self {
        Self { db, crypto }
    }

    fn owner_key(&self, owner: Owner) -> String {
        match owner {
            Owner::Visitor(ip) => format!("v:{}", cut(&self.crypto.keyed_hash(&ip.to_string()), 40)),
            Owner::Organizer(id) => format!("o:{id}"),
        }
    }

    /// Keeps `flash` for `owner` and returns the token that fetches it (once). Should the
    /// database refuse, the token leads to an empty form, as after the entry's ten minutes.
    pub async fn put(&self, owner: Owner, flash: Flash) -> String {
        let token: String = rand::thread_rng().sample_iter(&Alphanumeric).take(24).map(char::from).collect();
        if let Err(e) = self.put_as(owner, &token, &flash, Utc::now()).await {
            tracing::warn!(error = %e, "keeping a form's answer failed");
        }
        token
    }

    async fn put_as(
        &self,
        owner: Owner,
        token: &str,
        flash: &Flash,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let sealed = self.crypto.encrypt(&serde_json::to_string(flash).unwrap_or_default());
        let organizer = matches!(owner, Owner::Organizer(_));
        let owner = self.owner_key(owner);
        flash::Entity::delete_many().filter(flash::Column::CreatedAt.lt(now - ttl())).exec(&self.db).await?;
        flash::ActiveModel {
            token: Set(token.to_string()),
            owner: Set(owner.clone()),
            organizer: Set(organizer),
            bytes: Set(i32::try_from(flash.weight()).unwrap_or(i32::MAX)),
            created_at: Set(now),
            sealed: Set(sealed),
        }
        .insert(&self.db)
        .await?;
        // the owner's oldest beyond its quota
        let over: Vec<String> = flash::Entity::find()
            .select_only()
            .column(flash::Column::Token)
            .filter(flash::Column::Owner.eq(&owner))
            .order_by_desc(flash::Column::CreatedAt)
            .offset(PER_OWNER_ENTRIES as u64)
            .limit(1024)
            .into_tuple()
            .all(&self.db)
            .await?;
        self.forget(over).await?;
        // when the class is full, the owner holding the most gives way (a few at a time)
        for _ in 0..8 {
            let (entries, bytes) = self.usage(organizer).await?;
            if entries <= TOTAL_ENTRIES as i64 && bytes <= TOTAL_BYTES as i64 {
                break;
            }
            let heaviest: Option<String> = flash::Entity::find()
                .select_only()
                .column(flash::Column::Owner)
                .filter(flash::Column::Organizer.eq(organizer))
                .group_by(flash::Column::Owner)
                .order_by_desc(flash::Column::Bytes.sum())
                .into_tuple()
                .one(&self.db)
                .await?;
            let Some(heaviest) = heaviest else { break };
            let oldest: Vec<String> = flash::Entity::find()
                .select_only()
                .column(flash::Column::Token)
                .filter(flash::Column::Owner.eq(heaviest))
                .order_by_asc(flash::Column::CreatedAt)
                .limit(4)
                .into_tuple()
                .all(&self.db)
                .await?;
            self.forget(oldest).await?;
        }
        Ok(())
    }

    async fn forget(&self, tokens: Vec<String>) -> Result<(), DbErr> {
        if !tokens.is_empty() {
            flash::Entity::delete_many().filter(flash::Column::Token.is_in(tokens)).exec(&self.db).await?;
        }
        Ok(())
    }

    /// How many entries and bytes visitors (or organizers) hold now.
    async fn usage(&self, organizer: bool) -> Result<(i64, i64), DbErr> {
        let row: Option<(i64, Option<i64>)> = flash::Entity::find()
            .select_only()
            .column_as(flash::Column::Token.count(), "entries")
            .column_as(Expr::col(flash::Column::Bytes).sum().cast_as("BIGINT"), "bytes")
            .filter(flash::Column::Organizer.eq(organizer))
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(row.map_or((0, 0), |(entries, bytes)| (entries, bytes.unwrap_or(0))))
    }

    /// What a rejected plain sign-up for `campaign` left under `token` (read once): the typed
    /// values, the messages per field and the message on top; else an empty form.
    pub async fn signup_left(
        &self,
        token: Option<&str>,
        campaign: &str,
    ) -> (SignupForm, FieldErrors, Option<String>) {
        let left = match token {
            Some(token) => self.take(token).await,
            None => None,
        };
        match left {
            Some(Flash::SignupRejected { values, errors, message }) if values.campaign == campaign => {
                (values, errors, message)
            }
            _ => (
                SignupForm { campaign: campaign.to_string(), ..Default::default() },
                FieldErrors::new(),
                None,
            ),
        }
    }

    /// The answer under `token`, once: whoever deletes the row reads it.
    pub async fn take(&self, token: &str) -> Option<Flash> {
        if token.is_empty() || token.len() > 32 {
            return None;
        }
        let row = flash::Entity::find_by_id(token.to_string()).one(&self.db).await.ok()??;
        let gone = flash::Entity::delete_by_id(token.to_string()).exec(&self.db).await.ok()?;
        if gone.rows_affected != 1 || Utc::now() - row.created_at >= ttl() {
            return None;
        }
        let json = self.crypto.decrypt(&row.sealed).ok()?;
        serde_json::from_str(&json).ok()
    }

    /// How many entries and bytes visitors hold now (for tests and the curious).
    pub async fn visitor_usage(&self) -> Result<(i64, i64), DbErr> {
        self.usage(false).await
    }
}

fn ttl() -> chrono::Duration {
    chrono::Duration::from_std(TTL).unwrap_or(chrono::Duration::minutes(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn huge_form() -> SignupForm {
        let mut form = SignupForm { campaign: "volunteers-guard-expo".into(), ..Default::default() };
        form.name = "张".repeat(40_000);
        form.email = "a".repeat(10_000);
        form.consent = "on".into();
        for i in 0..500 {
            form.skills.insert(format!("made-up-{i}"), "x".repeat(100));
        }
        form.skills.insert("first_aid".into(), "on".into());
        form
    }

    #[test]
    fn a_rejected_form_keeps_each_field_cut_at_its_limit_and_only_known_options() {
        let flash = Flash::signup_rejected(&huge_form(), FieldErrors::new(), None);
        let Flash::SignupRejected { values, .. } = &flash else { panic!("a sign-up flash") };
        assert_eq!(values.name.chars().count(), crate::model::signup::MAX_FIELD_CHARS);
        assert_eq!(values.skills.keys().collect::<Vec<_>>(), ["first_aid"]);
        assert!(values.consent.is_empty());
        assert_eq!(values.campaign, "volunteers-guard-expo");
        assert!(flash.weight() < 4 * 1024, "{} bytes", flash.weight());
    }
}
