//! Trainings as the people who use them meet them, over HTTP with plain forms: a volunteer
//! enrols from their own page and sees their QR code, the desk checks them in, the hours they
//! served appear on their page; a cancellation gives the seat to the first in line; a role that
//! requires training keeps the untrained out of teams; and the back office's training pages.

use crate::admin_support;
use crate::common;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU, XIUZHOU};
use chrono::Utc;
use common::{china_field, open_my_page, spawn_app_with, value, Engine, Options, TestApp};
use sea_orm::ConnectionTrait;
use shouwang::domain::ApplicationStatus;
use shouwang::server::access::Role;

const CAMPAIGN: &str = "volunteers-guard-expo";

async fn app(engine: Engine) -> TestApp {
    spawn_app_with(engine, Options { with_sink: false, ..Default::default() }).await
}

/// A session in three days, 09:00–12:00, created over HTTP by `who`.
async fn session(who: &Session, title: &str, capacity: &str) -> String {
    let (starts, ends) = (china_field(3, 9, 0), china_field(3, 12, 0));
    let form = [
        ("session[campaign]", CAMPAIGN),
        ("session[title]", title),
        ("session[starts_at]", starts.as_str()),
        ("session[ends_at]", ends.as_str()),
        ("session[place]", "南湖区文化中心"),
        ("session[capacity]", capacity),
    ];
    who.call_json("training_create", &form).await.as_i64().unwrap().to_string()
}

/// An approved recruit of Nanhu: (reference, mobile, name).
async fn volunteer(app: &TestApp, name: &str) -> (String, String, i64) {
    let mut row = NewApplication::pending(&communities(app, NANHU)[0].1);
    row.status = ApplicationStatus::Approved;
    row.name = name.into();
    let mobile = row.mobile.clone();
    let id = insert(app, vec![row]).await[0];
    let reference: String =
        value(&app.state.db, &format!("SELECT reference FROM applications WHERE id = {id}")).await;
    (reference, mobile, id)
}

/// A page or a plain form post with the volunteer's token: (status, body, where it sends them).
async fn as_volunteer(
    app: &TestApp,
    token: &str,
    path: &str,
    form: Option<&[(&str, &str)]>,
) -> (u16, String, String) {
    let url = format!("{}{path}", app.base);
    let client = app.script_client();
    let request = match form {
        Some(form) => client.post(url).form(form),
        None => client.get(url),
    };
    let response = request
        .header("accept", "text/html")
        .header("cookie", format!("sw_me={token}"))
        .send()
        .await
        .unwrap();
    let location =
        response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (response.status().as_u16(), response.text().await.unwrap(), location)
}

/// The text of the element marked `data-testid="{id}"` (whatever its other attributes).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let mark = format!(r#"data-testid="{id}""#);
    let at = html.find(&mark).unwrap_or_else(|| panic!("{mark} not in {html}"));
    let from = at + html[at..].find('>').unwrap() + 1;
    &html[from..from + html[from..].find('<').unwrap()]
}

