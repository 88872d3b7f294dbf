//! Activities in the back office: the list, one activity's page (its form and roster),
//! creating, editing and cancelling, and the desk (arrive, depart) for families.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
use crate::model::activity::{ActivitiesAdmin, ActivityCheckIn, ActivityEditForm, ActivityRoster};
#[cfg(feature = "ssr")]
use crate::server::services::activities;

/// Where the page of one activity lives (the list when the number is nonsense).
#[cfg(feature = "ssr")]
fn activity_page(id: &str) -> String {
    activities::activity_id(id)
        .map_or_else(|_| "/admin/activities".to_string(), |id| format!("/admin/activities/{id}"))
}

#[server(prefix = "/api", endpoint = "admin/activities")]
pub async fn admin_activities() -> Result<ActivitiesAdmin, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(activities::admin_list(&state, &organizer).await)
}

#[server(prefix = "/api", endpoint = "admin/activity")]
pub async fn admin_activity(#[server(default)] id: String) -> Result<ActivityRoster, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let id = door::answer(activities::activity_id(&id))?;
    door::answer(activities::roster(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/activity_create")]
pub async fn admin_activity_create(#[server(default)] activity: ActivityEditForm) -> Result<i32, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = activities::create(&state, &organizer, &activity).await;
    let saved = crate::i18n::ta().campaign_saved;
    door::respond(
        result,
        |id| Then::show(format!("/admin/activities/{id}"), saved),
        || "/admin/activities".into(),
    )
    .await
}

#[server(prefix = "/api", endpoint = "admin/activity_edit")]
pub async fn admin_activity_edit(#[server(default)] activity: ActivityEditForm) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match activities::activity_id(&activity.id) {
        Ok(id) => activities::edit(&state, &organizer, id, &activity).await,
        Err(e) => Err(e),
    };
    let back = activity_page(&activity.id);
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().campaign_saved), || back.clone()).await
}

#[server(prefix = "/api", endpoint = "admin/activity_cancel")]
pub async fn admin_activity_cancel(#[server(default)] id: String) -> Result<u64, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match activities::activity_id(&id) {
        Ok(id) => activities::cancel(&state, &organizer, id).await,
        Err(e) => Err(e),
    };
    let back = activity_page(&id);
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().team_done), || back.clone()).await
}

/// The desk: `code` typed or scanned (a guardian's checks the whole family in).
#[server(prefix = "/api", endpoint = "admin/activity_arrive")]
pub async fn admin_activity_arrive(
    #[server(default)] id: String,
    #[server(default)] code: String,
) -> Result<ActivityCheckIn, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match activities::activity_id(&id) {
        Ok(id) => activities::arrive(&state, &organizer, id, &code, chrono::Utc::now()).await,
        Err(e) => Err(e),
    };
    desk_done(result, &id).await
}

#[server(prefix = "/api", endpoint = "admin/activity_depart")]
pub async fn admin_activity_depart(
    #[server(default)] id: String,
    #[server(default)] code: String,
) -> Result<ActivityCheckIn, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match activities::activity_id(&id) {
        Ok(id) => activities::depart(&state, &organizer, id, &code, chrono::Utc::now()).await,
        Err(e) => Err(e),
    };
    desk_done(result, &id).await
}

/// A plain form post from the desk goes back to the activity's page, told whom it recorded.
#[cfg(feature = "ssr")]
async fn desk_done(result: Result<ActivityCheckIn, AppError>, id: &str) -> Result<ActivityCheckIn, AppError> {
    let back = activity_page(id);
    let told = |r: &ActivityCheckIn| {
        Then::show(&back, crate::i18n_problems::family_checked(&r.names, &r.at, r.departed))
    };
    door::respond(result, told, || back.clone()).await
}

/// Offers weeks of duty for a campaign (its slug): `count` weeks from `first_day`, `capacity`
/// places each.
#[server(prefix = "/api", endpoint = "admin/weeks_set_up")]
pub async fn admin_weeks_set_up(
    #[server(default)] campaign: String,
    #[server(default)] first_day: String,
    #[server(default)] count: String,
    #[server(default)] capacity: String,
) -> Result<usize, AppError> {
    use crate::server::services::duty_weeks;
    let (state, organizer) = door::organizer_request()?;
    let result = duty_weeks::set_up(&state, &organizer, &campaign, &first_day, &count, &capacity).await;
    let saved = crate::i18n::tav().weeks_saved;
    door::respond(result, |_| Then::show("/admin/activities", saved), || "/admin/activities".into()).await
}

/// Moves application `id` into week `week` of its campaign.
#[server(prefix = "/api", endpoint = "admin/week_move")]
pub async fn admin_week_move(
    #[server(default)] id: String,
    #[server(default)] week: String,
) -> Result<i32, AppError> {
    use crate::server::services::duty_weeks;
    let (state, organizer) = door::organizer_request()?;
    let result = duty_weeks::move_by(&state, &organizer, &id, &week, chrono::Utc::now()).await;
    let back = format!("/admin/applications/{}", id.trim().parse::<i64>().unwrap_or(0));
    door::respond(result, |_| Then::show(&back, crate::i18n::tav().week_moved), || back.clone()).await
}
