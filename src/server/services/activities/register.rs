//! A guardian registers a family: everyone counts against the places, and the family is taken
//! whole or refused whole. The places, the registration, everyone's check-in code and the
//! guardian's confirmation mail commit in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::db_failure;
use crate::domain::family::{self, ChildRule, Companion};
use crate::domain::feed::{FeedEntry, FeedTopic, MaskedMobile};
use crate::domain::ShareSource;
use crate::domain::{today_in_china, MobileNumber, PersonKind, PersonName, ResidentId};
use crate::error::AppError;
use crate::i18n::{activity_words, Locale};
use crate::model::activity::{FamilyForm, FamilyOutcome, FamilyReceipt, ReceiptPerson};
use crate::model::FieldErrors;
use crate::server::email::messages::Mail;
use crate::server::email::outbox;
use crate::server::entities::{activity, activity_person, activity_registration};
use crate::server::services::signups::new_reference;
use crate::server::services::trainings::new_code;
use crate::server::AppState;

/// The guardian, checked, and the companions they bring.
struct Family {
    name: PersonName,
    mobile: MobileNumber,
    id: ResidentId,
    email: String,
    source: Option<ShareSource>,
    companions: Vec<Companion>,
}

impl Family {
    fn heads(&self) -> i32 {
        1 + self.companions.len() as i32
    }
}

fn refused(errors: FieldErrors, message: impl Into<String>) -> FamilyOutcome {
    FamilyOutcome::Refused { errors, message: Some(message.into()) }
}

fn check(form: &FamilyForm, rule: ChildRule) -> Result<Family, FieldErrors> {
    let mut errors = FieldErrors::new();
    let today = today_in_china();
    let name = PersonName::parse(&form.name)
        .map_err(|e| errors.insert("name".into(), family::name_code(e).into()))
        .ok();
    let mobile = MobileNumber::parse(&form.mobile);
    if mobile.is_none() {
        errors.insert("mobile".into(), "mobile_format".into());
    }
    let id = ResidentId::parse(&form.id_number, today)
        .map_err(|e| errors.insert("id_number".into(), e.code().into()))
        .ok()
        .filter(|id| {
            let adult = id.age_on(today) >= 18;
            if !adult {
                errors.insert("id_number".into(), "guardian_adult".into());
            }
            adult
        });
    let email = form.email.trim().to_string();
    let email_ok = email.chars().count() <= 254 && email.parse::<lettre::Address>().is_ok();
    if !email_ok {
        errors.insert("email".into(), "email_format".into());
    }
    if form.consent.trim().is_empty() {
        errors.insert("consent".into(), "consent_required".into());
    }
    let companions = family::companions(&form.people, rule).map_err(|found| errors.extend(found)).ok();
    match (name, mobile, id, companions) {
        (Some(name), Some(mobile), Some(id), Some(companions)) if errors.is_empty() => {
            Ok(Family { name, mobile, id, email, source: ShareSource::parse(&form.src), companions })
        }
        _ => Err(errors),
    }
}

fn rule_of(found: &activity::Model) -> ChildRule {
    let age = |a: Option<i32>| a.and_then(|a| u8::try_from(a).ok());
    ChildRule {
        audience: found.audience,
        min_age: age(found.child_min_age),
        max_age: age(found.child_max_age),
    }
}

/// Registers the family in `form` for its activity.
pub async fn register(
    state: &AppState,
    form: &FamilyForm,
    now: DateTime<Utc>,
) -> Result<FamilyOutcome, AppError> {
    let w = activity_words();
    if form.is_oversized() {
        return Ok(refused(FieldErrors::new(), w.form_too_long));
    }
    let Ok(id) = super::activity_id(&form.activity) else {
        return Ok(refused(FieldErrors::new(), w.unknown));
    };
    let found = activity::Entity::find_by_id(id).one(&state.db).await.map_err(db_failure)?;
    let Some(found) = found else { return Ok(refused(FieldErrors::new(), w.unknown)) };
    if found.cancelled_at.is_some() {
        return Ok(refused(FieldErrors::new(), w.cancelled));
    }
    if now >= found.signup_closes_at {
        return Ok(refused(FieldErrors::new(), w.closed));
    }
    let family = match check(form, rule_of(&found)) {
        Ok(family) => family,
        Err(errors) => return Ok(refused(errors, crate::i18n::t().fix_errors)),
    };
    let id_hash = state.crypto.keyed_hash(family.id.expose());
    // a second registration is told so before anything else (the unique key still decides races)
    if registered_already(state, found.id, &id_hash).await.map_err(db_failure)? {
        let errors = FieldErrors::from([("id_number".to_string(), "family_duplicate".to_string())]);
        return Ok(refused(errors, w.duplicate));
    }
    let locale = crate::i18n::locale();
    for _ in 0..3 {
        let reference = new_reference();
        match write(state, &found, &family, &id_hash, &reference, locale, now).await {
            Ok(Written::Registered(receipt)) => {
                state.outbox_wake.notify_one();
                let entry = FeedEntry { at: now, masked: MaskedMobile::of(&family.mobile) };
                state.bus.feed(FeedTopic::Activity(i64::from(found.id)), entry);
                return Ok(FamilyOutcome::Registered(*receipt));
            }
            Ok(Written::Full { left }) => {
                let errors = FieldErrors::from([("people".to_string(), "full".to_string())]);
                return Ok(refused(errors, crate::i18n::places_left_refusal(family.heads(), left)));
            }
            Ok(Written::Duplicate) => {
                let errors = FieldErrors::from([("id_number".to_string(), "family_duplicate".to_string())]);
                return Ok(refused(errors, w.duplicate));
            }
            // a reference or a check-in code was taken: go round again with new ones
            Ok(Written::Collision) => {}
            Err(e) => return Err(db_failure(e)),
        }
    }
    Err(crate::server::services::internal("three code collisions in a row"))
}

