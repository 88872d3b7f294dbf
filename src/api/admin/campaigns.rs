//! Campaigns: the list, editing one, saving, and opening / pausing / closing sign-ups.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::admin::url_encode;
use crate::model::admin::{CampaignEdit, CampaignForm, CampaignsPage};
#[cfg(feature = "ssr")]
use crate::server::services::{campaign_admin, dashboard};

#[server(prefix = "/api", endpoint = "admin/campaigns")]
pub async fn admin_campaigns() -> Result<CampaignsPage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(campaign_admin::list(&state, &organizer).await)
}

#[server(prefix = "/api", endpoint = "admin/campaign")]
pub async fn admin_campaign(#[server(default)] slug: String) -> Result<CampaignEdit, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(campaign_admin::edit(&state, &organizer, &slug).await)
}

#[server(prefix = "/api", endpoint = "admin/campaign_save")]
pub async fn admin_campaign_save(#[server(default)] campaign: CampaignForm) -> Result<String, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = campaign_admin::save(&state, &organizer, &campaign).await;
    let edit = |slug: &str| format!("/admin/campaigns/edit?slug={}", url_encode(slug));
    let on_ok = |slug: &String| Then::show(edit(slug), crate::i18n::ta().campaign_saved);
    // the typed values are not kept across the redirect; the message says what to fix
    door::respond(result, on_ok, || edit(&campaign.slug)).await
}

/// `action` = `open`, `pause` or `close`.
#[server(prefix = "/api", endpoint = "admin/campaign_phase")]
pub async fn admin_campaign_phase(
    #[server(default)] slug: String,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = campaign_admin::set_phase(&state, &organizer, &slug, &action).await;
    let back = "/admin/campaigns";
    door::respond(result, |_| Then::show(back, crate::i18n::ta().team_done), || back.to_string()).await
}

#[server(prefix = "/api", endpoint = "admin/dashboard")]
pub async fn admin_dashboard(
    #[server(default)] campaign: String,
) -> Result<crate::model::admin::Dashboard, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(dashboard::show(&state, &organizer, &campaign).await)
}
