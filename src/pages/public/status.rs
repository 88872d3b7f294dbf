use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::cst;
use crate::api::status::{status_result, withdraw_result};
use crate::i18n::{page_title, t};
use crate::model::{StatusOutcome, WithdrawOutcome};

fn result_view(outcome: StatusOutcome) -> impl IntoView {
    let s = t();
    match outcome {
        StatusOutcome::Found(v) => view! {
            <section class="status-result card" role="status">
                <h2>{v.campaign_title.clone()}</h2>
                <dl>
                    <dt>{s.field_reference}</dt><dd class="reference">{v.reference.clone()}</dd>
                    <dt>{s.status_label}</dt><dd><strong class="status-value">{v.status.clone()}</strong></dd>
                    <dt>{s.role_label}</dt><dd>{v.role_name.clone()}</dd>
                    <dt>{s.field_name}</dt><dd>{v.masked_name.clone()}</dd>
                    <dt>{s.field_mobile}</dt><dd>{v.masked_mobile.clone()}</dd>
                    <dt>{s.field_id_number}</dt><dd>{v.masked_id.clone()}</dd>
                    <dt>{s.submitted_at}</dt><dd>{cst(v.submitted_at, "%Y-%m-%d %H:%M")}</dd>
                    <dt>{s.lottery_token}</dt><dd><code data-testid="lottery-token">{v.lottery_token.clone()}</code></dd>
                </dl>
                <p><a href=format!("/status/withdraw?ref={}", v.reference) data-testid="withdraw-link">{s.withdraw_link}</a></p>
            </section>
        }
        .into_any(),
        StatusOutcome::NotFound => {
            view! { <p class="notice notice-error" role="alert">{s.status_not_found}</p> }.into_any()
        }
        StatusOutcome::RateLimited => {
            view! { <p class="notice notice-error" role="alert">{s.status_rate_limited}</p> }.into_any()
        }
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let s = t();
    let query = use_query_map();
    let prefilled = query.with_untracked(|q| q.get("ref")).unwrap_or_default();
    let flash = query.with_untracked(|q| q.get("f"));
    view! {
        <Title text=page_title(s.status_title)/>
        <section class="status-page">
            <h1>{s.status_title}</h1>
            <Suspense fallback=|| ()>
                {
                    let flash = flash.clone();
                    let prefilled = prefilled.clone();
                    Suspend::new(async move {
                        let found = match flash {
                            Some(token) => status_result(token).await.ok().flatten(),
                            None => None,
                        };
                        let reference = found.as_ref().map(|(r, _)| r.clone()).unwrap_or(prefilled);
                        view! {
                            {found.map(|(_, outcome)| result_view(outcome))}
                            <form class="card status-form" method="post" action="/api/status">
                                <p class="hint">{s.status_intro}</p>
                                {reference_and_mobile("s", reference)}
                                <div class="actions">
                                    <button type="submit" class="button primary">{s.look_up}</button>
                                    // the same pair opens the volunteer's own page (`/me`)
                                    <button type="submit" class="button" formaction="/api/me/open">{s.me_open}</button>
                                </div>
                            </form>
                        }
                    })
                }
            </Suspense>
        </section>
    }
}

/// The two fields that find an application: its reference code and the mobile number it was
/// signed up with (ids `<prefix>-ref`, `<prefix>-mobile`).
pub(super) fn reference_and_mobile(prefix: &'static str, reference: String) -> impl IntoView {
    let s = t();
    let (reference_id, mobile_id) = (format!("{prefix}-ref"), format!("{prefix}-mobile"));
    view! {
        <div class="field">
            <label for=reference_id.clone()>{s.field_reference}</label>
            <input id=reference_id name="reference" type="text" required maxlength="16"
                autocomplete="off" autocapitalize="characters" value=reference/>
        </div>
        <div class="field">
            <label for=mobile_id.clone()>{s.field_mobile}</label>
            <input id=mobile_id name="mobile" type="tel" inputmode="numeric" required
                maxlength="20" autocomplete="tel"/>
        </div>
    }
}

fn withdraw_form(reference: String) -> impl IntoView {
    let s = t();
    view! {
        <form class="card status-form" method="post" action="/api/withdraw">
            <p class="hint">{s.withdraw_intro}</p>
            {reference_and_mobile("w", reference)}
            <div class="field">
                <label><input type="checkbox" name="confirm" value="on" required/>" "{s.withdraw_confirm}</label>
            </div>
            <button type="submit" class="button">{s.withdraw_submit}</button>
        </form>
    }
}

/// Withdraw and erase (a confirmation step of its own: the pair again and a ticked box), and,
/// after a plain form post, what was done and what was kept.
#[component]
pub fn WithdrawPage() -> impl IntoView {
    let s = t();
    let query = use_query_map();
    let prefilled = query.with_untracked(|q| q.get("ref")).unwrap_or_default();
    let flash = query.with_untracked(|q| q.get("f"));
    view! {
        <Title text=page_title(s.withdraw_title)/>
        <section class="status-page">
            <Suspense fallback=|| ()>
                {
                    let flash = flash.clone();
                    let prefilled = prefilled.clone();
                    Suspend::new(async move {
                        let found = match flash {
                            Some(token) => withdraw_result(token).await.ok().flatten(),
                            None => None,
                        };
                        let (reference, outcome) = match found {
                            Some((reference, outcome)) => (reference, Some(outcome)),
                            None => (prefilled, None),
                        };
                        let notice = |text: &'static str| view! { <p class="notice notice-error" role="alert">{text}</p> };
                        match outcome {
                            Some(WithdrawOutcome::Erased { reference }) => view! {
                                <h1>{s.withdraw_done_title}</h1>
                                <section class="status-result card" role="status" data-testid="withdrawn">
                                    <p>{s.field_reference}"："<span class="reference">{reference}</span></p>
                                    <p>{s.withdraw_done_kept}</p>
                                </section>
                            }.into_any(),
                            other => view! {
                                <h1>{s.withdraw_title}</h1>
                                {match other {
                                    Some(WithdrawOutcome::NotConfirmed) => Some(notice(s.withdraw_not_confirmed)),
                                    Some(WithdrawOutcome::NotFound) => Some(notice(s.status_not_found)),
                                    Some(WithdrawOutcome::RateLimited) => Some(notice(s.status_rate_limited)),
                                    _ => None,
                                }}
                                {withdraw_form(reference)}
                            }.into_any(),
                        }
                    })
                }
            </Suspense>
        </section>
    }
}
