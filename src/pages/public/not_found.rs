use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{page_title, t};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let s = t();
    view! {
        <Title text=page_title(s.not_found_title)/>
        <section class="notice">
            <h1>{s.not_found_title}</h1>
            <p>{s.not_found_body}</p>
            <p><a href="/">{s.back_home}</a></p>
        </section>
    }
}
