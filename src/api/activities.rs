//! Themed activities, public side: the list, one activity's sign-up box, and the family form.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::activity::{ActivityCard, ActivityPageData, FamilyForm, FamilyOutcome};

#[server(prefix = "/api", endpoint = "activities")]
pub async fn list_activities(
    #[server(default)] campaign: String,
    #[server(default)] audience: String,
) -> Result<Vec<ActivityCard>, AppError> {
    use crate::server::services::activities;
    let state = super::door::state()?;
    super::door::answer(activities::list(&state, &campaign, &audience, chrono::Utc::now()).await)
}

/// One activity's page, with what a plain form post left for it (`flash`).
#[server(prefix = "/api", endpoint = "activity")]
pub async fn activity_page(
    #[server(default)] id: String,
    #[server(default)] flash: String,
) -> Result<Option<ActivityPageData>, AppError> {
    use crate::server::services::activities;
    let state = super::door::state()?;
    super::door::answer(activities::public_page(&state, &id, &flash).await)
}

/// The family form posts here, with or without JavaScript.
#[server(prefix = "/api", endpoint = "activity_signup")]
pub async fn activity_signup(#[server(default)] form: FamilyForm) -> Result<FamilyOutcome, AppError> {
    use crate::server::services::activities;
    let state = super::door::state()?;
    let outcome = activities::register(&state, &form, chrono::Utc::now()).await;
    super::door::respond_public(&state, outcome, |outcome| landing(&form, outcome)).await
}

/// Without JavaScript: back to the activity's page, which shows the receipt or the form again
/// with what was typed and the messages (kept in a flash only this visitor can read).
#[cfg(feature = "ssr")]
fn landing(form: &FamilyForm, outcome: &Result<FamilyOutcome, AppError>) -> super::door::Landing {
    use super::door::Landing;
    let outcome = match outcome {
        Ok(outcome) => outcome.clone(),
        Err(AppError::Unavailable) => return Landing::At("/busy".into()),
        Err(e) => FamilyOutcome::Refused { errors: Default::default(), message: Some(e.user_message()) },
    };
    let Ok(id) = crate::server::services::activities::activity_id(&form.activity) else {
        return Landing::At("/activities".into());
    };
    let flash = crate::server::flash::Flash::Family { values: form.kept_for_redisplay(), outcome };
    Landing::Flash(Box::new(flash), Box::new(move |token| format!("/activities/{id}?f={token}#signup")))
}
