use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{SignupForm, SignupOutcome};

/// The sign-up form posts here, with or without JavaScript.
#[server(prefix = "/api", endpoint = "signup")]
pub async fn signup(form: SignupForm) -> Result<SignupOutcome, AppError> {
    use super::door;
    use crate::server::flash::{Flash, Owner};
    use crate::server::services::signups;

    let state = door::state()?;
    // The rate limit was checked before the body was read (`server::limits::limit_signups`).
    let outcome = signups::submit(&state, &form, chrono::Utc::now()).await;
    if !door::is_plain_form_post() {
        if let Err(e) = &outcome {
            door::set_status(e);
        }
        return outcome;
    }
    // A browser without JavaScript: post → redirect → get, personal data kept out of the URL.
    let back_to = |token: String| match door::safe_slug(&form.campaign) {
        Some(slug) => format!("/campaigns/{slug}?f={token}#signup"),
        None => "/".to_string(),
    };
    let (errors, message) = match outcome {
        Ok(SignupOutcome::Accepted(receipt)) => {
            door::redirect(&format!("/signup/done?ref={}", receipt.reference));
            return Ok(SignupOutcome::Accepted(receipt));
        }
        Ok(SignupOutcome::Rejected { errors, message }) => (errors, message),
        Err(crate::error::AppError::Unavailable) => {
            door::redirect("/busy");
            return Err(crate::error::AppError::Unavailable);
        }
        Err(e) => (Default::default(), Some(e.user_message())),
    };
    let owner = Owner::Visitor(crate::server::limits::rate_key(door::client_ip(&state).await));
    let token = state.flash.put(owner, Flash::signup_rejected(&form, errors.clone(), message.clone()));
    door::redirect(&back_to(token));
    Ok(SignupOutcome::Rejected { errors, message })
}
