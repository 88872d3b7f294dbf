//! The review queue: one filtered, sorted, paginated query per page (never all rows), the
//! counts per status, and one application in detail. Every query is limited to the organizer's
//! area by `Organizer::scope`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::db_failure;
use crate::domain::calendar::{age_on, china_midnight, today_in_china, years_before};
use crate::domain::person_name::normalized;
use crate::domain::{mask_id_number, mask_id_number_for_staff, mask_phone, options, ApplicationStatus};
use crate::error::AppError;
use crate::i18n::{availability_label, skill_label, status_label, Locale};
use crate::model::admin::{ApplicationDetail, AuditView, Choice, QueueFilter, QueuePage, QueueRow};
use crate::model::Problem;
use crate::server::access::{region_prefix, Organizer, Permission};
use crate::server::entities::{application, audit, campaign, campaign_role, question};
use crate::server::AppState;

mod bounds;

use bounds::{age_bound, date_bound, order, region_code, status_filter};

pub const PAGE_SIZE: u64 = 50;

/// A filter that was checked: the campaign it names and the condition it stands for.
pub struct Selection {
    pub campaign: campaign::Model,
    pub roles: Vec<campaign_role::Model>,
    /// Everything but the status (the counts per status use this).
    pub without_status: Condition,
    pub condition: Condition,
    /// The campaign's questions, retired ones too (their answers can still be filtered by).
    pub questions: Vec<question::Model>,
}

/// Checks a filter against the campaign and the organizer's area. Nonsense is a clear message.
pub async fn select<C: ConnectionTrait>(
    db: &C,
    organizer: &Organizer,
    filter: &QueueFilter,
) -> Result<Selection, AppError> {
    let slug = filter.campaign.trim();
    let campaign = if slug.is_empty() {
        campaign::Entity::find().order_by_asc(campaign::Column::Id).one(db).await.map_err(db_failure)?
    } else if slug.len() > 64 || slug.chars().any(char::is_control) {
        None
    } else {
        campaign::Entity::find().filter(campaign::Column::Slug.eq(slug)).one(db).await.map_err(db_failure)?
    };
    let Some(campaign) = campaign else { return Err(AppError::Invalid(Problem::FilterCampaignUnknown)) };
    let roles = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(campaign.id))
        .order_by_asc(campaign_role::Column::Position)
        .all(db)
        .await
        .map_err(db_failure)?;

    let mut cond = Condition::all().add(application::Column::CampaignId.eq(campaign.id));
    if let Some(scope) = organizer.scope() {
        cond = cond.add(scope);
    }
    for (text, len) in [(&filter.county, 6), (&filter.street, 9), (&filter.community, 12)] {
        if let Some(code) = region_code(text, len)? {
            cond = cond.add(region_prefix(code));
        }
    }
    let role = filter.role.trim();
    if !role.is_empty() {
        let Some(found) = roles.iter().find(|r| r.key == role) else {
            return Err(AppError::Invalid(Problem::FilterRoleUnknown));
        };
        cond = cond.add(application::Column::RoleId.eq(found.id));
    }
    let questions = super::questions::of_campaign(db, campaign.id, true).await.map_err(db_failure)?;
    if let Some(answered) = super::questions::answer_filter(&questions, &filter.answer)? {
        cond = cond.add(answered);
    }
    let skill = filter.skill.trim();
    if !skill.is_empty() {
        if !options::is_skill(skill) {
            return Err(AppError::Invalid(Problem::FilterSkillUnknown));
        }
        // skills are stored as a JSON list of known keys: `["first_aid","leadership"]`
        cond = cond.add(application::Column::Skills.like(format!("%\"{skill}\"%")));
    }
    let today = today_in_china();
    let (age_min, age_max) = (age_bound(&filter.age_min)?, age_bound(&filter.age_max)?);
    if let (Some(lo), Some(hi)) = (age_min, age_max) {
        if lo > hi {
            return Err(AppError::Invalid(Problem::FilterAgeInvalid));
        }
    }
    if let Some(min) = age_min {
        cond = cond.add(application::Column::BirthDate.lte(years_before(today, min)));
    }
    if let Some(max) = age_max {
        cond = cond.add(application::Column::BirthDate.gt(years_before(today, max + 1)));
    }
    if let Some(from) = date_bound(&filter.from)? {
        cond = cond.add(application::Column::CreatedAt.gte(china_midnight(from)));
    }
    if let Some(to) = date_bound(&filter.to)? {
        let next = to.succ_opt().unwrap_or(to);
        cond = cond.add(application::Column::CreatedAt.lt(china_midnight(next)));
    }
    let q = filter.q.trim();
    if q.chars().count() > 40 {
        return Err(AppError::Invalid(Problem::FilterSearchTooLong));
    }
    // PostgreSQL refuses a NUL in any text; no name holds a control character anyway
    if q.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::FilterSearchInvalid));
    }
    if !q.is_empty() {
        // a reference or last four digits typed full-width are the same; a name is searched
        // in NFC, the form it was stored in
        let narrow = crate::domain::width::narrow(q);
        let upper = narrow.trim().to_ascii_uppercase();
        if upper.len() == 10 && upper.starts_with("SW") && upper.bytes().all(|b| b.is_ascii_alphanumeric()) {
            cond = cond.add(application::Column::Reference.eq(upper));
        } else if upper.len() == 4 && upper.bytes().all(|b| b.is_ascii_digit()) {
            cond = cond.add(application::Column::MobileLast4.eq(upper));
        } else {
            let plain: String = normalized(q).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
            cond = cond.add(application::Column::Name.like(format!("%{plain}%")));
        }
    }
    let without_status = cond.clone();
    if let Some(status) = status_filter(filter)? {
        cond = cond.add(application::Column::Status.eq(status));
    }
    Ok(Selection { campaign, roles, without_status, condition: cond, questions })
}

