//! `/me`: the volunteer's own page — their application, their trainings, the way to their
//! certificate and the way out. Without an open page, the look-up form that opens it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::cst;
use super::status::reference_and_mobile;
use crate::api::me::{me_notice, my_check_in, my_page};
use crate::components::layout::ErrorNotice;
use crate::i18n::{hours_and_minutes, page_title, t, waiting_position};
use crate::model::me::{Closed, MyEnrolment, MyPage, MyPageOutcome, MyTrainings, OpenSession, Standing};
use crate::model::StatusView;

#[component]
pub fn MePage() -> impl IntoView {
    let s = t();
    // why the last plain form post sent the person back here: a key, never personal data
    let reason = use_query_map().with_untracked(|q| q.get("e"));
    view! {
        <Title text=page_title(s.me_title)/>
        <section class="me-page">
            <h1>{s.me_title}</h1>
            {notice_of_last_post()}
            <Suspense fallback=|| ()>
                {
                    let reason = reason.clone();
                    Suspend::new(async move {
                        match my_page().await {
                            Ok(MyPageOutcome::Open(page)) => open_page(page).into_any(),
                            Ok(MyPageOutcome::Closed(closed)) => look_up(closed, reason).into_any(),
                            Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                        }
                    })
                }
            </Suspense>
        </section>
    }
}

/// The look-up form that opens the page, with what happened last.
fn look_up(closed: Closed, reason: Option<String>) -> impl IntoView {
    let s = t();
    let notice = match (reason.as_deref(), closed) {
        (Some("notfound"), _) => Some((s.status_not_found, "notice-error")),
        (Some("limited"), _) => Some((s.status_rate_limited, "notice-error")),
        (Some("left"), _) => Some((s.me_left, "notice-ok")),
        (_, Closed::Ended) => Some((s.me_ended, "notice-error")),
        _ => None,
    };
    view! {
        {notice.map(|(text, class)| view! {
            <p class=format!("notice {class}") role="alert" data-testid="me-notice">{text}</p>
        })}
        <form class="card status-form" method="post" action="/api/me/open" data-testid="me-look-up">
            <p class="hint">{s.me_intro}</p>
            {reference_and_mobile("m", String::new())}
            <button type="submit" class="button primary">{s.me_open}</button>
        </form>
    }
}

fn open_page(page: MyPage) -> impl IntoView {
    let s = t();
    view! {
        {application(page.application)}
        <TrainingsSection trainings=page.trainings/>
        <super::my_weeks::WeeksSection weeks=page.weeks/>
        {page.may_print_certificate.then(|| view! {
            <p><a class="button" href="/me/certificate" data-testid="certificate-link">{s.certificate_link}</a></p>
        })}
        <form method="post" action="/api/me/leave" class="me-leave">
            <button type="submit" class="button">{s.me_leave}</button>
        </form>
    }
}

fn application(v: StatusView) -> impl IntoView {
    let s = t();
    view! {
        <section class="card status-result" aria-labelledby="me-application" data-testid="my-application">
            <h2 id="me-application">{s.me_application}</h2>
            <dl>
                <dt>{s.campaign_label}</dt><dd>{v.campaign_title}</dd>
                <dt>{s.role_label}</dt><dd>{v.role_name}</dd>
                <dt>{s.status_label}</dt><dd><strong class="status-value">{v.status}</strong></dd>
                <dt>{s.field_reference}</dt><dd class="reference">{v.reference}</dd>
                <dt>{s.field_name}</dt><dd>{v.masked_name}</dd>
                <dt>{s.field_mobile}</dt><dd>{v.masked_mobile}</dd>
                <dt>{s.submitted_at}</dt><dd>{cst(v.submitted_at, "%Y-%m-%d %H:%M")}</dd>
            </dl>
        </section>
    }
}

/// The trainings part of `/me`, drawn from `MyTrainings` alone: the sessions open to the
/// volunteer, and their enrolments with waiting position, check-in code and hours.
#[component]
pub fn TrainingsSection(trainings: MyTrainings) -> impl IntoView {
    let s = t();
    let body = if trainings.is_empty() {
        view! { <p data-testid="no-trainings">{s.trainings_none}</p> }.into_any()
    } else {
        let total = trainings.total_minutes();
        view! {
            {(!trainings.enrolments.is_empty()).then(|| view! {
                <h3>{s.trainings_mine}</h3>
                <ul class="trainings">{trainings.enrolments.into_iter().map(enrolment).collect_view()}</ul>
                <dl><dt>{s.hours_served}</dt><dd data-testid="hours-served">{hours_and_minutes(total)}</dd></dl>
            })}
            {(!trainings.open_sessions.is_empty()).then(|| view! {
                <h3>{s.trainings_open}</h3>
                <ul class="trainings">{trainings.open_sessions.into_iter().map(open_session).collect_view()}</ul>
            })}
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="me-trainings" data-testid="trainings">
            <h2 id="me-trainings">{s.trainings_title}</h2>
            {body}
        </section>
    }
}

fn when(starts_at: chrono::DateTime<chrono::Utc>, ends_at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} – {}", cst(starts_at, "%Y-%m-%d %H:%M"), cst(ends_at, "%H:%M"))
}

