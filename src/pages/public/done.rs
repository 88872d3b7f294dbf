use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{page_title, t};

/// Where a sign-up without JavaScript lands. The reference code comes in the URL; it is not
/// secret on its own (a status look-up also needs the mobile number).
#[component]
pub fn DonePage() -> impl IntoView {
    let s = t();
    let reference = use_query_map().with_untracked(|q| q.get("ref")).filter(|r| {
        r.len() == 10
            && r.starts_with("SW")
            && r.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    view! {
        <Title text=page_title(s.success_title)/>
        <section class="receipt" role="status">
            <h1>{s.success_title}</h1>
            {reference.map(|r| view! {
                <p>{s.success_reference}</p>
                <p class="reference" data-testid="reference">{r.clone()}</p>
                <p>{s.success_next}</p>
                <p><a class="button" href=format!("/status?ref={r}")>{s.check_status}</a></p>
            })}
            <p><a href="/">{s.back_home}</a></p>
        </section>
    }
}
