//! Use-cases over a database connection. Server functions call exactly one of these.

pub mod activities;
pub mod audit;
pub mod campaign_admin;
pub mod campaigns;
pub mod certificates;
pub mod dashboard;
pub mod decisions;
pub mod draws;
pub mod duty_weeks;
pub mod erasure;
pub mod exports;
pub mod feed;
pub mod lottery;
pub mod my_page;
pub mod organizers;
pub mod partners;
pub mod questions;
pub mod retention;
pub mod review;
pub mod signups;
pub mod status;
pub mod teams;
pub mod trainings;
pub mod webhooks;

use crate::error::AppError;
use sea_orm::DbErr;

/// Sorts a database failure into "try again later" (locked, full, read-only, pool exhausted)
/// or an internal error, which is logged with its cause and a request id.
pub fn db_failure(err: DbErr) -> AppError {
    let text = err.to_string().to_ascii_lowercase();
    let transient = matches!(err, DbErr::ConnectionAcquire(_))
        || [
            "locked",
            "busy",
            "readonly",
            "read-only",
            "disk",
            "full",
            "i/o",
            "connection",
            "deadlock",
            "timed out",
        ]
        .iter()
        .any(|needle| text.contains(needle));
    if transient {
        tracing::warn!(error = %err, "database unavailable");
        AppError::Unavailable
    } else {
        internal(err)
    }
}

pub fn internal(err: impl std::fmt::Display) -> AppError {
    let request_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    tracing::error!(%request_id, error = %err, "internal error");
    AppError::Internal { request_id }
}
