use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{StatusOutcome, WithdrawOutcome};

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
    Ok(match state.flash.take(&flash).await {
        Some(Flash::Status { reference, outcome }) => Some((reference, outcome)),
        _ => None,
    })
}

/// Withdraw and erase: reference code + mobile number + the ticked confirmation box. Rate-limited
/// with the status look-up (the same pair is what it checks).
#[server(prefix = "/api", endpoint = "withdraw")]
pub async fn withdraw(
    #[server(default)] reference: String,
    #[server(default)] mobile: String,
    #[server(default)] confirm: String,
) -> Result<WithdrawOutcome, AppError> {
    use crate::server::services::erasure;
    let state = super::door::state()?;
    let outcome = match state.limits.allow_status_lookup(super::door::client_ip(&state).await) {
        true => erasure::withdraw(&state, &reference, &mobile, confirm == "on").await,
        false => Ok(WithdrawOutcome::RateLimited),
    };
    super::door::respond_public(&state, outcome, |outcome| withdraw_landing(&reference, outcome)).await
}

/// Without JavaScript: back to the withdrawal page, which shows the result once.
#[cfg(feature = "ssr")]
fn withdraw_landing(reference: &str, outcome: &Result<WithdrawOutcome, AppError>) -> super::door::Landing {
    let outcome = outcome.as_ref().ok().cloned().unwrap_or(WithdrawOutcome::NotFound);
    let reference = reference.trim().chars().take(16).collect();
    let flash = crate::server::flash::Flash::Withdraw { reference, outcome };
    super::door::Landing::Flash(Box::new(flash), Box::new(|token| format!("/status/withdraw?f={token}")))
}

/// The result a plain withdrawal post left behind for the withdrawal page (read once).
#[server(prefix = "/api", endpoint = "withdraw_result")]
pub async fn withdraw_result(flash: String) -> Result<Option<(String, WithdrawOutcome)>, AppError> {
    use crate::server::flash::Flash;
    let state = super::door::state()?;
    Ok(match state.flash.take(&flash).await {
        Some(Flash::Withdraw { reference, outcome }) => Some((reference, outcome)),
        _ => None,
    })
}
