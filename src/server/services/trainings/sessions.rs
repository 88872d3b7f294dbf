//! Creating, editing and cancelling training sessions (city admins anywhere, district organizers
//! in their county). Each change and its audit entry commit together; a cancellation also
//! queues a mail to everyone enrolled or waiting, and a larger capacity seats the first in line.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::enrol::promote_first;
use super::notices::{campaign_title, Context};
use super::{db_failure, refuse, session_in_scope};
use crate::domain::calendar::from_china;
use crate::domain::{AuditAction, EnrolmentState};
use crate::error::AppError;
use crate::model::admin::SessionForm;
use crate::model::TrainingProblem as P;
use crate::server::access::{Organizer, Permission};
use crate::server::email::messages::TrainingKind;
use crate::server::entities::{campaign_role, enrolment, training_session};
use crate::server::services::audit::record;
use crate::server::services::teams::campaign_by_slug;
use crate::server::AppState;

/// Most seats one session may have.
pub const MAX_CAPACITY: i32 = 1000;
/// Longest a session may last.
const MAX_LENGTH: Duration = Duration::hours(24);

/// A session form, checked: every field as it will be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSession {
    pub role_key: Option<String>,
    pub county_code: Option<String>,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub note: String,
    pub capacity: i32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// A China wall-clock time as a `datetime-local` field sends it (`2026-12-12T09:00`).
pub fn china_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(from_china)
}

fn text(value: &str, max: usize, empty_ok: bool, problem: P) -> Result<String, AppError> {
    let value = value.trim();
    let ok = (empty_ok || !value.is_empty())
        && value.chars().count() <= max
        && !value.chars().any(|c| c.is_control() && c != '\n');
    ok.then(|| value.to_string()).ok_or_else(|| refuse(problem))
}

/// Checks a session form. `roles` are the campaign's role keys; `county_known` says whether a
/// county code is one of ours; `opens_default` is when enrolment opens if the form leaves it empty.
pub fn parse(
    form: &SessionForm,
    organizer: &Organizer,
    roles: &[String],
    county_known: impl Fn(&str) -> bool,
    opens_default: DateTime<Utc>,
) -> Result<CheckedSession, AppError> {
    let title = text(&form.title, 80, false, P::TitleInvalid)?;
    let place = text(&form.place, 200, false, P::PlaceInvalid)?;
    let note = text(&form.note, 500, true, P::NoteInvalid)?;
    let role_key = match form.role.trim() {
        "" => None,
        key if roles.iter().any(|r| r == key) => Some(key.to_string()),
        _ => return Err(refuse(P::RoleUnknown)),
    };
    let county_code = match (&organizer.county, form.county.trim()) {
        (Some(own), asked) if asked.is_empty() || asked == own => Some(own.clone()),
        (Some(_), _) => return Err(AppError::Forbidden),
        (None, "") => None,
        (None, asked) if county_known(asked) => Some(asked.to_string()),
        (None, _) => return Err(refuse(P::CountyInvalid)),
    };
    let (Some(starts_at), Some(ends_at)) = (china_time(&form.starts_at), china_time(&form.ends_at)) else {
        return Err(refuse(P::TimesInvalid));
    };
    if ends_at <= starts_at || ends_at - starts_at > MAX_LENGTH {
        return Err(refuse(P::TimesInvalid));
    }
    let window = |value: &str, default: DateTime<Utc>| match value.trim() {
        "" => Ok(default),
        typed => china_time(typed).ok_or_else(|| refuse(P::WindowInvalid)),
    };
    let opens_at = window(&form.opens_at, Ord::min(opens_default, starts_at))?;
    let closes_at = window(&form.closes_at, starts_at)?;
    if closes_at <= opens_at || closes_at > starts_at {
        return Err(refuse(P::WindowInvalid));
    }
    let capacity = form
        .capacity
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|c| (1..=MAX_CAPACITY).contains(c))
        .ok_or_else(|| refuse(P::CapacityInvalid))?;
    Ok(CheckedSession {
        role_key,
        county_code,
        title,
        starts_at,
        ends_at,
        place,
        note,
        capacity,
        opens_at,
        closes_at,
    })
}

async fn role_keys(state: &AppState, campaign_id: i32) -> Result<Vec<String>, AppError> {
    let roles = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(campaign_id))
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok(roles.into_iter().map(|r| r.key).collect())
}

fn detail(what: &str, id: i32, s: &CheckedSession) -> String {
    serde_json::json!({
        what: id, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at,
        "capacity": s.capacity, "county": s.county_code, "role": s.role_key,
    })
    .to_string()
}

