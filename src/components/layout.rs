use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let s = t();
    view! {
        <a class="skip" href="#main">{s.skip_to_content}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"守"</span>
                <span class="brand-text">
                    <span class="brand-name">{s.site_name}</span>
                    <span class="brand-tagline">{s.site_tagline}</span>
                </span>
            </a>
            <nav aria-label=s.main_navigation>
                <a href="/">{s.nav_campaigns}</a>
                <a href="/status">{s.nav_status}</a>
            </nav>
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
