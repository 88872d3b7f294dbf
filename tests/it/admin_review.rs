//! Back office: the review queue (filters, search, sorting, pages, counts) and decisions, one at
//! a time and in bulk, with their audit entries and mails — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use std::time::Duration;

use admin_support::{
    communities, insert, signed_in, status_of, with_status, NewApplication, Session, NANHU, XIUZHOU,
};
use chrono::NaiveDate;
use common::{spawn_app, Engine};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::Value;
use shouwang::domain::{ApplicationStatus, Decision};
use shouwang::server::access::Role;
use shouwang::server::entities::application;

fn references(page: &Value) -> Vec<String> {
    page["rows"].as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap().to_string()).collect()
}

async fn reference_of(app: &common::TestApp, id: i64) -> application::Model {
    application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap()
}

async fn the_queue_filters_searches_sorts_and_pages_on_the_server(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    let (street1, comm1) = nanhu[0].clone();
    let comm2 = nanhu.iter().find(|(s, c)| *s == street1 && *c != comm1).unwrap().1.clone();
    let (street2, comm3) = nanhu.iter().find(|(s, _)| *s != street1).unwrap().clone();
    let xiuzhou = communities(&app, XIUZHOU)[0].1.clone();

    let mut a = NewApplication::pending(&comm1);
    (a.name, a.skills, a.birth) =
        ("李明".into(), vec!["leadership"], NaiveDate::from_ymd_opt(1990, 1, 1).unwrap());
    let mut b = NewApplication::pending(&comm2);
    (b.name, b.skills, b.birth, b.role, b.status) = (
        "李华".into(),
        vec!["first_aid"],
        NaiveDate::from_ymd_opt(2000, 5, 5).unwrap(),
        "building_watch",
        ApplicationStatus::Approved,
    );
    let mut c = NewApplication::pending(&comm3);
    (c.name, c.skills, c.birth, c.mobile) = (
        "张三".into(),
        vec!["mediation"],
        NaiveDate::from_ymd_opt(1960, 3, 3).unwrap(),
        "13900004321".into(),
    );
    let mut d = NewApplication::pending(&xiuzhou);
    d.name = "赵四".into();
    let mut e = NewApplication::pending(&comm1);
    (e.campaign, e.name) = ("patrols-keep-peace", "钱五".into());
    let ids = insert(&app, vec![a, b, c, d, e]).await;
    let b_ref = reference_of(&app, ids[1]).await.reference;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let queue = |pairs: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let form: Vec<(String, String)> =
                pairs.into_iter().map(|(k, v)| (format!("filter[{k}]"), v)).collect();
            let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut with_campaign = borrowed.clone();
            with_campaign.push(("filter[campaign]", "volunteers-guard-expo"));
            admin.call_json("queue", &with_campaign).await
        }
    };

    let all = queue(vec![]).await;
    assert_eq!(all["total"], 4, "only the chosen campaign");
    assert_eq!(all["counts"][ApplicationStatus::Pending.as_str()], 3);
    assert_eq!(all["counts"][ApplicationStatus::Approved.as_str()], 1);
    let total = |v: &Value| v["total"].as_u64().unwrap();
    assert_eq!(total(&queue(vec![("county", NANHU.into())]).await), 3);
    assert_eq!(total(&queue(vec![("street", street1.clone())]).await), 2);
    assert_eq!(total(&queue(vec![("street", street2.clone())]).await), 1);
    assert_eq!(total(&queue(vec![("community", comm1.clone())]).await), 1);
    let pending_nanhu =
        queue(vec![("county", NANHU.into()), ("status", ApplicationStatus::Pending.as_str().into())]).await;
    assert_eq!(total(&pending_nanhu), 2);
    assert_eq!(
        pending_nanhu["counts"][ApplicationStatus::Approved.as_str()],
        1,
        "counts per status ignore the status filter"
    );
    assert_eq!(references(&queue(vec![("role", "building_watch".into())]).await), vec![b_ref.clone()]);
    assert_eq!(total(&queue(vec![("skill", "leadership".into())]).await), 1);
    let thirties = queue(vec![("age_min", "30".into()), ("age_max", "40".into())]).await;
    assert_eq!(thirties["rows"][0]["name"], "李明");
    assert_eq!(total(&thirties), 1);
    assert_eq!(total(&queue(vec![("q", "李".into())]).await), 2);
    assert_eq!(references(&queue(vec![("q", b_ref.to_lowercase())]).await), vec![b_ref.clone()]);
    assert_eq!(queue(vec![("q", "4321".into())]).await["rows"][0]["name"], "张三");
    let today = shouwang::domain::today_in_china();
    assert_eq!(total(&queue(vec![("from", today.to_string())]).await), 4);
    assert_eq!(total(&queue(vec![("to", today.pred_opt().unwrap().to_string())]).await), 0);
    let youngest_first = queue(vec![("sort", "age".into())]).await;
    assert_eq!(youngest_first["rows"][0]["name"], "李华");
    assert_eq!(youngest_first["rows"][3]["name"], "张三");
    // masked phone, never the full number
    let row = &queue(vec![("q", "4321".into())]).await["rows"][0];
    assert_eq!(row["masked_mobile"], "139****4321");

    // server-side pages
    let more: Vec<NewApplication> = (0..120).map(|_| NewApplication::pending(&xiuzhou)).collect();
    insert(&app, more).await;
    let first = queue(vec![]).await;
    assert_eq!(
        (total(&first), first["pages"].as_u64().unwrap(), first["rows"].as_array().unwrap().len()),
        (124, 3, 50)
    );
    let last = queue(vec![("page", "3".into())]).await;
    assert_eq!(last["rows"].as_array().unwrap().len(), 24);
    let beyond = queue(vec![("page", "99".into())]).await;
    assert_eq!(beyond["page"], 3, "a page past the end shows the last one");
    let mut seen: Vec<String> = Vec::new();
    for p in 1..=3 {
        seen.extend(references(&queue(vec![("page", p.to_string())]).await));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 124, "pages neither overlap nor skip");

    // the page itself renders the same
    let (status, html, _) =
        admin.page(&format!("/admin/applications?campaign=volunteers-guard-expo&street={street1}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("李明") && html.contains("李华") && !html.contains("张三"));
}
on_both_engines!(the_queue_filters_searches_sorts_and_pages_on_the_server);

async fn nonsense_filters_get_a_clear_chinese_message_not_a_500(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let long = "名".repeat(10_000);
    let cases: Vec<(&str, &str, &str)> = vec![
        ("filter[status]", "deleted", "状态"),
        ("filter[age_min]", "abc", "年龄"),
        ("filter[age_max]", "999", "年龄"),
        ("filter[county]", "33040", "区域"),
        ("filter[street]", "'; DROP TABLE applications; --", "区域"),
        ("filter[campaign]", "no-such-campaign", "活动"),
        ("filter[page]", "-1", "页码"),
        ("filter[from]", "2026-13-45", "日期"),
        ("filter[sort]", "id; drop", "排序"),
        ("filter[skill]", "%", "特长"),
        ("filter[role]", "king", "岗位"),
        ("filter[q]", long.as_str(), "40"),
    ];
    for (field, value, needle) in cases {
        let (status, body) = admin.call("queue", &[(field, value)]).await;
        assert_eq!(status, 422, "{field}={value}: {body}");
        assert!(body.contains(needle), "{field}: {body}");
    }
    let (status, _) = admin.call("queue", &[("filter[age_min]", "50"), ("filter[age_max]", "20")]).await;
    assert_eq!(status, 422);
    let (status, body) = admin.call("application", &[("id", "abc")]).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = admin.call("application", &[("id", "999999")]).await;
    assert_eq!(status, 404);
    let (status, html, _) = admin.page("/admin/applications?status=deleted").await;
    assert_eq!(status, 422);
    assert!(html.contains("所选状态无法识别"));
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}
on_both_engines!(nonsense_filters_get_a_clear_chinese_message_not_a_500);

async fn a_decision_is_audited_mailed_and_shown_on_the_detail_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let comm = communities(&app, NANHU)[0].1.clone();
    let mut withdrawn = NewApplication::pending(&comm);
    withdrawn.status = ApplicationStatus::Withdrawn;
    let ids = insert(&app, vec![NewApplication::pending(&comm), withdrawn]).await;
    let reviewer = signed_in(&app, "审核员小王", Role::Reviewer, None).await;
    let id = ids[0].to_string();

    // a rejection needs a reason
    let (status, body) =
        reviewer.call("decide", &[("id", &id), ("form[decision]", Decision::Reject.as_str())]).await;
    assert_eq!(status, 422);
    assert!(body.contains("理由"), "{body}");
    let (status, _) = reviewer.call("decide", &[("id", &id), ("form[decision]", "promoted")]).await;
    assert_eq!(status, 422);
    assert_eq!(status_of(&app, ids[0]).await, ApplicationStatus::Pending);

    let report = reviewer
        .call_json(
            "decide",
            &[("id", &id), ("form[decision]", Decision::Reject.as_str()), ("form[reason]", "capacity")],
        )
        .await;
    assert_eq!(report["changed"], 1);
    assert_eq!(status_of(&app, ids[0]).await, ApplicationStatus::Rejected);
    let report = reviewer
        .call_json(
            "decide",
            &[
                ("id", &id),
                ("form[decision]", Decision::Approve.as_str()),
                ("form[reason]", "other"),
                ("form[reason_text]", "名额增加，改为录用"),
            ],
        )
        .await;
    assert_eq!(report["changed"], 1);
    // the same decision twice is a message, not a second entry
    let (status, body) =
        reviewer.call("decide", &[("id", &id), ("form[decision]", Decision::Approve.as_str())]).await;
    assert_eq!(status, 422);
    assert!(body.contains("已是此状态"), "{body}");

    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE application_id = {id}")).await, 2);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE application_id = {id} AND from_status = '{}' AND to_status = '{}' AND actor_name = '审核员小王' AND reason = '名额增加，改为录用'",
            ApplicationStatus::Rejected, ApplicationStatus::Approved
        ))
        .await,
        1
    );
    let mails = app.sink.as_ref().unwrap().wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().any(|m| m["body"].as_str().unwrap().contains("该岗位名额已满")));
    assert!(mails.iter().all(|m| m["subject"].as_str().unwrap().contains("审核结果")));

    let (status, html, _) = reviewer.page(&format!("/admin/applications/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("审核员小王") && html.contains("名额增加，改为录用") && html.contains("未录用"),
        "{html}"
    );

    // withdrawn applications cannot be approved (nor decided at all)
    let (status, body) = reviewer
        .call("decide", &[("id", &ids[1].to_string()), ("form[decision]", Decision::Approve.as_str())])
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("已撤回"), "{body}");
    assert_eq!(status_of(&app, ids[1]).await, ApplicationStatus::Withdrawn);

    // without JavaScript: post → redirect to the detail page with the notice
    let response = reviewer
        .form_post("/api/admin/decide", &[("id", &id), ("form[decision]", Decision::Waitlist.as_str())])
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/admin/applications/{id}?notice=")), "{location}");
    let (_, html, _) = reviewer.page(&location).await;
    assert!(html.contains("已处理 1 条"), "{html}");
    assert_eq!(status_of(&app, ids[0]).await, ApplicationStatus::Waitlisted);
}
on_both_engines!(a_decision_is_audited_mailed_and_shown_on_the_detail_page);

