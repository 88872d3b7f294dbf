//! Campaign management (city admins): create and edit campaigns, their roles and eligibility;
//! open, pause and close sign-up.

use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::{campaigns, db_failure};
use crate::domain::calendar::{from_china, in_china};
use crate::error::AppError;
use crate::i18n::{t, ta};
use crate::model::admin::{CampaignEdit, CampaignForm, CampaignRow, CampaignsPage};
use crate::model::CampaignPhase;
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, campaign, campaign_role};
use crate::server::AppState;

/// How long applicants' personal data is kept after a campaign closes, unless the form says.
pub const DEFAULT_RETENTION_DAYS: i32 = 180;

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Some(from_china(local))
}

fn show_time(at: DateTime<Utc>) -> String {
    in_china(at, "%Y-%m-%dT%H:%M")
}

fn text(value: &str, max: usize, problem: Problem, required: bool) -> Result<String, AppError> {
    let value = value.trim();
    if (required && value.is_empty()) || value.chars().count() > max {
        return Err(AppError::Invalid(problem));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(AppError::Invalid(problem));
    }
    Ok(value.replace("\r\n", "\n"))
}

fn number(value: &str, range: std::ops::RangeInclusive<i32>, problem: Problem) -> Result<i32, AppError> {
    value.trim().parse::<i32>().ok().filter(|n| range.contains(n)).ok_or(AppError::Invalid(problem))
}

/// What ends a role's line when the role requires an attended training (`key|name|description|需培训`).
const TRAINING_MARKS: [&str; 3] = ["需培训", "培训", "training"];

/// A role as its line in the campaign form gives it.
struct RoleLine {
    key: String,
    name: String,
    description: String,
    requires_training: bool,
}

/// `key|name|description`, optionally `|需培训`, per line.
fn parse_roles(text: &str) -> Result<Vec<RoleLine>, AppError> {
    let mut roles: Vec<RoleLine> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(3, '|').map(str::trim);
        let (key, name, mut description) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let mut requires_training = false;
        if let Some((rest, mark)) = description.rsplit_once('|').or(Some(("", description))) {
            if TRAINING_MARKS.contains(&mark.trim()) {
                requires_training = true;
                description = rest.trim();
            }
        }
        let key_ok = !key.is_empty()
            && key.len() <= 40
            && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok || name.is_empty() || name.chars().count() > 60 || description.chars().count() > 500 {
            return Err(AppError::Invalid(Problem::CampaignRolesInvalid));
        }
        if roles.iter().any(|r| r.key == key) {
            return Err(AppError::Invalid(Problem::CampaignRolesInvalid));
        }
        let (key, name, description) = (key.to_string(), name.to_string(), description.to_string());
        roles.push(RoleLine { key, name, description, requires_training });
    }
    if roles.is_empty() || roles.len() > 30 {
        return Err(AppError::Invalid(Problem::CampaignRolesInvalid));
    }
    Ok(roles)
}

pub async fn list(state: &AppState, organizer: &Organizer) -> Result<CampaignsPage, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let db = &state.db;
    let all =
        campaign::Entity::find().order_by_asc(campaign::Column::Id).all(db).await.map_err(db_failure)?;
    let counts = campaigns::signup_counts(db).await.map_err(db_failure)?;
    let now = Utc::now();
    Ok(CampaignsPage {
        campaigns: all
            .iter()
            .map(|c| {
                let phase = CampaignPhase::at(c.opens_at, c.closes_at, now);
                let (key, label) = match phase {
                    CampaignPhase::Open if c.paused => ("paused", ta().campaign_state_paused),
                    CampaignPhase::Open => ("open", t().open_now),
                    CampaignPhase::Upcoming => ("upcoming", t().not_yet_open),
                    CampaignPhase::Closed => ("closed", t().closed),
                };
                CampaignRow {
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    state: label.to_string(),
                    state_key: key.to_string(),
                    target: u64::try_from(c.target).unwrap_or(0),
                    signups: counts.get(&c.id).copied().unwrap_or(0) as u64,
                }
            })
            .collect(),
        organizer: super::organizers::view(organizer),
    })
}