/// A new session of the campaign `form.campaign`; answers its id.
pub async fn create(state: &AppState, organizer: &Organizer, form: &SessionForm) -> Result<i32, AppError> {
    organizer.require(Permission::Trainings)?;
    let campaign = campaign_by_slug(state, &form.campaign).await?;
    let roles = role_keys(state, campaign.id).await?;
    let now = Utc::now();
    let checked = parse(form, organizer, &roles, |c| state.regions.county(c).is_some(), now)?;
    let written: Result<i32, DbErr> = async {
        let txn = state.db.begin().await?;
        let saved = training_session::ActiveModel {
            campaign_id: Set(campaign.id),
            role_key: Set(checked.role_key.clone()),
            county_code: Set(checked.county_code.clone()),
            title: Set(checked.title.clone()),
            starts_at: Set(checked.starts_at),
            ends_at: Set(checked.ends_at),
            place: Set(checked.place.clone()),
            meeting_note: Set(checked.note.clone()),
            capacity: Set(checked.capacity),
            enrolment_opens_at: Set(checked.opens_at),
            enrolment_closes_at: Set(checked.closes_at),
            enrolled: Set(0),
            cancelled_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let what = detail("created", saved.id, &checked);
        record(&txn, organizer, AuditAction::TrainingSession, Some(campaign.id), what).await?;
        txn.commit().await?;
        Ok(saved.id)
    }
    .await;
    written.map_err(db_failure)
}

/// Changes a session. Seats cannot drop below those taken; more seats go to the first in line.
pub async fn edit(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    form: &SessionForm,
) -> Result<(), AppError> {
    let session = session_in_scope(state, organizer, id).await?;
    if session.cancelled_at.is_some() {
        return Err(refuse(P::SessionCancelled));
    }
    let roles = role_keys(state, session.campaign_id).await?;
    let known = |c: &str| state.regions.county(c).is_some();
    let checked = parse(form, organizer, &roles, known, session.enrolment_opens_at)?;
    let title = campaign_title(&state.db, session.campaign_id).await.map_err(db_failure)?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    match write_edit(state, organizer, &txn, &session, &checked, &title).await {
        Ok(None) => {
            txn.commit().await.map_err(db_failure)?;
            state.outbox_wake.notify_one();
            Ok(())
        }
        Ok(Some(problem)) => Err(refuse(problem)),
        Err(e) => Err(db_failure(e)),
    }
}

async fn write_edit(
    state: &AppState,
    organizer: &Organizer,
    txn: &DatabaseTransaction,
    session: &training_session::Model,
    s: &CheckedSession,
    campaign_title: &str,
) -> Result<Option<P>, DbErr> {
    use training_session::Column as C;
    // conditional on the seats taken at this moment (the row lock is ours from here on)
    let changed = training_session::Entity::update_many()
        .col_expr(C::RoleKey, Expr::value(s.role_key.clone()))
        .col_expr(C::CountyCode, Expr::value(s.county_code.clone()))
        .col_expr(C::Title, Expr::value(s.title.clone()))
        .col_expr(C::StartsAt, Expr::value(s.starts_at))
        .col_expr(C::EndsAt, Expr::value(s.ends_at))
        .col_expr(C::Place, Expr::value(s.place.clone()))
        .col_expr(C::MeetingNote, Expr::value(s.note.clone()))
        .col_expr(C::Capacity, Expr::value(s.capacity))
        .col_expr(C::EnrolmentOpensAt, Expr::value(s.opens_at))
        .col_expr(C::EnrolmentClosesAt, Expr::value(s.closes_at))
        .filter(C::Id.eq(session.id))
        .filter(C::CancelledAt.is_null())
        .filter(Expr::col(C::Enrolled).lte(s.capacity))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        let now = training_session::Entity::find_by_id(session.id).one(txn).await?;
        let cancelled = now.is_none_or(|n| n.cancelled_at.is_some());
        return Ok(Some(if cancelled { P::SessionCancelled } else { P::CapacityBelowEnrolled }));
    }
    let Some(updated) = training_session::Entity::find_by_id(session.id).one(txn).await? else {
        return Ok(Some(P::SessionCancelled));
    };
    let context = Context { session: &updated, campaign_title, public_url: &state.settings.public_url };
    // a new time or place is told to everyone holding a seat or a place in line
    let moved = (updated.starts_at, updated.ends_at, &updated.place, &updated.meeting_note)
        != (session.starts_at, session.ends_at, &session.place, &session.meeting_note);
    if moved {
        let told = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.eq(session.id))
            .filter(enrolment::Column::State.ne(EnrolmentState::Cancelled))
            .all(txn)
            .await?;
        for e in told {
            context.send_to(txn, e.application_id, TrainingKind::Changed).await?;
        }
    }
    let mut promoted = 0;
    while promote_first(txn, &context).await?.is_some() {
        promoted += 1;
    }
    let mut what: serde_json::Value =
        serde_json::from_str(&detail("edited", session.id, s)).unwrap_or_default();
    what["promoted"] = promoted.into();
    record(txn, organizer, AuditAction::TrainingSession, Some(session.campaign_id), what.to_string()).await?;
    Ok(None)
}

