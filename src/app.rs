//! The HTML shell and the route table, nothing more.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use crate::pages::admin::{
    AdminActivitiesPage, AdminActivityPage, ApplicationPage, AutoGroupPage, CampaignEditPage, CampaignsPage,
    CheckInDeskPage, DashboardPage, LoginPage, LotteryPage, PartnersPage, QuestionsPage, QueuePage,
    RosterPage, TeamPage, TeamsPage, TrainingSessionPage, TrainingsPage,
};
use crate::pages::public::{
    ActivitiesPage, ActivityPage, CampaignPage, CertificatePage, CheckInPage, DonePage, DrawPage, HomePage,
    MePage, NotFound, PrivacyPage, StatusPage, VerifyPage, WithdrawPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::locale().tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b91c1c"/>
                {islands_only(&options)}
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

/// Server-rendered pages are plain HTML except for their islands; tell the renderer so it adds
/// no hydration markers outside them. The browser bundle is not linked here: pages with an
/// island load it through `components::island_loader` (only when a person starts to use it).
fn islands_only(_options: &LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
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
                    <Route path=path!("/activities") view=ActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/:id") view=ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup/done") view=DonePage/>
                    <Route path=path!("/status") view=StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/status/withdraw") view=WithdrawPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/certificate") view=CertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/checkin/:code") view=CheckInPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:serial") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage/>
                    <Route path=path!("/draws/:id") view=DrawPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/login") view=LoginPage/>
                    <Route path=path!("/admin") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/applications") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/applications/:id") view=ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/lottery") view=LotteryPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/campaigns") view=CampaignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/campaigns/edit") view=CampaignEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/campaigns/questions") view=QuestionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/partners") view=PartnersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/teams") view=TeamsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/teams/:id") view=TeamPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/teams/:id/roster") view=RosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/auto-group") view=AutoGroupPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/activities") view=AdminActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/activities/:id") view=AdminActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/trainings") view=TrainingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/trainings/:id") view=TrainingSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/trainings/:id/checkin") view=CheckInDeskPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
