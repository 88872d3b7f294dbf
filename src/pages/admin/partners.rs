//! `/admin/partners`: partner systems' API tokens — the list, a new token, revoking one.

use leptos::prelude::*;

use super::{options, AdminBar};
use crate::api::admin::admin_partners;
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::i18n::tp;
use crate::model::admin::{PartnerTokenView, PartnersPage as Page};

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::calendar::in_china(at, "%Y-%m-%d %H:%M")
}

fn row(token: &PartnerTokenView) -> impl IntoView {
    let w = tp();
    let revoked = token.revoked_at.is_some();
    view! {
        <tr data-token=token.hint.clone()>
            <td>{token.partner.clone()}</td>
            <td><code>{format!("{}…", token.hint)}</code></td>
            <td>{token.scopes.join("、")}</td>
            <td>{token.county.clone()}</td>
            <td>{when(token.created_at)}</td>
            <td>{token.last_used_at.map(when).unwrap_or_else(|| w.never_used.to_string())}</td>
            <td class="state">{if revoked { w.revoked } else { w.active }}</td>
            <td class="webhooks">
                {token.webhooks}
                {(token.webhooks_paused > 0).then(|| format!("（{} {}）", w.paused_count, token.webhooks_paused))}
            </td>
            <td>
                {(!revoked && token.webhooks > 0).then(|| {
                    let pausing = token.webhooks_paused < token.webhooks;
                    view! {
                        <form method="post" action="/api/admin/partner_pause" class="inline">
                            <input type="hidden" name="id" value=token.id.to_string()/>
                            <input type="hidden" name="paused" value=if pausing { "1" } else { "0" }/>
                            <button type="submit" class="button small">{if pausing { w.pause } else { w.resume }}</button>
                        </form>
                    }
                })}
                {(!revoked).then(|| view! {
                    <form method="post" action="/api/admin/partner_revoke" class="inline">
                        <input type="hidden" name="id" value=token.id.to_string()/>
                        <button type="submit" class="button small">{w.revoke}</button>
                    </form>
                })}
            </td>
        </tr>
    }
}

fn page(page: Page) -> impl IntoView {
    let w = tp();
    view! {
        <AdminBar me=page.me.clone()/>
        <h1>{w.title}</h1>
        <p>{w.intro}" "<a href="/api/v1/docs">{w.docs_link}</a></p>
        {if page.tokens.is_empty() {
            view! { <p>{w.empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="queue">
                    <thead><tr>
                        <th scope="col">{w.col_partner}</th><th scope="col">{w.col_token}</th>
                        <th scope="col">{w.col_scopes}</th><th scope="col">{w.col_county}</th>
                        <th scope="col">{w.col_created}</th><th scope="col">{w.col_last_used}</th>
                        <th scope="col">{w.col_state}</th><th scope="col">{w.col_webhooks}</th><th scope="col"></th>
                    </tr></thead>
                    <tbody>{page.tokens.iter().map(row).collect_view()}</tbody>
                </table></div>
            }.into_any()
        }}
        <h2>{w.new_token}</h2>
        <form class="card" method="post" action="/api/admin/partner_create">
            <Field id="p-name" label=w.field_partner>
                <input id="p-name" name="token[partner]" type="text" maxlength="100" required/>
            </Field>
            <Field id="p-county" label=w.field_county>
                <select id="p-county" name="token[county]">{options(&page.counties, "", w.city_wide)}</select>
            </Field>
            <div class="field">
                <input id="p-decide" name="token[decide]" type="checkbox" value="on"/>
                <label for="p-decide">{w.field_decide}</label>
            </div>
            <Field id="p-full" label=w.field_full hint=w.full_hint>
                <input id="p-full" name="token[full]" type="checkbox" value="on"/>
            </Field>
            <button type="submit" class="button primary">{w.create}</button>
        </form>
    }
}

#[component]
pub fn PartnersPage() -> impl IntoView {
    view! {
        <AdminPage title=tp().title notice=true>
            {loaded(async move { admin_partners().await.map(page) })}
        </AdminPage>
    }
}
