//! The organizers' back office: plain server-rendered pages and HTML forms (no island, no
//! script), so every action works without JavaScript and the public bundle does not grow.
//! Every page asks its server function, which checks who is asking.

mod activities;
mod application;
mod campaigns;
mod dashboard;
mod login;
mod lottery;
mod partners;
mod questions;
mod queue;
mod teams;
mod trainings;

pub use activities::{AdminActivitiesPage, AdminActivityPage};
pub use application::ApplicationPage;
pub use campaigns::{CampaignEditPage, CampaignsPage};
pub use dashboard::DashboardPage;
pub use login::LoginPage;
pub use lottery::LotteryPage;
pub use partners::PartnersPage;
pub use questions::QuestionsPage;
pub use queue::QueuePage;
pub use teams::{AutoGroupPage, RosterPage, TeamPage, TeamsPage};
pub use trainings::{CheckInDeskPage, TrainingSessionPage, TrainingsPage};

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::i18n::ta;
use crate::model::admin::{Choice, OrganizerView, QueueFilter};

/// The filter as it came in the page's query string.
pub(crate) fn filter_from(query: &ParamsMap) -> QueueFilter {
    let mut filter = QueueFilter::default();
    for field in QueueFilter::FIELDS {
        if let Some(value) = query.get(field) {
            filter.set(field, value);
        }
    }
    filter
}

/// The filter again as hidden fields of a form posting to a server function (`filter[status]` …).
pub(crate) fn hidden_filter(filter: &QueueFilter, prefix: &'static str) -> impl IntoView {
    QueueFilter::FIELDS
        .iter()
        .filter(|f| **f != "page" && !filter.get(f).is_empty())
        .map(|f| view! { <input type="hidden" name=format!("{prefix}[{f}]") value=filter.get(f).to_string()/> })
        .collect_view()
}

pub(crate) fn options(choices: &[Choice], selected: &str, empty_label: &'static str) -> impl IntoView {
    let selected = selected.to_string();
    view! {
        <option value="">{empty_label}</option>
        {choices
            .iter()
            .map(|c| view! { <option value=c.value.clone() selected=c.value == selected>{c.label.clone()}</option> })
            .collect_view()}
    }
}

/// The HTTP status of the page being rendered (a refusal is 403, not 200 with a message).
pub(crate) fn set_page_status(_status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::from_u16(_status).unwrap_or(http::StatusCode::FORBIDDEN));
    }
}

/// Who is signed in, the back-office navigation and the log-out button.
#[component]
pub fn AdminBar(me: OrganizerView) -> impl IntoView {
    let s = ta();
    view! {
        <nav class="admin-bar" aria-label=s.back_office>
            <strong>{s.back_office}</strong>
            <a href="/admin/dashboard">{s.nav_dashboard}</a>
            <a href="/admin/applications">{s.nav_queue}</a>
            {me.may_lottery.then(|| view! { <a href="/admin/lottery">{s.nav_lottery}</a> })}
            {me.may_teams.then(|| view! { <a href="/admin/teams">{s.nav_teams}</a> })}
            {me.may_trainings.then(|| view! { <a href="/admin/trainings">{crate::i18n::tt().nav}</a> })}
            {me.may_trainings.then(|| view! { <a href="/admin/activities">{crate::i18n::tav().nav}</a> })}
            {me.may_manage_campaigns.then(|| view! { <a href="/admin/campaigns">{s.nav_campaigns}</a> })}
            {me.may_manage_partners.then(|| view! { <a href="/admin/partners">{crate::i18n::tp().nav}</a> })}
            <span class="admin-who">{s.signed_in_as}"："{me.name.clone()}" （"{me.role.clone()}"）"</span>
            <form method="post" action="/api/admin/logout" class="inline">
                <button type="submit" class="button">{s.logout}</button>
            </form>
        </nav>
    }
}
