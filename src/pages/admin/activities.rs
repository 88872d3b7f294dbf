//! Activities in the back office: the list with a form for a new one (`/admin/activities`), and
//! one activity's page (`/admin/activities/{id}`): counts, the desk for families, the roster,
//! the edit form and cancelling.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{options, AdminBar};
use crate::api::admin::{admin_activities, admin_activity};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::domain::Audience;
use crate::i18n::{audience_label, person_kind_label, tav, Locale};
use crate::model::activity::{ActivitiesAdmin, ActivityEditForm, ActivityRoster, RosterFamily};
use crate::model::admin::Choice;

const DESK_SCRIPT: &str = include_str!("checkin_desk.js");

#[component]
pub fn AdminActivitiesPage() -> impl IntoView {
    view! {
        <AdminPage title=tav().title notice=true>
            {loaded(async move { admin_activities().await.map(list) })}
        </AdminPage>
    }
}

fn list(page: ActivitiesAdmin) -> impl IntoView {
    let w = tav();
    let blank = ActivityEditForm { audience: Audience::Families.as_str().into(), ..Default::default() };
    view! {
        <AdminBar me=page.organizer.clone()/>
        <h1>{w.title}</h1>
        {if page.activities.is_empty() {
            view! { <p class="empty">{w.empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="queue">
                    <thead><tr><th scope="col">{w.col_title}</th><th scope="col">{w.col_when}</th><th scope="col">{w.col_places}</th></tr></thead>
                    <tbody>
                        {page.activities.iter().map(|a| view! {
                            <tr data-testid="activity-row">
                                <td><a href=format!("/admin/activities/{}", a.id)>{a.title.clone()}</a>
                                    {a.cancelled.then(|| view! { " "<em class="cancelled">{w.cancelled}</em> })}</td>
                                <td>{crate::domain::calendar::in_china(a.starts_at, "%Y-%m-%d %H:%M")}</td>
                                <td>{format!("{} / {}", a.capacity - a.places_left, a.capacity)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
        <form class="card" method="post" action="/api/admin/activity_create" data-testid="new-activity">
            <h2>{w.new_activity}</h2>
            {fields(&blank, &page.campaigns)}
            <button type="submit" class="button primary">{w.create}</button>
        </form>
        <form class="card" method="post" action="/api/admin/weeks_set_up" data-testid="weeks-setup">
            <h2>{w.weeks_setup}</h2>
            <p class="hint">{w.weeks_setup_hint}</p>
            <Field id="w-campaign" label=w.field_campaign>
                <select id="w-campaign" name="campaign" required>{options(&page.campaigns, "", "—")}</select>
            </Field>
            <Field id="w-first" label=w.weeks_first_day>
                <input id="w-first" name="first_day" type="date" required/>
            </Field>
            <Field id="w-count" label=w.weeks_count>
                <input id="w-count" name="count" type="number" min="1" max="52" required value="26"/>
            </Field>
            <Field id="w-capacity" label=w.weeks_capacity>
                <input id="w-capacity" name="capacity" type="number" min="1" max="100000" required/>
            </Field>
            <button type="submit" class="button primary">{w.weeks_save}</button>
        </form>
    }
}

/// The fields of an activity's form (the list's new-activity form and the edit form are on
/// different pages, so they share ids).
fn fields(f: &ActivityEditForm, campaigns: &[Choice]) -> impl IntoView {
    let w = tav();
    let text = |id: &'static str, name: &'static str, label: &'static str, value: &str, max: &'static str| {
        view! {
            <Field id=id label=label>
                <input id=id name=format!("activity[{name}]") type="text" maxlength=max value=value.to_string()/>
            </Field>
        }
    };
    let time = |id: &'static str, name: &'static str, label: &'static str, value: &str| {
        view! {
            <Field id=id label=label>
                <input id=id name=format!("activity[{name}]") type="datetime-local" value=value.to_string()/>
            </Field>
        }
    };
    view! {
        <Field id="a-campaign" label=w.field_campaign>
            <select id="a-campaign" name="activity[campaign]" required>{options(campaigns, &f.campaign, "—")}</select>
        </Field>
        {text("a-title", "title", w.field_title, &f.title, "80")}
        {text("a-theme", "theme", w.field_theme, &f.theme, "80")}
        <Field id="a-description" label=w.field_description>
            <textarea id="a-description" name="activity[description]" maxlength="4000" rows="4">{f.description.clone()}</textarea>
        </Field>
        {time("a-starts", "starts_at", w.field_starts, &f.starts_at)}
        {time("a-ends", "ends_at", w.field_ends, &f.ends_at)}
        {text("a-meeting", "meeting_point", w.field_meeting_point, &f.meeting_point, "200")}
        {time("a-departs", "departs_at", w.field_departs, &f.departs_at)}
        {text("a-note", "arrival_note", w.field_note, &f.arrival_note, "200")}
        {text("a-hotline", "hotline", w.field_hotline, &f.hotline, "40")}
        <Field id="a-stops" label=w.field_stops>
            <textarea id="a-stops" name="activity[stops]" maxlength="2000" rows="3">{f.stops.clone()}</textarea>
        </Field>
        <Field id="a-capacity" label=w.field_capacity>
            <input id="a-capacity" name="activity[capacity]" type="number" min="1" max="10000" required value=f.capacity.clone()/>
        </Field>
        {time("a-closes", "signup_closes_at", w.field_closes, &f.signup_closes_at)}
        <Field id="a-audience" label=w.field_audience>
            <select id="a-audience" name="activity[audience]">
                {Audience::ALL.iter().map(|a| view! {
                    <option value=a.as_str() selected=f.audience == a.as_str()>{audience_label(Locale::Zh, *a)}</option>
                }).collect_view()}
            </select>
        </Field>
        {text("a-child-min", "child_min_age", w.field_child_min, &f.child_min_age, "2")}
        {text("a-child-max", "child_max_age", w.field_child_max, &f.child_max_age, "2")}
    }
}

#[component]
pub fn AdminActivityPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let nonce = leptos::nonce::use_nonce();
    view! {
        <AdminPage title=tav().roster notice=true>
            {loaded(async move { admin_activity(id).await.map(roster) })}
            <script type="module" nonce=nonce>{DESK_SCRIPT}</script>
        </AdminPage>
    }
}

fn roster(r: ActivityRoster) -> impl IntoView {
    let w = tav();
    let d = &r.detail;
    let id = d.card.id;
    let cancelled = d.card.cancelled;
    view! {
        <AdminBar me=r.organizer.clone()/>
        <h1>{d.card.title.clone()}{cancelled.then(|| view! { " "<em class="cancelled">{w.cancelled}</em> })}</h1>
        <p class="meta" data-testid="activity-counts">
            {crate::domain::calendar::in_china(d.card.starts_at, "%Y-%m-%d %H:%M")}" · "{d.card.meeting_point.clone()}" · "
            {w.heads}" "{format!("{}/{}", r.heads, d.card.capacity)}" · "{w.arrived}" "{r.arrived}
        </p>
        <p><a href=format!("/activities/{id}")>{w.public_page}</a>" · "<a href="/admin/activities">{w.title}</a></p>
        {(!cancelled).then(|| view! {
            <form class="card desk" id="desk" method="post" action="/api/admin/activity_arrive" data-testid="desk">
                <h2>{w.desk}</h2>
                <input type="hidden" name="id" value=id/>
                <p class="hint">{w.desk_hint}</p>
                <Field id="d-code" label=w.code>
                    <input id="d-code" name="code" type="text" required autocomplete="off"
                        autocapitalize="characters" spellcheck="false" maxlength="200"/>
                </Field>
                <div class="actions desk-actions">
                    <button type="submit" class="button primary">{w.arrive}</button>
                    <button type="submit" class="button" formaction="/api/admin/activity_depart">{w.depart}</button>
                    <button type="button" class="button" id="d-scan" hidden>{crate::i18n::tt().scan}</button>
                </div>
                <video id="d-video" hidden playsinline muted></video>
            </form>
        })}
        <h2>{w.roster}</h2>
        {if r.families.is_empty() {
            view! { <p class="empty">{w.roster_empty}</p> }.into_any()
        } else {
            view! { <div class="table-wrap">{families_table(&r.families)}</div> }.into_any()
        }}
        {(!cancelled).then(|| view! {
            <form class="card" method="post" action="/api/admin/activity_edit">
                <h2>{w.edit}</h2>
                <input type="hidden" name="activity[id]" value=id/>
                {fields(&r.form, &[Choice { value: r.form.campaign.clone(), label: d.card.campaign_title.clone() }])}
                <button type="submit" class="button primary">{w.save}</button>
            </form>
            <form class="card" method="post" action="/api/admin/activity_cancel">
                <input type="hidden" name="id" value=id/>
                <p class="hint">{w.cancel_hint}</p>
                <button type="submit" class="button danger">{w.cancel}</button>
            </form>
        })}
    }
}

fn families_table(families: &[RosterFamily]) -> impl IntoView {
    let w = tav();
    view! {
        <table class="queue roster">
            <thead><tr>
                <th scope="col">{w.col_family}</th><th scope="col">{w.col_person}</th><th scope="col">{w.col_kind}</th>
                <th scope="col">{w.col_arrived}</th><th scope="col">{w.col_left}</th><th scope="col">{w.col_minutes}</th>
                <th scope="col">{w.col_source}</th>
            </tr></thead>
            <tbody>
                {families.iter().flat_map(|f| f.people.iter().enumerate().map(move |(i, p)| view! {
                    <tr data-testid="roster-person" data-family=f.reference.clone()>
                        <td>{(i == 0).then(|| format!("{} · {}", f.reference, f.masked_mobile))}</td>
                        <td class="name">{p.name.clone()}</td>
                        <td>{person_kind_label(Locale::Zh, p.kind)}{p.age.map(|a| format!(" · {a}"))}</td>
                        <td data-testid="arrived">{p.arrived.clone().unwrap_or_default()}</td>
                        <td>{p.left.clone().unwrap_or_default()}</td>
                        <td data-testid="minutes">{p.minutes_served.map(|m| m.to_string()).unwrap_or_default()}</td>
                        <td>{(i == 0).then(|| f.source.clone().unwrap_or_default())}</td>
                    </tr>
                })).collect_view()}
            </tbody>
        </table>
    }
}
