use leptos::prelude::*;
use leptos_meta::Title;

use super::cst;
use crate::api::campaigns::list_campaigns;
use crate::components::layout::ErrorNotice;
use crate::components::progress::Progress;
use crate::i18n::{page_title, sign_up_period, t};
use crate::model::{CampaignPhase, CampaignSummary};

pub(crate) fn phase_badge(phase: CampaignPhase) -> impl IntoView {
    let s = t();
    let (class, text) = match phase {
        CampaignPhase::Open => ("badge badge-open", s.open_now),
        CampaignPhase::Upcoming => ("badge badge-upcoming", s.not_yet_open),
        CampaignPhase::Closed => ("badge badge-closed", s.closed),
    };
    view! { <span class=class>{text}</span> }
}

fn card(c: CampaignSummary) -> impl IntoView {
    let s = t();
    let href = format!("/campaigns/{}", c.slug);
    view! {
        <li class="card campaign-card">
            <h2><a href=href.clone()>{c.title.clone()}</a></h2>
            {phase_badge(c.phase)}
            <p>{c.summary.clone()}</p>
            <Progress summary=c.clone()/>
            <p class="meta">{sign_up_period(&cst(c.opens_at, "%Y-%m-%d"), &cst(c.closes_at, "%Y-%m-%d"))}</p>
            <a class="button" href=href>{s.view_and_sign_up}</a>
        </li>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let s = t();
    view! {
        <Title text=page_title(s.site_tagline)/>
        <section class="hero">
            <h1>{s.home_title}</h1>
            <p>{s.home_intro}</p>
        </section>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match list_campaigns().await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{s.home_empty}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="campaigns">{list.into_iter().map(card).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
