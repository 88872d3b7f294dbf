//! The lottery: a preview anyone may repeat, and the commit of exactly what was previewed.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::admin::{DecisionReport, LotteryForm, LotteryPreview, QueueFilter};
#[cfg(feature = "ssr")]
use crate::server::services::lottery;

#[server(prefix = "/api", endpoint = "admin/lottery_preview")]
pub async fn admin_lottery_preview(
    #[server(default)] filter: QueueFilter,
    #[server(default)] lottery: LotteryForm,
) -> Result<LotteryPreview, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(lottery::preview(&state, &organizer, &filter, &lottery).await)
}

#[server(prefix = "/api", endpoint = "admin/lottery_commit")]
pub async fn admin_lottery_commit(
    #[server(default)] filter: QueueFilter,
    #[server(default)] lottery: LotteryForm,
    #[server(default)] digest: String,
) -> Result<DecisionReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = lottery::commit(&state, &organizer, &filter, &lottery, &digest).await;
    let approved =
        filter.with("status", crate::domain::ApplicationStatus::Approved.as_str()).with("page", "");
    let on_ok = |report: &DecisionReport| {
        Then::show(format!("/admin/applications?{}", approved.to_query()), super::report_text(report))
    };
    door::respond(result, on_ok, || format!("/admin/lottery?{}", filter.to_query()))
}
