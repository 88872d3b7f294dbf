use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{filter_from, hidden_filter, AdminBar};
use crate::api::admin::{admin_lottery_preview, admin_me};
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::domain::ApplicationStatus;
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
            <button type="submit" class="button primary">{s.lottery_preview}</button>
        </form>
    }
}

/// The pool a commit would draw from; nobody is drawn yet (the seed does not exist).
fn preview_view(filter: &QueueFilter, p: LotteryPreview) -> impl IntoView {
    let s = ta();
    view! {
        <section class="card lottery-preview">
            <p>{s.lottery_pool}" "<strong data-testid="pool">{p.pool}</strong></p>
            <p>{s.lottery_digest}" "<code data-testid="digest">{p.pool_digest.clone()}</code></p>
            <ul class="per-street">
                {p.per_street_counts.iter().map(|(street, n)| view! { <li>{street.clone()}"："{*n}</li> }).collect_view()}
            </ul>
            <p class="hint">{s.lottery_no_draw_yet}</p>
            <form method="post" action="/api/admin/lottery_commit">
                {hidden_filter(filter, "filter")}
                <input type="hidden" name="lottery[n]" value=p.n.to_string()/>
                <input type="hidden" name="lottery[per_street]" value=p.per_street.map(|k| k.to_string()).unwrap_or_default()/>
                <input type="hidden" name="digest" value=p.pool_digest.clone()/>
                <button type="submit" class="button primary">{s.lottery_commit}</button>
            </form>
        </section>
    }
}

/// After a commit: where the public checks the draw, and who was approved.
fn committed_view(filter: &QueueFilter, draw: &str) -> impl IntoView {
    let s = ta();
    let approved = filter.with("status", ApplicationStatus::Approved.as_str()).with("page", "");
    view! {
        <section class="card lottery-done">
            <p><a data-testid="draw-link" href=format!("/draws/{draw}")>{s.lottery_published}" /draws/"{draw.to_string()}</a></p>
            <p><a href=format!("/admin/applications?{}", approved.to_query())>{s.lottery_see_approved}</a></p>
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
        seed: String::new(),
    });
    // a committed draw's id, only digits (it lands in a link)
    let draw = query
        .with_untracked(|q| q.get("draw"))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
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
                    {draw.map(|d| committed_view(&filter, &d))}
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