pub async fn edit(state: &AppState, organizer: &Organizer, slug: &str) -> Result<CampaignEdit, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let form = if slug.trim().is_empty() {
        let now = Utc::now();
        CampaignForm {
            target: "1000".into(),
            opens_at: show_time(now),
            closes_at: show_time(now + chrono::Duration::days(90)),
            min_age: "18".into(),
            max_age: "65".into(),
            retention_days: DEFAULT_RETENTION_DAYS.to_string(),
            ..Default::default()
        }
    } else {
        let (c, roles) = campaigns::find_by_slug(&state.db, slug.trim())
            .await
            .map_err(db_failure)?
            .ok_or(AppError::NotFound)?;
        CampaignForm {
            slug: c.slug.clone(),
            new_slug: String::new(),
            title: c.title,
            summary: c.summary,
            body: c.body,
            target: c.target.to_string(),
            opens_at: show_time(c.opens_at),
            closes_at: show_time(c.closes_at),
            min_age: c.min_age.to_string(),
            max_age: c.max_age.to_string(),
            allowed_regions: c.allowed_regions,
            roles: roles
                .iter()
                .map(|r| {
                    let mark = if r.requires_training { "|需培训" } else { "" };
                    format!("{}|{}|{}{mark}", r.key, r.name, r.description)
                })
                .collect::<Vec<_>>()
                .join("\n"),
            retention_days: c.retention_days.to_string(),
        }
    };
    Ok(CampaignEdit { form, organizer: super::organizers::view(organizer) })
}

/// Creates (empty `slug`) or updates a campaign with its roles; returns the slug.
pub async fn save(state: &AppState, organizer: &Organizer, form: &CampaignForm) -> Result<String, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let title = text(&form.title, 100, Problem::CampaignTitleInvalid, true)?;
    let summary = text(&form.summary, 500, Problem::CampaignSummaryInvalid, true)?;
    let body = text(&form.body, 10_000, Problem::CampaignBodyInvalid, false)?;
    let target = number(&form.target, 1..=1_000_000, Problem::CampaignTargetInvalid)?;
    let (Some(opens_at), Some(closes_at)) = (parse_time(&form.opens_at), parse_time(&form.closes_at)) else {
        return Err(AppError::Invalid(Problem::CampaignDatesInvalid));
    };
    if closes_at <= opens_at {
        return Err(AppError::Invalid(Problem::CampaignDatesInvalid));
    }
    let min_age = number(&form.min_age, 16..=100, Problem::CampaignAgesInvalid)?;
    let max_age = number(&form.max_age, 16..=100, Problem::CampaignAgesInvalid)?;
    if min_age > max_age {
        return Err(AppError::Invalid(Problem::CampaignAgesInvalid));
    }
    // at most a year, as the privacy notice promises
    let retention_days = match form.retention_days.trim() {
        "" => DEFAULT_RETENTION_DAYS,
        days => number(days, 0..=365, Problem::CampaignRetentionInvalid)?,
    };
    let regions: Vec<&str> =
        form.allowed_regions.split([',', '，', ' ']).map(str::trim).filter(|r| !r.is_empty()).collect();
    if regions.len() > 50 || regions.iter().any(|r| state.regions.county(r).is_none()) {
        return Err(AppError::Invalid(Problem::CampaignRegionsInvalid));
    }
    let allowed = regions.join(",");
    let roles = parse_roles(&form.roles)?;
    let db = &state.db;

    let existing = if form.slug.trim().is_empty() {
        None
    } else {
        Some(
            campaigns::find_by_slug(db, form.slug.trim())
                .await
                .map_err(db_failure)?
                .ok_or(AppError::NotFound)?,
        )
    };
    let slug = match &existing {
        Some((c, _)) => c.slug.clone(),
        None => {
            let slug = form.new_slug.trim();
            let ok = !slug.is_empty()
                && slug.len() <= 64
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                return Err(AppError::Invalid(Problem::CampaignSlugInvalid));
            }
            if campaigns::find_by_slug(db, slug).await.map_err(db_failure)?.is_some() {
                return Err(AppError::Invalid(Problem::CampaignSlugTaken));
            }
            slug.to_string()
        }
    };
    // a role with applications cannot disappear
    if let Some((c, old_roles)) = &existing {
        for old in old_roles.iter().filter(|r| !roles.iter().any(|line| line.key == r.key)) {
            let used = application::Entity::find()
                .filter(application::Column::CampaignId.eq(c.id))
                .filter(application::Column::RoleId.eq(old.id))
                .count(db)
                .await
                .map_err(db_failure)?;
            if used > 0 {
                return Err(AppError::Invalid(Problem::CampaignRoleInUse));
            }
        }
    }
    let now = Utc::now();
    let txn = db.begin().await.map_err(db_failure)?;
    let result: Result<(), DbErr> = async {
        let (id, old_roles) = match &existing {
            Some((c, old_roles)) => {
                campaign::Entity::update_many()
                    .col_expr(campaign::Column::Title, Expr::value(title.clone()))
                    .col_expr(campaign::Column::Summary, Expr::value(summary.clone()))
                    .col_expr(campaign::Column::Body, Expr::value(body.clone()))
                    .col_expr(campaign::Column::Target, Expr::value(target))
                    .col_expr(campaign::Column::OpensAt, Expr::value(opens_at))
                    .col_expr(campaign::Column::ClosesAt, Expr::value(closes_at))
                    .col_expr(campaign::Column::MinAge, Expr::value(min_age))
                    .col_expr(campaign::Column::MaxAge, Expr::value(max_age))
                    .col_expr(campaign::Column::AllowedRegions, Expr::value(allowed.clone()))
                    .col_expr(campaign::Column::RetentionDays, Expr::value(retention_days))
                    .filter(campaign::Column::Id.eq(c.id))
                    .exec(&txn)
                    .await?;
                (c.id, old_roles.clone())
            }
            None => {
                let saved = campaign::ActiveModel {
                    slug: Set(slug.clone()),
                    title: Set(title.clone()),
                    summary: Set(summary.clone()),
                    body: Set(body.clone()),
                    target: Set(target),
                    opens_at: Set(opens_at),
                    closes_at: Set(closes_at),
                    min_age: Set(min_age),
                    max_age: Set(max_age),
                    allowed_regions: Set(allowed.clone()),
                    created_at: Set(now),
                    paused: Set(false),
                    retention_days: Set(retention_days),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                (saved.id, Vec::new())
            }
        };
        for old in old_roles.iter().filter(|r| !roles.iter().any(|line| line.key == r.key)) {
            campaign_role::Entity::delete_by_id(old.id).exec(&txn).await?;
        }
        for (position, line) in roles.iter().enumerate() {
            match old_roles.iter().find(|r| r.key == line.key) {
                Some(old) => {
                    campaign_role::Entity::update_many()
                        .col_expr(campaign_role::Column::Name, Expr::value(line.name.clone()))
                        .col_expr(campaign_role::Column::Description, Expr::value(line.description.clone()))
                        .col_expr(
                            campaign_role::Column::RequiresTraining,
                            Expr::value(line.requires_training),
                        )
                        .col_expr(campaign_role::Column::Position, Expr::value(position as i32))
                        .filter(campaign_role::Column::Id.eq(old.id))
                        .exec(&txn)
                        .await?;
                }
                None => {
                    campaign_role::ActiveModel {
                        campaign_id: Set(id),
                        key: Set(line.key.clone()),
                        name: Set(line.name.clone()),
                        description: Set(line.description.clone()),
                        position: Set(position as i32),
                        requires_training: Set(line.requires_training),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                }
            }
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => txn.commit().await.map_err(db_failure)?,
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::Invalid(Problem::CampaignSlugTaken))
        }
        Err(e) => return Err(db_failure(e)),
    }
    state.bus.campaigns_changed().await;
    Ok(slug)
}

