//! Organizers' own questions: reading them for the form, storing the answers with the sign-up,
//! reading answers back in words (application page, exports, API) and filtering the queue by a
//! choice. Editing them is `admin`.

pub mod admin;

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, Statement,
};

use crate::domain::questions::{Answer, Condition, QuestionKind, NO, YES};
use crate::error::AppError;
use crate::i18n::{answer_words, asked_only_if, role_subject, Locale};
use crate::model::admin::Choice;
use crate::model::{AnswerLine, ChoiceOption, Problem, QuestionProblem, QuestionView};
use crate::server::entities::{answer, application, campaign_role, question};

/// The questions of a campaign in their order; retired ones only when asked for.
pub async fn of_campaign<C: ConnectionTrait>(
    db: &C,
    campaign_id: i32,
    with_retired: bool,
) -> Result<Vec<question::Model>, DbErr> {
    let mut find = question::Entity::find().filter(question::Column::CampaignId.eq(campaign_id));
    if !with_retired {
        find = find.filter(question::Column::RetiredAt.is_null());
    }
    find.order_by_asc(question::Column::Position).order_by_asc(question::Column::Id).all(db).await
}

pub fn kind_of(model: &question::Model) -> QuestionKind {
    QuestionKind::parse(&model.kind).unwrap_or(QuestionKind::ShortText)
}

pub fn options_of(model: &question::Model) -> Vec<ChoiceOption> {
    let pairs: Vec<(String, String)> = serde_json::from_str::<Vec<serde_json::Value>>(&model.options)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| Some((o.get("key")?.as_str()?.to_string(), o.get("label")?.as_str()?.to_string())))
        .collect();
    pairs.into_iter().map(|(key, label)| ChoiceOption { key, label }).collect()
}

pub fn options_json(options: &[ChoiceOption]) -> String {
    let list: Vec<_> =
        options.iter().map(|o| serde_json::json!({ "key": o.key, "label": o.label })).collect();
    serde_json::Value::Array(list).to_string()
}

/// A question as the form shows it, its condition in words of `locale`.
pub fn view(
    model: &question::Model,
    all: &[question::Model],
    roles: &[campaign_role::Model],
    locale: Locale,
) -> QuestionView {
    let when = model.condition.as_deref().and_then(Condition::parse);
    let when_text = when.as_ref().map(|condition| match condition {
        Condition::Role(key) => {
            let name = roles.iter().find(|r| &r.key == key).map_or(key.as_str(), |r| r.name.as_str());
            asked_only_if(locale, role_subject(locale), name)
        }
        Condition::Answer { question, value } => {
            let other = all.iter().find(|q| q.id == *question);
            let label = other.map_or_else(String::new, |q| format!("“{}”", q.label));
            let what = other.map_or_else(|| value.clone(), |q| option_words(q, value, locale));
            asked_only_if(locale, &label, &what)
        }
    });
    QuestionView {
        id: model.id,
        kind: kind_of(model),
        label: model.label.clone(),
        help: model.help.clone(),
        required: model.required,
        options: options_of(model),
        min: model.min_value,
        max: model.max_value,
        when,
        when_text,
    }
}

/// The words of one option key of `model` (yes/no included).
fn option_words(model: &question::Model, key: &str, locale: Locale) -> String {
    let words = answer_words(locale);
    let shown = QuestionView { options: options_of(model), kind: kind_of(model), ..blank() };
    shown.option_label(key, words.yes, words.no)
}

fn blank() -> QuestionView {
    QuestionView {
        id: 0,
        kind: QuestionKind::ShortText,
        label: String::new(),
        help: String::new(),
        required: false,
        options: vec![],
        min: None,
        max: None,
        when: None,
        when_text: None,
    }
}

/// The questions the form asks (not retired), in order.
pub fn asked(all: &[question::Model], roles: &[campaign_role::Model], locale: Locale) -> Vec<QuestionView> {
    all.iter().filter(|q| q.retired_at.is_none()).map(|q| view(q, all, roles, locale)).collect()
}

/// Stores a sign-up's answers, in the sign-up's transaction: found by its reference (the writer
/// does not read the new row's id back).
pub async fn store<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    answers: &[(i32, String)],
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO answers (application_id, question_id, value) \
             SELECT id, CAST($1 AS INTEGER), CAST($2 AS TEXT) FROM applications WHERE reference = $3"
        }
        _ => "INSERT INTO answers (application_id, question_id, value) SELECT id, ?, ? FROM applications WHERE reference = ?",
    };
    for (question, value) in answers {
        let values = [(*question).into(), value.clone().into(), reference.into()];
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    }
    Ok(())
}

/// The rows to store for parsed answers.
pub fn rows(answers: &[(i32, Answer)]) -> Vec<(i32, String)> {
    answers.iter().flat_map(|(id, answer)| answer.stored().into_iter().map(move |v| (*id, v))).collect()
}

