use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{filter_from, hidden_filter, AdminBar};
use crate::api::admin::{admin_lottery_preview, admin_me};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::error::AppError;
use crate::i18n::ta;
use crate::model::admin::{LotteryForm, LotteryPreview, QueueFilter};

fn params_form(filter: &QueueFilter, form: &LotteryForm) -> impl IntoView {
    let s = ta();
    view! {
        <form class="card" method="get" action="/admin/lottery">
            <p class="hint">{s.lottery_intro}</p>
            {QueueFilter::FIELDS.iter().filter(|f| **f != "page" && **f != "status" && !filter.get(f).is_empty()).map(|f| view! {
                <input type="hidden" name=*f value=filter.get(f).to_string()/>
            }).collect_view()}
            <Field id="l-n" label=s.lottery_n>
                <input id="l-n" name="n" type="number" min="1" max="10000" required value=form.n.clone()/>
            </Field>
            <Field id="l-k" label=s.lottery_per_street>
                <input id="l-k" name="per_street" type="number" min="1" value=form.per_street.clone()/>
            </Field>
            <Field id="l-seed" label=s.lottery_seed hint=s.lottery_seed_hint>
                <input id="l-seed" name="seed" type="text" inputmode="numeric" maxlength="20" value=form.seed.clone()/>
            </Field>
            <button type="submit" class="button primary">{s.lottery_preview}</button>
        </form>
    }
}

fn preview_view(filter: &QueueFilter, p: LotteryPreview) -> impl IntoView {
    let s = ta();
    view! {
        <section class="card lottery-preview">
            <p>{s.lottery_pool}" "<strong data-testid="pool">{p.pool}</strong>" · "{s.lottery_picked}" "
                <strong data-testid="picked">{p.picked.len()}</strong>" · "{s.lottery_seed}" "<code data-testid="seed">{p.seed.to_string()}</code></p>
            <ul class="per-street">
                {p.per_street_counts.iter().map(|(street, n)| view! { <li>{street.clone()}"："{*n}</li> }).collect_view()}
            </ul>
            <div class="table-wrap"><table class="queue">
                <tbody>
                    {p.picked.iter().map(|r| view! {
                        <tr><td>{r.reference.clone()}</td><td class="name">{r.name.clone()}</td><td>{r.region.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <form method="post" action="/api/admin/lottery_commit">
                {hidden_filter(filter, "filter")}
                <input type="hidden" name="lottery[n]" value=p.n.to_string()/>
                <input type="hidden" name="lottery[per_street]" value=p.per_street.map(|k| k.to_string()).unwrap_or_default()/>
                <input type="hidden" name="lottery[seed]" value=p.seed.to_string()/>
                <input type="hidden" name="digest" value=p.pool_digest.clone()/>
                <button type="submit" class="button primary">{s.lottery_commit}</button>
            </form>
        </section>
    }
}

#[component]
pub fn LotteryPage() -> impl IntoView {
    let query = use_query_map();
    let filter = query.with_untracked(filter_from).with("status", "");
    let form = query.with_untracked(|q| LotteryForm {
        n: q.get("n").unwrap_or_default(),
        per_street: q.get("per_street").unwrap_or_default(),
        seed: q.get("seed").unwrap_or_default(),
    });
    view! {
        <AdminPage title=ta().lottery_title notice=true>
            {loaded(async move {
                let me = admin_me().await?;
                if !me.may_lottery {
                    super::set_page_status(403);
                    return Err(AppError::Forbidden);
                }
                let preview = if form.n.is_empty() {
                    None
                } else {
                    Some(admin_lottery_preview(filter.clone(), form.clone()).await)
                };
                Ok(view! {
                    <AdminBar me=me/>
                    <h1>{ta().lottery_title}</h1>
                    {params_form(&filter, &form)}
                    {match preview {
                        Some(Ok(p)) => preview_view(&filter, p).into_any(),
                        Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{e.user_message()}</p> }.into_any(),
                        None => ().into_any(),
                    }}
                })
            })}
        </AdminPage>
    }
}