/// `open`: sign-up runs from now (unpaused); `pause`: stops it for now; `close`: ends it now.
pub async fn set_phase(
    state: &AppState,
    organizer: &Organizer,
    slug: &str,
    action: &str,
) -> Result<(), AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let (c, _) = campaigns::find_by_slug(&state.db, slug.trim())
        .await
        .map_err(db_failure)?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let update = campaign::Entity::update_many().filter(campaign::Column::Id.eq(c.id));
    let update = match action {
        "open" => {
            if c.closes_at <= now {
                return Err(AppError::Invalid(Problem::CampaignReopenDates));
            }
            update
                .col_expr(campaign::Column::Paused, Expr::value(false))
                .col_expr(campaign::Column::OpensAt, Expr::value(Ord::min(c.opens_at, now)))
        }
        "pause" => update.col_expr(campaign::Column::Paused, Expr::value(true)),
        "close" => update
            .col_expr(campaign::Column::Paused, Expr::value(false))
            .col_expr(campaign::Column::ClosesAt, Expr::value(Ord::min(c.closes_at, now))),
        _ => return Err(AppError::Invalid(Problem::CampaignActionUnknown)),
    };
    update.exec(&state.db).await.map_err(db_failure)?;
    state.bus.campaigns_changed().await;
    Ok(())
}
