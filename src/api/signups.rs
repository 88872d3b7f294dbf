use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{SignupForm, SignupOutcome};

/// The sign-up form posts here, with or without JavaScript.
#[server(prefix = "/api", endpoint = "signup")]
pub async fn signup(form: SignupForm) -> Result<SignupOutcome, AppError> {
    use crate::server::services::signups;
    let state = super::door::state()?;
    // The rate limit was checked before the body was read (`server::limits::limit_signups`).
    let outcome = signups::submit(&state, &form, chrono::Utc::now()).await;
    super::door::respond_public(&state, outcome, |outcome| landing(&form, outcome)).await
}

/// Without JavaScript: accepted → the receipt page; no database → the busy page; mistakes →
/// back to the form, with what was typed and the messages.
#[cfg(feature = "ssr")]
fn landing(form: &SignupForm, outcome: &Result<SignupOutcome, AppError>) -> super::door::Landing {
    use super::door::Landing;
    let (errors, message) = match outcome {
        Ok(SignupOutcome::Accepted(receipt)) => {
            return Landing::At(format!("/signup/done?ref={}", receipt.reference))
        }
        Ok(SignupOutcome::Rejected { errors, message }) => (errors.clone(), message.clone()),
        Err(AppError::Unavailable) => return Landing::At("/busy".into()),
        Err(e) => (Default::default(), Some(e.user_message())),
    };
    let Some(slug) = super::door::safe_slug(&form.campaign).map(str::to_string) else {
        return Landing::At("/".into());
    };
    let flash = crate::server::flash::Flash::signup_rejected(form, errors, message);
    Landing::Flash(Box::new(flash), Box::new(move |token| format!("/campaigns/{slug}?f={token}#signup")))
}
