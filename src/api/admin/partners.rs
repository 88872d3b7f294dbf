//! Partner systems' API tokens: the list, creating one (shown once), revoking one.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::admin::{PartnerTokenForm, PartnersPage};
#[cfg(feature = "ssr")]
use crate::server::services::partners;

#[server(prefix = "/api", endpoint = "admin/partners")]
pub async fn admin_partners() -> Result<PartnersPage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(partners::list(&state, &organizer).await)
}

/// Answers the new token; a plain form post sees it once, in the notice on the tokens page.
#[server(prefix = "/api", endpoint = "admin/partner_create")]
pub async fn admin_partner_create(#[server(default)] token: PartnerTokenForm) -> Result<String, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = partners::create(&state, &organizer, &token).await;
    let shown =
        |token: &String| Then::show("/admin/partners", format!("{}{token}", crate::i18n::tp().created));
    door::respond(result, shown, || "/admin/partners".to_string()).await
}

#[server(prefix = "/api", endpoint = "admin/partner_revoke")]
pub async fn admin_partner_revoke(#[server(default)] id: String) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match id.trim().parse::<i32>() {
        Ok(id) if id > 0 => partners::revoke(&state, &organizer, id).await,
        _ => Err(AppError::NotFound),
    };
    let back = "/admin/partners";
    door::respond(result, |_| Then::show(back, crate::i18n::tp().revoked_notice), || back.to_string()).await
}

/// `paused` = `1` pauses every webhook of the partner, anything else resumes them.
#[server(prefix = "/api", endpoint = "admin/partner_pause")]
pub async fn admin_partner_pause(
    #[server(default)] id: String,
    #[server(default)] paused: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match id.trim().parse::<i32>() {
        Ok(id) if id > 0 => partners::pause_webhooks(&state, &organizer, id, paused.trim() == "1").await,
        _ => Err(AppError::NotFound),
    };
    let back = "/admin/partners";
    door::respond(result, |_| Then::show(back, crate::i18n::ta().team_done), || back.to_string()).await
}
