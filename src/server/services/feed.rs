//! The live feed's database side: priming a campaign's feed from its newest applications, and
//! what the campaign page shows of it.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::feed::{line, FeedEntry, FeedTopic, MaskedMobile};
use crate::domain::{ApplicationStatus, MobileNumber};
use crate::i18n::Locale;
use crate::model::PageFeed;
use crate::server::entities::{activity, activity_registration, application, campaign};
use crate::server::feed::RING;
use crate::server::reads::{activity_key, campaign_key, reads_of};
use crate::server::AppState;

/// The newest applications of a campaign as feed entries: erased and withdrawn ones left out,
/// the number decrypted only to be masked at once.
pub async fn load_campaign(state: &AppState, campaign_id: i32) -> Result<Vec<FeedEntry>, DbErr> {
    let rows: Vec<(String, DateTime<Utc>)> = application::Entity::find()
        .select_only()
        .column(application::Column::MobileCipher)
        .column(application::Column::CreatedAt)
        .filter(application::Column::CampaignId.eq(campaign_id))
        .filter(application::Column::ErasedAt.is_null())
        .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn))
        .order_by_desc(application::Column::CreatedAt)
        .order_by_desc(application::Column::Id)
        .limit(RING as u64)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(cipher, at)| {
            let mobile = MobileNumber::parse(&state.crypto.decrypt(&cipher).ok()?)?;
            Some(FeedEntry { at, masked: MaskedMobile::of(&mobile) })
        })
        .collect())
}

/// The feed lines and the read count a campaign page shows, in the reader's language.
pub async fn campaign_feed(state: &AppState, slug: &str, locale: Locale) -> Result<Option<PageFeed>, DbErr> {
    let Some(found) = state.campaigns.get(&state.db, slug).await? else { return Ok(None) };
    let id = found.0.id;
    let topic = FeedTopic::Campaign(id);
    let entries = state.feed.recent(topic, || load_campaign(state, id)).await?;
    let now = Utc::now();
    let lines = entries.iter().map(|entry| line(entry, now, locale)).collect();
    let reads = reads_of(&state.db, &campaign_key(id)).await?;
    Ok(Some(PageFeed { topic, lines, reads }))
}

/// The newest registrations of an activity as feed entries (the masked mobile is kept as such).
pub async fn load_activity(state: &AppState, activity_id: i32) -> Result<Vec<FeedEntry>, DbErr> {
    let rows: Vec<(String, DateTime<Utc>)> = activity_registration::Entity::find()
        .select_only()
        .column(activity_registration::Column::MobileMasked)
        .column(activity_registration::Column::CreatedAt)
        .filter(activity_registration::Column::ActivityId.eq(activity_id))
        .order_by_desc(activity_registration::Column::CreatedAt)
        .order_by_desc(activity_registration::Column::Id)
        .limit(RING as u64)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(masked, at)| {
            let (head, tail) = (masked.get(..3)?, masked.get(masked.len().checked_sub(4)?..)?);
            Some(FeedEntry { at, masked: MaskedMobile::from_parts(head, tail)? })
        })
        .collect())
}

/// The feed lines and the read count an activity page shows, in the reader's language.
pub async fn activity_feed(state: &AppState, activity_id: i32, locale: Locale) -> Result<PageFeed, DbErr> {
    let topic = FeedTopic::Activity(i64::from(activity_id));
    let entries = state.feed.recent(topic, || load_activity(state, activity_id)).await?;
    let now = Utc::now();
    let lines = entries.iter().map(|entry| line(entry, now, locale)).collect();
    let reads = reads_of(&state.db, &activity_key(i64::from(activity_id))).await?;
    Ok(PageFeed { topic, lines, reads })
}

/// Does the topic's page exist? Asked once per topic per process: afterwards the feed knows it.
pub async fn topic_exists(state: &AppState, topic: FeedTopic) -> Result<bool, DbErr> {
    if state.feed.knows(topic) {
        return Ok(true);
    }
    match topic {
        FeedTopic::Campaign(id) => Ok(campaign::Entity::find_by_id(id).count(&state.db).await? > 0),
        FeedTopic::Activity(id) => match i32::try_from(id) {
            Ok(id) => Ok(activity::Entity::find_by_id(id).count(&state.db).await? > 0),
            Err(_) => Ok(false),
        },
    }
}