/// Cancels a session: every enrolment with it, each person told by mail. Answers how many.
pub async fn cancel_session(state: &AppState, organizer: &Organizer, id: i32) -> Result<u64, AppError> {
    let session = session_in_scope(state, organizer, id).await?;
    let title = campaign_title(&state.db, session.campaign_id).await.map_err(db_failure)?;
    let written: Result<Option<u64>, DbErr> = async {
        let now = Utc::now();
        let txn = state.db.begin().await?;
        let cancelled = training_session::Entity::update_many()
            .col_expr(training_session::Column::CancelledAt, Expr::value(Some(now)))
            .col_expr(training_session::Column::Enrolled, Expr::value(0))
            .filter(training_session::Column::Id.eq(id))
            .filter(training_session::Column::CancelledAt.is_null())
            .exec(&txn)
            .await?;
        if cancelled.rows_affected != 1 {
            return Ok(None);
        }
        let active = [EnrolmentState::Enrolled, EnrolmentState::Waiting];
        let told = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.eq(id))
            .filter(enrolment::Column::State.is_in(active))
            .order_by_asc(enrolment::Column::Id)
            .all(&txn)
            .await?;
        enrolment::Entity::update_many()
            .col_expr(enrolment::Column::State, Expr::value(EnrolmentState::Cancelled))
            .filter(enrolment::Column::SessionId.eq(id))
            .filter(enrolment::Column::State.is_in(active))
            .exec(&txn)
            .await?;
        let context =
            Context { session: &session, campaign_title: &title, public_url: &state.settings.public_url };
        for e in &told {
            context.send_to(&txn, e.application_id, TrainingKind::Cancelled).await?;
        }
        let what = serde_json::json!({ "cancelled": id, "title": session.title, "told": told.len() });
        record(&txn, organizer, AuditAction::TrainingSession, Some(session.campaign_id), what.to_string())
            .await?;
        txn.commit().await?;
        Ok(Some(told.len() as u64))
    }
    .await;
    match written.map_err(db_failure)? {
        Some(told) => {
            state.outbox_wake.notify_one();
            Ok(told)
        }
        None => Err(refuse(P::SessionCancelled)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::access::Role;

    fn form() -> SessionForm {
        SessionForm {
            title: "岗前培训".into(),
            starts_at: "2026-12-12T09:00".into(),
            ends_at: "2026-12-12T12:00".into(),
            place: "南湖区文化中心".into(),
            capacity: "50".into(),
            ..Default::default()
        }
    }

    fn who(county: Option<&str>) -> Organizer {
        let role = if county.is_some() { Role::DistrictOrganizer } else { Role::CityAdmin };
        Organizer { id: 1, name: "x".into(), role, county: county.map(String::from) }
    }

    fn check(form: &SessionForm, county: Option<&str>) -> Result<CheckedSession, AppError> {
        let now = from_china(NaiveDateTime::parse_from_str("2026-12-01 08:00", "%Y-%m-%d %H:%M").unwrap());
        parse(form, &who(county), &["patrol".to_string()], |c| c == "330402" || c == "330411", now)
    }

    #[test]
    fn times_are_read_in_china_time_and_enrolment_closes_at_the_start_by_default() {
        let s = check(&form(), None).unwrap();
        assert_eq!(s.starts_at.to_rfc3339(), "2026-12-12T01:00:00+00:00");
        assert_eq!(s.closes_at, s.starts_at);
        assert_eq!(s.county_code, None);
    }

    #[test]
    fn a_district_organizers_session_is_always_in_their_county() {
        assert_eq!(check(&form(), Some("330402")).unwrap().county_code.as_deref(), Some("330402"));
        let elsewhere = SessionForm { county: "330411".into(), ..form() };
        assert_eq!(check(&elsewhere, Some("330402")), Err(AppError::Forbidden));
    }

    #[test]
    fn nonsense_is_refused_with_its_own_problem() {
        let backwards = SessionForm { ends_at: "2026-12-12T08:00".into(), ..form() };
        assert_eq!(check(&backwards, None), Err(refuse(P::TimesInvalid)));
        let late_window = SessionForm { closes_at: "2026-12-12T10:00".into(), ..form() };
        assert_eq!(check(&late_window, None), Err(refuse(P::WindowInvalid)));
        for capacity in ["0", "1001", "many", ""] {
            let bad = SessionForm { capacity: capacity.into(), ..form() };
            assert_eq!(check(&bad, None), Err(refuse(P::CapacityInvalid)), "{capacity}");
        }
        let role = SessionForm { role: "pilot".into(), ..form() };
        assert_eq!(check(&role, None), Err(refuse(P::RoleUnknown)));
        let county = SessionForm { county: "999999".into(), ..form() };
        assert_eq!(check(&county, None), Err(refuse(P::CountyInvalid)));
        let untitled = SessionForm { title: " ".into(), ..form() };
        assert_eq!(check(&untitled, None), Err(refuse(P::TitleInvalid)));
    }
}
