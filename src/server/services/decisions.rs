//! Decisions on applications: approve, reject (with a reason), waitlist — one at a time or in
//! bulk. Each changed application gets an audit entry and, when it has an e-mail address, a
//! decision mail in the outbox, all in ONE transaction: a failure half-way leaves nothing changed.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};

use super::audit::record;
use super::{db_failure, review};
use crate::domain::{ApplicationStatus, AuditAction, Decision, RejectReason, WebhookEvent};
use crate::error::AppError;
use crate::i18n::{reject_reason_label, Locale};
use crate::model::admin::{DecisionForm, DecisionReport, QueueFilter};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::email::messages::DecisionNotice;
use crate::server::email::outbox;
use crate::server::entities::{application, audit, campaign, lottery_draw};
use crate::server::AppState;

/// Most applications one bulk decision may change (a larger pool must be narrowed first).
pub const MAX_BULK: usize = 10_000;
/// Rows per statement (well under SQLite's and PostgreSQL's parameter limits).
const CHUNK: usize = 500;

/// A checked decision: the status it sets and the reason shown to the applicant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDecision {
    pub to: ApplicationStatus,
    pub reason: Option<String>,
}

pub fn parse(form: &DecisionForm) -> Result<CheckedDecision, AppError> {
    let Some(decision) = Decision::parse(form.decision.trim()) else {
        return Err(AppError::Invalid(Problem::DecisionUnknown));
    };
    let text = form.reason_text.trim();
    if text.chars().count() > 200 {
        return Err(AppError::Invalid(Problem::ReasonTooLong));
    }
    if text.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::ReasonCharacters));
    }
    let reason = match form.reason.trim() {
        "" | "other" if !text.is_empty() => Some(text.to_string()),
        "" => None,
        "other" => return Err(AppError::Invalid(Problem::ReasonRequired)),
        key => match RejectReason::parse(key) {
            Some(listed) => Some(reject_reason_label(listed).to_string()),
            None => return Err(AppError::Invalid(Problem::ReasonUnknown)),
        },
    };
    if decision == Decision::Reject && reason.is_none() {
        return Err(AppError::Invalid(Problem::ReasonRequired));
    }
    Ok(CheckedDecision { to: decision.status(), reason })
}

/// One application, from its detail page.
pub async fn decide_one(
    state: &AppState,
    organizer: &Organizer,
    id: i64,
    form: &DecisionForm,
) -> Result<DecisionReport, AppError> {
    organizer.require(Permission::Decide)?;
    let decision = parse(form)?;
    let target = review::find_in_scope(&state.db, organizer, id).await?;
    if target.status == ApplicationStatus::Withdrawn {
        return Err(AppError::Invalid(Problem::DecisionWithdrawn));
    }
    if target.status == decision.to {
        return Err(AppError::Invalid(Problem::DecisionUnchanged));
    }
    apply(state, organizer, vec![target], &decision, AuditAction::Decision).await
}

/// What a bulk decision works on: the checked applications, or everything the filter matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkScope {
    Selected(Vec<i64>),
    All,
}

impl BulkScope {
    /// `scope` = `selected` (the checked `ids[<id>]`) or `all`. Anything else is refused whole.
    pub fn parse(scope: &str, ids: &std::collections::BTreeMap<String, String>) -> Result<Self, AppError> {
        match scope {
            "selected" => parse_ids(ids).map(Self::Selected),
            "all" => Ok(Self::All),
            _ => Err(AppError::Invalid(Problem::BulkScopeUnknown)),
        }
    }

    fn ids(&self) -> Option<&[i64]> {
        match self {
            Self::Selected(ids) => Some(ids),
            Self::All => None,
        }
    }
}

/// Checkbox names `ids[123]` → ids. Anything else is refused whole.
fn parse_ids(ids: &std::collections::BTreeMap<String, String>) -> Result<Vec<i64>, AppError> {
    if ids.len() > MAX_BULK {
        return Err(AppError::Invalid(Problem::BulkTooMany));
    }
    ids.keys()
        .map(|k| k.trim().parse::<i64>().map_err(|_| AppError::Invalid(Problem::BulkIdsInvalid)))
        .collect()
}

