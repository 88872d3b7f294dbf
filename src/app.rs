//! The HTML shell and the route table, nothing more.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use crate::pages::public::{CampaignPage, DonePage, HomePage, NotFound, PrivacyPage, StatusPage};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b91c1c"/>
                <HydrationScripts options islands=true/>
                <link rel="stylesheet" id="leptos" href="/pkg/shouwang.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:slug") view=CampaignPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup/done") view=DonePage/>
                    <Route path=path!("/status") view=StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
