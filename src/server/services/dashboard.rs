//! The dashboard of a campaign: counts per status, progress to target, sign-ups per day, per
//! hour of the opening day, per county, per source — each one aggregate query in the database,
//! limited to the organizer's area.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{db_failure, review};
use crate::domain::{ApplicationStatus, ShareSource, CHINA_OFFSET};
use crate::error::AppError;
use crate::model::admin::{Choice, CountyProgress, Dashboard, QueueFilter};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, campaign};
use crate::server::AppState;

const DAYS: usize = 60;

pub async fn show(
    state: &AppState,
    organizer: &Organizer,
    campaign_slug: &str,
) -> Result<Dashboard, AppError> {
    organizer.require(Permission::ReadApplications)?;
    let db = &state.db;
    let filter = QueueFilter { campaign: campaign_slug.to_string(), ..Default::default() };
    let selection = review::select(db, organizer, &filter).await?;
    let counts = review::counts(db, selection.without_status.clone()).await?;
    let live: Condition =
        selection.without_status.clone().add(application::Column::Status.ne(ApplicationStatus::Withdrawn));

    let day = china_time(db.get_database_backend(), Part::Day);
    let mut per_day: Vec<(String, i64)> = application::Entity::find()
        .select_only()
        .column_as(day.clone(), "day")
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(live.clone())
        .group_by(day)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_failure)?;
    per_day.sort();
    let skip = per_day.len().saturating_sub(DAYS);
    let opening_day = match per_day.first() {
        Some((first, _)) => Some((first.clone(), per_hour(db, live.clone(), first).await?)),
        None => None,
    };
    let per_source = per_source(db, live.clone()).await?;

    let county = Expr::cust("substr(region_code, 1, 6)");
    let per_county_rows: Vec<(String, ApplicationStatus, i64)> = application::Entity::find()
        .select_only()
        .column_as(county.clone(), "county")
        .column(application::Column::Status)
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(live)
        .group_by(county)
        .group_by(application::Column::Status)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_failure)?;
    let mut per_county: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (code, status, n) in per_county_rows {
        let n = u64::try_from(n).unwrap_or(0);
        let entry = per_county.entry(code).or_default();
        entry.0 += n;
        if status == ApplicationStatus::Approved {
            entry.1 += n;
        }
    }
    let campaigns =
        campaign::Entity::find().order_by_asc(campaign::Column::Id).all(db).await.map_err(db_failure)?;
    let signups = counts.iter().filter(|(k, _)| **k != ApplicationStatus::Withdrawn).map(|(_, v)| *v).sum();
    let training = super::trainings::progress(state, organizer, selection.campaign.id).await?;
    Ok(Dashboard {
        training,
        campaign: selection.campaign.slug.clone(),
        title: selection.campaign.title.clone(),
        campaigns: campaigns
            .iter()
            .map(|c| Choice { value: c.slug.clone(), label: c.title.clone() })
            .collect(),
        target: u64::try_from(selection.campaign.target).unwrap_or(0),
        recruited: counts.get(&ApplicationStatus::Approved).copied().unwrap_or(0),
        signups,
        counts,
        per_day: per_day.into_iter().skip(skip).map(|(d, n)| (d, u64::try_from(n).unwrap_or(0))).collect(),
        per_county: per_county
            .into_iter()
            .map(|(code, (signups, recruited))| CountyProgress {
                name: state.regions.county(&code).map(|c| c.name.clone()).unwrap_or_else(|| code.clone()),
                code,
                signups,
                recruited,
            })
            .collect(),
        organizer: super::organizers::view(organizer),
        opening_day,
        per_source,
        weeks: super::duty_weeks::weeks_of(db, selection.campaign.id).await.map_err(db_failure)?,
        per_activity: super::activities::heads_of_campaign(db, selection.campaign.id)
            .await
            .map_err(db_failure)?,
    })
}

/// Which part of a time to read in China time.
#[derive(Clone, Copy)]
enum Part {
    /// YYYY-MM-DD
    Day,
    /// HH, 00–23
    Hour,
}

/// `created_at` in China time, as text, in each engine's own words (both group on it alike).
fn china_time(backend: DbBackend, part: Part) -> Expr {
    let hours = CHINA_OFFSET.local_minus_utc() / 3600;
    match (backend, part) {
        (DbBackend::Postgres, part) => {
            let pattern = match part {
                Part::Day => "YYYY-MM-DD",
                Part::Hour => "HH24",
            };
            Expr::cust(format!("to_char(created_at AT TIME ZONE INTERVAL '{hours:+03}:00', '{pattern}')"))
        }
        (_, part) => {
            let pattern = match part {
                Part::Day => "%Y-%m-%d",
                Part::Hour => "%H",
            };
            Expr::cust(format!("strftime('{pattern}', created_at, '{hours:+} hours')"))
        }
    }
}

/// Sign-ups per hour (00…23, China time) on `day` (YYYY-MM-DD, China time).
async fn per_hour(db: &DatabaseConnection, live: Condition, day: &str) -> Result<Vec<u64>, AppError> {
    let backend = db.get_database_backend();
    let hour = china_time(backend, Part::Hour);
    let rows: Vec<(String, i64)> = application::Entity::find()
        .select_only()
        .column_as(hour.clone(), "hour")
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(live)
        .filter(china_time(backend, Part::Day).eq(day))
        .group_by(hour)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_failure)?;
    let mut hours = vec![0u64; 24];
    for (hour, n) in rows {
        if let Some(slot) = hour.parse::<usize>().ok().and_then(|h| hours.get_mut(h)) {
            *slot += u64::try_from(n).unwrap_or(0);
        }
    }
    Ok(hours)
}

/// Sign-ups per source; a word that is no `ShareSource` (there should be none) counts as direct.
async fn per_source(
    db: &DatabaseConnection,
    live: Condition,
) -> Result<Vec<(Option<ShareSource>, u64)>, AppError> {
    let rows: Vec<(Option<String>, i64)> = application::Entity::find()
        .select_only()
        .column(application::Column::Source)
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(live)
        .group_by(application::Column::Source)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_failure)?;
    let mut counts: BTreeMap<Option<ShareSource>, u64> = BTreeMap::new();
    for (word, n) in rows {
        *counts.entry(word.as_deref().and_then(ShareSource::parse)).or_default() +=
            u64::try_from(n).unwrap_or(0);
    }
    // `None` sorts first: direct, then the sources in `ShareSource::ALL` order
    Ok(counts.into_iter().collect())
}
