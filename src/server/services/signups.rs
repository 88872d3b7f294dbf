//! Signing up: check, then write the application and its confirmation mail in one transaction.

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::{campaigns, db_failure};
use crate::domain::feed::{FeedEntry, FeedTopic, MaskedMobile};
use crate::domain::{today_in_china, ApplicationStatus};
use crate::error::AppError;
use crate::i18n::{t, Locale};
use crate::model::{CampaignPhase, FieldErrors, Receipt, SignupForm, SignupOutcome, ValidSignup};
use crate::server::email::messages::SignupConfirmation;
use crate::server::entities::application;
use crate::server::signup_writer::Written;
use crate::server::AppState;

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// `SW` + 8 characters: 32⁸ ≈ 10¹² codes, random so that they cannot be guessed in sequence.
pub fn new_reference() -> String {
    let mut rng = rand::thread_rng();
    let tail: String =
        (0..8).map(|_| REFERENCE_ALPHABET[rng.gen_range(0..REFERENCE_ALPHABET.len())] as char).collect();
    format!("SW{tail}")
}

/// Has this ID (by its keyed hash) signed up for this campaign already?
async fn signed_up_already<C: sea_orm::ConnectionTrait>(
    db: &C,
    campaign: i32,
    id_hash: &str,
) -> Result<bool, AppError> {
    let found = application::Entity::find()
        .filter(application::Column::CampaignId.eq(campaign))
        .filter(application::Column::IdHash.eq(id_hash))
        .count(db)
        .await
        .map_err(db_failure)?;
    Ok(found > 0)
}

fn duplicate() -> SignupOutcome {
    rejected(FieldErrors::from([("id_number".into(), "duplicate".into())]), t().duplicate_signup)
}
fn rejected(errors: FieldErrors, message: &str) -> SignupOutcome {
    SignupOutcome::Rejected { errors, message: Some(message.to_string()) }
}

/// Checks and stores one sign-up (counted in `/metrics` by its outcome).
pub async fn submit(
    state: &AppState,
    form: &SignupForm,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, AppError> {
    let outcome = submit_counted(state, form, now).await;
    crate::server::telemetry::signup(&outcome);
    outcome
}

async fn submit_counted(
    state: &AppState,
    form: &SignupForm,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, AppError> {
    let s = t();
    let db = &state.db;
    let Some(found) = state.campaigns.get(db, &form.campaign).await.map_err(db_failure)? else {
        return Ok(rejected(FieldErrors::new(), s.campaign_missing));
    };
    let (campaign, roles, asked) = (&found.0, &found.1, &found.2);
    match crate::model::CampaignPhase::at(campaign.opens_at, campaign.closes_at, now) {
        CampaignPhase::Upcoming => return Ok(rejected(FieldErrors::new(), s.campaign_not_open)),
        CampaignPhase::Closed => return Ok(rejected(FieldErrors::new(), s.campaign_closed)),
        CampaignPhase::Open if campaign.paused => return Ok(rejected(FieldErrors::new(), s.campaign_paused)),
        CampaignPhase::Open => {}
    }
    let rules = campaigns::rules(campaign, roles, asked);
    let valid = match form.parse(&rules, &state.regions, today_in_china()) {
        Ok(valid) => valid,
        Err(errors) => return Ok(rejected(errors, s.fix_errors)),
    };
    // The browser's e-mail check is deliberately simple; lettre's parser has the last word.
    if let Some(email) = &valid.email {
        if email.parse::<lettre::Address>().is_err() {
            return Ok(rejected(FieldErrors::from([("email".into(), "email_format".into())]), s.fix_errors));
        }
    }
    let Some(role) = roles.iter().find(|r| r.key == valid.role) else {
        return Ok(rejected(FieldErrors::from([("role".into(), "role_unknown".into())]), s.fix_errors));
    };
    let id_hash = state.crypto.keyed_hash(valid.id.expose());
    // during a key rotation an earlier sign-up may still carry the previous key's hash
    if let Some(previous) = state.crypto.previous_keyed_hash(valid.id.expose()) {
        if signed_up_already(db, campaign.id, &previous).await? {
            return Ok(duplicate());
        }
    }
    // The language of this request is the person's language: kept with the application, it
    // decides the language of every mail they get.
    let locale = crate::i18n::locale();

    // A reference collision is astronomically rare but possible: try again with a new code.
    for _ in 0..3 {
        let reference = new_reference();
        match insert(
            state,
            &valid,
            campaign.id,
            role.id,
            &reference,
            &id_hash,
            &campaign.title,
            &role.name,
            locale,
            now,
        )
        .await
        {
            Ok(Written::Stored) => {
                state.outbox_wake.notify_one();
                let entry = FeedEntry { at: now, masked: MaskedMobile::of(&valid.mobile) };
                state.bus.feed(FeedTopic::Campaign(campaign.id), entry);
                return Ok(SignupOutcome::Accepted(Receipt {
                    reference,
                    campaign_title: campaign.title.clone(),
                    masked_mobile: valid.mobile.masked(),
                    email_sent: valid.email.is_some(),
                }));
            }
            Ok(Written::Conflict) => {
                if signed_up_already(db, campaign.id, &id_hash).await? {
                    return Ok(duplicate());
                }
                // otherwise the reference code was taken: go round again with a new one
            }
            Err(e) => return Err(db_failure(e)),
        }
    }
    Err(super::internal("three reference collisions in a row"))
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    state: &AppState,
    valid: &ValidSignup,
    campaign_id: i32,
    role_id: i32,
    reference: &str,
    id_hash: &str,
    campaign_title: &str,
    role_name: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Written, DbErr> {
    let crypto = &state.crypto;
    let application = application::ActiveModel {
        campaign_id: Set(campaign_id),
        role_id: Set(role_id),
        reference: Set(reference.to_string()),
        name: Set(valid.name.as_str().to_string()),
        id_cipher: Set(crypto.encrypt(valid.id.expose())),
        id_hash: Set(id_hash.to_string()),
        mobile_cipher: Set(crypto.encrypt(valid.mobile.expose())),
        mobile_hash: Set(crypto.keyed_hash(valid.mobile.expose())),
        mobile_last4: Set(valid.mobile.last_four().to_string()),
        birth_date: Set(valid.id.birth_date()),
        region_code: Set(valid.community.clone()),
        skills: Set(serde_json::to_string(&valid.skills).unwrap_or_else(|_| "[]".into())),
        availability: Set(serde_json::to_string(&valid.availability).unwrap_or_else(|_| "[]".into())),
        email: Set(valid.email.clone()),
        status: Set(ApplicationStatus::Pending),
        consent_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        locale: Set(locale.tag().to_string()),
        source: Set(valid.source.map(|s| s.as_str().to_string())),
        ..Default::default()
    };
    let mail = valid.email.as_ref().map(|email| {
        let mail = SignupConfirmation {
            locale,
            name: valid.name.as_str(),
            campaign_title,
            role_name,
            reference,
            masked_mobile: &valid.mobile.masked(),
            public_url: &state.settings.public_url,
        }
        .render();
        (email.clone(), mail)
    });
    // The application, its answers and its confirmation mail commit together (in the writer's
    // transaction).
    state.signups.write(application, super::questions::rows(&valid.answers), mail).await
}
