//! The lottery: a preview of the pool (audited, draws nobody), and the commit, which draws with a
//! seed the server takes at that moment and publishes the draw.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::admin::{LotteryForm, LotteryPreview, LotteryReport, QueueFilter};
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
) -> Result<LotteryReport, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = lottery::commit(&state, &organizer, &filter, &lottery, &digest).await;
    let back = format!("/admin/lottery?{}", filter.to_query());
    let on_ok =
        |r: &LotteryReport| Then::show(format!("{back}&draw={}", r.draw), super::report_text(&r.decision));
    door::respond(result, on_ok, || back.clone()).await
}
