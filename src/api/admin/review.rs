//! The review queue, one application, and decisions (one at a time or in bulk).

use std::collections::BTreeMap;

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ids::parse_id;
#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::admin::{ApplicationDetail, DecisionForm, DecisionReport, QueueFilter, QueuePage};
#[cfg(feature = "ssr")]
use crate::server::services::{decisions, review};

#[server(prefix = "/api", endpoint = "admin/queue")]
pub async fn admin_queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(review::queue(&state, &organizer, &filter).await)
}

#[server(prefix = "/api", endpoint = "admin/application")]
pub async fn admin_application(id: String) -> Result<ApplicationDetail, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let id = door::answer(parse_id(&id))?;
    door::answer(review::detail(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/decide")]
pub async fn admin_decide(id: String, form: DecisionForm) -> Result<DecisionReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let id = parse_id(&id);
    let result = match id {
        Ok(id) => decisions::decide_one(&state, &organizer, id, &form).await,
        Err(ref e) => Err(e.clone()),
    };
    let back =
        id.map_or_else(|_| "/admin/applications".to_string(), |id| format!("/admin/applications/{id}"));
    door::respond(result, |report| Then::show(&back, super::report_text(report)), || back.clone()).await
}

/// Bulk decision: `scope` = `selected` (the checked `ids[<id>]`) or `all` (everything matching).
#[server(prefix = "/api", endpoint = "admin/decide_bulk")]
pub async fn admin_decide_bulk(
    #[server(default)] filter: QueueFilter,
    #[server(default)] ids: BTreeMap<String, String>,
    #[server(default)] scope: String,
    #[server(default)] form: DecisionForm,
) -> Result<DecisionReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let decide = decisions::decide_bulk;
    let result = decide(&state, &organizer, &filter, &scope, &ids, &form).await;
    let back = format!("/admin/applications?{}", filter.with("page", "").to_query());
    door::respond(result, |report| Then::show(&back, super::report_text(report)), || back.clone()).await
}
