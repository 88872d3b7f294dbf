//! The queue filter's single fields, read into typed bounds: nonsense is a problem with words.

use chrono::{Datelike, NaiveDate};
use sea_orm::Order;

use crate::domain::ApplicationStatus;
use crate::error::AppError;
use crate::model::admin::QueueFilter;
use crate::model::Problem;
use crate::server::entities::application;

pub(super) fn region_code(text: &str, len: usize) -> Result<Option<&str>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::Invalid(Problem::FilterRegionInvalid));
    }
    Ok(Some(text))
}

pub(super) fn age_bound(text: &str) -> Result<Option<u32>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .ok()
        .filter(|a| *a <= 120)
        .map(Some)
        .ok_or(AppError::Invalid(Problem::FilterAgeInvalid))
}

/// A date as the browser's date field sends it, `YYYY-MM-DD` with a four-digit year from 1900:
/// chrono alone also reads `-0001-01-01` or `99999-01-01`, which no database compares sensibly.
pub(super) fn date_bound(text: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let shaped = text.len() == 10
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|date| shaped && date.year() >= 1900)
        .map(Some)
        .ok_or(AppError::Invalid(Problem::FilterDateInvalid))
}

/// The status a filter asks for (`None`: every status).
pub(super) fn status_filter(filter: &QueueFilter) -> Result<Option<ApplicationStatus>, AppError> {
    match filter.status.trim() {
        "" => Ok(None),
        key => ApplicationStatus::parse(key).map(Some).ok_or(AppError::Invalid(Problem::FilterStatusUnknown)),
    }
}

pub(super) fn order(sort: &str) -> Result<(application::Column, Order), AppError> {
    Ok(match sort.trim() {
        "" | "new" => (application::Column::CreatedAt, Order::Desc),
        "old" => (application::Column::CreatedAt, Order::Asc),
        "name" => (application::Column::Name, Order::Asc),
        // youngest first
        "age" => (application::Column::BirthDate, Order::Desc),
        _ => return Err(AppError::Invalid(Problem::FilterSortUnknown)),
    })
}
