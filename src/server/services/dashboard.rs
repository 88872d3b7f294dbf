//! The dashboard of a campaign: counts per status, progress to target, sign-ups per day, per
//! county — each one aggregate query in the database, limited to the organizer's area.

use std::collections::BTreeMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{db_failure, review};
use crate::domain::{ApplicationStatus, CHINA_OFFSET};
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

    // the day in China time, as text, per engine
    let hours = CHINA_OFFSET.local_minus_utc() / 3600;
    let day = match db.get_database_backend() {
        DbBackend::Postgres => {
            Expr::cust(format!("to_char(created_at AT TIME ZONE INTERVAL '{hours:+03}:00', 'YYYY-MM-DD')"))
        }
        _ => Expr::cust(format!("strftime('%Y-%m-%d', created_at, '{hours:+} hours')")),
    };
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
    })
}
