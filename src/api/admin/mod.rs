//! The back office's server functions, all under `/api/admin/` (POST only, Origin-checked and
//! session-checked by `server::guard`), one file per feature. Each one is a doorway: ask the door
//! who is asking, call one service, hand the result back to the door (`api::door`).

mod activities;
mod auth;
mod campaigns;
mod lottery;
mod partners;
mod questions;
mod review;
mod teams;
mod trainings;

pub use activities::*;
pub use auth::*;
pub use campaigns::*;
pub use lottery::*;
pub use partners::*;
pub use questions::*;
pub use review::*;
pub use teams::*;
pub use trainings::*;

/// Ids as a form sends them: text, read once here into typed ids (a bad one is a problem).
#[cfg(feature = "ssr")]
mod ids {
    use crate::error::AppError;
    use crate::model::{ApplicationId, TeamId};

    pub fn parse_team(id: &str) -> Result<i32, AppError> {
        TeamId::parse(id).map(TeamId::get).map_err(AppError::Invalid)
    }

    pub fn parse_id(id: &str) -> Result<i64, AppError> {
        ApplicationId::parse(id).map(ApplicationId::get).map_err(AppError::Invalid)
    }
}

/// The notice after a decision.
#[cfg(feature = "ssr")]
fn report_text(report: &crate::model::admin::DecisionReport) -> String {
    crate::i18n_problems::decision_report(report.changed, report.skipped)
}
