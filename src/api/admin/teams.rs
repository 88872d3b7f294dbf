//! Teams: the list, one team, making and renaming teams, members and leaders, automatic grouping.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ids::{parse_id, parse_team};
#[cfg(feature = "ssr")]
use crate::api::door::{self, Then};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::admin::url_encode;
use crate::model::admin::{GroupPreview, TeamDetail, TeamForm, TeamsPage};
#[cfg(feature = "ssr")]
use crate::server::services::teams;

#[server(prefix = "/api", endpoint = "admin/teams")]
pub async fn admin_teams(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
) -> Result<TeamsPage, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(teams::list(&state, &organizer, &campaign, &county).await)
}

#[server(prefix = "/api", endpoint = "admin/team")]
pub async fn admin_team(id: String) -> Result<TeamDetail, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let id = door::answer(parse_team(&id))?;
    door::answer(teams::detail(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/team_create")]
pub async fn admin_team_create(#[server(default)] team: TeamForm) -> Result<i32, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = teams::create(&state, &organizer, &team).await;
    let back = || format!("/admin/teams?campaign={}", url_encode(&team.campaign));
    door::respond(result, |id| Then::go(format!("/admin/teams/{id}")), back).await
}

#[server(prefix = "/api", endpoint = "admin/team_rename")]
pub async fn admin_team_rename(
    #[server(default)] id: String,
    #[server(default)] name: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let team = parse_team(&id);
    let result = match &team {
        Ok(team) => teams::rename(&state, &organizer, *team, &name).await,
        Err(e) => Err(e.clone()),
    };
    team_done(result, team.ok()).await
}

#[server(prefix = "/api", endpoint = "admin/team_add")]
pub async fn admin_team_add(
    #[server(default)] id: String,
    #[server(default)] reference: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let team = parse_team(&id);
    let result = match &team {
        Ok(team) => teams::add(&state, &organizer, *team, &reference).await,
        Err(e) => Err(e.clone()),
    };
    team_done(result, team.ok()).await
}

/// Moves a member (`application`) to team `to`; `from` is only where the page returns to.
#[server(prefix = "/api", endpoint = "admin/team_move")]
pub async fn admin_team_move(
    #[server(default)] application: String,
    #[server(default)] to: String,
    #[server(default)] from: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match (parse_id(&application), parse_team(&to)) {
        (Ok(member), Ok(to)) => teams::move_member(&state, &organizer, member, to).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    team_done(result, parse_team(&from).ok()).await
}

#[server(prefix = "/api", endpoint = "admin/team_leader")]
pub async fn admin_team_leader(
    #[server(default)] id: String,
    #[server(default)] application: String,
) -> Result<(), AppError> {
    let (state, organizer) = door::organizer_request()?;
    let result = match (parse_team(&id), parse_id(&application)) {
        (Ok(team), Ok(member)) => teams::set_leader(&state, &organizer, team, member).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    team_done(result, parse_team(&id).ok()).await
}

/// A change to one team: a plain form post goes back to that team's page (or to the list of
/// teams when the team could not be read) with a notice.
#[cfg(feature = "ssr")]
async fn team_done(result: Result<(), AppError>, team: Option<i32>) -> Result<(), AppError> {
    let back = team.map_or_else(|| "/admin/teams".to_string(), |team| format!("/admin/teams/{team}"));
    door::respond(result, |_| Then::show(&back, crate::i18n::ta().team_done), || back.clone()).await
}

#[server(prefix = "/api", endpoint = "admin/team_auto_preview")]
pub async fn admin_team_auto_preview(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
    #[server(default)] cap: String,
) -> Result<GroupPreview, AppError> {
    let (state, organizer) = door::organizer_request()?;
    door::answer(teams::auto_preview(&state, &organizer, &campaign, &county, &cap).await)
}

#[server(prefix = "/api", endpoint = "admin/team_auto_commit")]
pub async fn admin_team_auto_commit(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
    #[server(default)] cap: String,
    #[server(default)] digest: String,
) -> Result<u64, AppError> {
    let (state, organizer) = door::organizer_request()?;
    let commit = teams::auto_commit;
    let result = commit(&state, &organizer, &campaign, &county, &cap, &digest).await;
    let back = format!("/admin/teams?campaign={}&county={}", url_encode(&campaign), url_encode(&county));
    let on_ok = |n: &u64| Then::show(&back, crate::i18n_problems::teams_grouped(*n));
    door::respond(result, on_ok, || back.clone()).await
}
