//! The stand-alone notice page the server answers with when it cannot serve the request it got
//! (`/busy`: the database could not take a sign-up; `/slow-down`: too many posts). It is written
//! without the app around it, so that it can be answered when the app itself is in trouble.

use leptos::prelude::*;

use crate::i18n::{strings, Locale};

/// The whole page, in the person's language.
pub fn notice_page(locale: Locale, message: &'static str) -> String {
    let s = strings(locale);
    let title = format!("{} · {}", s.error_title, s.site_name);
    let page = view! {
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{title}</title>
                <link rel="stylesheet" href="/pkg/shouwang.css"/>
            </head>
            <body>
                <main id="main">
                    <section class="notice notice-error" role="alert">
                        <h1>{s.error_title}</h1>
                        <p>{message}</p>
                        <p><a href="/">{s.back_home}</a></p>
                    </section>
                </main>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}