/// The answers of these applications, by application.
pub async fn of_applications<C: ConnectionTrait>(
    db: &C,
    applications: &[i64],
) -> Result<HashMap<i64, Vec<answer::Model>>, DbErr> {
    let mut by_application: HashMap<i64, Vec<answer::Model>> = HashMap::new();
    for chunk in applications.chunks(500) {
        let found = answer::Entity::find()
            .filter(answer::Column::ApplicationId.is_in(chunk.iter().copied()))
            .order_by_asc(answer::Column::Id)
            .all(db)
            .await?;
        for row in found {
            by_application.entry(row.application_id).or_default().push(row);
        }
    }
    Ok(by_application)
}

/// One application's answers in words, in the questions' order (retired ones marked).
pub fn lines(questions: &[question::Model], answers: &[answer::Model], locale: Locale) -> Vec<AnswerLine> {
    questions
        .iter()
        .filter_map(|q| {
            let values: Vec<String> =
                answers.iter().filter(|a| a.question_id == q.id).map(|a| a.value.clone()).collect();
            if values.is_empty() {
                return None;
            }
            let text = match kind_of(q) {
                kind if kind.is_choice() => {
                    values.iter().map(|v| option_words(q, v, locale)).collect::<Vec<_>>().join("、")
                }
                _ => values.join("\n"),
            };
            Some(AnswerLine {
                question: q.id,
                label: q.label.clone(),
                text,
                values,
                retired: q.retired_at.is_some(),
            })
        })
        .collect()
}

/// One export cell per question (in `questions`' order): the answer in words, or empty.
pub fn cells(questions: &[question::Model], answers: &[answer::Model]) -> Vec<String> {
    let given = lines(questions, answers, Locale::Zh);
    questions
        .iter()
        .map(|q| {
            given.iter().find(|line| line.question == q.id).map(|line| line.text.clone()).unwrap_or_default()
        })
        .collect()
}

/// The export's column heading of each question (a retired one marked).
pub fn headings(questions: &[question::Model]) -> Vec<String> {
    let mark = crate::i18n::tq().retired_mark;
    questions
        .iter()
        .map(|q| format!("{}{}", q.label, if q.retired_at.is_some() { mark } else { "" }))
        .collect()
}

/// The keys and words of a choice question's answers (yes/no included); none for other kinds.
pub fn choice_keys(q: &question::Model, locale: Locale) -> Vec<(String, String)> {
    let words = answer_words(locale);
    match kind_of(q) {
        QuestionKind::YesNo => vec![(YES.into(), words.yes.into()), (NO.into(), words.no.into())],
        kind if kind.has_options() => options_of(q).into_iter().map(|o| (o.key, o.label)).collect(),
        _ => vec![],
    }
}

/// What the queue can be filtered by: each answer of each choice question (`q{ID}={KEY}`).
pub fn filter_choices(all: &[question::Model]) -> Vec<Choice> {
    all.iter()
        .flat_map(|q| {
            let retired = if q.retired_at.is_some() { crate::i18n::tq().retired_mark } else { "" };
            choice_keys(q, Locale::Zh).into_iter().map(move |(key, label)| Choice {
                value: format!("q{}={key}", q.id),
                label: format!("{}{retired}：{label}", q.label),
            })
        })
        .collect()
}

/// The queue's `answer` filter, checked against the campaign's questions.
pub fn answer_filter(all: &[question::Model], typed: &str) -> Result<Option<SimpleExpr>, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let unknown = || AppError::Invalid(Problem::Question(QuestionProblem::FilterUnknown));
    let Some(Condition::Answer { question, value }) = Condition::parse(typed) else { return Err(unknown()) };
    let known = all
        .iter()
        .find(|q| q.id == question)
        .is_some_and(|q| choice_keys(q, Locale::Zh).iter().any(|(key, _)| *key == value));
    if !known {
        return Err(unknown());
    }
    Ok(Some(answered(question, &value)))
}

/// The applications with an answer row "`key` to `question`".
pub fn answered(question: i32, key: &str) -> SimpleExpr {
    let rows = Query::select()
        .column(answer::Column::ApplicationId)
        .from(answer::Entity)
        .and_where(Expr::col(answer::Column::QuestionId).eq(question))
        .and_where(Expr::col(answer::Column::Value).eq(key))
        .to_owned();
    Expr::col((application::Entity, application::Column::Id)).in_subquery(rows)
}

/// One application's answers in words (the application page, the API).
pub async fn lines_of<C: ConnectionTrait>(
    db: &C,
    campaign: i32,
    application: i64,
    locale: Locale,
) -> Result<Vec<AnswerLine>, DbErr> {
    let questions = of_campaign(db, campaign, true).await?;
    if questions.is_empty() {
        return Ok(Vec::new());
    }
    let answers = of_applications(db, &[application]).await?.remove(&application).unwrap_or_default();
    Ok(lines(&questions, &answers, locale))
}
