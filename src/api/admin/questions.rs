//! A campaign's own questions: the page, saving one (new or reworded), moving, retiring.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::admin::{QuestionForm, QuestionsPage};
#[cfg(feature = "ssr")]
use crate::server::services::questions::admin;

/// The question page of a campaign (after a post, or with a bad slug, the campaigns list).
#[cfg(feature = "ssr")]
fn page_of(slug: &str) -> String {
    match door::safe_slug(slug.trim()) {
        Some(slug) => format!("/admin/campaigns/questions?slug={slug}"),
        None => "/admin/campaigns".to_string(),
    }
}

/// A question's id as a form sends it.
#[cfg(feature = "ssr")]
fn question_id(id: &str) -> Result<i32, AppError> {
    use crate::model::{Problem, QuestionProblem};
    id.trim()
        .parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::Invalid(Problem::Question(QuestionProblem::IdInvalid)))
}

#[server(prefix = "/api", endpoint = "admin/questions")]
pub async fn admin_questions(
    #[server(default)] slug: String,
    #[server(default)] edit: String,
) -> Result<QuestionsPage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(admin::page(&state, &organizer, &slug, &edit).await)
}

#[server(prefix = "/api", endpoint = "admin/question_save")]
pub async fn admin_question_save(#[server(default)] question: QuestionForm) -> Result<String, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = admin::save(&state, &organizer, &question).await;
    let saved = |slug: &String| Then::show(page_of(slug), crate::i18n::tq().saved);
    door::respond(result, saved, || page_of(&question.campaign)).await
}

/// `direction` = `up` or `down`; `slug` only says where a plain form goes back to.
#[server(prefix = "/api", endpoint = "admin/question_move")]
pub async fn admin_question_move(
    #[server(default)] id: String,
    #[server(default)] direction: String,
    #[server(default)] slug: String,
) -> Result<String, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match question_id(&id) {
        Ok(id) => admin::move_by(&state, &organizer, id, direction.trim() == "up").await,
        Err(e) => Err(e),
    };
    let moved = |slug: &String| Then::show(page_of(slug), crate::i18n::tq().moved);
    door::respond(result, moved, || page_of(&slug)).await
}

/// `retired` = `1` retires the question, anything else restores it.
#[server(prefix = "/api", endpoint = "admin/question_retire")]
pub async fn admin_question_retire(
    #[server(default)] id: String,
    #[server(default)] retired: String,
    #[server(default)] slug: String,
) -> Result<String, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let retiring = retired.trim() == "1";
    let result = match question_id(&id) {
        Ok(id) => admin::retire(&state, &organizer, id, retiring).await,
        Err(e) => Err(e),
    };
    let w = crate::i18n::tq();
    let notice = if retiring { w.retired_notice } else { w.restored_notice };
    door::respond(result, |slug: &String| Then::show(page_of(slug), notice), || page_of(&slug)).await
}
