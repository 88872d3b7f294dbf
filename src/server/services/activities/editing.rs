//! Creating, editing and cancelling activities. Each change and its audit entry commit together;
//! a cancellation also queues a mail to every registered guardian.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::{db_failure, in_scope, refuse};
use crate::domain::{Audience, AuditAction};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::activity::ActivityEditForm;
use crate::model::ActivityProblem as P;
use crate::server::access::{Organizer, Permission};
use crate::server::email::messages::Mail;
use crate::server::email::outbox;
use crate::server::entities::{activity, activity_registration};
use crate::server::services::audit::record;
use crate::server::services::trainings::china_time;
use crate::server::AppState;

/// Most places one activity may have.
pub const MAX_CAPACITY: i32 = 10_000;
/// Longest an activity may last.
const MAX_LENGTH: Duration = Duration::hours(24);

/// An activity form, checked: every field as it will be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub campaign_id: i32,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub meeting_point: String,
    pub departs_at: DateTime<Utc>,
    pub arrival_note: String,
    pub hotline: String,
    pub stops: String,
    pub capacity: i32,
    pub signup_closes_at: DateTime<Utc>,
    pub audience: Audience,
    pub child_min_age: Option<i32>,
    pub child_max_age: Option<i32>,
}

fn text(value: &str, max: usize, empty_ok: bool, problem: P) -> Result<String, AppError> {
    let value = value.trim().replace("\r\n", "\n");
    let ok = (empty_ok || !value.is_empty())
        && value.chars().count() <= max
        && !value.chars().any(|c| c.is_control() && c != '\n');
    ok.then_some(value).ok_or_else(|| refuse(problem))
}

fn age(value: &str) -> Result<Option<i32>, AppError> {
    match value.trim() {
        "" => Ok(None),
        typed => {
            typed.parse::<i32>().ok().filter(|a| (0..18).contains(a)).map(Some).ok_or(refuse(P::AgesInvalid))
        }
    }
}

/// Checks an activity form; `campaign_id` is the campaign the slug named.
pub fn parse(form: &ActivityEditForm, campaign_id: i32) -> Result<Checked, AppError> {
    let title = text(&form.title, 80, false, P::TitleInvalid)?;
    let theme = text(&form.theme, 80, true, P::ThemeInvalid)?;
    let description = text(&form.description, 4000, true, P::DescriptionInvalid)?;
    let meeting_point = text(&form.meeting_point, 200, false, P::MeetingPointInvalid)?;
    let arrival_note = text(&form.arrival_note, 200, true, P::NoteInvalid)?;
    let hotline = text(&form.hotline, 40, true, P::HotlineInvalid)?;
    if !hotline.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')')) {
        return Err(refuse(P::HotlineInvalid));
    }
    let stops = text(&form.stops, 2000, true, P::StopsInvalid)?;
    let (Some(starts_at), Some(ends_at)) = (china_time(&form.starts_at), china_time(&form.ends_at)) else {
        return Err(refuse(P::TimesInvalid));
    };
    if ends_at <= starts_at || ends_at - starts_at > MAX_LENGTH {
        return Err(refuse(P::TimesInvalid));
    }
    let departs_at = match form.departs_at.trim() {
        "" => starts_at,
        typed => china_time(typed)
            .filter(|d| *d >= starts_at && *d < ends_at)
            .ok_or(refuse(P::DepartureInvalid))?,
    };
    let signup_closes_at = match form.signup_closes_at.trim() {
        "" => starts_at,
        typed => china_time(typed).filter(|c| *c <= starts_at).ok_or(refuse(P::DeadlineInvalid))?,
    };
    let capacity = form.capacity.trim().parse::<i32>().ok().filter(|c| (1..=MAX_CAPACITY).contains(c));
    let capacity = capacity.ok_or(refuse(P::CapacityInvalid))?;
    let audience = Audience::parse(form.audience.trim()).ok_or(refuse(P::AudienceUnknown))?;
    let (child_min_age, child_max_age) = (age(&form.child_min_age)?, age(&form.child_max_age)?);
    if matches!((child_min_age, child_max_age), (Some(min), Some(max)) if min > max) {
        return Err(refuse(P::AgesInvalid));
    }
    Ok(Checked {
        campaign_id,
        title,
        theme,
        description,
        starts_at,
        ends_at,
        meeting_point,
        departs_at,
        arrival_note,
        hotline,
        stops,
        capacity,
        signup_closes_at,
        audience,
        child_min_age,
        child_max_age,
    })
}

