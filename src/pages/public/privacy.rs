use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{page_title, t};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let s = t();
    view! {
        <Title text=page_title(s.privacy_title)/>
        <article class="prose">
            <h1>{s.privacy_title}</h1>
            {s.privacy_body.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        </article>
    }
}
