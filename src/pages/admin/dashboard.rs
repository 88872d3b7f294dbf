use crate::i18n::admin_phrases as phrases;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AdminBar;
use crate::api::admin::admin_dashboard;
use crate::components::admin_page::{loaded, AdminPage};
use crate::domain::ApplicationStatus;
use crate::i18n::{status_label, t, ta};
use crate::model::admin::{Dashboard, TrainingProgress};

const WIDTH: u64 = 720;
const HEIGHT: u64 = 180;

/// Sign-ups per day as bars, drawn on the server (no script, prints fine).
fn per_day_chart(days: &[(String, u64)]) -> impl IntoView {
    let s = ta();
    let top = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let slot = WIDTH / (days.len() as u64).max(1);
    let bar = slot.saturating_sub(2).max(1);
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {}", HEIGHT + 20) role="img" aria-label=s.dashboard_per_day
            xmlns="http://www.w3.org/2000/svg" data-testid="per-day-chart">
            {days.iter().enumerate().map(|(i, (day, n))| {
                let h = n * HEIGHT / top;
                let x = i as u64 * slot;
                view! {
                    <rect x=x y=HEIGHT - h width=bar height=h class="bar">
                        <title>{phrases::day_count(day, n)}</title>
                    </rect>
                }
            }).collect_view()}
            <text x="0" y=HEIGHT + 16 class="axis">{days.first().map(|d| d.0.clone()).unwrap_or_default()}</text>
            <text x=WIDTH y=HEIGHT + 16 class="axis" text-anchor="end">{days.last().map(|d| d.0.clone()).unwrap_or_default()}</text>
        </svg>
    }
}

fn percent(part: u64, whole: u64) -> u64 {
    part.saturating_mul(100).checked_div(whole).map_or(0, |p| p.min(100))
}

fn body(d: Dashboard) -> impl IntoView {
    let s = ta();
    view! {
        <AdminBar me=d.organizer.clone()/>
        <h1>{s.dashboard_title}" · "{d.title.clone()}</h1>
        <form class="inline-form" method="get" action="/admin/dashboard">
            <select name="campaign" aria-label=s.filter_campaign>
                {d.campaigns.iter().map(|c| view! { <option value=c.value.clone() selected=c.value == d.campaign>{c.label.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="button">{s.filter_apply}</button>
        </form>
        <ul class="stat-cards">
            <li class="card"><span>{s.dashboard_signups}</span><strong data-testid="signups">{d.signups}</strong></li>
            <li class="card"><span>{s.dashboard_approved}</span><strong data-testid="recruited">{d.recruited}</strong></li>
            <li class="card"><span>{s.dashboard_target}</span><strong>{d.target}</strong></li>
        </ul>
        <div class="progress">
            <div class="progress-bar" role="progressbar" aria-valuemin="0" aria-valuemax=d.target aria-valuenow=d.recruited
                aria-label=s.dashboard_approved>
                <span style=format!("width: {}%", percent(d.recruited, d.target))></span>
            </div>
            <p class="progress-text">{s.dashboard_approved}" "{d.recruited}" / "{s.dashboard_target}" "{d.target}
                {phrases::share(percent(d.recruited, d.target))}</p>
        </div>
        <ul class="status-tabs">
            {ApplicationStatus::ALL.iter().map(|k| view! {
                <li><a href=format!("/admin/applications?campaign={}&status={k}", d.campaign)>
                    {status_label(*k)}" "<span class="count" data-status=k.as_str()>{d.counts.get(k).copied().unwrap_or(0)}</span>
                </a></li>
            }).collect_view()}
        </ul>
        {d.training.clone().map(|p| training_card(&d.campaign, d.recruited, p))}
        <section class="card">
            <h2>{s.dashboard_per_day}</h2>
            {if d.per_day.is_empty() {
                view! { <p class="empty">{s.dashboard_no_data}</p> }.into_any()
            } else {
                per_day_chart(&d.per_day).into_any()
            }}
        </section>
        <section class="card">
            <h2>{s.dashboard_per_county}</h2>
            <div class="table-wrap"><table class="queue">
                <thead><tr>
                    <th scope="col">{t().field_county}</th><th scope="col">{s.dashboard_signups}</th><th scope="col">{s.dashboard_approved}</th>
                </tr></thead>
                <tbody>
                    {d.per_county.iter().map(|c| view! {
                        <tr data-county=c.code.clone()><td>{c.name.clone()}</td><td>{c.signups}</td><td>{c.recruited}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

/// Trainings: sessions, seats, enrolled, waiting; recruits trained against those recruited.
fn training_card(campaign: &str, recruited: u64, p: TrainingProgress) -> impl IntoView {
    let w = crate::i18n::tt();
    view! {
        <section class="card" data-testid="training-progress">
            <h2><a href=format!("/admin/trainings?campaign={campaign}")>{w.title}</a></h2>
            <p>{w.sessions_count}" "{p.sessions}" · "{w.col_seats}" "{p.seats}" · "{w.col_enrolled}" "{p.enrolled}
               " · "{w.col_waiting}" "{p.waiting}</p>
            <div class="progress">
                <div class="progress-bar" role="progressbar" aria-valuemin="0" aria-valuemax=recruited
                    aria-valuenow=p.trained aria-label=w.trained>
                    <span style=format!("width: {}%", percent(p.trained, recruited))></span>
                </div>
                <p class="progress-text">{w.trained}" "<strong data-testid="trained">{p.trained}</strong>" / "
                    {ta().dashboard_approved}" "{recruited}{phrases::share(percent(p.trained, recruited))}</p>
            </div>
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let campaign = use_query_map().with_untracked(|q| q.get("campaign").unwrap_or_default());
    view! {
        <AdminPage title=ta().dashboard_title>
            {loaded(async move { admin_dashboard(campaign).await.map(body) })}
        </AdminPage>
    }
}