/// The applications a bulk action works on: the checked ones, or all matching the filter —
/// always within the organizer's area and the filter's campaign.
pub async fn targets(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    ids: Option<&[i64]>,
) -> Result<(review::Selection, Vec<application::Model>), AppError> {
    let db = &state.db;
    let selection = review::select(db, organizer, filter).await?;
    let found = match ids {
        Some([]) => return Err(AppError::Invalid(Problem::BulkNothingSelected)),
        Some(ids) => {
            let mut found = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(CHUNK) {
                let mut scope = sea_orm::Condition::all()
                    .add(application::Column::Id.is_in(chunk.iter().copied()))
                    .add(application::Column::CampaignId.eq(selection.campaign.id));
                if let Some(area) = organizer.scope() {
                    scope = scope.add(area);
                }
                found.extend(application::Entity::find().filter(scope).all(db).await.map_err(db_failure)?);
            }
            let mut wanted = ids.to_vec();
            wanted.sort_unstable();
            wanted.dedup();
            if found.len() != wanted.len() {
                // an id outside the organizer's area (or another campaign's): nothing is done
                return Err(AppError::Forbidden);
            }
            found
        }
        None => application::Entity::find()
            .filter(selection.condition.clone())
            .order_by_asc(application::Column::Id)
            .limit(MAX_BULK as u64 + 1)
            .all(db)
            .await
            .map_err(db_failure)?,
    };
    if found.len() > MAX_BULK {
        return Err(AppError::Invalid(Problem::BulkTooMany));
    }
    Ok((selection, found))
}

/// A bulk decision from the queue: `scope` = `selected` (the checked `ids[<id>]`) or `all`
/// (everything matching the filter).
pub async fn decide_bulk(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    scope: &str,
    ids: &std::collections::BTreeMap<String, String>,
    form: &DecisionForm,
) -> Result<DecisionReport, AppError> {
    let scope = BulkScope::parse(scope, ids)?;
    organizer.require(Permission::Decide)?;
    let decision = parse(form)?;
    let (_, found) = targets(state, organizer, filter, scope.ids()).await?;
    apply(state, organizer, found, &decision, AuditAction::Decision).await
}

/// One audit entry for a whole action, written with its decisions; a lottery also publishes its
/// draw there, and the entry then names the draw's id.
pub struct Summary {
    pub campaign_id: i32,
    pub detail: serde_json::Value,
    pub draw: Option<lottery_draw::ActiveModel>,
}

/// Writes the decision for every target that can take it (not withdrawn, not already there):
/// conditional status updates, audit entries and mails, in one transaction.
pub async fn apply(
    state: &AppState,
    organizer: &Organizer,
    targets: Vec<application::Model>,
    decision: &CheckedDecision,
    action: AuditAction,
) -> Result<DecisionReport, AppError> {
    apply_summarised(state, organizer, targets, decision, action, None).await.map(|(report, _)| report)
}

/// `apply`, plus — when given — the action's summary entry (and published draw) in the same
/// transaction. Answers the draw's id too.
pub async fn apply_summarised(
    state: &AppState,
    organizer: &Organizer,
    targets: Vec<application::Model>,
    decision: &CheckedDecision,
    action: AuditAction,
    summary: Option<Summary>,
) -> Result<(DecisionReport, Option<i64>), AppError> {
    let total = targets.len() as u64;
    let changing: Vec<application::Model> = targets
        .into_iter()
        .filter(|a| a.status != ApplicationStatus::Withdrawn && a.status != decision.to)
        .collect();
    let skipped = total - changing.len() as u64;
    if changing.is_empty() && summary.is_none() {
        return Ok((DecisionReport { changed: 0, skipped }, None));
    }
    let mut titles = std::collections::HashMap::new();
    for a in &changing {
        if let std::collections::hash_map::Entry::Vacant(slot) = titles.entry(a.campaign_id) {
            let title = campaign::Entity::find_by_id(a.campaign_id)
                .one(&state.db)
                .await
                .map_err(db_failure)?
                .map(|c| c.title);
            slot.insert(title.unwrap_or_default());
        }
    }
    match write(state, organizer, &changing, decision, action, summary, &titles).await {
        Ok(Written::Done { draw }) => {
            state.outbox_wake.notify_one();
            Ok((DecisionReport { changed: changing.len() as u64, skipped }, draw))
        }
        Ok(Written::Conflict) => Err(AppError::Invalid(Problem::DecisionConflict)),
        Err(e) => Err(db_failure(e)),
    }
}

enum Written {
    Done {
        draw: Option<i64>,
    },
    /// Some application changed under us (another organizer); everything rolled back.
    Conflict,
}

