//! `/me/certificate`: the volunteer's certificate of hours, styled for an A4 sheet; and
//! `/verify/{serial}`: anyone's check that a certificate is genuine, with the same masked facts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::cst;
use crate::api::me::{my_certificate, verify_certificate};
use crate::components::layout::ErrorNotice;
use crate::i18n::{hours_and_minutes, page_title, t};
use crate::model::me::{CertificateFacts, CertificateOutcome, PrintableCertificate, Verdict};

/// The facts a certificate states, in the same words on paper and on the check page.
fn facts_list(f: CertificateFacts) -> impl IntoView {
    let s = t();
    view! {
        <dl class="certificate-facts">
            <dt>{s.field_name}</dt><dd data-testid="cert-name">{f.masked_name}</dd>
            <dt>{s.campaign_label}</dt><dd data-testid="cert-campaign">{f.campaign_title}</dd>
            {(!f.services.is_empty()).then(|| view! {
                <dt>{s.certificate_services}</dt>
                <dd>
                    <ul class="certificate-services" data-testid="cert-services">
                        {f.services.into_iter().map(|line| view! {
                            <li>{line.date}" "{line.title}" · "{hours_and_minutes(line.minutes)}</li>
                        }).collect_view()}
                    </ul>
                </dd>
            })}
            <dt>{s.total_hours}</dt><dd data-testid="cert-hours">{hours_and_minutes(f.total_minutes)}</dd>
            <dt>{s.issuing_organization}</dt><dd>{s.issuer_name}</dd>
            <dt>{s.issued_on}</dt><dd>{cst(f.issued_at, "%Y-%m-%d")}</dd>
            <dt>{s.serial_label}</dt><dd><code class="serial" data-testid="serial">{f.serial}</code></dd>
        </dl>
    }
}

fn printable(c: PrintableCertificate) -> impl IntoView {
    let s = t();
    view! {
        <p class="no-print hint">{s.certificate_print_hint}</p>
        <article class="certificate" data-testid="certificate">
            <h1>{s.certificate_title}</h1>
            <p class="certificate-statement">{s.certificate_statement}</p>
            {facts_list(c.facts)}
            <figure class="qr-figure certificate-qr">
                <div class="qr-code" inner_html=c.qr_svg></div>
                <figcaption>{s.verify_hint}<br/><span class="verify-url" data-testid="verify-url">{c.verify_url}</span></figcaption>
            </figure>
        </article>
        <p class="no-print"><a href="/me">{s.back_to_me}</a></p>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let s = t();
    view! {
        <Title text=page_title(s.certificate_title)/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match my_certificate().await {
                    Ok(CertificateOutcome::Issued(c)) => printable(c).into_any(),
                    Ok(CertificateOutcome::NotApproved) => view! {
                        <h1>{s.certificate_title}</h1>
                        <p class="notice" role="status">{s.certificate_not_approved}</p>
                        <p><a href="/me">{s.back_to_me}</a></p>
                    }.into_any(),
                    // no open page in this browser: the look-up form on `/me` says why
                    Ok(CertificateOutcome::Closed(_)) => view! {
                        <h1>{s.certificate_title}</h1>
                        <p class="notice notice-error" role="alert">{s.me_ended}</p>
                        <p><a class="button primary" href="/me">{s.me_open}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let s = t();
    let serial = use_params_map().with_untracked(|p| p.get("serial").unwrap_or_default());
    view! {
        <Title text=page_title(s.verify_title)/>
        <section class="verify">
            <h1>{s.verify_title}</h1>
            <Suspense fallback=|| ()>
                {
                    let serial = serial.clone();
                    Suspend::new(async move {
                        match verify_certificate(serial).await {
                            Ok(Verdict::Genuine(facts)) => view! {
                                <p class="notice verdict-genuine" role="status" data-testid="genuine">{s.verify_genuine}</p>
                                <section class="card">{facts_list(facts)}</section>
                            }.into_any(),
                            Ok(Verdict::NotGenuine) => view! {
                                <p class="notice notice-error" role="alert" data-testid="not-genuine">{s.verify_not_genuine}</p>
                            }.into_any(),
                            Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                        }
                    })
                }
            </Suspense>
        </section>
    }
}
