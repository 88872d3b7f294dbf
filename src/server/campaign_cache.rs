//! Campaign definitions change rarely and are read on every sign-up: keep them for a second.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbErr};

use super::entities::{campaign, campaign_role, question};
use super::services::campaigns::find_by_slug;
use super::services::questions;

/// A campaign, its roles and the questions it asks (not the retired ones).
pub type CampaignWithRoles = Arc<(campaign::Model, Vec<campaign_role::Model>, Vec<question::Model>)>;

pub struct CampaignCache {
    ttl: Duration,
    entries: RwLock<HashMap<String, (Instant, CampaignWithRoles)>>,
}

impl CampaignCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: RwLock::new(HashMap::new()) }
    }

    /// Forgets every campaign, so that a change made by an organizer (pause, close, new roles)
    /// applies to the very next sign-up of this instance. Other instances follow within the TTL.
    pub fn forget_all(&self) {
        self.entries.write().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Only campaigns that exist are kept, so unknown slugs cannot grow the cache.
    pub async fn get<C: ConnectionTrait>(
        &self,
        db: &C,
        slug: &str,
    ) -> Result<Option<CampaignWithRoles>, DbErr> {
        if let Some((at, found)) = self.entries.read().unwrap_or_else(|p| p.into_inner()).get(slug) {
            if at.elapsed() < self.ttl {
                return Ok(Some(found.clone()));
            }
        }
        let Some((campaign, roles)) = find_by_slug(db, slug).await? else { return Ok(None) };
        let asked = questions::of_campaign(db, campaign.id, false).await?;
        let found = Arc::new((campaign, roles, asked));
        self.entries
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(slug.to_string(), (Instant::now(), found.clone()));
        Ok(Some(found))
    }
}
