use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, ta};

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = ta();
    let query = use_query_map();
    let error = query.with_untracked(|q| q.get("e"));
    let message = match error.as_deref() {
        Some("wrong") => Some(s.login_wrong.to_string()),
        Some("throttled") => {
            let seconds =
                query.with_untracked(|q| q.get("s")).and_then(|v| v.parse::<u32>().ok()).unwrap_or(60);
            Some(format!("{}（{} 秒）", s.login_throttled, seconds))
        }
        _ => None,
    };
    view! {
        <Title text=format!("{} · {}", s.login_title, t().site_name)/>
        <super::AdminStyle/>
        <section class="admin-login card">
            <h1>{s.login_title}</h1>
            {message.map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
            <form method="post" action="/api/admin/login">
                <div class="field">
                    <label for="a-name">{s.login_name}</label>
                    <input id="a-name" name="name" type="text" required maxlength="40" autocomplete="username"/>
                </div>
                <div class="field">
                    <label for="a-password">{s.login_password}</label>
                    <input id="a-password" name="password" type="password" required maxlength="200" autocomplete="current-password"/>
                </div>
                <button type="submit" class="button primary">{s.login_submit}</button>
            </form>
        </section>
    }
}
