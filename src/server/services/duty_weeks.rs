//! Weeks of duty: an organizer offers a campaign's numbered weeks with places each; a volunteer
//! picks one on their page (or moves to another); an organizer can move them. The week's
//! counter is the database's to guard: a pick's first write is `… SET taken = taken + 1 WHERE
//! taken < capacity`, and the old week's place is given back in the same transaction.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::db_failure;
use crate::domain::{ApplicationStatus, AuditAction};
use crate::error::AppError;
use crate::model::weeks::{MyWeeks, WeekFill};
use crate::model::{ActivityProblem as P, Problem};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, duty_week, duty_week_pick};
use crate::server::services::audit::record;
use crate::server::AppState;

/// A campaign offers at most a year of weeks.
pub const MAX_WEEKS: i32 = 52;
const MAX_PLACES: i32 = 100_000;

fn refuse(problem: P) -> AppError {
    AppError::Invalid(Problem::Activity(problem))
}

fn fill(w: &duty_week::Model) -> WeekFill {
    WeekFill { number: w.number, starts_on: w.starts_on, capacity: w.capacity, taken: w.taken }
}

/// The campaign's weeks in order, with their fill.
pub async fn weeks_of<C: ConnectionTrait>(db: &C, campaign_id: i32) -> Result<Vec<WeekFill>, DbErr> {
    let weeks = duty_week::Entity::find()
        .filter(duty_week::Column::CampaignId.eq(campaign_id))
        .order_by_asc(duty_week::Column::Number)
        .all(db)
        .await?;
    Ok(weeks.iter().map(fill).collect())
}

/// The weeks a volunteer sees on their page, and theirs.
pub async fn of_volunteer(state: &AppState, person: &application::Model) -> Result<MyWeeks, AppError> {
    let weeks = weeks_of(&state.db, person.campaign_id).await.map_err(db_failure)?;
    if weeks.is_empty() {
        return Ok(MyWeeks::default());
    }
    let pick = duty_week_pick::Entity::find_by_id(person.id).one(&state.db).await.map_err(db_failure)?;
    let mine = match pick {
        Some(pick) => duty_week::Entity::find_by_id(pick.week_id).one(&state.db).await.map_err(db_failure)?,
        None => None,
    };
    Ok(MyWeeks { weeks, mine: mine.map(|w| w.number) })
}

