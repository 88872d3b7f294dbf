use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{CampaignDetail, CampaignSummary, FieldErrors, PageFeed, RegionTree, SignupForm};

/// What the campaign page needs: the campaign, the region picker, and — after a plain form post
/// that had mistakes — what the person typed with the messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignPageData {
    pub detail: CampaignDetail,
    pub regions: RegionTree,
    pub values: SignupForm,
    pub errors: FieldErrors,
    pub message: Option<String>,
    /// The newest sign-ups and the read count.
    pub feed: PageFeed,
    /// The page's absolute address (from `PUBLIC_URL`), without a query: what is shared.
    pub page_url: String,
}

#[server(prefix = "/api", endpoint = "campaigns")]
pub async fn list_campaigns() -> Result<Vec<CampaignSummary>, AppError> {
    use crate::server::services::{campaigns, db_failure};
    let state = super::door::state()?;
    campaigns::list(&state.db, chrono::Utc::now()).await.map_err(db_failure)
}

#[server(prefix = "/api", endpoint = "campaign")]
pub async fn campaign_page(
    slug: String,
    flash: Option<String>,
) -> Result<Option<CampaignPageData>, AppError> {
    use crate::server::services::{campaigns, db_failure, feed};
    let state = super::door::state()?;
    let found = campaigns::detail(&state.db, &slug, &state.regions, chrono::Utc::now()).await;
    let Some(detail) = found.map_err(db_failure)? else { return Ok(None) };
    let found = feed::campaign_feed(&state, &slug, crate::i18n::locale()).await.map_err(db_failure)?;
    let Some(feed) = found else { return Ok(None) };
    let regions = state.regions.restricted_to(&detail.allowed_regions);
    let (values, errors, message) = state.flash.signup_left(flash.as_deref(), &slug).await;
    let page_url = state.settings.absolute(&format!("/campaigns/{}", detail.summary.slug));
    Ok(Some(CampaignPageData { detail, regions, values, errors, message, feed, page_url }))
}
