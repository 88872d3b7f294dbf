//! Themed activities: the list (`/activities`, by date, filtered by campaign and audience) and
//! one activity laid out as the sign-up box people know from news sites (`/activities/{id}`):
//! places left, meeting point, departure, hotline, the route, and the family form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::cst;
use super::family_form::{FamilyFormView, Receipt};
use super::not_found::NotFound;
use crate::api::activities::{activity_page, list_activities};
use crate::components::layout::ErrorNotice;
use crate::components::live_feed::LiveFeed;
use crate::components::share::{Share, SocialMeta};
use crate::domain::Audience;
use crate::i18n::{activity_words, audience_label, locale, page_title, reads_count};
use crate::model::activity::{ActivityCard, ActivityDetail, ActivityPageData as PageData};

/// "Places left 12 / 40", or full, or cancelled.
fn places(card: &ActivityCard) -> impl IntoView {
    let w = activity_words();
    let text = if card.cancelled {
        w.cancelled_badge.to_string()
    } else if card.places_left == 0 {
        w.full.to_string()
    } else {
        format!("{} {} / {}", w.places_left, card.places_left, card.capacity)
    };
    let class =
        if card.cancelled || card.places_left == 0 { "badge badge-closed" } else { "badge badge-open" };
    view! { <span class=class data-testid="places-left">{text}</span> }
}

fn list_item(card: ActivityCard) -> impl IntoView {
    let w = activity_words();
    let href = format!("/activities/{}", card.id);
    view! {
        <li class="card activity-card">
            <h2><a href=href.clone()>{card.title.clone()}</a></h2>
            {places(&card)}
            <p class="meta">{card.theme.clone()}</p>
            <dl class="facts">
                <dt>{w.when}</dt><dd>{cst(card.starts_at, "%Y-%m-%d %H:%M")}</dd>
                <dt>{w.meeting_point}</dt><dd>{card.meeting_point.clone()}</dd>
                <dt>{w.filter_audience}</dt><dd>{audience_label(locale(), card.audience)}</dd>
            </dl>
            <a class="button" href=href>{w.more}</a>
        </li>
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let w = activity_words();
    let (campaign, audience) = use_query_map()
        .with_untracked(|q| (q.get("campaign").unwrap_or_default(), q.get("audience").unwrap_or_default()));
    let chosen = audience.clone();
    view! {
        <Title text=page_title(w.list_title)/>
        <h1>{w.list_title}</h1>
        <form class="card filter" method="get" action="/activities">
            <input type="hidden" name="campaign" value=campaign.clone()/>
            <label for="a-audience">{w.filter_audience}</label>
            <select id="a-audience" name="audience">
                <option value="">{w.any}</option>
                {Audience::ALL.iter().map(|a| view! {
                    <option value=a.as_str() selected=chosen == a.as_str()>{audience_label(locale(), *a)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button">{w.apply}</button>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match list_activities(campaign, audience).await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{w.list_empty}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="activities">{list.into_iter().map(list_item).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The facts of the box, as a definition list.
fn facts(d: &ActivityDetail) -> impl IntoView {
    let w = activity_words();
    let ages = match (d.child_min_age, d.child_max_age) {
        (None, None) => None,
        (min, max) => Some(format!(
            "{}–{}",
            min.map(|a| a.to_string()).unwrap_or_default(),
            max.map(|a| a.to_string()).unwrap_or_default()
        )),
    };
    view! {
        <dl class="facts">
            <dt>{w.when}</dt>
            <dd>{format!("{}–{}", cst(d.card.starts_at, "%Y-%m-%d %H:%M"), cst(d.ends_at, "%H:%M"))}</dd>
            <dt>{w.meeting_point}</dt><dd data-testid="meeting-point">{d.card.meeting_point.clone()}</dd>
            <dt>{w.departs}</dt>
            <dd>{cst(d.departs_at, "%H:%M")}{(!d.arrival_note.is_empty()).then(|| view! { <br/><strong>{d.arrival_note.clone()}</strong> })}</dd>
            {(!d.hotline.is_empty()).then(|| view! {
                <dt>{w.hotline}</dt><dd><a href=format!("tel:{}", d.hotline.replace(' ', ""))>{d.hotline.clone()}</a></dd>
            })}
            <dt>{w.filter_audience}</dt><dd>{audience_label(locale(), d.card.audience)}</dd>
            {ages.map(|ages| view! { <dt>{w.children_ages}</dt><dd>{ages}</dd> })}
            <dt>{w.deadline}</dt><dd>{cst(d.card.signup_closes_at, "%Y-%m-%d %H:%M")}</dd>
            <dt>{w.of_campaign}</dt>
            <dd><a href=format!("/campaigns/{}", d.card.campaign_slug)>{d.card.campaign_title.clone()}</a></dd>
        </dl>
    }
}

/// `src` is the share path the visitor came by, carried into the form.
fn page(data: PageData, src: String) -> impl IntoView {
    let w = activity_words();
    let PageData { detail, mut values, errors, message, receipt, feed, page_url } = data;
    if values.src.is_empty() {
        values.src = src.chars().take(8).collect();
    }
    let d = &detail;
    let form = match (&receipt, d.open, d.card.cancelled) {
        (Some(receipt), _, _) => view! { <Receipt receipt=receipt.clone()/> }.into_any(),
        (None, _, true) => view! { <p class="notice">{w.cancelled}</p> }.into_any(),
        (None, false, _) => view! { <p class="notice">{w.closed}</p> }.into_any(),
        (None, true, false) => {
            view! { <FamilyFormView detail=detail.clone() values errors message/> }.into_any()
        }
    };
    let summary = d.description.first().cloned().unwrap_or_else(|| d.card.theme.clone());
    view! {
        <Title text=page_title(&d.card.title)/>
        <SocialMeta title=d.card.title.clone() summary=summary.clone() url=page_url.clone()/>
        <article class="activity">
            <header class="campaign-head">
                <h1>{d.card.title.clone()}</h1>
                {places(&d.card)}
                <p class="lead">{d.card.theme.clone()}</p>
                <p class="meta reads" data-testid="reads">{reads_count(feed.reads)}</p>
            </header>
            {facts(d)}
            <section class="campaign-body">
                {d.description.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
            </section>
            {(!d.stops.is_empty()).then(|| view! {
                <section class="stops"><h2>{w.stops}</h2>
                    <ol>{d.stops.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
                </section>
            })}
            {form}
            <LiveFeed topic=feed.topic lines=feed.lines/>
            <Share url=page_url title=d.card.title.clone() summary=summary/>
        </article>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let (flash, src) = use_query_map()
        .with_untracked(|q| (q.get("f").unwrap_or_default(), q.get("src").unwrap_or_default()));
    view! {
        <Suspense fallback=|| ()>
            {
                let (id, flash, src) = (id.clone(), flash.clone(), src.clone());
                Suspend::new(async move {
                    match activity_page(id, flash).await {
                        Ok(Some(data)) => page(data, src).into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}
