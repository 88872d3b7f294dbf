use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminBar, Notice};
use crate::api::admin::{admin_campaign, admin_campaigns};
use crate::components::layout::ErrorNotice;
use crate::i18n::{t, ta};
use crate::model::admin::{CampaignEdit, CampaignsPage as Page};

fn list(page: Page) -> impl IntoView {
    let s = ta();
    view! {
        <AdminBar me=page.organizer.clone()/>
        <h1>{s.campaigns_title}</h1>
        <p><a class="button primary" href="/admin/campaigns/edit">{s.campaign_new}</a></p>
        <div class="table-wrap"><table class="queue">
            <thead><tr>
                <th scope="col">{s.campaign_title}</th><th scope="col">{s.campaign_state}</th>
                <th scope="col">{s.dashboard_signups}</th><th scope="col">{s.campaign_target}</th><th scope="col"></th>
            </tr></thead>
            <tbody>
                {page.campaigns.iter().map(|c| {
                    let slug = c.slug.clone();
                    let button = move |action: &'static str, label: &'static str| view! {
                        <form method="post" action="/api/admin/campaign_phase" class="inline">
                            <input type="hidden" name="slug" value=slug.clone()/>
                            <input type="hidden" name="action" value=action/>
                            <button type="submit" class="button small">{label}</button>
                        </form>
                    };
                    view! {
                        <tr data-slug=c.slug.clone()>
                            <td><a href=format!("/admin/campaigns/edit?slug={}", c.slug)>{c.title.clone()}</a></td>
                            <td class="state" data-state=c.state_key.clone()>{c.state.clone()}</td>
                            <td>{c.signups}</td>
                            <td>{c.target}</td>
                            <td>
                                {(c.state_key != "open").then(|| button("open", s.campaign_open))}
                                {(c.state_key == "open").then(|| button("pause", s.campaign_pause))}
                                {(c.state_key != "closed").then(|| button("close", s.campaign_close))}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let s = ta();
    let notice = use_query_map().with_untracked(|q| q.get("notice"));
    view! {
        <Title text=format!("{} · {}", s.campaigns_title, t().site_name)/>
        <super::AdminStyle/>
        <section class="admin">
            <Notice token=notice/>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match admin_campaigns().await {
                        Ok(page) => list(page).into_any(),
                        Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn form(edit: CampaignEdit) -> impl IntoView {
    let s = ta();
    let f = edit.form;
    let creating = f.slug.is_empty();
    view! {
        <AdminBar me=edit.organizer.clone()/>
        <h1>{if creating { s.campaign_new } else { s.campaign_edit }}</h1>
        <form class="card campaign-form" method="post" action="/api/admin/campaign_save">
            <input type="hidden" name="campaign[slug]" value=f.slug.clone()/>
            {creating.then(|| view! {
                <div class="field">
                    <label for="c-slug">{s.campaign_slug}</label>
                    <input id="c-slug" name="campaign[new_slug]" type="text" maxlength="64" required pattern="[a-z0-9-]+"/>
                </div>
            })}
            <div class="field">
                <label for="c-title">{s.campaign_title}</label>
                <input id="c-title" name="campaign[title]" type="text" maxlength="100" required value=f.title.clone()/>
            </div>
            <div class="field">
                <label for="c-summary">{s.campaign_summary}</label>
                <textarea id="c-summary" name="campaign[summary]" maxlength="500" rows="2" required>{f.summary.clone()}</textarea>
            </div>
            <div class="field">
                <label for="c-body">{s.campaign_body}</label>
                <textarea id="c-body" name="campaign[body]" maxlength="10000" rows="6">{f.body.clone()}</textarea>
            </div>
            <div class="field">
                <label for="c-target">{s.campaign_target}</label>
                <input id="c-target" name="campaign[target]" type="number" min="1" max="1000000" required value=f.target.clone()/>
            </div>
            <div class="field">
                <label for="c-opens">{s.campaign_opens}</label>
                <input id="c-opens" name="campaign[opens_at]" type="datetime-local" required value=f.opens_at.clone()/>
            </div>
            <div class="field">
                <label for="c-closes">{s.campaign_closes}</label>
                <input id="c-closes" name="campaign[closes_at]" type="datetime-local" required value=f.closes_at.clone()/>
            </div>
            <div class="field field-pair">
                <label for="c-min">{s.campaign_min_age}</label>
                <input id="c-min" name="campaign[min_age]" type="number" min="16" max="100" required value=f.min_age.clone()/>
                <label for="c-max">{s.campaign_max_age}</label>
                <input id="c-max" name="campaign[max_age]" type="number" min="16" max="100" required value=f.max_age.clone()/>
            </div>
            <div class="field">
                <label for="c-regions">{s.campaign_regions}</label>
                <input id="c-regions" name="campaign[allowed_regions]" type="text" maxlength="400" value=f.allowed_regions.clone()/>
                <p class="hint">{s.campaign_regions_hint}</p>
            </div>
            <div class="field">
                <label for="c-roles">{s.campaign_roles}</label>
                <textarea id="c-roles" name="campaign[roles]" rows="5" required>{f.roles.clone()}</textarea>
                <p class="hint">{s.campaign_roles_hint}</p>
            </div>
            <button type="submit" class="button primary">{s.campaign_save}</button>
        </form>
        <p><a href="/admin/campaigns">{s.campaigns_title}</a></p>
    }
}

#[component]
pub fn CampaignEditPage() -> impl IntoView {
    let s = ta();
    let query = use_query_map();
    let slug = query.with_untracked(|q| q.get("slug").unwrap_or_default());
    let notice = query.with_untracked(|q| q.get("notice"));
    view! {
        <Title text=format!("{} · {}", s.campaign_edit, t().site_name)/>
        <super::AdminStyle/>
        <section class="admin">
            <Notice token=notice/>
            <Suspense fallback=|| ()>
                {
                    let slug = slug.clone();
                    Suspend::new(async move {
                        match admin_campaign(slug).await {
                            Ok(edit) => form(edit).into_any(),
                            Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                        }
                    })
                }
            </Suspense>
        </section>
    }
}
