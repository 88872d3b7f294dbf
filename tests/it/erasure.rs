//! Issue 8, finding 13: personal data has an end. An applicant withdraws and erases their data
//! from the status page; a campaign's data is erased once its retention period has passed. The
//! counts stay right — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use admin_support::{communities, insert, signed_in, NewApplication, NANHU, XIUZHOU};
use common::{spawn_app, Engine, Person, TestApp};
use serde_json::Value;
use shouwang::domain::{ApplicationStatus, Decision};
use shouwang::server::access::Role;
use shouwang::server::services::erasure::ERASED_NAME;
use shouwang::server::services::retention;

async fn withdraw_without_javascript(app: &TestApp, reference: &str, mobile: &str, confirm: bool) -> String {
    let mut form = vec![("reference", reference), ("mobile", mobile)];
    if confirm {
        form.push(("confirm", "on"));
    }
    let response = app
        .browser_client()
        .post(format!("{}/api/withdraw", app.base))
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.url().path(), "/status/withdraw");
    response.text().await.unwrap()
}

async fn text(app: &TestApp, sql: String) -> String {
    common::value::<String>(&app.state.db, &sql).await
}

async fn withdrawing_on_the_status_page_erases_the_personal_data_and_keeps_the_counts(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut leaving = Person::valid(60);
    leaving.name = "李撤回".into();
    let staying = Person::valid(61);
    let reference_of = |outcome: Value| outcome["Accepted"]["reference"].as_str().unwrap().to_string();
    let reference = reference_of(app.signup_outcome(&leaving.form()).await);
    reference_of(app.signup_outcome(&staying.form()).await);
    let id = app.count(&format!("SELECT id FROM applications WHERE reference = '{reference}'")).await;
    // approved, in a team, with a decision mail on its way
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    admin
        .call_json("decide", &[("id", &id.to_string()), ("form[decision]", Decision::Approve.as_str())])
        .await;
    let form = [("team[name]", "一队"), ("team[region]", NANHU), ("team[capacity]", "5")];
    let team = admin.call_json("team_create", &form).await.to_string();
    admin.call_json("team_add", &[("id", &team), ("reference", &reference)]).await;
    let before = admin.call_json("dashboard", &[]).await;

    // the status result offers it; the page asks again for the pair and a ticked box
    let (_, page) = app.get_html(&format!("/status/withdraw?ref={reference}")).await;
    assert!(page.contains("name=\"confirm\"") && page.contains(&reference), "{page}");
    let html = withdraw_without_javascript(&app, &reference, &leaving.mobile, false).await;
    assert!(html.contains("请勾选确认后再提交"), "{html}");
    assert_eq!(text(&app, format!("SELECT name FROM applications WHERE id = {id}")).await, "李撤回");
    let html = withdraw_without_javascript(&app, &reference, "13900000000", true).await;
    assert!(html.contains("没有找到"), "a wrong pair erases nothing: {html}");

    let html = withdraw_without_javascript(&app, &reference, &leaving.mobile, true).await;
    assert!(html.contains("报名已撤回，个人信息已删除") && html.contains("只保留"), "{html}");
    assert!(html.contains(&reference));

    // the row keeps what the counts need, nothing that names the person
    let row = |column: &str| text(&app, format!("SELECT {column} FROM applications WHERE id = {id}"));
    assert_eq!(row("name").await, ERASED_NAME);
    assert_eq!(row("status").await, ApplicationStatus::Withdrawn.as_str());
    assert_eq!(row("id_hash").await, format!("erased-{id}"));
    assert_eq!(row("region_code").await, NANHU, "the county stays");
    for column in ["id_cipher", "mobile_cipher", "mobile_hash", "mobile_last4"] {
        assert_eq!(row(column).await, "", "{column}");
    }
    let kept = app
        .count(&format!("SELECT COUNT(*) FROM applications WHERE id = {id} AND email IS NULL AND erased_at IS NOT NULL AND skills = '[]'"))
        .await;
    assert_eq!(kept, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 0, "the seat is given back");
    assert_eq!(app.count("SELECT SUM(member_count) FROM teams").await, 0);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM outbox WHERE reference = '{reference}'")).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%李撤回%'").await, 0);
    // the audit says who and when, not what
    let audit = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'withdraw_erase' AND application_id = {id} \
         AND organizer_id IS NULL AND actor_name = '申请人本人' AND reason IS NULL AND detail IS NULL"
    );
    assert_eq!(app.count(&audit).await, 1);

    // gone for the look-up, and the same pair cannot erase twice
    assert_eq!(app.status_lookup(&reference, &leaving.mobile).await.1, "\"NotFound\"");
    assert!(withdraw_without_javascript(&app, &reference, &leaving.mobile, true).await.contains("没有找到"));
    // the counts: one fewer sign-up and recruit, one withdrawn, the county still counted right
    let after = admin.call_json("dashboard", &[]).await;
    assert_eq!(after["signups"], before["signups"].as_u64().unwrap() - 1);
    assert_eq!(after["recruited"], before["recruited"].as_u64().unwrap() - 1);
    assert_eq!(after["counts"][ApplicationStatus::Withdrawn.as_str()], 1);
    let queue = admin.call_json("queue", &[("filter[county]", NANHU)]).await;
    assert_eq!(queue["total"], 2, "the erased row is still counted in its county");
    let (status, _) = admin.call("application", &[("id", &id.to_string())]).await;
    assert_eq!(status, 200, "the back office still shows what is left");

    // a script gets the outcome as data; a person who withdrew may sign up again
    let script = app
        .script_client()
        .post(format!("{}/api/withdraw", app.base))
        .form(&[("reference", "SWZZZZZZZZ"), ("mobile", staying.mobile.as_str()), ("confirm", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(script.text().await.unwrap(), "\"NotFound\"");
    reference_of(app.signup_outcome(&leaving.form()).await);
}
on_both_engines!(withdrawing_on_the_status_page_erases_the_personal_data_and_keeps_the_counts);

async fn personal_data_is_erased_once_a_campaign_s_retention_period_has_passed_and_the_counts_stay_right(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let (nanhu, xiuzhou) = (communities(&app, NANHU)[0].1.clone(), communities(&app, XIUZHOU)[0].1.clone());
    let mut rows = Vec::new();
    for status in [ApplicationStatus::Pending, ApplicationStatus::Approved, ApplicationStatus::Rejected] {
        let mut a = NewApplication::pending(&nanhu);
        (a.status, a.name) = (status, "赵保存".into());
        rows.push(a);
    }
    rows.push(NewApplication::pending(&xiuzhou));
    let mut elsewhere = NewApplication::pending(&nanhu);
    elsewhere.campaign = "patrols-keep-peace";
    rows.push(elsewhere);
    insert(&app, rows).await;
    // the start-up run has happened (nothing was due then)
    for _ in 0..100 {
        if app.count("SELECT COUNT(*) FROM scheduled_jobs WHERE last_done_at IS NOT NULL").await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let edit = admin.call_json("campaign", &[("slug", "volunteers-guard-expo")]).await;
    assert_eq!(edit["form"]["retention_days"], "180", "the default, shown in the campaign form");
    let before = admin.call_json("dashboard", &[]).await;
    let now = chrono::Utc::now();
    assert_eq!(retention::run_once(&app.state.db, now).await.unwrap(), Some(0), "not due yet");

    // closed ten days ago, kept for five
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use shouwang::server::entities::campaign;
    campaign::Entity::update_many()
        .col_expr(
            campaign::Column::ClosesAt,
            sea_orm::sea_query::Expr::value(now - chrono::Duration::days(10)),
        )
        .col_expr(campaign::Column::RetentionDays, sea_orm::sea_query::Expr::value(5))
        .filter(campaign::Column::Slug.eq("volunteers-guard-expo"))
        .exec(&app.state.db)
        .await
        .unwrap();
    // another instance holds the job: this one does nothing
    let held = (now + chrono::Duration::minutes(5)).to_rfc3339();
    let hold = match engine {
        Engine::Sqlite => format!("UPDATE scheduled_jobs SET claimed_until = '{held}'"),
        Engine::Postgres => format!("UPDATE scheduled_jobs SET claimed_until = '{held}'::timestamptz"),
    };
    use sea_orm::ConnectionTrait;
    let db = &app.state.db;
    db.execute_raw(sea_orm::Statement::from_string(db.get_database_backend(), hold)).await.unwrap();
    assert_eq!(retention::run_once(&app.state.db, now).await.unwrap(), None);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications WHERE erased_at IS NOT NULL").await, 0);
    // its claim runs out
    let later = now + chrono::Duration::minutes(6);
    assert_eq!(retention::run_once(&app.state.db, later).await.unwrap(), Some(4));
    assert_eq!(retention::run_once(&app.state.db, later).await.unwrap(), Some(0), "erased once");

    assert_eq!(app.count("SELECT COUNT(*) FROM applications WHERE name = '赵保存'").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications WHERE erased_at IS NOT NULL AND id_cipher = '' AND email IS NULL").await, 4);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM applications WHERE erased_at IS NULL").await,
        1,
        "the other campaign's"
    );
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'retention_erase' AND application_id IS NULL";
    assert_eq!(app.count(audit).await, 1);
    assert_eq!(
        text(&app, "SELECT detail FROM audit_log WHERE action = 'retention_erase'".into()).await,
        r#"{"erased":4}"#
    );

    // every count of the dashboard is what it was; statuses stay
    let after = admin.call_json("dashboard", &[]).await;
    for key in ["signups", "recruited", "counts", "per_day", "per_county", "target"] {
        assert_eq!(after[key], before[key], "{key}");
    }
    // the queue and its export still work on erased rows
    let queue = admin.call_json("queue", &[("filter[campaign]", "volunteers-guard-expo")]).await;
    assert_eq!(queue["total"], 4);
    assert!(queue["rows"].as_array().unwrap().iter().all(|r| r["name"] == ERASED_NAME && r["age"].is_null()));
    let export = admin.form_post("/admin/export/queue", &[("format", "csv"), ("full", "1")]).await;
    assert_eq!(export.status(), 200);
    assert!(!export.text().await.unwrap().contains("赵保存"));
}
on_both_engines!(
    personal_data_is_erased_once_a_campaign_s_retention_period_has_passed_and_the_counts_stay_right
);
