//! The back office's server functions, all under `/api/admin/` (POST only, Origin-checked and
//! session-checked by `server::guard`), one file per feature. Each one is a doorway: ask the door
//! who is asking, call one service, hand the result back to the door (`api::door`).

mod auth;
mod campaigns;
mod lottery;
mod review;
mod teams;

pub use auth::*;
pub use campaigns::*;
pub use lottery::*;
pub use review::*;
pub use teams::*;

/// Ids as a form sends them: text, read once here.
#[cfg(feature = "ssr")]
mod ids {
    use crate::error::AppError;

    pub fn parse_team(id: &str) -> Result<i32, AppError> {
        id.trim()
            .parse::<i32>()
            .ok()
            .filter(|i| *i > 0)
            .ok_or_else(|| AppError::Invalid(crate::i18n::ta().team_id_invalid.into()))
    }

    pub fn parse_id(id: &str) -> Result<i64, AppError> {
        id.trim()
            .parse::<i64>()
            .ok()
            .filter(|i| *i > 0)
            .ok_or_else(|| AppError::Invalid(crate::i18n::ta().application_id_invalid.into()))
    }
}

/// "Done: n; skipped: m." after a decision.
#[cfg(feature = "ssr")]
fn report_text(report: &crate::model::admin::DecisionReport) -> String {
    let s = crate::i18n::ta();
    format!("{} {} 条；{} {} 条。", s.decision_done, report.changed, s.decision_skipped, report.skipped)
}
