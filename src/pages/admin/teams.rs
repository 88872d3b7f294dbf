use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{options, AdminBar};
use crate::api::admin::{admin_me, admin_team, admin_team_auto_preview, admin_teams};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::i18n::{t, ta};
use crate::model::admin::{GroupPreview, TeamDetail, TeamsPage as Page};

fn list(page: Page) -> impl IntoView {
    let s = ta();
    // Borrowed, so each field's control can read the page without taking it apart.
    let page = &page;
    let county_choice = page.organizer.county.is_none();
    view! {
        <AdminBar me=page.organizer.clone()/>
        <h1>{s.teams_title}</h1>
        <form class="card admin-filter" method="get" action="/admin/teams">
            <Field id="t-campaign" label=s.filter_campaign>
                <select id="t-campaign" name="campaign">
                    {page.campaigns.iter().map(|c| view! { <option value=c.value.clone() selected=c.value == page.campaign>{c.label.clone()}</option> }).collect_view()}
                </select>
            </Field>
            {county_choice.then(|| view! {
                <Field id="t-county" label=t().field_county>
                    <select id="t-county" name="county">{options(&page.counties, &page.county, s.filter_all)}</select>
                </Field>
            })}
            <div class="actions"><button type="submit" class="button">{s.filter_apply}</button></div>
        </form>
        {if page.teams.is_empty() {
            view! { <p class="empty">{s.teams_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="queue teams">
                    <thead><tr>
                        <th scope="col">{s.team_name}</th><th scope="col">{s.team_region}</th>
                        <th scope="col">{s.team_members}</th><th scope="col">{s.team_leader}</th>
                    </tr></thead>
                    <tbody>
                        {page.teams.iter().map(|team| view! {
                            <tr>
                                <td><a href=format!("/admin/teams/{}", team.id)>{team.name.clone()}</a></td>
                                <td>{team.region.clone()}</td>
                                <td>{format!("{}/{}", team.members, team.capacity)}</td>
                                <td>{team.leader.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
        <form class="card" method="get" action="/admin/auto-group">
            <h2>{s.team_auto_title}</h2>
            <p class="hint">{s.team_auto_intro}</p>
            <input type="hidden" name="campaign" value=page.campaign.clone()/>
            {county_choice.then(|| view! {
                <Field id="g-county" label=t().field_county>
                    <select id="g-county" name="county" required>{options(&page.counties, &page.county, t().choose)}</select>
                </Field>
            })}
            <Field id="g-cap" label=s.team_capacity>
                <input id="g-cap" name="cap" type="number" min="1" max="200" value="10" required/>
            </Field>
            <button type="submit" class="button primary">{s.team_auto_preview}</button>
        </form>
        <form class="card" method="post" action="/api/admin/team_create">
            <h2>{s.team_create}</h2>
            <input type="hidden" name="team[campaign]" value=page.campaign.clone()/>
            <Field id="n-name" label=s.team_name>
                <input id="n-name" name="team[name]" type="text" maxlength="40" required/>
            </Field>
            <Field id="n-region" label=s.team_region>
                <select id="n-region" name="team[region]" required>
                    {page.counties.iter().map(|c| view! { <option value=c.value.clone()>{c.label.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field id="n-duty" label=s.team_duty>
                <input id="n-duty" name="team[duty]" type="text" maxlength="100"/>
            </Field>
            <Field id="n-cap" label=s.team_capacity>
                <input id="n-cap" name="team[capacity]" type="number" min="1" max="200" value="10" required/>
            </Field>
            <button type="submit" class="button">{s.team_create}</button>
        </form>
    }
}

#[component]
pub fn TeamsPage() -> impl IntoView {
    let (campaign, county) = use_query_map()
        .with_untracked(|q| (q.get("campaign").unwrap_or_default(), q.get("county").unwrap_or_default()));
    view! {
        <AdminPage title=ta().teams_title notice=true>
            {loaded(async move { admin_teams(campaign, county).await.map(list) })}
        </AdminPage>
    }
}

fn team_view(d: TeamDetail) -> impl IntoView {
    let s = ta();
    let id = d.team.id;
    let other_teams = d.other_teams.clone();
    view! {
        <AdminBar me=d.organizer.clone()/>
        <h1>{s.team_title}" "<span class="team-name">{d.team.name.clone()}</span></h1>
        <p class="meta">{d.campaign_title.clone()}" · "{d.team.region.clone()}" · "{s.team_members}" "{format!("{}/{}", d.team.members, d.team.capacity)}
            {(!d.team.duty.is_empty()).then(|| view! { " · "{d.team.duty.clone()} })}</p>
        <p>
            <a class="button" href=format!("/admin/teams/{id}/roster")>{s.team_roster}</a>" "
            <a href=format!("/admin/teams?campaign={}", d.campaign_slug)>{s.teams_title}</a>
        </p>
        <form class="card inline-form" method="post" action="/api/admin/team_rename">
            <input type="hidden" name="id" value=id/>
            <label for="r-name">{s.team_name}</label>
            <input id="r-name" name="name" type="text" maxlength="40" required value=d.team.name.clone()/>
            <button type="submit" class="button">{s.team_rename}</button>
        </form>
        <div class="table-wrap"><table class="queue roster">
            <thead><tr>
                <th scope="col">{s.col_reference}</th><th scope="col">{s.col_name}</th><th scope="col">{s.col_mobile}</th>
                <th scope="col">{s.col_role}</th><th scope="col">{s.team_leader}</th><th scope="col">{s.team_move}</th>
            </tr></thead>
            <tbody>
                {d.members.iter().map(|m| {
                    let member = m.application_id;
                    view! {
                        <tr>
                            <td>{m.reference.clone()}</td>
                            <td class="name">{m.name.clone()}</td>
                            <td>{m.masked_mobile.clone()}</td>
                            <td>{m.role.clone()}</td>
                            <td>{if m.leader {
                                view! { <strong class="leader">{s.team_leader}</strong> }.into_any()
                            } else {
                                view! {
                                    <form method="post" action="/api/admin/team_leader" class="inline">
                                        <input type="hidden" name="id" value=id/>
                                        <input type="hidden" name="application" value=member/>
                                        <button type="submit" class="button small">{s.team_make_leader}</button>
                                    </form>
                                }.into_any()
                            }}</td>
                            <td>{(!other_teams.is_empty()).then(|| view! {
                                <form method="post" action="/api/admin/team_move" class="inline">
                                    <input type="hidden" name="application" value=member/>
                                    <input type="hidden" name="from" value=id/>
                                    <select name="to" aria-label=s.team_move>
                                        {other_teams.iter().map(|c| view! { <option value=c.value.clone()>{c.label.clone()}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" class="button small">{s.team_move}</button>
                                </form>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        <form class="card inline-form" method="post" action="/api/admin/team_add">
            <input type="hidden" name="id" value=id/>
            <label for="a-ref">{s.team_add}</label>
            <input id="a-ref" name="reference" type="text" maxlength="16" placeholder=s.team_add_hint required/>
            <button type="submit" class="button">{s.team_add}</button>
        </form>
        {d.organizer.may_export.then(|| view! {
            <form class="card admin-export" method="post" action="/admin/export/team">
                <h2>{s.export_title}</h2>
                <input type="hidden" name="team" value=id/>
                {d.organizer.may_export_full.then(|| view! {
                    <label><input type="checkbox" name="full" value="1"/>{s.export_full}</label>
                })}
                <button type="submit" name="format" value="csv" class="button">{s.export_csv}</button>
                <button type="submit" name="format" value="xlsx" class="button">{s.export_xlsx}</button>
            </form>
        })}
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <AdminPage title=ta().team_title notice=true>
            {loaded(async move { admin_team(id).await.map(team_view) })}
        </AdminPage>
    }
}

/// A printable roster: name, masked phone, role, leader.
#[component]
pub fn RosterPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <AdminPage title=ta().team_roster class="admin roster-print">
            {loaded(async move { admin_team(id).await.map(roster) })}
        </AdminPage>
    }
}

fn roster(d: TeamDetail) -> impl IntoView {
    let s = ta();
    view! {
        <h1>{d.team.name.clone()}" "{s.team_roster}</h1>
        <p class="meta">{d.campaign_title.clone()}" · "{d.team.region.clone()}</p>
        <table class="queue roster">
            <thead><tr>
                <th scope="col">{s.col_name}</th><th scope="col">{s.col_mobile}</th>
                <th scope="col">{s.col_role}</th><th scope="col">{s.team_leader}</th>
            </tr></thead>
            <tbody>
                {d.members.iter().map(|m| view! {
                    <tr>
                        <td class="name">{m.name.clone()}</td>
                        <td>{m.masked_mobile.clone()}</td>
                        <td>{m.role.clone()}</td>
                        <td>{m.leader.then_some(s.team_leader)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="no-print"><a href=format!("/admin/teams/{}", d.team.id)>{s.team_title}</a></p>
    }
}

fn preview_view(p: GroupPreview) -> impl IntoView {
    let s = ta();
    view! {
        <section class="card group-preview">
            <p>{s.team_auto_recruits}" "<strong data-testid="recruits">{p.recruits}</strong>" · "
               {s.teams_title}" "<strong data-testid="teams">{p.teams.len()}</strong></p>
            {(p.untrained > 0).then(|| view! {
                <p class="notice" data-testid="untrained">{crate::i18n_problems::left_untrained(p.untrained)}</p>
            })}
            <ol class="proposed">
                {p.teams.iter().map(|team| view! {
                    <li>
                        <strong>{team.name.clone()}</strong>" （"{team.members.len()}"）"
                        {s.team_leader}"："{team.leader.clone()}
                        <span class="members">{team.members.join("、")}</span>
                    </li>
                }).collect_view()}
            </ol>
            <form method="post" action="/api/admin/team_auto_commit">
                <input type="hidden" name="campaign" value=p.campaign.clone()/>
                <input type="hidden" name="county" value=p.county.clone()/>
                <input type="hidden" name="cap" value=p.cap/>
                <input type="hidden" name="digest" value=p.digest.clone()/>
                <button type="submit" class="button primary">{s.team_auto_commit}</button>
            </form>
        </section>
    }
}

#[component]
pub fn AutoGroupPage() -> impl IntoView {
    let s = ta();
    let (campaign, county, cap) = use_query_map().with_untracked(|q| {
        (
            q.get("campaign").unwrap_or_default(),
            q.get("county").unwrap_or_default(),
            q.get("cap").unwrap_or_default(),
        )
    });
    view! {
        <AdminPage title=s.team_auto_title>
            {loaded(async move {
                let me = admin_me().await?;
                let preview = admin_team_auto_preview(campaign, county, cap).await?;
                Ok(view! { <AdminBar me=me/> <h1>{s.team_auto_title}</h1> {preview_view(preview)} })
            })}
        </AdminPage>
    }
}
