//! Editing a campaign's questions (city admins, like the campaign itself): add, reword, move,
//! retire and restore. A question keeps its id through all of it, and its options keep their
//! keys, so answers already given stay attached; each change is audited and reaches the public
//! form at once (the campaign caches are told, on every instance).

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::{choice_keys, kind_of, of_campaign, options_json, options_of, view};
use crate::domain::questions::{whole_number, Condition, QuestionKind, NO, YES};
use crate::domain::AuditAction;
use crate::error::AppError;
use crate::i18n::{kind_label, tq, Locale};
use crate::model::admin::{Choice, QuestionForm, QuestionRow, QuestionsPage};
use crate::model::{ChoiceOption, Problem, QuestionProblem};
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{answer, campaign, campaign_role, question};
use crate::server::services::{audit::record, campaigns::find_by_slug, db_failure};
use crate::server::AppState;

/// Most questions a campaign asks at once.
const MAX_ACTIVE: usize = 30;

fn problem(p: QuestionProblem) -> AppError {
    AppError::Invalid(Problem::Question(p))
}

async fn campaign_of(
    state: &AppState,
    slug: &str,
) -> Result<(campaign::Model, Vec<campaign_role::Model>), AppError> {
    find_by_slug(&state.db, slug.trim()).await.map_err(db_failure)?.ok_or(AppError::NotFound)
}

/// The question page of a campaign; `edit` names the question whose form is filled in.
pub async fn page(
    state: &AppState,
    organizer: &Organizer,
    slug: &str,
    edit: &str,
) -> Result<QuestionsPage, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let (campaign, roles) = campaign_of(state, slug).await?;
    let all = of_campaign(&state.db, campaign.id, true).await.map_err(db_failure)?;
    let mut questions = Vec::with_capacity(all.len());
    for q in &all {
        let answers = answer::Entity::find()
            .filter(answer::Column::QuestionId.eq(q.id))
            .count(&state.db)
            .await
            .map_err(db_failure)?;
        let shown = view(q, &all, &roles, Locale::Zh);
        questions.push(QuestionRow {
            id: q.id,
            label: q.label.clone(),
            kind: kind_label(shown.kind).to_string(),
            required: q.required,
            condition: shown.when_text.unwrap_or_else(|| tq().always.to_string()),
            answers,
            retired: q.retired_at.is_some(),
        });
    }
    let editing = edit.trim().parse::<i32>().ok().and_then(|id| all.iter().find(|q| q.id == id));
    let form = match editing {
        Some(q) => QuestionForm {
            campaign: campaign.slug.clone(),
            id: q.id.to_string(),
            kind: q.kind.clone(),
            label: q.label.clone(),
            help: q.help.clone(),
            required: if q.required { "on".into() } else { String::new() },
            options: options_of(q).into_iter().map(|o| o.label).collect::<Vec<_>>().join("\n"),
            min: q.min_value.map(|n| n.to_string()).unwrap_or_default(),
            max: q.max_value.map(|n| n.to_string()).unwrap_or_default(),
            condition: q.condition.clone().unwrap_or_default(),
        },
        None => QuestionForm { campaign: campaign.slug.clone(), ..Default::default() },
    };
    let kinds = QuestionKind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().into(), label: kind_label(*k).into() })
        .collect();
    Ok(QuestionsPage {
        me: crate::server::services::organizers::view(organizer),
        slug: campaign.slug,
        title: campaign.title,
        questions,
        form,
        kinds,
        conditions: condition_choices(&all, &roles, editing.map(|q| q.id)),
    })
}

/// Each role, and each option of each other choice question that is still asked.
fn condition_choices(
    all: &[question::Model],
    roles: &[campaign_role::Model],
    except: Option<i32>,
) -> Vec<Choice> {
    let mut choices: Vec<Choice> = roles
        .iter()
        .map(|r| Choice {
            value: format!("role={}", r.key),
            label: format!("{}：{}", tq().condition_role, r.name),
        })
        .collect();
    for q in all.iter().filter(|q| q.retired_at.is_none() && Some(q.id) != except) {
        for (key, label) in choice_keys(q, Locale::Zh) {
            choices
                .push(Choice {
                    value: format!("q{}={key}", q.id), label: format!("“{}”：{label}", q.label)
                });
        }
    }
    choices
}

fn text(value: &str, max: usize, required: bool, p: QuestionProblem) -> Result<String, AppError> {
    let value = value.trim();
    let bad = value.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
    if bad || (required && value.is_empty()) || value.chars().count() > max {
        return Err(problem(p));
    }
    Ok(value.replace("\r\n", "\n"))
}

