use leptos::prelude::*;

use crate::error::AppError;
use crate::model::StatusOutcome;

/// Reference code + mobile number → the application's status. Rate-limited per client.
#[server(prefix = "/api", endpoint = "status")]
pub async fn status_lookup(reference: String, mobile: String) -> Result<StatusOutcome, AppError> {
    use crate::server::services::status;
    let state = super::door::state()?;
    let outcome = match state.limits.allow_status_lookup(super::door::client_ip(&state).await) {
        true => status::lookup(&state, &reference, &mobile).await,
        false => Ok(StatusOutcome::RateLimited),
    };
    super::door::respond_public(&state, outcome, |outcome| landing(&reference, outcome)).await
}

/// Without JavaScript: back to the status page, which shows the result once.
#[cfg(feature = "ssr")]
fn landing(reference: &str, outcome: &Result<StatusOutcome, AppError>) -> super::door::Landing {
    let outcome = outcome.as_ref().ok().cloned().unwrap_or(StatusOutcome::NotFound);
    let reference = reference.trim().chars().take(16).collect();
    let flash = crate::server::flash::Flash::Status { reference, outcome };
    super::door::Landing::Flash(Box::new(flash), Box::new(|token| format!("/status?f={token}")))
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
