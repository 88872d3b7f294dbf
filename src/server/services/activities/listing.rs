//! The public list of activities, the sign-up box of one, and the organizers' roster.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{db_failure, in_scope};
use crate::domain::calendar::in_china;
use crate::domain::{Audience, PersonKind};
use crate::error::AppError;
use crate::model::activity::{
    ActivitiesAdmin, ActivityCard, ActivityDetail, ActivityEditForm, ActivityRoster, RosterFamily,
    RosterPerson,
};
use crate::model::admin::Choice;
use crate::server::access::Organizer;
use crate::server::entities::{activity, activity_person, activity_registration, campaign};
use crate::server::AppState;

/// Most activities one list shows.
const LIST_LIMIT: u64 = 200;

fn card(a: &activity::Model, campaign: Option<&campaign::Model>) -> ActivityCard {
    ActivityCard {
        id: a.id,
        title: a.title.clone(),
        theme: a.theme.clone(),
        campaign_title: campaign.map(|c| c.title.clone()).unwrap_or_default(),
        campaign_slug: campaign.map(|c| c.slug.clone()).unwrap_or_default(),
        starts_at: a.starts_at,
        meeting_point: a.meeting_point.clone(),
        capacity: a.capacity,
        places_left: (a.capacity - a.registered).max(0),
        audience: a.audience,
        signup_closes_at: a.signup_closes_at,
        cancelled: a.cancelled_at.is_some(),
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn detail_of(a: &activity::Model, campaign: Option<&campaign::Model>, now: DateTime<Utc>) -> ActivityDetail {
    ActivityDetail {
        card: card(a, campaign),
        description: lines(&a.description),
        ends_at: a.ends_at,
        departs_at: a.departs_at,
        arrival_note: a.arrival_note.clone(),
        hotline: a.hotline.clone(),
        stops: lines(&a.stops),
        child_min_age: a.child_min_age,
        child_max_age: a.child_max_age,
        open: a.cancelled_at.is_none() && now < a.signup_closes_at,
    }
}

/// Activities still to end, soonest first; of one campaign (its slug) and for one audience if
/// asked. An unknown campaign or audience lists nothing rather than everything.
pub async fn list(
    state: &AppState,
    campaign_slug: &str,
    audience: &str,
    now: DateTime<Utc>,
) -> Result<Vec<ActivityCard>, AppError> {
    let campaigns = campaign::Entity::find().all(&state.db).await.map_err(db_failure)?;
    let by_id: HashMap<i32, &campaign::Model> = campaigns.iter().map(|c| (c.id, c)).collect();
    let mut query = activity::Entity::find().filter(activity::Column::EndsAt.gt(now));
    if !campaign_slug.trim().is_empty() {
        let id = campaigns.iter().find(|c| c.slug == campaign_slug.trim()).map_or(0, |c| c.id);
        query = query.filter(activity::Column::CampaignId.eq(id));
    }
    if !audience.trim().is_empty() {
        let Some(audience) = Audience::parse(audience.trim()) else { return Ok(Vec::new()) };
        query = query.filter(activity::Column::Audience.eq(audience));
    }
    let found = query
        .order_by_asc(activity::Column::StartsAt)
        .limit(LIST_LIMIT)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(found.iter().map(|a| card(a, by_id.get(&a.campaign_id).copied())).collect())
}

/// Every activity, the latest first, for the back office.
pub async fn admin_list(state: &AppState, organizer: &Organizer) -> Result<ActivitiesAdmin, AppError> {
    organizer.require(crate::server::access::Permission::Activities)?;
    let campaigns = campaign::Entity::find().all(&state.db).await.map_err(db_failure)?;
    let by_id: HashMap<i32, &campaign::Model> = campaigns.iter().map(|c| (c.id, c)).collect();
    let found = activity::Entity::find()
        .order_by_desc(activity::Column::StartsAt)
        .limit(LIST_LIMIT)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let activities = found.iter().map(|a| card(a, by_id.get(&a.campaign_id).copied())).collect();
    let campaigns =
        campaigns.iter().map(|c| Choice { value: c.slug.clone(), label: c.title.clone() }).collect();
    Ok(ActivitiesAdmin {
        organizer: crate::server::services::organizers::view(organizer),
        activities,
        campaigns,
    })
}

/// A campaign's activities with the people registered for each, soonest first (the dashboard).
pub async fn heads_of_campaign(
    db: &sea_orm::DatabaseConnection,
    campaign_id: i32,
) -> Result<Vec<(String, u64)>, sea_orm::DbErr> {
    let found = activity::Entity::find()
        .filter(activity::Column::CampaignId.eq(campaign_id))
        .order_by_asc(activity::Column::StartsAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    Ok(found.into_iter().map(|a| (a.title, u64::try_from(a.registered).unwrap_or(0))).collect())
}

/// One activity's sign-up box, or `None`.
pub async fn detail(
    state: &AppState,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Option<ActivityDetail>, AppError> {
    let Some(found) = activity::Entity::find_by_id(id).one(&state.db).await.map_err(db_failure)? else {
        return Ok(None);
    };
    let campaign =
        campaign::Entity::find_by_id(found.campaign_id).one(&state.db).await.map_err(db_failure)?;
    Ok(Some(detail_of(&found, campaign.as_ref(), now)))
}

/// The activity as its edit form shows it (China times).
pub fn edit_form(a: &activity::Model, campaign_slug: &str) -> ActivityEditForm {
    let time = |at| in_china(at, "%Y-%m-%dT%H:%M");
    let age = |a: Option<i32>| a.map(|a| a.to_string()).unwrap_or_default();
    ActivityEditForm {
        id: a.id.to_string(),
        campaign: campaign_slug.to_string(),
        title: a.title.clone(),
        theme: a.theme.clone(),
        description: a.description.clone(),
        starts_at: time(a.starts_at),
        ends_at: time(a.ends_at),
        meeting_point: a.meeting_point.clone(),
        departs_at: time(a.departs_at),
        arrival_note: a.arrival_note.clone(),
        hotline: a.hotline.clone(),
        stops: a.stops.clone(),
        capacity: a.capacity.to_string(),
        signup_closes_at: time(a.signup_closes_at),
        audience: a.audience.as_str().to_string(),
        child_min_age: age(a.child_min_age),
        child_max_age: age(a.child_max_age),
    }
}

/// The organizers' page of one activity: the form, and every family with everyone in it.
pub async fn roster(state: &AppState, organizer: &Organizer, id: i32) -> Result<ActivityRoster, AppError> {
    let found = in_scope(state, organizer, id).await?;
    let campaign =
        campaign::Entity::find_by_id(found.campaign_id).one(&state.db).await.map_err(db_failure)?;
    let families = activity_registration::Entity::find()
        .filter(activity_registration::Column::ActivityId.eq(id))
        .order_by_asc(activity_registration::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let people = activity_person::Entity::find()
        .filter(activity_person::Column::ActivityId.eq(id))
        .order_by_asc(activity_person::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let mut by_family: HashMap<i64, Vec<RosterPerson>> = HashMap::new();
    let clock = |at: Option<DateTime<Utc>>| at.map(|at| in_china(at, "%H:%M"));
    let arrived = people.iter().filter(|p| p.arrived_at.is_some()).count() as i32;
    for p in people {
        by_family.entry(p.registration_id).or_default().push(RosterPerson {
            name: p.name,
            kind: p.kind,
            age: p.age,
            arrived: clock(p.arrived_at),
            left: clock(p.left_at),
            minutes_served: p.minutes_served.filter(|_| p.kind != PersonKind::Child),
        });
    }
    let families: Vec<RosterFamily> = families
        .into_iter()
        .map(|f| RosterFamily {
            people: by_family.remove(&f.id).unwrap_or_default(),
            reference: f.reference,
            masked_mobile: f.mobile_masked,
            source: f.source,
        })
        .collect();
    let slug = campaign.as_ref().map(|c| c.slug.clone()).unwrap_or_default();
    Ok(ActivityRoster {
        organizer: crate::server::services::organizers::view(organizer),
        detail: detail_of(&found, campaign.as_ref(), Utc::now()),
        form: edit_form(&found, &slug),
        heads: found.registered,
        arrived,
        families,
    })
}
