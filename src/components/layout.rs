use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{locale, t, Locale};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let s = t();
    view! {
        <a class="skip" href="#main">{s.skip_to_content}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">{s.brand_mark}</span>
                <span class="brand-text">
                    <span class="brand-name">{s.site_name}</span>
                    <span class="brand-tagline">{s.site_tagline}</span>
                </span>
            </a>
            <nav aria-label=s.main_navigation>
                <a href="/">{s.nav_campaigns}</a>
                <a href="/activities">{crate::i18n::activity_words().nav}</a>
                <a href="/status">{s.nav_status}</a>
            </nav>
            <LanguageSwitch/>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{s.footer_note}</p>
            <p>{s.footer_hotline}" · "<a href="/privacy">{s.nav_privacy}</a></p>
        </footer>
    }
}

/// A page-level error message (what went wrong around the person, not their input).
#[component]
pub fn ErrorNotice(message: String) -> impl IntoView {
    view! {
        <section class="notice notice-error" role="alert">
            <h1>{t().error_title}</h1>
            <p>{message}</p>
            <p><a href="/">{t().back_home}</a></p>
        </section>
    }
}

/// 中文 / English: plain links to `/lang`, which sets the `lang` cookie and sends the browser
/// back to this page (works without JavaScript).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let here = use_location();
    let search = here.search.get_untracked();
    let back = match search.is_empty() {
        true => here.pathname.get_untracked(),
        false => format!("{}?{search}", here.pathname.get_untracked()),
    };
    let current = locale();
    view! {
        <nav class="lang-switch" aria-label=t().language_switch>
            {Locale::ALL.iter().map(|&l| {
                if l == current {
                    view! { <span lang=l.tag() aria-current="true">{l.own_name()}</span> }.into_any()
                } else {
                    let href = format!("/lang?to={}&back={}", l.tag(), percent_encode(&back));
                    view! { <a lang=l.tag() hreflang=l.tag() href=href>{l.own_name()}</a> }.into_any()
                }
            }).collect_view()}
        </nav>
    }
}

/// Encodes a path for a query parameter (everything but unreserved characters and `/`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