enum Written {
    Registered(Box<FamilyReceipt>),
    Full { left: i32 },
    Duplicate,
    Collision,
}

async fn registered_already(state: &AppState, activity_id: i32, id_hash: &str) -> Result<bool, DbErr> {
    let found = activity_registration::Entity::find()
        .filter(activity_registration::Column::ActivityId.eq(activity_id))
        .filter(activity_registration::Column::IdHash.eq(id_hash))
        .one(&state.db)
        .await?;
    Ok(found.is_some())
}

fn is_unique_violation(e: &DbErr) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    text.contains("unique") || text.contains("duplicate key")
}

async fn write(
    state: &AppState,
    found: &activity::Model,
    family: &Family,
    id_hash: &str,
    reference: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Written, DbErr> {
    let heads = family.heads();
    let txn = state.db.begin().await?;
    // the first write takes the places, or finds too few: the database decides
    let taken = activity::Entity::update_many()
        .col_expr(activity::Column::Registered, Expr::col(activity::Column::Registered).add(heads))
        .filter(activity::Column::Id.eq(found.id))
        .filter(activity::Column::CancelledAt.is_null())
        .filter(Expr::col(activity::Column::Registered).add(heads).lte(Expr::col(activity::Column::Capacity)))
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        let now_found = activity::Entity::find_by_id(found.id).one(&txn).await?;
        txn.rollback().await?;
        let left = now_found.map_or(0, |a| std::cmp::max(a.capacity - a.registered, 0));
        return Ok(Written::Full { left });
    }
    let crypto = &state.crypto;
    let saved = activity_registration::ActiveModel {
        activity_id: Set(found.id),
        reference: Set(reference.to_string()),
        guardian_name: Set(family.name.as_str().to_string()),
        id_cipher: Set(crypto.encrypt(family.id.expose())),
        id_hash: Set(id_hash.to_string()),
        mobile_cipher: Set(crypto.encrypt(family.mobile.expose())),
        mobile_masked: Set(family.mobile.masked()),
        email: Set(family.email.clone()),
        heads: Set(heads),
        source: Set(family.source.map(|s| s.as_str().to_string())),
        locale: Set(locale.tag().to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let saved = match saved {
        Ok(saved) => saved,
        Err(e) if is_unique_violation(&e) => {
            txn.rollback().await?;
            let again = registered_already(state, found.id, id_hash).await?;
            return Ok(if again { Written::Duplicate } else { Written::Collision });
        }
        Err(e) => return Err(e),
    };
    let mut people = Vec::with_capacity(heads as usize);
    for (mut listed, row) in everyone(family, crypto, now) {
        listed.code = new_code();
        let row = activity_person::ActiveModel {
            registration_id: Set(saved.id),
            activity_id: Set(found.id),
            checkin_code: Set(listed.code.clone()),
            ..row
        };
        if let Err(e) = row.insert(&txn).await {
            txn.rollback().await?;
            return if is_unique_violation(&e) { Ok(Written::Collision) } else { Err(e) };
        }
        people.push(listed);
    }
    let receipt = FamilyReceipt {
        reference: reference.to_string(),
        activity_id: found.id,
        activity_title: found.title.clone(),
        starts_at: found.starts_at,
        departs_at: found.departs_at,
        meeting_point: found.meeting_point.clone(),
        arrival_note: found.arrival_note.clone(),
        hotline: found.hotline.clone(),
        masked_mobile: family.mobile.masked(),
        people,
    };
    let (subject, body) = crate::i18n::mail_activities::confirmation(
        locale,
        family.name.as_str(),
        &receipt,
        &state.settings.public_url,
    );
    outbox::enqueue(&txn, &family.email, reference, Mail { kind: "activity_confirmation", subject, body })
        .await?;
    txn.commit().await?;
    Ok(Written::Registered(Box::new(receipt)))
}

/// Everyone the family brings, the guardian first: as the receipt lists them and as their
/// rows (the caller adds the check-in codes).
fn everyone(
    family: &Family,
    crypto: &crate::server::crypto::Crypto,
    now: DateTime<Utc>,
) -> Vec<(ReceiptPerson, activity_person::ActiveModel)> {
    let person = |kind: PersonKind, name: &str, age: Option<i32>| {
        let listed = ReceiptPerson { name: name.to_string(), kind, age, code: String::new() };
        let row = activity_person::ActiveModel {
            kind: Set(kind),
            name: Set(name.to_string()),
            age: Set(age),
            mobile_cipher: Set(None),
            consent_at: Set(None),
            arrived_at: Set(None),
            left_at: Set(None),
            minutes_served: Set(None),
            ..Default::default()
        };
        (listed, row)
    };
    let mut rows = vec![person(PersonKind::Guardian, family.name.as_str(), None)];
    for companion in &family.companions {
        rows.push(match companion {
            Companion::Adult { name, mobile } => {
                let (listed, row) = person(PersonKind::Adult, name.as_str(), None);
                (
                    listed,
                    activity_person::ActiveModel {
                        mobile_cipher: Set(Some(crypto.encrypt(mobile.expose()))),
                        ..row
                    },
                )
            }
            Companion::Child { name, age, consent } => {
                let (listed, row) = person(PersonKind::Child, name.as_str(), Some(i32::from(*age)));
                (listed, activity_person::ActiveModel { consent_at: Set(consent.then_some(now)), ..row })
            }
        });
    }
    rows
}
