//! `/draws/{id}`: a committed lottery draw, published so that anyone can re-run it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::cst;
use super::not_found::NotFound;
use crate::api::draws::draw_page;
use crate::components::layout::ErrorNotice;
use crate::i18n::{draw_heading, page_title, t};
use crate::model::PublicDraw;

/// The command that re-runs this draw (README "Fair lottery").
fn command(d: &PublicDraw) -> String {
    let cap = d.per_street.map(|k| format!(" --per-street {k}")).unwrap_or_default();
    format!(
        "curl -o pool.txt {url}\nsha256sum pool.txt\nshouwang lottery verify --pool pool.txt --seed {seed} --n {n}{cap}",
        url = d.pool_url,
        seed = d.seed,
        n = d.n,
    )
}

fn page(d: PublicDraw) -> impl IntoView {
    let s = t();
    let heading = draw_heading(d.id);
    let cap = d.per_street.map_or_else(|| s.draw_no_cap.to_string(), |k| k.to_string());
    let campaign_href = format!("/campaigns/{}", d.campaign_slug);
    let winners = if d.winners.is_empty() {
        view! { <p>{s.draw_none}</p> }.into_any()
    } else {
        view! {
            <ol class="draw-winners" data-testid="winners">
                {d.winners.iter().map(|w| view! {
                    <li><code class="token">{w.token.clone()}</code>" "<span class="meta">{w.street.clone()}</span></li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <Title text=page_title(&heading)/>
        <article class="draw">
            <h1>{heading}</h1>
            <p class="lead">{s.draw_intro}</p>
            <section class="card">
                <dl>
                    <dt>{s.campaign_label}</dt><dd><a href=campaign_href>{d.campaign_title.clone()}</a></dd>
                    <dt>{s.draw_time}</dt><dd>{cst(d.drawn_at, "%Y-%m-%d %H:%M:%S")}</dd>
                    <dt>{s.draw_pool_size}</dt><dd data-testid="pool-size">{d.pool_size}</dd>
                    <dt>{s.draw_n}</dt><dd>{d.n}</dd>
                    <dt>{s.draw_cap}</dt><dd>{cap}</dd>
                    <dt>{s.draw_pool_digest}</dt><dd><code data-testid="digest">{d.pool_digest.clone()}</code></dd>
                    <dt>{s.draw_seed}</dt><dd><code data-testid="seed">{d.seed.clone()}</code></dd>
                </dl>
            </section>
            <section>
                <h2>{s.draw_winners}</h2>
                {winners}
            </section>
            <section class="card">
                <h2>{s.draw_check_title}</h2>
                <p>{s.draw_check_body}</p>
                <p><a class="button" href=format!("/draws/{}/pool.txt", d.id)>{s.draw_pool_file}</a></p>
                <pre>{command(&d)}</pre>
            </section>
        </article>
    }
}

#[component]
pub fn DrawPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <Suspense fallback=|| ()>
            {
                let id = id.clone();
                Suspend::new(async move {
                    match draw_page(id).await {
                        Ok(Some(d)) => page(d).into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}
