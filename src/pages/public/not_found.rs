use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let s = t();
    view! {
        <Title text=format!("{} · {}", s.not_found_title, s.site_name)/>
        <section class="notice">
            <h1>{s.not_found_title}</h1>
            <p>{s.not_found_body}</p>
            <p><a href="/">{s.back_home}</a></p>
        </section>
    }
}