/// The options as typed, with their keys: line N keeps the key of option N, new lines get new keys.
fn parse_options(typed: &str, old: &[ChoiceOption]) -> Result<Vec<ChoiceOption>, AppError> {
    let lines: Vec<&str> = typed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() < old.len() {
        return Err(problem(QuestionProblem::OptionRemoved));
    }
    let bad = |l: &&str| l.chars().count() > 100 || l.chars().any(char::is_control);
    let unique = lines.iter().enumerate().all(|(i, l)| !lines[..i].contains(l));
    if !(2..=30).contains(&lines.len()) || lines.iter().any(bad) || !unique {
        return Err(problem(QuestionProblem::OptionsInvalid));
    }
    let mut next = old.iter().filter_map(|o| o.key.strip_prefix('o')?.parse::<u32>().ok()).max().unwrap_or(0);
    Ok(lines
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let key = old.get(i).map(|o| o.key.clone()).unwrap_or_else(|| {
                next += 1;
                format!("o{next}")
            });
            ChoiceOption { key, label: label.to_string() }
        })
        .collect())
}

fn bound(typed: &str) -> Result<Option<i64>, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    whole_number(typed).map(Some).ok_or_else(|| problem(QuestionProblem::RangeInvalid))
}

/// The condition as typed, checked against the campaign: its roles, its other choice questions.
fn parse_condition(
    typed: &str,
    own: Option<i32>,
    all: &[question::Model],
    roles: &[campaign_role::Model],
) -> Result<Option<String>, AppError> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let invalid = || problem(QuestionProblem::ConditionInvalid);
    let condition = Condition::parse(typed).ok_or_else(invalid)?;
    let known = match &condition {
        Condition::Role(key) => roles.iter().any(|r| &r.key == key),
        Condition::Answer { question, value } => all.iter().any(|q| {
            q.id == *question
                && Some(q.id) != own
                && q.retired_at.is_none()
                && match kind_of(q) {
                    QuestionKind::YesNo => value == YES || value == NO,
                    kind => kind.has_options() && options_of(q).iter().any(|o| &o.key == value),
                }
        }),
    };
    known.then(|| condition.as_text()).ok_or_else(invalid).map(Some)
}

/// Adds or rewords a question; answers the campaign's slug.
pub async fn save(state: &AppState, organizer: &Organizer, form: &QuestionForm) -> Result<String, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    let (campaign, roles) = campaign_of(state, &form.campaign).await?;
    let db = &state.db;
    let all = of_campaign(db, campaign.id, true).await.map_err(db_failure)?;
    let existing = match form.id.trim() {
        "" => None,
        id => {
            let id = id.parse::<i32>().map_err(|_| problem(QuestionProblem::IdInvalid))?;
            Some(all.iter().find(|q| q.id == id).ok_or_else(|| problem(QuestionProblem::IdInvalid))?)
        }
    };
    let kind = match existing {
        Some(q) => kind_of(q),
        None => QuestionKind::parse(form.kind.trim()).ok_or_else(|| problem(QuestionProblem::KindUnknown))?,
    };
    let label = text(&form.label, 200, true, QuestionProblem::LabelInvalid)?;
    let help = text(&form.help, 500, false, QuestionProblem::HelpInvalid)?;
    let old_options = existing.map(options_of).unwrap_or_default();
    let options = if kind.has_options() { parse_options(&form.options, &old_options)? } else { vec![] };
    let (min, max) = match kind {
        QuestionKind::Number => (bound(&form.min)?, bound(&form.max)?),
        _ => (None, None),
    };
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            return Err(problem(QuestionProblem::RangeInvalid));
        }
    }
    let condition = parse_condition(&form.condition, existing.map(|q| q.id), &all, &roles)?;
    let now = Utc::now();
    let txn = db.begin().await.map_err(db_failure)?;
    let result: Result<i32, DbErr> = async {
        let id = match existing {
            Some(q) => {
                question::Entity::update_many()
                    .col_expr(question::Column::Label, Expr::value(label.clone()))
                    .col_expr(question::Column::Help, Expr::value(help.clone()))
                    .col_expr(question::Column::Required, Expr::value(!form.required.trim().is_empty()))
                    .col_expr(question::Column::Options, Expr::value(options_json(&options)))
                    .col_expr(question::Column::MinValue, Expr::value(min))
                    .col_expr(question::Column::MaxValue, Expr::value(max))
                    .col_expr(question::Column::Condition, Expr::value(condition.clone()))
                    .col_expr(question::Column::UpdatedAt, Expr::value(now))
                    .filter(question::Column::Id.eq(q.id))
                    .exec(&txn)
                    .await?;
                q.id
            }
            None => {
                let position = all.iter().map(|q| q.position).max().unwrap_or(0) + 1;
                let saved = question::ActiveModel {
                    campaign_id: Set(campaign.id),
                    position: Set(position),
                    kind: Set(kind.as_str().to_string()),
                    label: Set(label.clone()),
                    help: Set(help.clone()),
                    required: Set(!form.required.trim().is_empty()),
                    options: Set(options_json(&options)),
                    min_value: Set(min),
                    max_value: Set(max),
                    condition: Set(condition.clone()),
                    retired_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                saved.id
            }
        };
        let verb = if existing.is_some() { "reworded" } else { "added" };
        record(
            &txn,
            organizer,
            AuditAction::Question,
            Some(campaign.id),
            format!("{verb} question {id}: {label}"),
        )
        .await?;
        Ok(id)
    }
    .await;
    result.map_err(db_failure)?;
    // a new question: the campaign may not ask more than MAX_ACTIVE (checked inside, so two
    // organizers adding at once cannot pass it together)
    if existing.is_none() && active_count(&txn, campaign.id).await.map_err(db_failure)? > MAX_ACTIVE as u64 {
        return Err(problem(QuestionProblem::TooMany));
    }
    txn.commit().await.map_err(db_failure)?;
    state.bus.campaigns_changed().await;
    Ok(campaign.slug)
}

