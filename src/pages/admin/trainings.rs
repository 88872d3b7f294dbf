//! Training sessions in the back office: the sessions of a campaign with their counts and a form
//! for a new one (`/admin/trainings`), one session's roster, edit and cancel forms
//! (`/admin/trainings/{id}`), and its check-in desk (`/admin/trainings/{id}/checkin`).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{options, AdminBar};
use crate::api::admin::{admin_training_roster, admin_trainings};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::i18n::{t, ta, tt, waiting_position};
use crate::model::admin::{Choice, Roster, RosterRow, SessionForm, SessionRow, SessionsPage};

const DESK_SCRIPT: &str = include_str!("checkin_desk.js");

#[component]
pub fn TrainingsPage() -> impl IntoView {
    let campaign = use_query_map().with_untracked(|q| q.get("campaign").unwrap_or_default());
    view! {
        <AdminPage title=tt().title notice=true>
            {loaded(async move { admin_trainings(campaign).await.map(list) })}
        </AdminPage>
    }
}

fn list(page: SessionsPage) -> impl IntoView {
    let w = tt();
    let page = &page;
    let blank = SessionForm { campaign: page.campaign.clone(), ..SessionForm::default() };
    view! {
        <AdminBar me=page.organizer.clone()/>
        <h1>{w.title}" · "{page.campaign_title.clone()}</h1>
        <form class="card admin-filter" method="get" action="/admin/trainings">
            <Field id="tr-campaign" label=ta().filter_campaign>
                <select id="tr-campaign" name="campaign">
                    {page.campaigns.iter().map(|c| view! { <option value=c.value.clone() selected=c.value == page.campaign>{c.label.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <div class="actions"><button type="submit" class="button">{ta().filter_apply}</button></div>
        </form>
        {if page.sessions.is_empty() {
            view! { <p class="empty" data-testid="sessions-empty">{w.empty}</p> }.into_any()
        } else {
            view! { <div class="table-wrap">{sessions_table(&page.sessions)}</div> }.into_any()
        }}
        <form class="card" method="post" action="/api/admin/training_create" data-testid="new-session">
            <h2>{w.new_session}</h2>
            <input type="hidden" name="session[campaign]" value=page.campaign.clone()/>
            {session_fields(&NEW_IDS, &blank, &page.roles, &page.counties, page.organizer.county.is_none())}
            <button type="submit" class="button primary">{w.create}</button>
        </form>
    }
}

fn sessions_table(sessions: &[SessionRow]) -> impl IntoView {
    let w = tt();
    view! {
        <table class="queue sessions">
            <thead><tr>
                <th scope="col">{w.col_title}</th><th scope="col">{w.col_when}</th><th scope="col">{w.col_place}</th>
                <th scope="col">{w.col_seats}</th><th scope="col">{w.col_enrolled}</th>
                <th scope="col">{w.col_waiting}</th><th scope="col">{w.col_attended}</th>
            </tr></thead>
            <tbody>
                {sessions.iter().map(|s| view! {
                    <tr data-testid="session-row">
                        <td>
                            <a href=format!("/admin/trainings/{}", s.id)>{s.title.clone()}</a>
                            {s.cancelled.then(|| view! { " "<em class="cancelled">{w.cancelled}</em> })}
                        </td>
                        <td>{s.when.clone()}</td>
                        <td>{s.place.clone()}</td>
                        <td>{s.capacity}</td>
                        <td>{s.enrolled}</td>
                        <td>{s.waiting}</td>
                        <td>{s.attended}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The ids of a session form's controls: the new-session form and the edit form share a page.
struct Ids {
    title: &'static str,
    role: &'static str,
    county: &'static str,
    starts: &'static str,
    ends: &'static str,
    place: &'static str,
    note: &'static str,
    capacity: &'static str,
    opens: &'static str,
    closes: &'static str,
}

const NEW_IDS: Ids = Ids {
    title: "n-title",
    role: "n-role",
    county: "n-county",
    starts: "n-starts",
    ends: "n-ends",
    place: "n-place",
    note: "n-note",
    capacity: "n-capacity",
    opens: "n-opens",
    closes: "n-closes",
};

const EDIT_IDS: Ids = Ids {
    title: "e-title",
    role: "e-role",
    county: "e-county",
    starts: "e-starts",
    ends: "e-ends",
    place: "e-place",
    note: "e-note",
    capacity: "e-capacity",
    opens: "e-opens",
    closes: "e-closes",
};

/// The fields of a session's form (new or edit).
fn session_fields(
    ids: &'static Ids,
    f: &SessionForm,
    roles: &[Choice],
    counties: &[Choice],
    county_choice: bool,
) -> impl IntoView {
    let w = tt();
    view! {
        <Field id=ids.title label=w.field_title>
            <input id=ids.title name="session[title]" type="text" maxlength="80" required value=f.title.clone()/>
        </Field>
        {(!roles.is_empty()).then(|| view! {
            <Field id=ids.role label=w.col_role>
                <select id=ids.role name="session[role]">{options(roles, &f.role, w.every_role)}</select>
            </Field>
        })}
        {county_choice.then(|| view! {
            <Field id=ids.county label=t().field_county>
                <select id=ids.county name="session[county]">{options(counties, &f.county, w.city_wide)}</select>
            </Field>
        })}
        <Field id=ids.starts label=w.field_starts>
            <input id=ids.starts name="session[starts_at]" type="datetime-local" required value=f.starts_at.clone()/>
        </Field>
        <Field id=ids.ends label=w.field_ends>
            <input id=ids.ends name="session[ends_at]" type="datetime-local" required value=f.ends_at.clone()/>
        </Field>
        <Field id=ids.place label=w.field_place>
            <input id=ids.place name="session[place]" type="text" maxlength="200" required value=f.place.clone()/>
        </Field>
        <Field id=ids.note label=w.field_note>
            <textarea id=ids.note name="session[note]" maxlength="500" rows="2">{f.note.clone()}</textarea>
        </Field>
        <Field id=ids.capacity label=w.field_capacity>
            <input id=ids.capacity name="session[capacity]" type="number" min="1" max="1000" required value=f.capacity.clone()/>
        </Field>
        <p class="hint">{w.window_hint}</p>
        <Field id=ids.opens label=w.field_opens>
            <input id=ids.opens name="session[opens_at]" type="datetime-local" value=f.opens_at.clone()/>
        </Field>
        <Field id=ids.closes label=w.field_closes>
            <input id=ids.closes name="session[closes_at]" type="datetime-local" value=f.closes_at.clone()/>
        </Field>
    }
}

fn session_id() -> String {
    use_params_map().with_untracked(|p| p.get("id").unwrap_or_default())
}

#[component]
pub fn TrainingSessionPage() -> impl IntoView {
    let id = session_id();
    view! {
        <AdminPage title=tt().roster notice=true>
            {loaded(async move { admin_training_roster(id).await.map(roster) })}
        </AdminPage>
    }
}

fn roster(r: Roster) -> impl IntoView {
    let w = tt();
    let id = r.session.id;
    let s = &r.session;
    view! {
        <AdminBar me=r.organizer.clone()/>
        <h1>{s.title.clone()}{s.cancelled.then(|| view! { " "<em class="cancelled">{w.cancelled}</em> })}</h1>
        <p class="meta" data-testid="session-counts">
            {s.when.clone()}" · "{s.place.clone()}" · "{w.col_enrolled}" "{format!("{}/{}", s.enrolled, s.capacity)}
            " · "{w.col_waiting}" "{s.waiting}" · "{w.col_attended}" "{s.attended}
        </p>
        <p>
            {(!s.cancelled).then(|| view! { <a class="button primary" href=format!("/admin/trainings/{id}/checkin")>{w.desk}</a>" " })}
            <a href=format!("/admin/trainings?campaign={}", r.form.campaign)>{w.back}</a>
        </p>
        <form method="post" action="/admin/export/training" class="inline">
            <input type="hidden" name="session" value=id/>
            <button type="submit" name="format" value="csv" class="button">{w.export_csv}</button>" "
            <button type="submit" name="format" value="xlsx" class="button">{w.export_xlsx}</button>
        </form>
        <h2>{w.roster}</h2>
        {if r.rows.is_empty() {
            view! { <p class="empty">{w.roster_empty}</p> }.into_any()
        } else {
            view! { <div class="table-wrap">{roster_table(id, &r.rows)}</div> }.into_any()
        }}
        {(!s.cancelled).then(|| view! {
            <form class="card" method="post" action="/api/admin/training_edit">
                <h2>{w.edit}</h2>
                <input type="hidden" name="id" value=id/>
                {session_fields(&EDIT_IDS, &r.form, &[], &[], false)}
                <input type="hidden" name="session[role]" value=r.form.role.clone()/>
                <input type="hidden" name="session[county]" value=r.form.county.clone()/>
                <button type="submit" class="button primary">{w.save}</button>
            </form>
            <form class="card" method="post" action="/api/admin/training_cancel">
                <input type="hidden" name="id" value=id/>
                <p class="hint">{w.cancel_hint}</p>
                <button type="submit" class="button danger">{w.cancel_session}</button>
            </form>
        })}
    }
}

fn roster_table(id: i32, rows: &[RosterRow]) -> impl IntoView {
    let w = tt();
    let s = ta();
    view! {
        <table class="queue roster">
            <thead><tr>
                <th scope="col">{s.col_reference}</th><th scope="col">{s.col_name}</th><th scope="col">{s.col_mobile}</th>
                <th scope="col">{w.col_state}</th><th scope="col">{w.col_arrived}</th><th scope="col">{w.col_left}</th>
                <th scope="col">{w.col_minutes}</th><th scope="col">{w.correct}</th>
            </tr></thead>
            <tbody>
                {rows.iter().map(|row| view! {
                    <tr data-testid="roster-row">
                        <td>{row.reference.clone()}</td>
                        <td class="name">{row.name.clone()}</td>
                        <td>{row.masked_mobile.clone()}</td>
                        <td>{match row.waiting_position {
                            Some(n) => waiting_position(n as u32),
                            None => t().standing_enrolled.to_string(),
                        }}</td>
                        <td data-testid="arrived">{row.arrived.clone().unwrap_or_default()}</td>
                        <td>{row.left.clone().unwrap_or_default()}</td>
                        <td data-testid="minutes">{row.minutes_served.map(|m| m.to_string()).unwrap_or_default()}</td>
                        <td>
                            {row.waiting_position.is_none().then(|| correction(id, row))}
                            {row.arrived.is_none().then(|| view! {
                                <form method="post" action="/api/admin/training_enrolment_cancel" class="inline">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="enrolment" value=row.enrolment_id/>
                                    <button type="submit" class="button">{w.cancel_enrolment}</button>
                                </form>
                            })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Attendance typed in after the fact (from the desk's paper list).
fn correction(id: i32, row: &RosterRow) -> impl IntoView {
    let w = tt();
    let e = row.enrolment_id;
    view! {
        <form method="post" action="/api/admin/training_correct" class="inline correction">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="enrolment" value=e/>
            <label for=format!("ca-{e}")>{w.col_arrived}</label>
            <input id=format!("ca-{e}") name="arrived" type="time" required value=row.arrived.clone().unwrap_or_default()/>
            <label for=format!("cl-{e}")>{w.col_left}</label>
            <input id=format!("cl-{e}") name="left" type="time" required value=row.left.clone().unwrap_or_default()/>
            <button type="submit" class="button">{w.correct}</button>
        </form>
    }
}

/// The check-in desk: one field for the code (typed, or read by the phone's camera where the
/// browser has a `BarcodeDetector`), arrive or depart. Made for a phone held at the door.
#[component]
pub fn CheckInDeskPage() -> impl IntoView {
    let id = session_id();
    let w = tt();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <AdminPage title=w.desk notice=true>
            {loaded(async move { admin_training_roster(id).await.map(|r| view! { <DeskForm r=r/> }) })}
            <script type="module" nonce=nonce>{DESK_SCRIPT}</script>
        </AdminPage>
    }
}

#[component]
fn DeskForm(r: Roster) -> impl IntoView {
    let w = tt();
    let s = &r.session;
    let id = s.id;
    view! {
        <AdminBar me=r.organizer.clone()/>
        <h1>{w.desk}" · "{s.title.clone()}</h1>
        <p class="meta" data-testid="desk-counts">
            {s.when.clone()}" · "{w.col_attended}" "{format!("{}/{}", s.attended, s.enrolled)}
        </p>
        <form class="card desk" method="post" action="/api/admin/training_arrive" data-testid="desk">
            <input type="hidden" name="id" value=id/>
            <p class="hint">{w.desk_hint}</p>
            <Field id="d-code" label=w.desk_code>
                <input id="d-code" name="code" type="text" required autofocus autocomplete="off"
                    autocapitalize="characters" spellcheck="false" maxlength="200"/>
            </Field>
            <div class="actions desk-actions">
                <button type="submit" class="button primary">{w.arrive}</button>
                <button type="submit" class="button" formaction="/api/admin/training_depart">{w.depart}</button>
                <button type="button" class="button" id="d-scan" hidden>{w.scan}</button>
            </div>
            <video id="d-video" hidden playsinline muted></video>
        </form>
        <p><a href=format!("/admin/trainings/{id}")>{w.roster}</a></p>
    }
}