pub fn skills_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

pub struct RowContext<'a> {
    pub state: &'a AppState,
    pub roles: HashMap<i32, String>,
    pub today: NaiveDate,
}

impl RowContext<'_> {
    pub fn row(&self, a: &application::Model) -> QueueRow {
        let mobile = self.state.crypto.decrypt(&a.mobile_cipher).unwrap_or_default();
        QueueRow {
            id: a.id,
            reference: a.reference.clone(),
            name: a.name.clone(),
            masked_mobile: mask_phone(&mobile),
            age: a.erased_at.is_none().then(|| age_on(a.birth_date, self.today)),
            region: self.state.regions.full_name(&a.region_code).unwrap_or_else(|| a.region_code.clone()),
            role: self.roles.get(&a.role_id).cloned().unwrap_or_default(),
            skills: skills_of(&a.skills).iter().map(|k| skill_label(k).to_string()).collect(),
            status: status_label(a.status).to_string(),
            submitted_at: a.created_at,
        }
    }
}

pub fn row_context<'a>(state: &'a AppState, roles: &[campaign_role::Model]) -> RowContext<'a> {
    RowContext {
        state,
        roles: roles.iter().map(|r| (r.id, r.name.clone())).collect(),
        today: today_in_china(),
    }
}

/// Counts per status for the filter without its status part.
pub async fn counts<C: ConnectionTrait>(
    db: &C,
    without_status: Condition,
) -> Result<BTreeMap<ApplicationStatus, u64>, AppError> {
    let rows: Vec<(ApplicationStatus, i64)> = application::Entity::find()
        .select_only()
        .column(application::Column::Status)
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(without_status)
        .group_by(application::Column::Status)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_failure)?;
    Ok(rows.into_iter().map(|(status, n)| (status, u64::try_from(n).unwrap_or(0))).collect())
}

pub async fn queue(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
) -> Result<QueuePage, AppError> {
    organizer.require(Permission::ReadApplications)?;
    let db = &state.db;
    let selection = select(db, organizer, filter).await?;
    let (column, direction) = order(&filter.sort)?;
    let counts = counts(db, selection.without_status.clone()).await?;
    let total: u64 = match status_filter(filter)? {
        None => counts.values().sum(),
        Some(status) => counts.get(&status).copied().unwrap_or(0),
    };
    let pages = Ord::max(total.div_ceil(PAGE_SIZE), 1);
    let asked = match filter.page.trim() {
        "" => 1,
        text => text
            .parse::<u64>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or(AppError::Invalid(Problem::FilterPageInvalid))?,
    };
    let page = Ord::min(asked, pages);
    let found = application::Entity::find()
        .filter(selection.condition.clone())
        .order_by(column, direction.clone())
        .order_by(application::Column::Id, direction)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await
        .map_err(db_failure)?;
    let context = row_context(state, &selection.roles);
    let campaigns =
        campaign::Entity::find().order_by_asc(campaign::Column::Id).all(db).await.map_err(db_failure)?;

    let visible = |code: &str| organizer.county.as_deref().is_none_or(|c| code == c);
    let counties: Vec<Choice> = state
        .regions
        .counties
        .iter()
        .filter(|c| visible(&c.code))
        .map(|c| Choice { value: c.code.clone(), label: c.name.clone() })
        .collect();
    let county = organizer.county.clone().unwrap_or_else(|| filter.county.trim().to_string());
    let county_node = state.regions.county(&county);
    let streets: Vec<Choice> = county_node
        .map(|c| c.children.iter().map(|s| Choice { value: s.code.clone(), label: s.name.clone() }).collect())
        .unwrap_or_default();
    let communities: Vec<Choice> = county_node
        .and_then(|c| c.children.iter().find(|s| s.code == filter.street.trim()))
        .map(|s| s.children.iter().map(|c| Choice { value: c.code.clone(), label: c.name.clone() }).collect())
        .unwrap_or_default();

    let mut shown = filter.clone();
    shown.campaign = selection.campaign.slug.clone();
    shown.page = page.to_string();
    Ok(QueuePage {
        filter: shown,
        campaigns: campaigns
            .iter()
            .map(|c| Choice { value: c.slug.clone(), label: c.title.clone() })
            .collect(),
        roles: selection
            .roles
            .iter()
            .map(|r| Choice { value: r.key.clone(), label: r.name.clone() })
            .collect(),
        counties,
        streets,
        communities,
        answers: super::questions::filter_choices(&selection.questions),
        counts,
        total,
        page,
        pages,
        rows: found.iter().map(|a| context.row(a)).collect(),
        organizer: super::organizers::view(organizer),
    })
}