async fn active_count<C: ConnectionTrait>(db: &C, campaign: i32) -> Result<u64, DbErr> {
    question::Entity::find()
        .filter(question::Column::CampaignId.eq(campaign))
        .filter(question::Column::RetiredAt.is_null())
        .count(db)
        .await
}

/// The question, if it is one of a campaign this organizer manages.
async fn question_of(state: &AppState, organizer: &Organizer, id: i32) -> Result<question::Model, AppError> {
    organizer.require(Permission::ManageCampaigns)?;
    question::Entity::find_by_id(id)
        .one(&state.db)
        .await
        .map_err(db_failure)?
        .ok_or_else(|| problem(QuestionProblem::IdInvalid))
}

async fn slug_of(state: &AppState, campaign: i32) -> Result<String, AppError> {
    let found = campaign::Entity::find_by_id(campaign).one(&state.db).await.map_err(db_failure)?;
    found.map(|c| c.slug).ok_or(AppError::NotFound)
}

/// Moves a question one place up or down (swapping with its neighbour); answers the slug.
pub async fn move_by(state: &AppState, organizer: &Organizer, id: i32, up: bool) -> Result<String, AppError> {
    let q = question_of(state, organizer, id).await?;
    let all = of_campaign(&state.db, q.campaign_id, true).await.map_err(db_failure)?;
    let at =
        all.iter().position(|other| other.id == q.id).ok_or_else(|| problem(QuestionProblem::IdInvalid))?;
    let neighbour = if up { at.checked_sub(1) } else { Some(at + 1) };
    let Some(other) = neighbour.and_then(|n| all.get(n)) else {
        return Err(problem(QuestionProblem::CannotMove));
    };
    let txn = state.db.begin().await.map_err(db_failure)?;
    // positions may repeat in old data: the order read above is made explicit by renumbering
    let result: Result<(), DbErr> = async {
        for (n, each) in all.iter().enumerate() {
            let n = n as i32 + 1;
            let position = match each.id {
                x if x == q.id => other_position(at, up),
                x if x == other.id => at as i32 + 1,
                _ => n,
            };
            question::Entity::update_many()
                .col_expr(question::Column::Position, Expr::value(position))
                .filter(question::Column::Id.eq(each.id))
                .exec(&txn)
                .await?;
        }
        let direction = if up { "up" } else { "down" };
        record(
            &txn,
            organizer,
            AuditAction::Question,
            Some(q.campaign_id),
            format!("moved question {id} {direction}"),
        )
        .await
    }
    .await;
    result.map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    state.bus.campaigns_changed().await;
    slug_of(state, q.campaign_id).await
}

/// The 1-based position a question at index `at` takes when it moves one place.
fn other_position(at: usize, up: bool) -> i32 {
    if up {
        at as i32
    } else {
        at as i32 + 2
    }
}

/// Retires a question (no longer asked; its answers stay) or restores it; answers the slug.
pub async fn retire(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    retired: bool,
) -> Result<String, AppError> {
    let q = question_of(state, organizer, id).await?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    let result: Result<(), DbErr> = async {
        let at = retired.then(Utc::now);
        question::Entity::update_many()
            .col_expr(question::Column::RetiredAt, Expr::value(at))
            .filter(question::Column::Id.eq(q.id))
            .exec(&txn)
            .await?;
        let verb = if retired { "retired" } else { "restored" };
        record(&txn, organizer, AuditAction::Question, Some(q.campaign_id), format!("{verb} question {id}"))
            .await
    }
    .await;
    result.map_err(db_failure)?;
    if !retired && active_count(&txn, q.campaign_id).await.map_err(db_failure)? > MAX_ACTIVE as u64 {
        return Err(problem(QuestionProblem::TooMany));
    }
    txn.commit().await.map_err(db_failure)?;
    state.bus.campaigns_changed().await;
    slug_of(state, q.campaign_id).await
}
