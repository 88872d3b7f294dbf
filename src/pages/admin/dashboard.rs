use crate::i18n::admin_phrases as phrases;
use crate::i18n::source_label;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AdminBar;
use crate::api::admin::admin_dashboard;
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::chart::{Bar, BarChart, ChartWords};
use crate::domain::ApplicationStatus;
use crate::i18n::{status_label, t, ta};
use crate::model::admin::{Dashboard, TrainingProgress};

/// A chart of sign-ups with the back office's words: `label_header` names what the bars are.
fn signups_chart(title: &str, label_header: &str, bars: Vec<Bar>, testid: &'static str) -> impl IntoView {
    let s = ta();
    let words = ChartWords {
        title: title.to_string(),
        label_header: label_header.to_string(),
        value_header: s.chart_col_count.to_string(),
        table_toggle: s.chart_table.to_string(),
    };
    view! { <BarChart bars=bars words=words testid=testid/> }
}

/// The three charts: per day, per hour of the opening day, per source.
fn charts(d: &Dashboard) -> impl IntoView {
    let s = ta();
    if d.per_day.is_empty() {
        return view! { <section class="card"><h2>{s.dashboard_per_day}</h2><p class="empty">{s.dashboard_no_data}</p></section> }
            .into_any();
    }
    let days = d.per_day.iter().map(|(day, n)| Bar::new(day.clone(), *n)).collect();
    let hours = d.opening_day.clone().map(|(day, hours)| {
        let bars = hours.into_iter().enumerate().map(|(h, n)| Bar::new(format!("{h:02}"), n)).collect();
        let title = format!("{} · {day}", s.dashboard_per_hour);
        view! { <section class="card"><h2>{title.clone()}</h2>{signups_chart(&title, s.chart_col_hour, bars, "per-hour-chart")}</section> }
    });
    let sources = d.per_source.iter().map(|(source, n)| Bar::new(source_label(*source), *n)).collect();
    view! {
        <section class="card">
            <h2>{s.dashboard_per_day}</h2>
            {signups_chart(s.dashboard_per_day, s.chart_col_day, days, "per-day-chart")}
        </section>
        {hours}
        <section class="card">
            <h2>{s.dashboard_per_source}</h2>
            {signups_chart(s.dashboard_per_source, s.chart_col_source, sources, "per-source-chart")}
        </section>
    }
    .into_any()
}

/// People registered per activity, and each week of duty's volunteers against its places.
fn activities_and_weeks(d: &Dashboard) -> impl IntoView {
    let w = crate::i18n::tav();
    let activities: Vec<Bar> = d.per_activity.iter().map(|(title, n)| Bar::new(title.clone(), *n)).collect();
    let weeks: Vec<Bar> =
        d.weeks.iter().map(|week| Bar::new(format!("{}", week.number), week.taken as u64)).collect();
    let full = d.weeks.iter().filter(|week| week.places_left() == 0).count();
    view! {
        {(!activities.is_empty()).then(|| view! {
            <section class="card"><h2>{w.dashboard_activities}</h2>
                {signups_chart(w.dashboard_activities, w.col_title, activities, "per-activity-chart")}
            </section>
        })}
        {(!weeks.is_empty()).then(|| view! {
            <section class="card" data-testid="weeks-fill"><h2>{w.weeks}</h2>
                <p class="meta">{format!("{} {} · {} {}", w.weeks_places_each, d.weeks.first().map_or(0, |x| x.capacity), w.weeks_full, full)}</p>
                {signups_chart(w.weeks, w.week_number, weeks, "per-week-chart")}
            </section>
        })}
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
        {charts(&d)}
        {activities_and_weeks(&d)}
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