fn open_session(session: OpenSession) -> impl IntoView {
    let s = t();
    view! {
        <li class="training" data-testid="open-session">
            <strong>{session.title}</strong>
            <dl>
                <dt>{s.training_when}</dt><dd>{when(session.starts_at, session.ends_at)}</dd>
                <dt>{s.training_place}</dt><dd>{session.place}</dd>
                <dt>{s.seats_left}</dt><dd>{session.seats_left}</dd>
            </dl>
            <form method="post" action="/api/me/enrol">
                <input type="hidden" name="session" value=session.id.to_string()/>
                <button type="submit" class="button primary">{s.enrol_button}</button>
            </form>
        </li>
    }
}

/// Asks the server about one plain-form notice left for this visitor (`?notice=<token>`).
fn notice_of_last_post() -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("notice"));
    token.map(|token| {
        view! {
            <Suspense fallback=|| ()>
                {
                    let token = token.clone();
                    Suspend::new(async move {
                        me_notice(token).await.ok().flatten().map(|(ok, message)| {
                            let class = if ok { "notice notice-ok" } else { "notice notice-error" };
                            view! { <p class=class role="status" data-testid="me-notice">{message}</p> }
                        })
                    })
                }
            </Suspense>
        }
    })
}

fn enrolment(e: MyEnrolment) -> impl IntoView {
    let s = t();
    let cancellable = e.standing != Standing::Attended && e.minutes_served.is_none();
    let session_id = e.session_id.to_string();
    let standing = match e.standing {
        Standing::Enrolled => s.standing_enrolled.to_string(),
        Standing::Waiting { position } => waiting_position(position),
        Standing::Attended => s.standing_attended.to_string(),
    };
    view! {
        <li class="training" data-testid="my-enrolment">
            <strong>{e.title}</strong>
            <dl>
                <dt>{s.training_when}</dt><dd>{when(e.starts_at, e.ends_at)}</dd>
                <dt>{s.training_place}</dt><dd>{e.place}</dd>
                <dt>{s.standing_label}</dt><dd>{standing}</dd>
                {e.minutes_served.map(|m| view! { <dt>{s.hours_served}</dt><dd>{hours_and_minutes(m)}</dd> })}
            </dl>
            {e.check_in.map(|c| view! {
                <figure class="qr-figure">
                    <div class="qr-code" inner_html=c.qr_svg></div>
                    <figcaption>{s.check_in_code}" "<code class="check-in-code" data-testid="check-in-code">{c.code}</code></figcaption>
                </figure>
            })}
            {cancellable.then(|| view! {
                <form method="post" action="/api/me/cancel">
                    <input type="hidden" name="session" value=session_id/>
                    <button type="submit" class="button">{s.cancel_enrolment}</button>
                </form>
            })}
        </li>
    }
}

/// `/me/checkin/{code}`: the check-in link of a mail — the QR code to show at the desk.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let s = t();
    let code = leptos_router::hooks::use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    view! {
        <Title text=page_title(s.check_in_title)/>
        <section class="me-page">
            <h1>{s.check_in_title}</h1>
            <Suspense fallback=|| ()>
                {
                    let code = code.clone();
                    Suspend::new(async move {
                        match my_check_in(code).await {
                            Ok(Some(card)) => view! {
                                <section class="card" data-testid="check-in-card">
                                    <h2>{card.title}</h2>
                                    <dl>
                                        <dt>{s.training_when}</dt><dd>{when(card.starts_at, card.ends_at)}</dd>
                                        <dt>{s.training_place}</dt><dd>{card.place}</dd>
                                    </dl>
                                    <figure class="qr-figure">
                                        <div class="qr-code" inner_html=card.check_in.qr_svg></div>
                                        <figcaption>{s.check_in_code}" "<code class="check-in-code">{card.check_in.code}</code></figcaption>
                                    </figure>
                                    <p class="hint">{s.check_in_hint}</p>
                                </section>
                            }.into_any(),
                            Ok(None) => view! { <p class="notice notice-error" role="alert">{s.check_in_gone}</p> }.into_any(),
                            Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                        }
                    })
                }
            </Suspense>
        </section>
    }
}