async fn create_failure_trigger(app: &common::TestApp, engine: Engine, recipient: &str) {
    let db = &app.state.db;
    let statements: Vec<String> = match engine {
        Engine::Sqlite => vec![format!(
            "CREATE TRIGGER fail_midway BEFORE INSERT ON outbox WHEN NEW.recipient = '{recipient}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
        Engine::Postgres => vec![
            format!(
                "CREATE FUNCTION fail_midway() RETURNS trigger AS $$ BEGIN IF NEW.recipient = '{recipient}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER fail_midway BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_midway()".to_string(),
        ],
    };
    for sql in statements {
        db.execute_unprepared(&sql).await.unwrap();
    }
}

async fn drop_failure_trigger(app: &common::TestApp, engine: Engine) {
    let sql = match engine {
        Engine::Sqlite => "DROP TRIGGER fail_midway",
        Engine::Postgres => "DROP TRIGGER fail_midway ON outbox",
    };
    app.state.db.execute_unprepared(sql).await.unwrap();
}

async fn a_bulk_approval_of_a_thousand_is_one_transaction_with_a_thousand_audits_and_mails(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let streets = communities(&app, NANHU);
    let rows: Vec<NewApplication> =
        (0..1000).map(|i| NewApplication::pending(&streets[i % streets.len()].1)).collect();
    let ids = insert(&app, rows).await;
    insert(&app, vec![NewApplication::pending(&communities(&app, XIUZHOU)[0].1)]).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;

    // a failure half-way (the 500th mail cannot be written) leaves nothing changed
    let midway = reference_of(&app, ids[499]).await.email.unwrap();
    create_failure_trigger(&app, engine, &midway).await;
    let filter = [
        ("scope", "all"),
        ("filter[status]", ApplicationStatus::Pending.as_str()),
        ("form[decision]", Decision::Approve.as_str()),
    ];
    let (status, body) = organizer.call("decide_bulk", &filter).await;
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("Internal"), "an apology with a request id: {body}");
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
    drop_failure_trigger(&app, engine).await;

    // the same request, now without the failure: all thousand change
    let report = organizer.call_json("decide_bulk", &filter).await;
    assert_eq!(report["changed"], 1000);
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 1000);
    assert_eq!(with_status(&app, ApplicationStatus::Pending).await, 1, "the other district's stays");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'decision' AND from_status = '{}' AND to_status = '{}'", ApplicationStatus::Pending, ApplicationStatus::Approved)).await,
        1000
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'decision'").await, 1000);
    assert_eq!(app.count("SELECT COUNT(DISTINCT recipient) FROM outbox").await, 1000);

    // again: nothing left to change
    let report = organizer.call_json("decide_bulk", &filter).await;
    assert_eq!(report["changed"], 0);
}
on_both_engines!(a_bulk_approval_of_a_thousand_is_one_transaction_with_a_thousand_audits_and_mails);

async fn bulk_decisions_on_checked_rows_refuse_foreign_ids_and_race_safely(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let xiuzhou = communities(&app, XIUZHOU)[0].1.clone();
    let mut rows: Vec<NewApplication> = (0..200).map(|_| NewApplication::pending(&nanhu)).collect();
    rows.push(NewApplication::pending(&xiuzhou));
    let ids = insert(&app, rows).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;

    // one id of another district among the checked: nothing is done
    let keys: Vec<String> = ids.iter().map(|id| format!("ids[{id}]")).collect();
    let mut form: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "on")).collect();
    form.push(("scope", "selected"));
    form.push(("form[decision]", Decision::Waitlist.as_str()));
    let (status, _) = organizer.call("decide_bulk", &form).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM applications WHERE status <> '{}'",
            ApplicationStatus::Pending
        ))
        .await,
        0
    );

    // nonsense
    for bad in [
        vec![("scope", "selected"), ("ids[abc]", "on"), ("form[decision]", Decision::Approve.as_str())],
        vec![("scope", "everything"), ("form[decision]", Decision::Approve.as_str())],
        vec![("scope", "selected"), ("form[decision]", Decision::Approve.as_str())],
    ] {
        let (status, body) = organizer.call("decide_bulk", &bad).await;
        assert_eq!(status, 422, "{bad:?}: {body}");
    }

    // two organizers approve the same 200 at once: each application changes exactly once
    let nanhu_only: Vec<(&str, &str)> = form
        .iter()
        .filter(|(k, _)| *k != keys[200].as_str())
        .map(|(k, v)| (*k, if *k == "form[decision]" { Decision::Approve.as_str() } else { *v }))
        .collect();
    let (one, two) =
        tokio::join!(organizer.call("decide_bulk", &nanhu_only), admin.call("decide_bulk", &nanhu_only));
    let changed: u64 = [&one, &two]
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| serde_json::from_str::<Value>(body).unwrap()["changed"].as_u64().unwrap())
        .sum();
    for (status, body) in [&one, &two] {
        assert!(
            *status == 200 || (*status == 422 && body.contains("其他人")) || *status == 503,
            "{status}: {body}"
        );
    }
    assert_eq!(changed, 200, "{one:?} {two:?}");
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 200);
    let _ = Session::nobody(&app);
}
on_both_engines!(bulk_decisions_on_checked_rows_refuse_foreign_ids_and_race_safely);

