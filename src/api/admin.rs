//! The back office's server functions, all under `/api/admin/` (POST only, Origin-checked and
//! session-checked by `server::guard`). Each one: who is asking, one service call, and for a
//! plain HTML form post a redirect (post → redirect → get) with a notice.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::admin::{
    ApplicationDetail, CampaignEdit, CampaignForm, CampaignsPage, Dashboard, DecisionForm, DecisionReport,
    GroupPreview, LoginOutcome, LotteryForm, LotteryPreview, OrganizerView, QueueFilter, QueuePage,
    TeamDetail, TeamForm, TeamsPage,
};

#[cfg(feature = "ssr")]
pub(crate) mod door {
    use crate::error::AppError;
    use crate::server::access::Organizer;
    use crate::server::flash::{Flash, Owner};
    use crate::server::guard::SignedIn;

    /// The organizer the guard resolved for this request.
    pub fn organizer() -> Result<Organizer, AppError> {
        let signed_in = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
            .and_then(|s| s.0);
        match signed_in {
            Some(organizer) => Ok(organizer),
            None => {
                let error = AppError::Unauthorized;
                crate::api::door::set_status(&error);
                Err(error)
            }
        }
    }

    /// Sets the HTTP status of an error (a page's, or a script's answer).
    pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result {
            crate::api::door::set_status(e);
        }
        result
    }

    /// For a plain form post: leave a notice and redirect to `to` (with `notice=<token>`).
    pub fn redirect_with_notice(to: &str, ok: bool, message: String) {
        let Ok(state) = crate::api::door::state() else { return };
        // Notices are kept in the organizers' own budget, which no visitor can fill.
        let signed_in = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<SignedIn>().and_then(|s| s.0.as_ref().map(|o| o.id)));
        let owner = Owner::Organizer(signed_in.unwrap_or(0));
        let token = state.flash.put(owner, Flash::Notice { ok, message });
        let joiner = if to.contains('?') { '&' } else { '?' };
        crate::api::door::redirect(&format!("{to}{joiner}notice={token}"));
    }

    pub fn report_text(report: &crate::model::admin::DecisionReport) -> String {
        let s = crate::i18n::ta();
        format!("{} {} 条；{} {} 条。", s.decision_done, report.changed, s.decision_skipped, report.skipped)
    }

    pub fn parse_team(id: &str) -> Result<i32, AppError> {
        id.trim()
            .parse::<i32>()
            .ok()
            .filter(|i| *i > 0)
            .ok_or_else(|| AppError::Invalid(crate::i18n::ta().team_id_invalid.into()))
    }

    /// A team action: for a plain form post, back to `back` with a notice; for a script, the result.
    pub fn team_answer(result: Result<(), AppError>, back: &str) -> Result<(), AppError> {
        if crate::api::door::is_plain_form_post() {
            match &result {
                Ok(()) => redirect_with_notice(back, true, crate::i18n::ta().team_done.to_string()),
                Err(e) => redirect_with_notice(back, false, e.user_message()),
            }
            return Ok(());
        }
        answer(result)
    }

    pub fn parse_id(id: &str) -> Result<i64, AppError> {
        id.trim()
            .parse::<i64>()
            .ok()
            .filter(|i| *i > 0)
            .ok_or_else(|| AppError::Invalid(crate::i18n::ta().application_id_invalid.into()))
    }
}

#[server(prefix = "/api", endpoint = "admin/login")]
pub async fn admin_login(name: String, password: String) -> Result<LoginOutcome, AppError> {
    use crate::server::guard::session_cookie;
    use crate::server::limits::client_ip;
    use crate::server::services::{db_failure, organizers};
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    let state = crate::api::door::state()?;
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.ok().map(|c| c.0);
    let headers = use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
    let ip = client_ip(peer, &headers, &state.settings.trusted_proxies);
    let result =
        organizers::login(&state.db, &state.login_throttle, ip, &name, &password, chrono::Utc::now())
            .await
            .map_err(db_failure);
    let outcome = match door::answer(result)? {
        organizers::LoginResult::Success { token, organizer } => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(value) =
                    http::HeaderValue::from_str(&session_cookie(&token, &state.settings.public_url))
                {
                    response.append_header(http::header::SET_COOKIE, value);
                }
            }
            tracing::info!(organizer = organizer.id, "organizer signed in");
            LoginOutcome::SignedIn
        }
        organizers::LoginResult::WrongCredentials => LoginOutcome::WrongCredentials,
        organizers::LoginResult::Throttled { seconds } => LoginOutcome::Throttled { seconds },
    };
    if crate::api::door::is_plain_form_post() {
        match &outcome {
            LoginOutcome::SignedIn => crate::api::door::redirect("/admin/applications"),
            LoginOutcome::WrongCredentials => crate::api::door::redirect("/admin/login?e=wrong"),
            LoginOutcome::Throttled { seconds } => {
                crate::api::door::redirect(&format!("/admin/login?e=throttled&s={seconds}"))
            }
        }
    }
    Ok(outcome)
}