async fn a_volunteer_enrols_from_their_page_the_desk_checks_them_in_and_their_hours_appear(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = session(&admin, "岗前安全培训", "20").await;
    let (reference, mobile, _) = volunteer(&app, "陈志远").await;
    let token = open_my_page(&app, &reference, &mobile).await.1;

    let (status, page, _) = as_volunteer(&app, &token, "/me", None).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"data-testid="open-session""#) && page.contains("岗前安全培训"), "{page}");
    let (status, _, to) = as_volunteer(&app, &token, "/api/me/enrol", Some(&[("session", &id)])).await;
    assert!((300..400).contains(&status) && to.starts_with("/me?notice="), "{status} {to}");
    let (_, page, _) = as_volunteer(&app, &token, &to, None).await;
    assert!(page.contains("报名成功"), "the plain post's outcome is shown once: {page}");
    assert!(page.contains("<svg") && page.contains(r#"class="qr""#), "the QR code is drawn on the server");
    let code = text_of(&page, "check-in-code").to_string();
    assert_eq!(code.len(), 10);
    assert!(!page.contains(r#"data-testid="open-session""#), "a session taken is no longer offered");

    let arrive = [("id", id.as_str()), ("code", code.as_str())];
    let first = admin.form_post("/api/admin/training_arrive", &arrive).await;
    let desk = first.headers()["location"].to_str().unwrap().to_string();
    assert!(desk.starts_with(&format!("/admin/trainings/{id}/checkin?notice=")), "{desk}");
    let (_, told, _) = admin.page(&desk).await;
    assert!(told.contains("陈志远") && told.contains("签到。"), "{told}");
    let (status, again) = admin.call("training_arrive", &arrive).await;
    assert_eq!(status, 422);
    assert!(again.contains("已签到（"), "a second scan says when the first was: {again}");

    let enrolment: i64 = value(&app.state.db, "SELECT id FROM enrolments").await;
    let correction =
        [("id", id.as_str()), ("enrolment", &enrolment.to_string()), ("arrived", "08:50"), ("left", "12:20")];
    let counted = admin.call_json("training_correct", &correction).await;
    assert_eq!(counted["minutes_served"], 180, "clipped to the session's 09:00–12:00");
    let (_, page, _) = as_volunteer(&app, &token, "/me", None).await;
    assert_eq!(text_of(&page, "hours-served"), "3 小时 0 分钟");

    let (_, certificate, _) = as_volunteer(&app, &token, "/me/certificate", None).await;
    assert!(certificate.contains("岗前安全培训") && certificate.contains("3 小时 0 分钟"), "{certificate}");
    let serial = text_of(&certificate, "serial").to_string();
    let (_, verified, _) = as_volunteer(&app, "", &format!("/verify/{serial}"), None).await;
    assert!(verified.contains(r#"data-testid="genuine""#), "{verified}");
    assert!(verified.contains(r#"data-testid="cert-services""#) && verified.contains("岗前安全培训"));
    let (_, dashboard, _) = admin.page(&format!("/admin/dashboard?campaign={CAMPAIGN}")).await;
    assert!(
        dashboard.contains(r#"data-testid="trained">1<"#),
        "the dashboard counts the trained: {dashboard}"
    );
    let (status, roster, _) = admin.page(&format!("/admin/trainings/{id}")).await;
    assert_eq!(status, 200);
    assert!(roster.contains("陈志远") && roster.contains("08:50") && roster.contains(">180<"), "{roster}");
    let file = admin.form_post("/admin/export/training", &[("session", &id), ("format", "csv")]).await;
    assert_eq!(file.status(), 200);
    let csv = file.text().await.unwrap();
    assert!(csv.contains(&reference) && csv.contains("****") && !csv.contains(&mobile), "masked: {csv}");
}
on_both_engines!(a_volunteer_enrols_from_their_page_the_desk_checks_them_in_and_their_hours_appear);

async fn cancelling_from_my_page_gives_the_seat_to_the_first_in_line_and_nonsense_is_refused_in_words(
    engine: Engine,
) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = session(&admin, "一座难求的培训", "1").await;
    let (first_ref, first_mobile, _) = volunteer(&app, "第一人").await;
    let (second_ref, second_mobile, _) = volunteer(&app, "第二人").await;
    let first = open_my_page(&app, &first_ref, &first_mobile).await.1;
    let second = open_my_page(&app, &second_ref, &second_mobile).await.1;

    as_volunteer(&app, &first, "/api/me/enrol", Some(&[("session", &id)])).await;
    let (_, _, to) = as_volunteer(&app, &second, "/api/me/enrol", Some(&[("session", &id)])).await;
    let (_, page, _) = as_volunteer(&app, &second, &to, None).await;
    assert!(page.contains("候补第 1 位"), "{page}");
    assert!(!page.contains(r#"data-testid="check-in-code""#), "no code without a seat");

    let (_, _, to) = as_volunteer(&app, &first, "/api/me/cancel", Some(&[("session", &id)])).await;
    let (_, page, _) = as_volunteer(&app, &first, &to, None).await;
    assert!(page.contains("已取消报名"), "{page}");
    let (_, page, _) = as_volunteer(&app, &second, "/me", None).await;
    assert!(page.contains(r#"data-testid="check-in-code""#), "the first in line took the seat: {page}");

    for bad in ["", "abc", "-1", "99999999", "1 OR 1=1", &"9".repeat(5000)] {
        let (status, page, to) =
            as_volunteer(&app, &second, "/api/me/enrol", Some(&[("session", bad)])).await;
        assert!((300..400).contains(&status), "{bad:.20}: {status} {page}");
        let (status, page, _) = as_volunteer(&app, &second, &to, None).await;
        assert_eq!(status, 200);
        assert!(page.contains("notice-error"), "{bad:.20} is refused in words: {page}");
    }
    // without an open page nobody enrols anyone
    let response = app
        .script_client()
        .post(format!("{}/api/me/enrol", app.base))
        .header("accept", "application/json")
        .form(&[("session", &id)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM enrolments WHERE state <> 'cancelled'").await, 1);
}
on_both_engines!(
    cancelling_from_my_page_gives_the_seat_to_the_first_in_line_and_nonsense_is_refused_in_words
);

async fn a_role_that_requires_training_keeps_the_untrained_out_of_teams_until_they_attended(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    app.state
        .db
        .execute_unprepared(
            "UPDATE campaign_roles SET requires_training = TRUE WHERE key = 'community_patrol'",
        )
        .await
        .unwrap();
    let (reference, _, person) = volunteer(&app, "未培训者").await;
    let team = admin
        .call_json(
            "team_create",
            &[("team[name]", "南湖一队"), ("team[region]", NANHU), ("team[capacity]", "5")],
        )
        .await
        .as_i64()
        .unwrap()
        .to_string();

    let (status, body) = admin.call("team_add", &[("id", &team), ("reference", &reference)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("要求先参加培训"), "refused, saying why: {body}");
    let (_, preview, _) = admin.page(&format!("/admin/auto-group?county={NANHU}&cap=5")).await;
    assert!(preview.contains(r#"data-testid="untrained""#) && preview.contains("另有 1 名"), "{preview}");

    let id = session(&admin, "岗前培训", "5").await;
    let code = match shouwang::server::services::trainings::enrol(
        &app.state,
        person,
        id.parse().unwrap(),
        Utc::now(),
    )
    .await
    .unwrap()
    {
        shouwang::model::admin::EnrolOutcome::Enrolled { code } => code,
        other => panic!("{other:?}"),
    };
    admin.call_json("training_arrive", &[("id", &id), ("code", &code)]).await;
    let (status, body) = admin.call("team_add", &[("id", &team), ("reference", &reference)]).await;
    assert_eq!(status, 200, "once attended, the recruit joins: {body}");
}
on_both_engines!(a_role_that_requires_training_keeps_the_untrained_out_of_teams_until_they_attended);

async fn the_training_pages_open_to_their_organizers_and_to_nobody_else(engine: Engine) {
    let app = app(engine).await;
    let nanhu = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let xiuzhou = signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await;
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    let id = session(&nanhu, "南湖场次", "5").await;

    let (status, list, _) = nanhu.page("/admin/trainings").await;
    assert_eq!(status, 200);
    assert!(list.contains("南湖场次") && list.contains(r#"data-testid="new-session""#), "{list}");
    let (status, roster, _) = nanhu.page(&format!("/admin/trainings/{id}")).await;
    assert!(status == 200 && roster.contains(r#"data-testid="session-counts""#));
    let (status, desk, _) = nanhu.page(&format!("/admin/trainings/{id}/checkin")).await;
    assert!(status == 200 && desk.contains(r#"data-testid="desk""#) && desk.contains("BarcodeDetector"));

    let (status, theirs, _) = xiuzhou.page("/admin/trainings").await;
    assert!(status == 200 && !theirs.contains("南湖场次"), "another county's session is not listed");
    for path in [format!("/admin/trainings/{id}"), format!("/admin/trainings/{id}/checkin")] {
        let (status, html, _) = xiuzhou.page(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!html.contains("南湖场次"));
    }
    assert_eq!(reviewer.page("/admin/trainings").await.0, 403);
    assert_eq!(reviewer.page(&format!("/admin/trainings/{id}")).await.0, 403);
    let file = xiuzhou.form_post("/admin/export/training", &[("session", &id), ("format", "csv")]).await;
    assert_eq!(file.status(), 404);
    let (status, _, to) = Session::nobody(&app).page("/admin/trainings").await;
    assert_eq!((status, to.as_deref()), (303, Some("/admin/login")));
}
on_both_engines!(the_training_pages_open_to_their_organizers_and_to_nobody_else);

async fn moving_a_session_tells_everyone_in_it_and_a_new_title_alone_tells_nobody(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = session(&admin, "会变的培训", "1").await;
    for name in ["座位上的人", "候补的人"] {
        let (_, _, person) = volunteer(&app, name).await;
        shouwang::server::services::trainings::enrol(&app.state, person, id.parse().unwrap(), Utc::now())
            .await
            .unwrap();
    }
    let edit = |title: &'static str, starts: String| {
        let admin = &admin;
        let id = id.clone();
        async move {
            let ends = china_field(3, 12, 0);
            let form = [
                ("id", id.as_str()),
                ("session[title]", title),
                ("session[starts_at]", starts.as_str()),
                ("session[ends_at]", ends.as_str()),
                ("session[place]", "南湖区文化中心"),
                ("session[capacity]", "1"),
            ];
            admin.call_json("training_edit", &form).await;
        }
    };
    let changed = "SELECT COUNT(*) FROM outbox WHERE kind = 'training_changed'";

    edit("改了名字的培训", china_field(3, 9, 0)).await;
    assert_eq!(app.count(changed).await, 0, "a new title alone is not news");
    edit("改了名字的培训", china_field(3, 10, 0)).await;
    assert_eq!(app.count(changed).await, 2, "the seated and the waiting are both told");
}
on_both_engines!(moving_a_session_tells_everyone_in_it_and_a_new_title_alone_tells_nobody);