#[allow(clippy::too_many_arguments)]
async fn write(
    state: &AppState,
    organizer: &Organizer,
    changing: &[application::Model],
    decision: &CheckedDecision,
    action: AuditAction,
    summary: Option<Summary>,
    titles: &std::collections::HashMap<i32, String>,
) -> Result<Written, DbErr> {
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let mut draw = None;
    if let Some(Summary { campaign_id, mut detail, draw: published }) = summary {
        if let Some(published) = published {
            let id = lottery_draw::Entity::insert(published).exec(&txn).await?.last_insert_id;
            detail["draw"] = id.into();
            draw = Some(id);
        }
        record(&txn, organizer, action, Some(campaign_id), detail.to_string()).await?;
    }
    let mut by_status: std::collections::BTreeMap<ApplicationStatus, Vec<i64>> = Default::default();
    for a in changing {
        by_status.entry(a.status).or_default().push(a.id);
    }
    for (from, ids) in &by_status {
        for chunk in ids.chunks(CHUNK) {
            // conditional on the status we read: a concurrent decision makes the count fall short
            let done = application::Entity::update_many()
                .col_expr(application::Column::Status, Expr::value(decision.to))
                .col_expr(application::Column::UpdatedAt, Expr::value(now))
                .filter(application::Column::Id.is_in(chunk.iter().copied()))
                .filter(application::Column::Status.eq(*from))
                .exec(&txn)
                .await?;
            if done.rows_affected != chunk.len() as u64 {
                txn.rollback().await?;
                return Ok(Written::Conflict);
            }
        }
    }
    if decision.to != ApplicationStatus::Approved {
        let leaving: Vec<i64> =
            changing.iter().filter(|a| a.status == ApplicationStatus::Approved).map(|a| a.id).collect();
        super::teams::leave_teams(&txn, &leaving).await?;
    }
    for chunk in changing.chunks(CHUNK) {
        let entries = chunk.iter().map(|a| audit::ActiveModel {
            organizer_id: Set(Some(organizer.id)),
            actor_name: Set(organizer.name.clone()),
            action: Set(action),
            campaign_id: Set(Some(a.campaign_id)),
            application_id: Set(Some(a.id)),
            from_status: Set(Some(a.status)),
            to_status: Set(Some(decision.to)),
            reason: Set(decision.reason.clone()),
            detail: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
        audit::Entity::insert_many(entries).exec(&txn).await?;
    }
    let hooks = state.hooks.current();
    for a in changing {
        let decided = application::Model { status: decision.to, updated_at: now, ..a.clone() };
        let mut data = super::webhooks::application_data(&decided);
        data["from_status"] = serde_json::json!(a.status);
        super::webhooks::enqueue(&txn, &hooks, WebhookEvent::ApplicationDecided, &a.region_code, data)
            .await?;
    }
    for a in changing {
        if let Some(email) = &a.email {
            let mail = DecisionNotice {
                locale: Locale::from_tag(&a.locale).unwrap_or_default(),
                name: &a.name,
                campaign_title: titles.get(&a.campaign_id).map(String::as_str).unwrap_or_default(),
                reference: &a.reference,
                decision: decision.to,
                reason: decision.reason.as_deref(),
                public_url: &state.settings.public_url,
            }
            .render();
            outbox::enqueue(&txn, email, &a.reference, mail).await?;
        }
    }
    txn.commit().await?;
    Ok(Written::Done { draw })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(decision: &str, reason: &str, text: &str) -> DecisionForm {
        DecisionForm { decision: decision.into(), reason: reason.into(), reason_text: text.into() }
    }

    #[test]
    fn a_rejection_needs_a_reason_from_the_list_or_typed() {
        let reject = Decision::Reject.as_str();
        assert!(parse(&form(reject, "", "")).is_err());
        assert!(parse(&form(reject, "other", " ")).is_err());
        assert_eq!(
            parse(&form(reject, "other", "名额已满，欢迎下次")).unwrap().reason.as_deref(),
            Some("名额已满，欢迎下次")
        );
        assert!(parse(&form(reject, RejectReason::ALL[0].as_str(), "")).unwrap().reason.is_some());
        assert!(parse(&form(reject, "no such reason", "")).is_err());
    }

    #[test]
    fn nonsense_decisions_and_huge_reasons_are_refused() {
        let approve = Decision::Approve.as_str();
        assert!(parse(&form(ApplicationStatus::Withdrawn.as_str(), "", "")).is_err());
        assert!(parse(&form(approve, "other", &"长".repeat(201))).is_err());
        assert_eq!(
            parse(&form(approve, "", "")).unwrap(),
            CheckedDecision { to: ApplicationStatus::Approved, reason: None }
        );
    }
}
