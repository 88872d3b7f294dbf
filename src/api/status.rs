use leptos::prelude::*;

use crate::error::AppError;
use crate::model::StatusOutcome;

/// Reference code + mobile number → the application's status. Rate-limited per client.
#[server(prefix = "/api", endpoint = "status")]
pub async fn status_lookup(reference: String, mobile: String) -> Result<StatusOutcome, AppError> {
    use super::door;
    use crate::server::flash::{Flash, Owner};
    use crate::server::services::status;

    let state = door::state()?;
    let client = door::client_ip(&state).await;
    let outcome = if state.limits.allow_status_lookup(client) {
        status::lookup(&state, &reference, &mobile).await
    } else {
        Ok(StatusOutcome::RateLimited)
    };
    if !door::is_plain_form_post() {
        if let Err(e) = &outcome {
            door::set_status(e);
        }
        return outcome;
    }
    let shown = match &outcome {
        Ok(found) => found.clone(),
        Err(_) => StatusOutcome::NotFound,
    };
    let reference: String = reference.trim().chars().take(16).collect();
    let owner = Owner::Visitor(crate::server::limits::rate_key(client));
    let token = state.flash.put(owner, Flash::Status { reference, outcome: shown });
    door::redirect(&format!("/status?f={token}"));
    outcome
}

/// The result a plain form post left behind for the status page (read once).
#[server(prefix = "/api", endpoint = "status_result")]
pub async fn status_result(flash: String) -> Result<Option<(String, StatusOutcome)>, AppError> {
    use crate::server::flash::Flash;
    let state = super::door::state()?;
    Ok(match state.flash.take(&flash) {
        Some(Flash::Status { reference, outcome }) => Some((reference, outcome)),
        _ => None,
    })
}