fn fill(model: &mut activity::ActiveModel, c: &Checked) {
    model.campaign_id = Set(c.campaign_id);
    model.title = Set(c.title.clone());
    model.theme = Set(c.theme.clone());
    model.description = Set(c.description.clone());
    model.starts_at = Set(c.starts_at);
    model.ends_at = Set(c.ends_at);
    model.meeting_point = Set(c.meeting_point.clone());
    model.departs_at = Set(c.departs_at);
    model.arrival_note = Set(c.arrival_note.clone());
    model.hotline = Set(c.hotline.clone());
    model.stops = Set(c.stops.clone());
    model.capacity = Set(c.capacity);
    model.signup_closes_at = Set(c.signup_closes_at);
    model.audience = Set(c.audience);
    model.child_min_age = Set(c.child_min_age);
    model.child_max_age = Set(c.child_max_age);
}

fn detail(what: &str, id: i32, c: &Checked) -> String {
    serde_json::json!({ what: id, "title": c.title, "starts_at": c.starts_at, "capacity": c.capacity })
        .to_string()
}

async fn campaign_id(state: &AppState, slug: &str) -> Result<i32, AppError> {
    if slug.trim().is_empty() {
        return Err(refuse(P::CampaignUnknown));
    }
    let found = crate::server::services::teams::campaign_by_slug(state, slug).await;
    found.map(|c| c.id).map_err(|_| refuse(P::CampaignUnknown))
}

/// A new activity; answers its id.
pub async fn create(
    state: &AppState,
    organizer: &Organizer,
    form: &ActivityEditForm,
) -> Result<i32, AppError> {
    organizer.require(Permission::Activities)?;
    let checked = parse(form, campaign_id(state, &form.campaign).await?)?;
    let written: Result<i32, DbErr> = async {
        let txn = state.db.begin().await?;
        let mut model = activity::ActiveModel {
            registered: Set(0),
            cancelled_at: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        fill(&mut model, &checked);
        let saved = model.insert(&txn).await?;
        record(
            &txn,
            organizer,
            AuditAction::Activity,
            Some(checked.campaign_id),
            detail("created", saved.id, &checked),
        )
        .await?;
        txn.commit().await?;
        Ok(saved.id)
    }
    .await;
    written.map_err(db_failure)
}

/// Changes an activity. Places cannot drop below the heads registered (the database checks it
/// again in the same statement, so a registration landing meanwhile cannot be overbooked).
pub async fn edit(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    form: &ActivityEditForm,
) -> Result<(), AppError> {
    let found = in_scope(state, organizer, id).await?;
    if found.cancelled_at.is_some() {
        return Err(refuse(P::Cancelled));
    }
    let checked = parse(form, campaign_id(state, &form.campaign).await?)?;
    let written: Result<bool, DbErr> = async {
        let txn = state.db.begin().await?;
        let mut model: activity::ActiveModel = found.clone().into();
        fill(&mut model, &checked);
        let changed = activity::Entity::update_many()
            .set(model)
            .filter(activity::Column::Id.eq(id))
            .filter(Expr::col(activity::Column::Registered).lte(checked.capacity))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            return Ok(false);
        }
        record(
            &txn,
            organizer,
            AuditAction::Activity,
            Some(checked.campaign_id),
            detail("edited", id, &checked),
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }
    .await;
    if written.map_err(db_failure)? {
        Ok(())
    } else {
        Err(refuse(P::CapacityBelowRegistered))
    }
}

/// Cancels an activity and queues a mail to every registered guardian, in their language.
pub async fn cancel(state: &AppState, organizer: &Organizer, id: i32) -> Result<u64, AppError> {
    let found = in_scope(state, organizer, id).await?;
    let now = Utc::now();
    let written: Result<Option<u64>, DbErr> = async {
        let txn = state.db.begin().await?;
        let marked = activity::Entity::update_many()
            .col_expr(activity::Column::CancelledAt, Expr::value(Some(now)))
            .filter(activity::Column::Id.eq(id))
            .filter(activity::Column::CancelledAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            return Ok(None);
        }
        let families = activity_registration::Entity::find()
            .filter(activity_registration::Column::ActivityId.eq(id))
            .all(&txn)
            .await?;
        for family in &families {
            let locale = Locale::from_tag(&family.locale).unwrap_or_default();
            let (subject, body) = crate::i18n::mail_activities::cancelled(
                locale,
                &family.guardian_name,
                &found.title,
                found.starts_at,
            );
            let mail = Mail { kind: "activity_cancelled", subject, body };
            outbox::enqueue(&txn, &family.email, &family.reference, mail).await?;
        }
        let what = serde_json::json!({ "cancelled": id, "mailed": families.len() }).to_string();
        record(&txn, organizer, AuditAction::Activity, Some(found.campaign_id), what).await?;
        txn.commit().await?;
        Ok(Some(families.len() as u64))
    }
    .await;
    let mailed = written.map_err(db_failure)?.ok_or(refuse(P::Cancelled))?;
    state.outbox_wake.notify_one();
    Ok(mailed)
}
