//! The activity desk: the same codes as the trainings' (typed, or the link a phone's camera
//! read). A guardian's code checks the whole family in (families arrive together); a
//! companion's code checks in that one person. Departure works the same way and gives the
//! adults their minutes (children earn no volunteer hours).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};

use super::{db_failure, in_scope, refuse};
use crate::domain::calendar::in_china;
use crate::domain::hours::minutes_served;
use crate::domain::{AuditAction, PersonKind};
use crate::error::AppError;
use crate::model::activity::ActivityCheckIn;
use crate::model::me::CheckInCard;
use crate::model::ActivityProblem as P;
use crate::server::access::Organizer;
use crate::server::entities::{activity, activity_person};
use crate::server::services::audit::record;
use crate::server::services::trainings::read_code;
use crate::server::AppState;

/// Arrival or departure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Arrive,
    Depart,
}

fn hour_minute(at: DateTime<Utc>) -> (u8, u8) {
    let text = in_china(at, "%H %M");
    let mut parts = text.split(' ').map(|p| p.parse::<u8>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// Who a code checks in or out: the code's holder, and — for a guardian — their family.
async fn party(
    state: &AppState,
    organizer: &Organizer,
    activity_id: i32,
    typed: &str,
) -> Result<(activity::Model, Vec<activity_person::Model>), AppError> {
    let found = in_scope(state, organizer, activity_id).await?;
    if found.cancelled_at.is_some() {
        return Err(refuse(P::Cancelled));
    }
    let code = read_code(typed).ok_or(refuse(P::CodeUnknown))?;
    let holder = activity_person::Entity::find()
        .filter(activity_person::Column::CheckinCode.eq(code))
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or(refuse(P::CodeUnknown))?;
    if holder.activity_id != found.id {
        return Err(refuse(P::CodeOtherActivity));
    }
    if holder.kind != PersonKind::Guardian {
        return Ok((found, vec![holder]));
    }
    let family = activity_person::Entity::find()
        .filter(activity_person::Column::RegistrationId.eq(holder.registration_id))
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok((found, family))
}

/// Records the arrival of the code's holder (and family) at `now`.
pub async fn arrive(
    state: &AppState,
    organizer: &Organizer,
    activity_id: i32,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<ActivityCheckIn, AppError> {
    mark(state, organizer, activity_id, typed, now, Step::Arrive).await
}

/// Records the departure of the code's holder (and family) at `now`, and the adults' minutes.
pub async fn depart(
    state: &AppState,
    organizer: &Organizer,
    activity_id: i32,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<ActivityCheckIn, AppError> {
    mark(state, organizer, activity_id, typed, now, Step::Depart).await
}

async fn mark(
    state: &AppState,
    organizer: &Organizer,
    activity_id: i32,
    typed: &str,
    now: DateTime<Utc>,
    step: Step,
) -> Result<ActivityCheckIn, AppError> {
    let (found, party) = party(state, organizer, activity_id, typed).await?;
    let written: Result<Vec<String>, DbErr> = async {
        let txn = state.db.begin().await?;
        let mut names = Vec::new();
        for person in &party {
            let update =
                activity_person::Entity::update_many().filter(activity_person::Column::Id.eq(person.id));
            let update = match (step, person.arrived_at) {
                (Step::Arrive, _) => update
                    .col_expr(activity_person::Column::ArrivedAt, Expr::value(Some(now)))
                    .filter(activity_person::Column::ArrivedAt.is_null()),
                (Step::Depart, Some(arrived)) => {
                    let adult = person.kind != PersonKind::Child;
                    let minutes =
                        adult.then(|| minutes_served(found.starts_at, found.ends_at, arrived, now) as i32);
                    update
                        .col_expr(activity_person::Column::LeftAt, Expr::value(Some(now)))
                        .col_expr(activity_person::Column::MinutesServed, Expr::value(minutes))
                        .filter(activity_person::Column::LeftAt.is_null())
                }
                (Step::Depart, None) => continue,
            };
            if update.exec(&txn).await?.rows_affected == 1 {
                names.push(person.name.clone());
            }
        }
        if !names.is_empty() {
            let key = if step == Step::Arrive { "arrived" } else { "left" };
            let ids: Vec<i64> = party.iter().map(|p| p.id).collect();
            let what = serde_json::json!({ key: ids, "activity": found.id, "at": now }).to_string();
            record(&txn, organizer, AuditAction::ActivityAttendance, Some(found.campaign_id), what).await?;
        }
        if step == Step::Arrive && !names.is_empty() {
            // thin, like every event: which activity, which registration, how many, when
            let registration = party.first().map(|p| p.registration_id);
            let data = serde_json::json!({
                "activity_id": found.id, "registration_id": registration, "people": names.len(), "arrived_at": now,
            });
            // activities have no region: city-wide webhooks hear them
            let (hooks, event) = (state.hooks.current(), crate::domain::WebhookEvent::CheckedIn);
            crate::server::services::webhooks::enqueue(&txn, &hooks, event, "", data).await?;
        }
        txn.commit().await?;
        Ok(names)
    }
    .await;
    let names = written.map_err(db_failure)?;
    if names.is_empty() {
        return Err(already(&party, step));
    }
    Ok(ActivityCheckIn { names, at: in_china(now, "%H:%M"), departed: step == Step::Depart })
}

/// Why nobody was marked: not arrived yet, or already done (and when).
fn already(party: &[activity_person::Model], step: Step) -> AppError {
    let first = |at: Option<DateTime<Utc>>| at.map(hour_minute);
    match step {
        Step::Arrive => match party.iter().find_map(|p| first(p.arrived_at)) {
            Some((hour, minute)) => refuse(P::AlreadyArrived { hour, minute }),
            None => refuse(P::CodeUnknown),
        },
        Step::Depart => match party.iter().find_map(|p| first(p.left_at)) {
            Some((hour, minute)) => refuse(P::AlreadyLeft { hour, minute }),
            None => refuse(P::NotArrived),
        },
    }
}

/// The card behind a mail's check-in link, for an activity still to end.
pub async fn card(
    state: &AppState,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<Option<CheckInCard>, AppError> {
    let Some(code) = read_code(typed) else { return Ok(None) };
    let holder = activity_person::Entity::find()
        .filter(activity_person::Column::CheckinCode.eq(code))
        .one(&state.db)
        .await
        .map_err(db_failure)?;
    let Some(holder) = holder else { return Ok(None) };
    let found = activity::Entity::find_by_id(holder.activity_id).one(&state.db).await.map_err(db_failure)?;
    let Some(found) = found.filter(|a| a.cancelled_at.is_none() && a.ends_at > now) else { return Ok(None) };
    let check_in = crate::server::services::trainings::check_in(state, &holder.checkin_code);
    Ok(check_in.map(|check_in| CheckInCard {
        title: found.title,
        starts_at: found.starts_at,
        ends_at: found.ends_at,
        place: found.meeting_point,
        check_in,
    }))
}
