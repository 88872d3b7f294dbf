//! Looking up one's own application with the reference code and the mobile number.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use subtle::ConstantTimeEq;

use super::db_failure;
use crate::domain::{mask_id_number, mask_name, mask_phone, MobileNumber};
use crate::error::AppError;
use crate::i18n::status_label;
use crate::model::{StatusOutcome, StatusView};
use crate::server::entities::{application, campaign, campaign_role};
use crate::server::AppState;

/// The application with this reference, if `mobile` is the number it was signed up with. An
/// erased application has no mobile hash left, so it is never found.
pub async fn find_own(
    state: &AppState,
    reference: &str,
    mobile: &str,
) -> Result<Option<application::Model>, AppError> {
    // typed with a Chinese input method, `ＳＷ２３４５…` is the same code
    let reference: String =
        crate::domain::width::narrow(reference).chars().filter(|c| !c.is_whitespace()).collect();
    let reference = reference.to_ascii_uppercase();
    let Some(mobile) = MobileNumber::parse(mobile) else { return Ok(None) };
    if reference.is_empty() || reference.len() > 16 {
        return Ok(None);
    }
    let found = application::Entity::find()
        .filter(application::Column::Reference.eq(&reference))
        .one(&state.db)
        .await
        .map_err(db_failure)?;
    // during a key rotation the row may still carry the previous key's hash
    let given =
        [Some(state.crypto.keyed_hash(mobile.expose())), state.crypto.previous_keyed_hash(mobile.expose())];
    Ok(found.filter(|found| {
        given.iter().flatten().any(|h| bool::from(h.as_bytes().ct_eq(found.mobile_hash.as_bytes())))
    }))
}

/// A wrong pair and an unknown reference get the same answer, so the page cannot be used to
/// find out whether a reference exists.
pub async fn lookup(state: &AppState, reference: &str, mobile: &str) -> Result<StatusOutcome, AppError> {
    let Some(found) = find_own(state, reference, mobile).await? else { return Ok(StatusOutcome::NotFound) };
    Ok(StatusOutcome::Found(view(state, found).await?))
}

/// What the person may see of their own application: masked wherever it is personal.
pub async fn view(state: &AppState, found: application::Model) -> Result<StatusView, AppError> {
    let db = &state.db;
    let campaign = campaign::Entity::find_by_id(found.campaign_id).one(db).await.map_err(db_failure)?;
    let role = campaign_role::Entity::find_by_id(found.role_id).one(db).await.map_err(db_failure)?;
    let id_number = state.crypto.decrypt(&found.id_cipher).map_err(super::internal)?;
    Ok(StatusView {
        campaign_title: campaign.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
        campaign_slug: campaign.map(|c| c.slug).unwrap_or_default(),
        role_name: role.map(|r| r.name).unwrap_or_default(),
        status: status_label(found.status).to_string(),
        masked_name: mask_name(&found.name),
        masked_mobile: mask_phone(&state.crypto.decrypt(&found.mobile_cipher).map_err(super::internal)?),
        masked_id: mask_id_number(&id_number),
        submitted_at: found.created_at,
        lottery_token: super::lottery::entry_token(state, &found.reference),
        reference: found.reference,
    })
}
