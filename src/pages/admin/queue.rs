use crate::i18n::admin_phrases as phrases;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{hidden_filter, options, AdminBar};
use crate::api::admin::admin_queue;
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::domain::options::SKILLS;
use crate::domain::{ApplicationStatus, Decision, RejectReason};
use crate::i18n::{reject_reason_label, skill_label, status_label, t, ta};
use crate::model::admin::{Choice, QueueFilter, QueuePage as Page};
use crate::pages::public::cst;

fn filter_form(page: &Page) -> impl IntoView {
    let s = ta();
    let f = &page.filter;
    let statuses: Vec<Choice> = ApplicationStatus::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().to_string(), label: status_label(*k).to_string() })
        .collect();
    let skills: Vec<Choice> =
        SKILLS.iter().map(|k| Choice { value: k.to_string(), label: skill_label(k).to_string() }).collect();
    let sorts = [("new", s.sort_new), ("old", s.sort_old), ("name", s.sort_name), ("age", s.sort_age)];
    let campaigns: Vec<Choice> = page.campaigns.clone();
    view! {
        <form class="card admin-filter" method="get" action="/admin/applications">
            <Field id="q-campaign" label=s.filter_campaign>
                <select id="q-campaign" name="campaign">
                    {campaigns.iter().map(|c| view! {
                        <option value=c.value.clone() selected=c.value == f.campaign>{c.label.clone()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="q-status" label=s.filter_status>
                <select id="q-status" name="status">{options(&statuses, &f.status, s.filter_all)}</select>
            </Field>
            {page.organizer.county.is_none().then(|| view! {
                <Field id="q-county" label=t().field_county>
                    <select id="q-county" name="county">{options(&page.counties, &f.county, s.filter_all)}</select>
                </Field>
            })}
            <Field id="q-street" label=t().field_street>
                <select id="q-street" name="street">{options(&page.streets, &f.street, s.filter_all)}</select>
            </Field>
            <Field id="q-community" label=t().field_community>
                <select id="q-community" name="community">{options(&page.communities, &f.community, s.filter_all)}</select>
            </Field>
            <Field id="q-role" label=s.filter_role>
                <select id="q-role" name="role">{options(&page.roles, &f.role, s.filter_all)}</select>
            </Field>
            <Field id="q-skill" label=s.filter_skill>
                <select id="q-skill" name="skill">{options(&skills, &f.skill, s.filter_all)}</select>
            </Field>
            {(!page.answers.is_empty()).then(|| view! {
                <Field id="q-answer" label=crate::i18n::tq().filter>
                    <select id="q-answer" name="answer">{options(&page.answers, &f.answer, s.filter_all)}</select>
                </Field>
            })}
            <Field id="q-age-min" label=s.filter_age class="field-pair">
                <input id="q-age-min" name="age_min" type="number" min="0" max="120" value=f.age_min.clone()/>
                " – "
                <input id="q-age-max" name="age_max" type="number" min="0" max="120" value=f.age_max.clone() aria-label=s.filter_age/>
            </Field>
            <Field id="q-from" label=s.filter_submitted class="field-pair">
                <input id="q-from" name="from" type="date" value=f.from.clone()/>
                " – "
                <input id="q-to" name="to" type="date" value=f.to.clone() aria-label=s.filter_submitted/>
            </Field>
            <Field id="q-q" label=s.filter_search>
                <input id="q-q" name="q" type="search" maxlength="40" placeholder=s.filter_search_hint value=f.q.clone()/>
            </Field>
            <Field id="q-sort" label=s.filter_sort>
                <select id="q-sort" name="sort">
                    {sorts.iter().map(|(k, label)| view! { <option value=*k selected=f.sort == *k>{*label}</option> }).collect_view()}
                </select>
            </Field>
            <div class="actions">
                <button type="submit" class="button primary">{s.filter_apply}</button>
                <a class="button" href="/admin/applications">{s.filter_reset}</a>
            </div>
        </form>
    }
}

fn status_tabs(page: &Page) -> impl IntoView {
    let s = ta();
    let all: u64 = page.counts.values().sum();
    let link = |status: &str| {
        format!("/admin/applications?{}", page.filter.with("status", status).with("page", "").to_query())
    };
    view! {
        <ul class="status-tabs">
            <li><a href=link("") aria-current=page.filter.status.is_empty().then_some("true")>{s.filter_all}" "<span class="count">{all}</span></a></li>
            {ApplicationStatus::ALL.iter().map(|k| {
                let n = page.counts.get(k).copied().unwrap_or(0);
                let key = k.as_str();
                view! {
                    <li><a href=link(key) data-status=key aria-current=(page.filter.status == key).then_some("true")>
                        {status_label(*k)}" "<span class="count">{n}</span>
                    </a></li>
                }
            }).collect_view()}
        </ul>
    }
}

pub(crate) fn decision_fields(prefix: &'static str) -> impl IntoView {
    let s = ta();
    view! {
        <fieldset class="decision">
            <legend>{s.decision}</legend>
            <label><input type="radio" name=format!("{prefix}[decision]") value=Decision::Approve.as_str() required/>{s.approve}</label>
            <label><input type="radio" name=format!("{prefix}[decision]") value=Decision::Waitlist.as_str()/>{s.waitlist}</label>
            <label><input type="radio" name=format!("{prefix}[decision]") value=Decision::Reject.as_str()/>{s.reject}</label>
            <label>{s.reason}" "
                <select name=format!("{prefix}[reason]")>
                    <option value="">"—"</option>
                    {RejectReason::ALL.iter().map(|k| view! { <option value=k.as_str()>{reject_reason_label(*k)}</option> }).collect_view()}
                    <option value="other">{s.reason_other}</option>
                </select>
            </label>
            <label>{s.reason_text}" "<input type="text" name=format!("{prefix}[reason_text]") maxlength="200"/></label>
        </fieldset>
    }
}

fn table(page: &Page) -> impl IntoView {
    let s = ta();
    view! {
        <div class="table-wrap">
            <table class="queue">
                <thead><tr>
                    <th scope="col">{s.col_select}</th>
                    <th scope="col">{s.col_reference}</th>
                    <th scope="col">{s.col_name}</th>
                    <th scope="col">{s.col_mobile}</th>
                    <th scope="col">{s.col_age}</th>
                    <th scope="col">{s.col_region}</th>
                    <th scope="col">{s.col_role}</th>
                    <th scope="col">{s.col_skills}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{s.col_submitted}</th>
                </tr></thead>
                <tbody>
                    {page.rows.iter().map(|r| view! {
                        <tr data-id=r.id>
                            <td><input type="checkbox" name=format!("ids[{}]", r.id) aria-label=format!("{} {}", s.col_select, r.reference)/></td>
                            <td><a href=format!("/admin/applications/{}", r.id)>{r.reference.clone()}</a></td>
                            <td class="name">{r.name.clone()}</td>
                            <td>{r.masked_mobile.clone()}</td>
                            <td>{r.age}</td>
                            <td>{r.region.clone()}</td>
                            <td>{r.role.clone()}</td>
                            <td>{r.skills.join("、")}</td>
                            <td class="status">{r.status.clone()}</td>
                            <td>{cst(r.submitted_at, "%Y-%m-%d %H:%M")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn pager(page: &Page) -> impl IntoView {
    let s = ta();
    let link = |n: u64| format!("/admin/applications?{}", page.filter.with("page", n.to_string()).to_query());
    view! {
        <nav class="pager" aria-label="pages">
            {(page.page > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">{s.previous}</a> })}
            <span>{phrases::page_position(page.page, page.pages)}</span>
            {(page.page < page.pages).then(|| view! { <a href=link(page.page + 1) rel="next">{s.next}</a> })}
        </nav>
    }
}

fn exports(page: &Page) -> impl IntoView {
    let s = ta();
    page.organizer.may_export.then(|| view! {
        <form class="card admin-export" method="post" action="/admin/export/queue">
            <h2>{s.export_title}</h2>
            {QueueFilter::FIELDS.iter().filter(|f| **f != "page" && !page.filter.get(f).is_empty()).map(|f| view! {
                <input type="hidden" name=*f value=page.filter.get(f).to_string()/>
            }).collect_view()}
            {page.organizer.may_export_full.then(|| view! {
                <label><input type="checkbox" name="full" value="1"/>{s.export_full}</label>
            })}
            <button type="submit" name="format" value="csv" class="button">{s.export_csv}</button>
            <button type="submit" name="format" value="xlsx" class="button">{s.export_xlsx}</button>
        </form>
    })
}

fn body(page: Page) -> impl IntoView {
    let s = ta();
    let lottery_link =
        format!("/admin/lottery?{}", page.filter.with("page", "").with("status", "").to_query());
    view! {
        <AdminBar me=page.organizer.clone()/>
        <h1>{s.queue_title}</h1>
        {filter_form(&page)}
        {status_tabs(&page)}
        <p class="total">{s.total_matching}" "<strong data-testid="total">{page.total}</strong>
            {page.organizer.may_lottery.then(|| view! { " · "<a href=lottery_link>{s.nav_lottery}</a> })}
        </p>
        {if page.rows.is_empty() {
            view! { <p class="empty">{s.empty_queue}</p> }.into_any()
        } else {
            view! {
                <form method="post" action="/api/admin/decide_bulk" class="bulk">
                    {hidden_filter(&page.filter, "filter")}
                    {table(&page)}
                    {pager(&page)}
                    <fieldset class="card bulk-actions">
                        <legend>{s.bulk_title}</legend>
                        <label><input type="radio" name="scope" value="selected" checked/>{s.bulk_selected}</label>
                        <label><input type="radio" name="scope" value="all"/>{phrases::all_matching(page.total)}</label>
                        {decision_fields("form")}
                        <button type="submit" class="button primary">{s.bulk_apply}</button>
                    </fieldset>
                </form>
            }.into_any()
        }}
        {exports(&page)}
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let filter: QueueFilter = use_query_map().with_untracked(super::filter_from);
    view! {
        <AdminPage title=ta().queue_title notice=true>
            {loaded(async move { admin_queue(filter).await.map(body) })}
        </AdminPage>
    }
}