/// Finding 12: a filter value out of range (a year before 1900 or after 9999, a page of zero or
/// 1e30, an age of 999, a control character) is a message for a script, for a page opened
/// without JavaScript and for an export — never a 500, on either engine.
async fn out_of_range_filter_values_are_a_message_for_scripts_pages_and_exports_never_a_500(engine: Engine) {
    let app = spawn_app(engine).await;
    insert(&app, vec![NewApplication::pending(&communities(&app, NANHU)[0].1)]).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let cases: Vec<(&str, &str, &str)> = vec![
        ("from", "-0001-01-01", "日期"),
        ("from", "0000-01-01", "日期"),
        ("to", "0001-01-01", "日期"),
        ("from", "10000-01-01", "日期"),
        ("to", "99999-01-01", "日期"),
        ("to", "+2026-01-01", "日期"),
        ("from", "1899-12-31", "日期"),
        ("page", "0", "页码"),
        ("page", "-1", "页码"),
        ("page", "1e30", "页码"),
        ("page", "99999999999999999999999", "页码"),
        ("age_min", "999", "年龄"),
        ("age_max", "-5", "年龄"),
        ("q", "王\u{0}芳", "搜索"),
        ("campaign", "volunteers\u{0}", "活动"),
    ];
    for (field, value, needle) in cases {
        let (status, body) = admin.call("queue", &[(&format!("filter[{field}]"), value)]).await;
        assert_eq!(status, 422, "script {field}={value:?}: {body}");
        assert!(body.contains(needle), "script {field}={value:?}: {body}");

        let url = reqwest::Url::parse_with_params("http://x/admin/applications", &[(field, value)]).unwrap();
        let (status, html, _) = admin.page(&format!("/admin/applications?{}", url.query().unwrap())).await;
        assert_eq!(status, 422, "page {field}={value:?}");
        assert!(html.contains(needle) && html.contains("notice-error"), "page {field}={value:?}: {html}");

        if field == "page" {
            continue; // an export is never paged
        }
        let export = admin.form_post("/admin/export/queue", &[(field, value), ("format", "csv")]).await;
        assert_eq!(export.status(), 422, "export {field}={value:?}");
        assert!(export.text().await.unwrap().contains(needle), "export {field}={value:?}");
    }
    // the widest values still in range are answered
    let widest = [("filter[from]", "1900-01-01"), ("filter[to]", "9999-12-31"), ("filter[age_max]", "120")];
    assert_eq!(admin.call_json("queue", &widest).await["total"], 1);
    let last = admin.call_json("queue", &[("filter[page]", "18446744073709551615")]).await;
    assert_eq!(last["page"], 1, "a page past the end shows the last page");
}
on_both_engines!(out_of_range_filter_values_are_a_message_for_scripts_pages_and_exports_never_a_500);
