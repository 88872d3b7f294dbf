//! The frame every back-office page shares: its title, the back-office stylesheet, the notice a
//! plain form post left behind, and the page's content once its server function has answered.

use std::future::Future;

use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use leptos_router::hooks::use_query_map;

use crate::api::admin::admin_notice;
use crate::components::layout::ErrorNotice;
use crate::error::AppError;
use crate::i18n::t;

/// A back-office page: `<title>`, the stylesheet, `<section class=…>` (`admin` unless told) and,
/// with `notice`, the message the last form post left behind (`?notice=<token>`).
#[component]
pub fn AdminPage(
    title: &'static str,
    /// Show the notice named by `?notice=` above the content.
    #[prop(optional)]
    notice: bool,
    /// The section's classes instead of `admin`.
    #[prop(optional)]
    class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let token = notice.then(|| use_query_map().with_untracked(|q| q.get("notice"))).flatten();
    view! {
        <Title text=format!("{} · {}", title, t().site_name)/>
        <Stylesheet id="admin-css" href="/admin.css"/>
        <section class=class.unwrap_or("admin")>
            {notice.then(|| view! { <Notice token=token/> })}
            {children()}
        </section>
    }
}

/// What a page shows once `load` has answered: its content, or the error in words.
pub fn loaded<V>(load: impl Future<Output = Result<V, AppError>> + Send + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(content) => content.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.user_message()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The notice a plain form post left behind (`?notice=<token>`), read once.
#[component]
fn Notice(token: Option<String>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {
                let token = token.clone();
                Suspend::new(async move {
                    let found = match token {
                        Some(t) => admin_notice(t).await.ok().flatten(),
                        None => None,
                    };
                    found.map(|(ok, message)| {
                        let class = if ok { "notice notice-ok" } else { "notice notice-error" };
                        view! { <p class=class role="status" data-testid="notice">{message}</p> }
                    })
                })
            }
        </Suspense>
    }
}
