use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AdminBar;
use crate::api::admin::{admin_campaign, admin_campaigns};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::i18n::ta;
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
    view! {
        <AdminPage title=ta().campaigns_title notice=true>
            {loaded(async move { admin_campaigns().await.map(list) })}
        </AdminPage>
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
                <Field id="c-slug" label=s.campaign_slug>
                    <input id="c-slug" name="campaign[new_slug]" type="text" maxlength="64" required pattern="[a-z0-9-]+"/>
                </Field>
            })}
            <Field id="c-title" label=s.campaign_title>
                <input id="c-title" name="campaign[title]" type="text" maxlength="100" required value=f.title.clone()/>
            </Field>
            <Field id="c-summary" label=s.campaign_summary>
                <textarea id="c-summary" name="campaign[summary]" maxlength="500" rows="2" required>{f.summary.clone()}</textarea>
            </Field>
            <Field id="c-body" label=s.campaign_body>
                <textarea id="c-body" name="campaign[body]" maxlength="10000" rows="6">{f.body.clone()}</textarea>
            </Field>
            <Field id="c-target" label=s.campaign_target>
                <input id="c-target" name="campaign[target]" type="number" min="1" max="1000000" required value=f.target.clone()/>
            </Field>
            <Field id="c-opens" label=s.campaign_opens>
                <input id="c-opens" name="campaign[opens_at]" type="datetime-local" required value=f.opens_at.clone()/>
            </Field>
            <Field id="c-closes" label=s.campaign_closes>
                <input id="c-closes" name="campaign[closes_at]" type="datetime-local" required value=f.closes_at.clone()/>
            </Field>
            <div class="field field-pair">
                <label for="c-min">{s.campaign_min_age}</label>
                <input id="c-min" name="campaign[min_age]" type="number" min="16" max="100" required value=f.min_age.clone()/>
                <label for="c-max">{s.campaign_max_age}</label>
                <input id="c-max" name="campaign[max_age]" type="number" min="16" max="100" required value=f.max_age.clone()/>
            </div>
            <Field id="c-retention" label=s.campaign_retention hint=s.campaign_retention_hint>
                <input id="c-retention" name="campaign[retention_days]" type="number" min="0" max="365" value=f.retention_days.clone()/>
            </Field>
            <Field id="c-regions" label=s.campaign_regions hint=s.campaign_regions_hint>
                <input id="c-regions" name="campaign[allowed_regions]" type="text" maxlength="400" value=f.allowed_regions.clone()/>
            </Field>
            <Field id="c-roles" label=s.campaign_roles hint=s.campaign_roles_hint>
                <textarea id="c-roles" name="campaign[roles]" rows="5" required>{f.roles.clone()}</textarea>
            </Field>
            <button type="submit" class="button primary">{s.campaign_save}</button>
        </form>
        {(!creating).then(|| view! {
            <p><a class="button" href=format!("/admin/campaigns/questions?slug={}", f.slug)>{crate::i18n::tq().link}</a></p>
        })}
        <p><a href="/admin/campaigns">{s.campaigns_title}</a></p>
    }
}

#[component]
pub fn CampaignEditPage() -> impl IntoView {
    let slug = use_query_map().with_untracked(|q| q.get("slug").unwrap_or_default());
    view! {
        <AdminPage title=ta().campaign_edit notice=true>
            {loaded(async move { admin_campaign(slug).await.map(form) })}
        </AdminPage>
    }
}