/// Offers `count` weeks from `first_day` with `capacity` places each (China dates). Weeks that
/// exist keep their volunteers: their places change, never below those taken.
pub async fn set_up(
    state: &AppState,
    organizer: &Organizer,
    campaign: &str,
    first_day: &str,
    count: &str,
    capacity: &str,
) -> Result<usize, AppError> {
    organizer.require(Permission::Activities)?;
    if campaign.trim().is_empty() {
        return Err(refuse(P::CampaignUnknown));
    }
    let found = crate::server::services::teams::campaign_by_slug(state, campaign).await;
    let campaign_id = found.map_err(|_| refuse(P::CampaignUnknown))?.id;
    let first =
        NaiveDate::parse_from_str(first_day.trim(), "%Y-%m-%d").map_err(|_| refuse(P::WeeksInvalid))?;
    let count = count.trim().parse::<i32>().ok().filter(|c| (1..=MAX_WEEKS).contains(c));
    let capacity = capacity.trim().parse::<i32>().ok().filter(|c| (1..=MAX_PLACES).contains(c));
    let (Some(count), Some(capacity)) = (count, capacity) else { return Err(refuse(P::WeeksInvalid)) };
    let written: Result<bool, DbErr> = async {
        let txn = state.db.begin().await?;
        for number in 1..=count {
            let starts_on = first + Duration::weeks(i64::from(number - 1));
            let changed = duty_week::Entity::update_many()
                .col_expr(duty_week::Column::Capacity, Expr::value(capacity))
                .col_expr(duty_week::Column::StartsOn, Expr::value(starts_on))
                .filter(duty_week::Column::CampaignId.eq(campaign_id))
                .filter(duty_week::Column::Number.eq(number))
                .exec(&txn)
                .await?;
            if changed.rows_affected == 1 {
                continue;
            }
            let exists = duty_week::Entity::find()
                .filter(duty_week::Column::CampaignId.eq(campaign_id))
                .filter(duty_week::Column::Number.eq(number))
                .one(&txn)
                .await?;
            if exists.is_some() {
                return Ok(false);
            }
            duty_week::ActiveModel {
                campaign_id: Set(campaign_id),
                number: Set(number),
                starts_on: Set(starts_on),
                capacity: Set(capacity),
                taken: Set(0),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let what =
            serde_json::json!({ "weeks": count, "first_day": first, "capacity": capacity }).to_string();
        record(&txn, organizer, AuditAction::Activity, Some(campaign_id), what).await?;
        txn.commit().await?;
        Ok(true)
    }
    .await;
    // the CHECK (taken <= capacity) refuses a capacity below a week's volunteers
    match written {
        Ok(true) => Ok(count as usize),
        Ok(false) => Err(refuse(P::WeeksBelowTaken)),
        Err(e) if e.to_string().to_ascii_lowercase().contains("check") => Err(refuse(P::WeeksBelowTaken)),
        Err(e) => Err(db_failure(e)),
    }
}

/// Puts application `person` into week `number` of its campaign, giving back the place of the
/// week it served before. `by` is the organizer who moved them (audited), if any.
pub async fn pick(
    state: &AppState,
    person: &application::Model,
    number: &str,
    by: Option<&Organizer>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    if person.erased_at.is_some() || person.status == ApplicationStatus::Withdrawn {
        return Err(refuse(P::WeekNotForYou));
    }
    let number = number.trim().parse::<i32>().ok().filter(|n| (1..=MAX_WEEKS).contains(n));
    let week = match number {
        Some(number) => duty_week::Entity::find()
            .filter(duty_week::Column::CampaignId.eq(person.campaign_id))
            .filter(duty_week::Column::Number.eq(number))
            .one(&state.db)
            .await
            .map_err(db_failure)?,
        None => None,
    };
    let week = week.ok_or(refuse(P::WeekUnknown))?;
    let written: Result<bool, DbErr> = async {
        let txn = state.db.begin().await?;
        // the person's row first (a write that changes nothing), so that two picks of one
        // person take turns; then the new week's place, or the news that it is full
        application::Entity::update_many()
            .col_expr(application::Column::UpdatedAt, Expr::col(application::Column::UpdatedAt))
            .filter(application::Column::Id.eq(person.id))
            .exec(&txn)
            .await?;
        let before = duty_week_pick::Entity::find_by_id(person.id).one(&txn).await?;
        if before.as_ref().is_some_and(|b| b.week_id == week.id) {
            return Ok(true);
        }
        let taken = duty_week::Entity::update_many()
            .col_expr(duty_week::Column::Taken, Expr::col(duty_week::Column::Taken).add(1))
            .filter(duty_week::Column::Id.eq(week.id))
            .filter(Expr::col(duty_week::Column::Taken).lt(Expr::col(duty_week::Column::Capacity)))
            .exec(&txn)
            .await?;
        if taken.rows_affected != 1 {
            return Ok(false);
        }
        if let Some(before) = &before {
            duty_week::Entity::update_many()
                .col_expr(duty_week::Column::Taken, Expr::col(duty_week::Column::Taken).sub(1))
                .filter(duty_week::Column::Id.eq(before.week_id))
                .exec(&txn)
                .await?;
            duty_week_pick::Entity::delete_by_id(person.id).exec(&txn).await?;
        }
        duty_week_pick::ActiveModel {
            application_id: Set(person.id),
            week_id: Set(week.id),
            picked_at: Set(now),
        }
        .insert(&txn)
        .await?;
        if let Some(organizer) = by {
            let what = serde_json::json!({ "moved": person.id, "week": week.number }).to_string();
            record(&txn, organizer, AuditAction::Activity, Some(person.campaign_id), what).await?;
        }
        txn.commit().await?;
        Ok(true)
    }
    .await;
    if written.map_err(db_failure)? {
        Ok(week.number)
    } else {
        Err(refuse(P::WeekFull))
    }
}

/// An organizer moves application `id` (as posted) into week `week` of its campaign.
pub async fn move_by(
    state: &AppState,
    organizer: &Organizer,
    id: &str,
    week: &str,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    organizer.require(Permission::Activities)?;
    let id = id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
    let person = super::review::find_in_scope(&state.db, organizer, id).await?;
    pick(state, &person, week, Some(organizer), now).await
}