/// One application the organizer may see, or NotFound. An application outside their area is
/// answered exactly like one that does not exist, so that nobody learns which ids exist elsewhere.
pub async fn find_in_scope<C: ConnectionTrait>(
    db: &C,
    organizer: &Organizer,
    id: i64,
) -> Result<application::Model, AppError> {
    application::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(db_failure)?
        .filter(|found| organizer.covers(&found.region_code))
        .ok_or(AppError::NotFound)
}

pub async fn detail(state: &AppState, organizer: &Organizer, id: i64) -> Result<ApplicationDetail, AppError> {
    organizer.require(Permission::ReadApplications)?;
    let db = &state.db;
    let a = find_in_scope(db, organizer, id).await?;
    let campaign = campaign::Entity::find_by_id(a.campaign_id).one(db).await.map_err(db_failure)?;
    let role = campaign_role::Entity::find_by_id(a.role_id).one(db).await.map_err(db_failure)?;
    let trail = audit::Entity::find()
        .filter(audit::Column::ApplicationId.eq(a.id))
        .order_by_asc(audit::Column::Id)
        .all(db)
        .await
        .map_err(db_failure)?;
    let id_number = state.crypto.decrypt(&a.id_cipher).unwrap_or_default();
    let mobile = state.crypto.decrypt(&a.mobile_cipher).unwrap_or_default();
    let weeks = super::duty_weeks::of_volunteer(state, &a).await?;
    let answers =
        super::questions::lines_of(db, a.campaign_id, a.id, Locale::Zh).await.map_err(db_failure)?;
    Ok(ApplicationDetail {
        weeks,
        answers,
        id: a.id,
        reference: a.reference.clone(),
        campaign: campaign.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
        campaign_slug: campaign.map(|c| c.slug).unwrap_or_default(),
        name: a.name.clone(),
        masked_mobile: mask_phone(&mobile),
        // city admins may see full data; for everyone else the age replaces the birth date and
        // the ID keeps fewer characters, so that the page never adds up to the number (README)
        masked_id: if organizer.sees_full_data() {
            mask_id_number(&id_number)
        } else {
            mask_id_number_for_staff(&id_number)
        },
        birth_date: (organizer.sees_full_data() && a.erased_at.is_none()).then_some(a.birth_date),
        age: a.erased_at.is_none().then(|| age_on(a.birth_date, today_in_china())),
        email: a.email.clone(),
        region: state.regions.full_name(&a.region_code).unwrap_or_else(|| a.region_code.clone()),
        role: role.map(|r| r.name).unwrap_or_default(),
        skills: skills_of(&a.skills).iter().map(|k| skill_label(k).to_string()).collect(),
        availability: skills_of(&a.availability).iter().map(|k| availability_label(k).to_string()).collect(),
        status_key: a.status,
        status: status_label(a.status).to_string(),
        submitted_at: a.created_at,
        audit: trail
            .into_iter()
            .map(|e| AuditView {
                at: e.created_at,
                actor: e.actor_name,
                action: crate::i18n::audit_action_label(e.action).to_string(),
                from_status: e.from_status.map(|s| status_label(s).to_string()),
                to_status: e.to_status.map(|s| status_label(s).to_string()),
                reason: e.reason,
            })
            .collect(),
    })
}
