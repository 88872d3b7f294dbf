use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{SignupForm, SignupOutcome};

/// The sign-up form posts here, with or without JavaScript.
#[server(prefix = "/api", endpoint = "signup")]
pub async fn signup(form: SignupForm) -> Result<SignupOutcome, AppError> {
    use super::door;
    use crate::server::flash::Flash;
    use crate::server::services::signups;

    let state = door::state()?;
    let outcome = if state.limits.allow_signup(door::client_ip(&state).await) {
        signups::submit(&state, &form, chrono::Utc::now()).await
    } else {
        Err(crate::error::AppError::RateLimited)
    };
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
    let mut values = form.clone();
    values.consent.clear();
    let token =
        state.flash.put(Flash::SignupRejected { values, errors: errors.clone(), message: message.clone() });
    door::redirect(&back_to(token));
    Ok(SignupOutcome::Rejected { errors, message })
}