#[server(prefix = "/api", endpoint = "admin/logout")]
pub async fn admin_logout() -> Result<(), AppError> {
    use crate::server::guard::{cleared_cookie, session_token};
    use crate::server::services::{db_failure, organizers};
    let state = crate::api::door::state()?;
    let headers = use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
    if let Some(token) = session_token(&headers) {
        door::answer(organizers::logout(&state.db, &token).await.map_err(db_failure))?;
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(value) = http::HeaderValue::from_str(&cleared_cookie(&state.settings.public_url)) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
    if crate::api::door::is_plain_form_post() {
        crate::api::door::redirect("/admin/login");
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/me")]
pub async fn admin_me() -> Result<OrganizerView, AppError> {
    let organizer = door::organizer()?;
    Ok(crate::server::services::organizers::view(&organizer))
}

/// A notice left by the last plain form post (read once).
#[server(prefix = "/api", endpoint = "admin/notice")]
pub async fn admin_notice(token: String) -> Result<Option<(bool, String)>, AppError> {
    use crate::server::flash::Flash;
    door::organizer()?;
    let state = crate::api::door::state()?;
    Ok(match state.flash.take(&token) {
        Some(Flash::Notice { ok, message }) => Some((ok, message)),
        _ => None,
    })
}

#[server(prefix = "/api", endpoint = "admin/queue")]
pub async fn admin_queue(filter: QueueFilter) -> Result<QueuePage, AppError> {
    use crate::server::services::review;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(review::queue(&state, &organizer, &filter).await)
}

#[server(prefix = "/api", endpoint = "admin/application")]
pub async fn admin_application(id: String) -> Result<ApplicationDetail, AppError> {
    use crate::server::services::review;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let id = door::answer(door::parse_id(&id))?;
    door::answer(review::detail(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/decide")]
pub async fn admin_decide(id: String, form: DecisionForm) -> Result<DecisionReport, AppError> {
    use crate::server::services::decisions;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match door::parse_id(&id) {
        Ok(parsed) => decisions::decide_one(&state, &organizer, parsed, &form).await,
        Err(e) => Err(e),
    };
    if crate::api::door::is_plain_form_post() {
        let back = match door::parse_id(&id) {
            Ok(parsed) => format!("/admin/applications/{parsed}"),
            Err(_) => "/admin/applications".to_string(),
        };
        match &result {
            Ok(report) => door::redirect_with_notice(&back, true, door::report_text(report)),
            Err(e) => door::redirect_with_notice(&back, false, e.user_message()),
        }
        return Ok(result.unwrap_or(DecisionReport { changed: 0, skipped: 0 }));
    }
    door::answer(result)
}

/// Bulk decision: `scope` = `selected` (the checked `ids[<id>]`) or `all` (everything matching).
#[server(prefix = "/api", endpoint = "admin/decide_bulk")]
pub async fn admin_decide_bulk(
    #[server(default)] filter: QueueFilter,
    #[server(default)] ids: BTreeMap<String, String>,
    #[server(default)] scope: String,
    #[server(default)] form: DecisionForm,
) -> Result<DecisionReport, AppError> {
    use crate::server::services::decisions;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match scope.as_str() {
        "selected" => match decisions::parse_ids(&ids) {
            Ok(list) => decisions::decide_bulk(&state, &organizer, &filter, Some(&list), &form).await,
            Err(e) => Err(e),
        },
        "all" => decisions::decide_bulk(&state, &organizer, &filter, None, &form).await,
        _ => Err(AppError::Invalid(crate::i18n::ta().bulk_scope_unknown.into())),
    };
    if crate::api::door::is_plain_form_post() {
        let back = format!("/admin/applications?{}", filter.with("page", "").to_query());
        match &result {
            Ok(report) => door::redirect_with_notice(&back, true, door::report_text(report)),
            Err(e) => door::redirect_with_notice(&back, false, e.user_message()),
        }
        return Ok(result.unwrap_or(DecisionReport { changed: 0, skipped: 0 }));
    }
    door::answer(result)
}

#[server(prefix = "/api", endpoint = "admin/lottery_preview")]
pub async fn admin_lottery_preview(
    #[server(default)] filter: QueueFilter,
    #[server(default)] lottery: LotteryForm,
) -> Result<LotteryPreview, AppError> {
    use crate::server::services::lottery;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(lottery::preview(&state, &organizer, &filter, &lottery).await)
}

#[server(prefix = "/api", endpoint = "admin/lottery_commit")]
pub async fn admin_lottery_commit(
    #[server(default)] filter: QueueFilter,
    #[server(default)] lottery: LotteryForm,
    #[server(default)] digest: String,
) -> Result<DecisionReport, AppError> {
    use crate::server::services::lottery;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = lottery::commit(&state, &organizer, &filter, &lottery, &digest).await;
    if crate::api::door::is_plain_form_post() {
        let pending = filter.with("status", "approved").with("page", "");
        match &result {
            Ok(report) => door::redirect_with_notice(
                &format!("/admin/applications?{}", pending.to_query()),
                true,
                door::report_text(report),
            ),
            Err(e) => door::redirect_with_notice(
                &format!("/admin/lottery?{}", filter.to_query()),
                false,
                e.user_message(),
            ),
        }
        return Ok(result.unwrap_or(DecisionReport { changed: 0, skipped: 0 }));
    }
    door::answer(result)
}

#[server(prefix = "/api", endpoint = "admin/teams")]
pub async fn admin_teams(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
) -> Result<TeamsPage, AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(teams::list(&state, &organizer, &campaign, &county).await)
}

#[server(prefix = "/api", endpoint = "admin/team")]
pub async fn admin_team(id: String) -> Result<TeamDetail, AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let id = door::answer(door::parse_team(&id))?;
    door::answer(teams::detail(&state, &organizer, id).await)
}

#[server(prefix = "/api", endpoint = "admin/team_create")]
pub async fn admin_team_create(#[server(default)] team: TeamForm) -> Result<i32, AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = teams::create(&state, &organizer, &team).await;
    if crate::api::door::is_plain_form_post() {
        match &result {
            Ok(id) => crate::api::door::redirect(&format!("/admin/teams/{id}")),
            Err(e) => door::redirect_with_notice(
                &format!("/admin/teams?campaign={}", crate::model::admin::url_encode(&team.campaign)),
                false,
                e.user_message(),
            ),
        }
        return Ok(result.unwrap_or(0));
    }
    door::answer(result)
}

#[server(prefix = "/api", endpoint = "admin/team_rename")]
pub async fn admin_team_rename(
    #[server(default)] id: String,
    #[server(default)] name: String,
) -> Result<(), AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match door::parse_team(&id) {
        Ok(team) => teams::rename(&state, &organizer, team, &name).await,
        Err(e) => Err(e),
    };
    door::team_answer(result, &format!("/admin/teams/{}", door::parse_team(&id).unwrap_or(0)))
}

#[server(prefix = "/api", endpoint = "admin/team_add")]
pub async fn admin_team_add(
    #[server(default)] id: String,
    #[server(default)] reference: String,
) -> Result<(), AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match door::parse_team(&id) {
        Ok(team) => teams::add(&state, &organizer, team, &reference).await,
        Err(e) => Err(e),
    };
    door::team_answer(result, &format!("/admin/teams/{}", door::parse_team(&id).unwrap_or(0)))
}

/// Moves a member (`application`) to team `to`; `from` is only where the page returns to.
#[server(prefix = "/api", endpoint = "admin/team_move")]
pub async fn admin_team_move(
    #[server(default)] application: String,
    #[server(default)] to: String,
    #[server(default)] from: String,
) -> Result<(), AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match (door::parse_id(&application), door::parse_team(&to)) {
        (Ok(member), Ok(target)) => teams::move_member(&state, &organizer, member, target).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    door::team_answer(result, &format!("/admin/teams/{}", door::parse_team(&from).unwrap_or(0)))
}

#[server(prefix = "/api", endpoint = "admin/team_leader")]
pub async fn admin_team_leader(
    #[server(default)] id: String,
    #[server(default)] application: String,
) -> Result<(), AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = match (door::parse_team(&id), door::parse_id(&application)) {
        (Ok(team), Ok(member)) => teams::set_leader(&state, &organizer, team, member).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    door::team_answer(result, &format!("/admin/teams/{}", door::parse_team(&id).unwrap_or(0)))
}

#[server(prefix = "/api", endpoint = "admin/team_auto_preview")]
pub async fn admin_team_auto_preview(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
    #[server(default)] cap: String,
) -> Result<GroupPreview, AppError> {
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(teams::auto_preview(&state, &organizer, &campaign, &county, &cap).await)
}

#[server(prefix = "/api", endpoint = "admin/team_auto_commit")]
pub async fn admin_team_auto_commit(
    #[server(default)] campaign: String,
    #[server(default)] county: String,
    #[server(default)] cap: String,
    #[server(default)] digest: String,
) -> Result<u64, AppError> {
    use crate::model::admin::url_encode;
    use crate::server::services::teams;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = teams::auto_commit(&state, &organizer, &campaign, &county, &cap, &digest).await;
    if crate::api::door::is_plain_form_post() {
        let back = format!("/admin/teams?campaign={}&county={}", url_encode(&campaign), url_encode(&county));
        match &result {
            Ok(n) => door::redirect_with_notice(&back, true, format!("{} {n}", crate::i18n::ta().team_done)),
            Err(e) => door::redirect_with_notice(&back, false, e.user_message()),
        }
        return Ok(result.unwrap_or(0));
    }
    door::answer(result)
}

#[server(prefix = "/api", endpoint = "admin/dashboard")]
pub async fn admin_dashboard(#[server(default)] campaign: String) -> Result<Dashboard, AppError> {
    use crate::server::services::dashboard;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(dashboard::show(&state, &organizer, &campaign).await)
}

#[server(prefix = "/api", endpoint = "admin/campaigns")]
pub async fn admin_campaigns() -> Result<CampaignsPage, AppError> {
    use crate::server::services::campaign_admin;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(campaign_admin::list(&state, &organizer).await)
}

#[server(prefix = "/api", endpoint = "admin/campaign")]
pub async fn admin_campaign(#[server(default)] slug: String) -> Result<CampaignEdit, AppError> {
    use crate::server::services::campaign_admin;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    door::answer(campaign_admin::edit(&state, &organizer, &slug).await)
}

#[server(prefix = "/api", endpoint = "admin/campaign_save")]
pub async fn admin_campaign_save(#[server(default)] campaign: CampaignForm) -> Result<String, AppError> {
    use crate::model::admin::url_encode;
    use crate::server::services::campaign_admin;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = campaign_admin::save(&state, &organizer, &campaign).await;
    if crate::api::door::is_plain_form_post() {
        match &result {
            Ok(slug) => door::redirect_with_notice(
                &format!("/admin/campaigns/edit?slug={}", url_encode(slug)),
                true,
                crate::i18n::ta().campaign_saved.to_string(),
            ),
            // the typed values are not kept across the redirect; the message says what to fix
            Err(e) => door::redirect_with_notice(
                &format!("/admin/campaigns/edit?slug={}", url_encode(&campaign.slug)),
                false,
                e.user_message(),
            ),
        }
        return Ok(result.unwrap_or_default());
    }
    door::answer(result)
}

/// `action` = `open`, `pause` or `close`.
#[server(prefix = "/api", endpoint = "admin/campaign_phase")]
pub async fn admin_campaign_phase(
    #[server(default)] slug: String,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use crate::server::services::campaign_admin;
    let organizer = door::organizer()?;
    let state = crate::api::door::state()?;
    let result = campaign_admin::set_phase(&state, &organizer, &slug, &action).await;
    door::team_answer(result, "/admin/campaigns")
}
