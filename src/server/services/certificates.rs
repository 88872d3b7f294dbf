//! Certificates of hours anyone can verify. A certificate's serial (`domain::serial`) is its
//! number and a truncated HMAC of that number under a key derived from the master key, so
//! nobody without the key can make a serial that names a certificate, and the serial itself names
//! nobody. `/verify/{serial}` says "genuine" only if the certificate with that number was issued
//! with exactly this serial: compared in constant time against the stored serial, so a
//! certificate printed before a key rotation stays genuine after it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use subtle::ConstantTimeEq;

use super::db_failure;
use crate::domain::serial::Serial;
use crate::domain::{mask_name, ApplicationStatus};
use crate::error::AppError;
use crate::model::me::{CertificateFacts, CertificateOutcome, PrintableCertificate, ServiceLine, Verdict};
use crate::server::entities::{application, campaign, certificate};
use crate::server::AppState;

/// The certificate of `application` for `total_minutes`: the one already issued for that total,
/// or a new one. Only approved volunteers get one.
pub async fn issue(
    state: &AppState,
    application: &application::Model,
    total_minutes: i64,
    services: &[ServiceLine],
    now: DateTime<Utc>,
) -> Result<CertificateOutcome, AppError> {
    if application.status != ApplicationStatus::Approved {
        return Ok(CertificateOutcome::NotApproved);
    }
    let issued = match issued_for(state, application.id, total_minutes).await? {
        Some(issued) => issued,
        None => match insert(state, application, total_minutes, services, now).await {
            Ok(issued) => issued,
            // a concurrent view issued it first (one certificate per application and total)
            Err(e) => issued_for(state, application.id, total_minutes).await?.ok_or(e)?,
        },
    };
    Ok(CertificateOutcome::Issued(printable(state, facts(issued))))
}

async fn issued_for(
    state: &AppState,
    application_id: i64,
    total_minutes: i64,
) -> Result<Option<certificate::Model>, AppError> {
    certificate::Entity::find()
        .filter(certificate::Column::ApplicationId.eq(application_id))
        .filter(certificate::Column::TotalMinutes.eq(total_minutes))
        .one(&state.db)
        .await
        .map_err(db_failure)
}

/// Inserts the row, then writes its serial, which needs the row's number (one transaction).
async fn insert(
    state: &AppState,
    application: &application::Model,
    total_minutes: i64,
    services: &[ServiceLine],
    now: DateTime<Utc>,
) -> Result<certificate::Model, AppError> {
    let campaign_title = campaign::Entity::find_by_id(application.campaign_id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .map(|c| c.title)
        .unwrap_or_default();
    let txn = state.db.begin().await.map_err(db_failure)?;
    let row = certificate::ActiveModel {
        // unique placeholder until the number is known; never seen outside this transaction
        serial: Set(format!("pending-{}", uuid::Uuid::new_v4().simple())),
        application_id: Set(application.id),
        issued_at: Set(now),
        total_minutes: Set(total_minutes),
        campaign_title: Set(campaign_title.chars().take(200).collect()),
        masked_name: Set(mask_name(&application.name).chars().take(40).collect()),
        services: Set(serde_json::to_string(services).map_err(super::internal)?),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(db_failure)?;
    let number = u64::try_from(row.id).ok();
    let serial = number
        .and_then(|n| Serial::new(n, state.crypto.certificate_tag(n)))
        .ok_or_else(|| super::internal(format!("certificate number {} out of range", row.id)))?;
    let mut row = row.into_active_model();
    row.serial = Set(serial.to_string());
    let row = row.update(&txn).await.map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    tracing::info!(certificate = row.id, "certificate issued");
    Ok(row)
}

/// Whether `text` is the serial of an issued certificate, and what that certificate states.
/// Text that is not shaped like a serial is refused without asking the database.
pub async fn verify(state: &AppState, text: &str) -> Result<Verdict, AppError> {
    let Some(serial) = Serial::parse(text) else { return Ok(Verdict::NotGenuine) };
    let Ok(number) = i64::try_from(serial.number()) else { return Ok(Verdict::NotGenuine) };
    let found = certificate::Entity::find_by_id(number).one(&state.db).await.map_err(db_failure)?;
    let given = serial.to_string();
    Ok(match found {
        Some(row) if bool::from(row.serial.as_bytes().ct_eq(given.as_bytes())) => {
            Verdict::Genuine(facts(row))
        }
        _ => Verdict::NotGenuine,
    })
}

fn facts(row: certificate::Model) -> CertificateFacts {
    CertificateFacts {
        serial: row.serial,
        masked_name: row.masked_name,
        campaign_title: row.campaign_title,
        total_minutes: row.total_minutes,
        issued_at: row.issued_at,
        // a row written before services were kept, or unreadable, lists none
        services: serde_json::from_str(&row.services).unwrap_or_default(),
    }
}

/// The certificate with its link to `/verify/{serial}` (absolute, from `PUBLIC_URL`) as a QR code.
fn printable(state: &AppState, facts: CertificateFacts) -> PrintableCertificate {
    let verify_url = format!("{}/verify/{}", state.settings.public_url.trim_end_matches('/'), facts.serial);
    let qr_svg =
        crate::server::qr::svg(&verify_url, crate::i18n::t().qr_label).map(|q| q.svg).unwrap_or_default();
    PrintableCertificate { facts, verify_url, qr_svg }
}
