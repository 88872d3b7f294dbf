use crate::i18n::admin_phrases as phrases;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::queue::decision_fields;
use super::AdminBar;
use crate::api::admin::{admin_application, admin_me};
use crate::components::admin_page::{loaded, AdminPage};
use crate::i18n::{t, ta};
use crate::model::admin::ApplicationDetail;
use crate::pages::public::cst;

fn body(d: ApplicationDetail) -> impl IntoView {
    let s = ta();
    let p = t();
    let withdrawn = d.status_key == crate::domain::ApplicationStatus::Withdrawn;
    view! {
        <article class="card application">
            <h1>{s.detail_title}" "<span class="reference">{d.reference.clone()}</span></h1>
            <dl>
                <dt>{p.campaign_label}</dt><dd>{d.campaign.clone()}</dd>
                <dt>{p.status_label}</dt><dd><strong class="status-value">{d.status.clone()}</strong></dd>
                <dt>{p.field_name}</dt><dd class="name">{d.name.clone()}</dd>
                <dt>{p.field_mobile}</dt><dd>{d.masked_mobile.clone()}</dd>
                <dt>{p.field_id_number}</dt><dd>{d.masked_id.clone()}</dd>
                {match (d.birth_date, d.age) {
                    (Some(birth), Some(age)) => view! {
                        <dt>{s.field_birth_date}</dt><dd>{phrases::birth_and_age(birth, age)}</dd>
                    }.into_any(),
                    (_, Some(age)) => view! { <dt>{s.col_age}</dt><dd>{phrases::age(age)}</dd> }.into_any(),
                    (_, None) => view! { <dt>{s.col_age}</dt><dd>"—"</dd> }.into_any(),
                }}
                <dt>{p.field_email}</dt><dd>{d.email.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{p.field_community}</dt><dd>{d.region.clone()}</dd>
                <dt>{p.role_label}</dt><dd>{d.role.clone()}</dd>
                <dt>{p.field_skills}</dt><dd>{d.skills.join("、")}</dd>
                <dt>{s.field_availability}</dt><dd>{d.availability.join("、")}</dd>
                <dt>{p.submitted_at}</dt><dd>{cst(d.submitted_at, "%Y-%m-%d %H:%M")}</dd>
                {d.answers.iter().map(|a| view! {
                    <dt data-question=a.question>
                        {a.label.clone()}{a.retired.then(|| crate::i18n::tq().retired_mark)}
                    </dt>
                    <dd class="answer">{a.text.clone()}</dd>
                }).collect_view()}
            </dl>
        </article>
        {(!withdrawn).then(|| view! {
            <form class="card" method="post" action="/api/admin/decide">
                <input type="hidden" name="id" value=d.id/>
                {decision_fields("form")}
                <button type="submit" class="button primary">{s.decide_submit}</button>
            </form>
        })}
        {week_form(&d)}
        <section class="card audit">
            <h2>{s.audit_title}</h2>
            {if d.audit.is_empty() {
                view! { <p class="empty">{s.audit_empty}</p> }.into_any()
            } else {
                view! {
                    <ol class="audit-trail">
                        {d.audit.iter().map(|e| view! {
                            <li>
                                <time>{cst(e.at, "%Y-%m-%d %H:%M:%S")}</time>" "
                                <strong>{e.actor.clone()}</strong>" "{e.action.clone()}"："
                                {e.from_status.clone().unwrap_or_default()}" → "{e.to_status.clone().unwrap_or_default()}
                                {e.reason.clone().map(|r| view! { "（"{r}"）" })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <p><a href=format!("/admin/applications?campaign={}", d.campaign_slug)>{s.back_to_queue}</a></p>
    }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <AdminPage title=ta().detail_title notice=true>
            {loaded(async move {
                let me = admin_me().await?;
                let detail = admin_application(id).await?;
                Ok(view! { <AdminBar me=me/> {body(detail)} })
            })}
        </AdminPage>
    }
}

/// The week of duty: which one, and a select to move the volunteer (capacity still holds).
fn week_form(d: &ApplicationDetail) -> impl IntoView {
    let w = crate::i18n::tav();
    let mine = d.weeks.mine;
    (!d.weeks.weeks.is_empty()).then(|| view! {
        <form class="card inline-form" method="post" action="/api/admin/week_move" data-testid="week-move">
            <h2>{w.weeks}</h2>
            <input type="hidden" name="id" value=d.id/>
            <label for="w-week">{w.week_of}</label>
            <select id="w-week" name="week">
                {d.weeks.weeks.iter().map(|week| view! {
                    <option value=week.number selected=mine == Some(week.number)>
                        {format!("第 {} 周（{}）{}/{}", week.number, week.starts_on.format("%m-%d"), week.taken, week.capacity)}
                    </option>
                }).collect_view()}
            </select>
            <button type="submit" class="button">{w.week_move}</button>
        </form>
    })
}
