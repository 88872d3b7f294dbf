use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::cst;
use super::home::phase_badge;
use super::not_found::NotFound;
use crate::api::campaigns::{campaign_page, CampaignPageData as PageData};
use crate::components::island_loader::IslandLoader;
use crate::components::layout::ErrorNotice;
use crate::components::live_feed::LiveFeed;
use crate::components::progress::Progress;
use crate::components::share::{Share, SocialMeta};
use crate::components::signup_form::{SignupFormProps, SignupFormView};
use crate::domain::ShareSource;
use crate::i18n::{age_range, page_title, reads_count, sign_up_period, t};
use crate::model::{CampaignPhase, SignupRules};

/// `source`: the `?src=` the page was opened with (a shared link), carried into the sign-up.
fn page(data: PageData, source: Option<ShareSource>) -> impl IntoView {
    let s = t();
    let PageData { detail, regions, values, errors, message, feed, page_url } = data;
    let summary = detail.summary.clone();
    let regions_text = if detail.allowed_region_names.is_empty() {
        s.all_regions.to_string()
    } else {
        detail.allowed_region_names.join(s.list_separator)
    };
    let form = match summary.phase {
        CampaignPhase::Open => view! {
            <SignupFormView props=SignupFormProps {
                slug: summary.slug.clone(),
                roles: detail.roles.clone(),
                rules: SignupRules {
                    min_age: detail.min_age,
                    max_age: detail.max_age,
                    roles: detail.roles.iter().map(|r| r.key.clone()).collect(),
                    allowed_regions: detail.allowed_regions.clone(),
                    questions: detail.questions.iter().map(|q| q.rule()).collect(),
                },
                questions: detail.questions.clone(),
                regions,
                values,
                errors,
                message,
                source,
                locale: crate::i18n::locale(),
            }/>
            <IslandLoader/>
        }
        .into_any(),
        CampaignPhase::Upcoming => view! { <p class="notice">{s.campaign_not_open}</p> }.into_any(),
        CampaignPhase::Closed => view! { <p class="notice">{s.campaign_closed}</p> }.into_any(),
    };
    view! {
        <Title text=page_title(&summary.title)/>
        <SocialMeta title=summary.title.clone() summary=summary.summary.clone() url=page_url.clone()/>
        <article class="campaign">
            <header class="campaign-head">
                <h1>{summary.title.clone()}</h1>
                {phase_badge(summary.phase)}
                <p class="lead">{summary.summary.clone()}</p>
                <Progress summary=summary.clone()/>
                <p class="meta">
                    {sign_up_period(
                        &cst(summary.opens_at, "%Y-%m-%d %H:%M"),
                        &cst(summary.closes_at, "%Y-%m-%d %H:%M"),
                    )}
                </p>
                <p class="meta reads">{reads_count(feed.reads)}</p>
            </header>
            <section class="campaign-body">
                {detail.body.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            </section>
            <section class="roles">
                <h2>{s.roles_title}</h2>
                <ul>
                    {detail.roles.iter().map(|r| view! {
                        <li><strong>{r.name.clone()}</strong>" — "{r.description.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
            <section class="eligibility">
                <h2>{s.eligibility_title}</h2>
                <dl>
                    <dt>{s.age_range}</dt>
                    <dd>{age_range(detail.min_age, detail.max_age)}</dd>
                    <dt>{s.regions_allowed}</dt>
                    <dd>{regions_text}</dd>
                </dl>
            </section>
            <p><a class="button" href=format!("/activities?campaign={}", summary.slug)>{crate::i18n::activity_words().list_title}</a></p>
            {form}
            <LiveFeed topic=feed.topic lines=feed.lines/>
            <Share url=page_url title=summary.title.clone() summary=summary.summary.clone()/>
        </article>
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let flash = query.with_untracked(|q| q.get("f"));
    let source = query.with_untracked(|q| q.get("src")).and_then(|word| ShareSource::parse(&word));
    view! {
        <Suspense fallback=|| ()>
            {
                let slug = slug.clone();
                let flash = flash.clone();
                Suspend::new(async move {
                    match campaign_page(slug, flash).await {
                        Ok(Some(data)) => page(data, source).into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}
