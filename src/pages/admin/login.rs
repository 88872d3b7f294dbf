use crate::i18n::admin_phrases as phrases;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::admin_page::AdminPage;
use crate::components::field::Field;
use crate::i18n::ta;

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
            Some(phrases::throttled_for(seconds))
        }
        _ => None,
    };
    view! {
        <AdminPage title=s.login_title class="admin-login card">
            <h1>{s.login_title}</h1>
            {message.map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
            <form method="post" action="/api/admin/login">
                <Field id="a-name" label=s.login_name>
                    <input id="a-name" name="name" type="text" required maxlength="40" autocomplete="username"/>
                </Field>
                <Field id="a-password" label=s.login_password>
                    <input id="a-password" name="password" type="password" required maxlength="200" autocomplete="current-password"/>
                </Field>
                <button type="submit" class="button primary">{s.login_submit}</button>
            </form>
        </AdminPage>
    }
}
