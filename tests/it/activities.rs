//! Themed activities: families taken whole or refused whole with the places left in words,
//! places the database guarantees under a storm of family registrations, a child's consent, the
//! desk checking a family in with the guardian's code, nonsense refused in words, and the public
//! pages that show it all without JavaScript.

use crate::admin_support;
use crate::common;

use admin_support::{signed_in, Session};
use chrono::{Duration, NaiveDate, Utc};
use common::{china_field, id_number, spawn_app_with, Engine, Options, TestApp};
use serde_json::Value;
use shouwang::domain::calendar::CHINA_OFFSET;
use shouwang::model::activity::{FamilyForm, FamilyOutcome};
use shouwang::server::access::Role;
use shouwang::server::services::activities;

const CAMPAIGN: &str = "volunteers-guard-expo";

async fn app(engine: Engine) -> TestApp {
    spawn_app_with(engine, Options { with_sink: false, ..Default::default() }).await
}

/// Creates an activity over HTTP as `who` with `capacity` places; answers its id.
async fn activity(who: &Session, capacity: u32, more: &[(&str, &str)]) -> i32 {
    let capacity = capacity.to_string();
    let (starts, ends) = (china_field(5, 9, 0), china_field(5, 12, 0));
    let mut form: Vec<(String, String)> = [
        ("campaign", CAMPAIGN),
        ("title", "小手牵大手 · 世博安全行"),
        ("theme", "万户家庭促和谐"),
        ("starts_at", &starts),
        ("ends_at", &ends),
        ("meeting_point", "南湖区文化中心北门"),
        ("arrival_note", "请提前十分钟到达"),
        ("hotline", "0573-82000000"),
        ("stops", "南湖\n月河街区"),
        ("capacity", &capacity),
        ("audience", "families"),
    ]
    .iter()
    .map(|(k, v)| (format!("activity[{k}]"), v.to_string()))
    .collect();
    for (key, value) in more {
        let key = format!("activity[{key}]");
        form.retain(|(k, _)| *k != key);
        form.push((key, value.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    who.call_json("activity_create", &form).await.as_i64().unwrap() as i32
}

/// A guardian (born 1985, `seq` makes the ID and the mobile their own) bringing `children`
/// (name, age; consent ticked) and `adults` companions.
fn family(activity: i32, seq: u32, children: &[(&str, u8)], adults: usize) -> FamilyForm {
    let birth = NaiveDate::from_ymd_opt(1985, 1, 1).unwrap() + Duration::days(i64::from(seq / 1000));
    let mut form = FamilyForm {
        activity: activity.to_string(),
        name: "王建国".into(),
        mobile: format!("136{:08}", seq),
        id_number: id_number("330402", birth, seq),
        email: format!("guardian{seq}@example.cn"),
        consent: "on".into(),
        ..Default::default()
    };
    let mut n = 0;
    for (name, age) in children {
        n += 1;
        form.people.insert(format!("c{n}_kind"), "child".into());
        form.people.insert(format!("c{n}_name"), name.to_string());
        form.people.insert(format!("c{n}_age"), age.to_string());
        form.people.insert(format!("c{n}_consent"), "on".into());
    }
    for i in 0..adults {
        n += 1;
        form.people.insert(format!("c{n}_kind"), "adult".into());
        form.people.insert(format!("c{n}_name"), "李秀英".into());
        form.people.insert(format!("c{n}_mobile"), format!("139{:04}{:04}", seq % 10_000, i));
    }
    form
}

/// The form as the page posts it (`form[...]`, companions under `form[people][...]`).
fn posted(form: &FamilyForm) -> Vec<(String, String)> {
    let mut fields = vec![
        ("form[activity]".to_string(), form.activity.clone()),
        ("form[name]".to_string(), form.name.clone()),
        ("form[mobile]".to_string(), form.mobile.clone()),
        ("form[id_number]".to_string(), form.id_number.clone()),
        ("form[email]".to_string(), form.email.clone()),
        ("form[src]".to_string(), form.src.clone()),
        ("form[consent]".to_string(), form.consent.clone()),
    ];
    fields.extend(form.people.iter().map(|(k, v)| (format!("form[people][{k}]"), v.clone())));
    fields
}

/// Posts the family form as a script would: (HTTP status, body).
async fn register(app: &TestApp, form: &FamilyForm) -> (u16, String) {
    let response = app
        .script_client()
        .post(format!("{}/api/activity_signup", app.base))
        .header("accept", "application/json")
        .form(&posted(form))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn outcome(app: &TestApp, form: &FamilyForm) -> Value {
    let (status, body) = register(app, form).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn heads(app: &TestApp, id: i32) -> i64 {
    app.count(&format!("SELECT CAST(registered AS BIGINT) FROM activities WHERE id = {id}")).await
}

async fn a_family_too_big_for_the_places_left_is_refused_whole_and_taken_whole_when_it_fits(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 5, &[]).await;
    // two places go to another family first: 3 are left
    let first = outcome(&app, &family(id, 1, &[], 1)).await;
    assert!(first.get("Registered").is_some(), "{first}");
    assert_eq!(heads(&app, id).await, 2);

    let big = family(id, 2, &[("王小明", 8), ("王小红", 10), ("王小刚", 12)], 0);
    let refused = outcome(&app, &big).await;
    let message = refused["Refused"]["message"].as_str().unwrap();
    assert!(message.contains("4 人") && message.contains("仅剩 3 个名额"), "{message}");
    assert_eq!(heads(&app, id).await, 2, "nothing of the family was taken");
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_people").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_registrations").await, 1);

    // one more place: 4 left, and the family of 4 is taken whole
    let (status, body) = admin
        .call(
            "activity_edit",
            &[
                ("activity[id]", &id.to_string()),
                ("activity[campaign]", CAMPAIGN),
                ("activity[title]", "小手牵大手 · 世博安全行"),
                ("activity[starts_at]", &china_field(5, 9, 0)),
                ("activity[ends_at]", &china_field(5, 12, 0)),
                ("activity[meeting_point]", "南湖区文化中心北门"),
                ("activity[capacity]", "6"),
                ("activity[audience]", "families"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let taken = outcome(&app, &big).await;
    let people = taken["Registered"]["people"].as_array().unwrap();
    let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["王建国", "王小明", "王小红", "王小刚"]);
    assert_eq!(heads(&app, id).await, 6);
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_people").await, 6);
    let codes: std::collections::HashSet<&str> = people.iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 4, "everyone has a code of their own");

    // one confirmation, to the guardian, listing all four
    let bodies: Vec<String> =
        sea_orm_rows(&app, "SELECT body_text FROM outbox WHERE kind = 'activity_confirmation'").await;
    assert_eq!(bodies.len(), 2);
    let mail = bodies.iter().find(|b| b.contains("王小刚")).unwrap();
    for name in names {
        assert!(mail.contains(name), "{name} is in the mail");
    }
    assert!(!mail.contains(&big.id_number), "never an ID number in a mail");

    // the same guardian cannot come twice
    let again = outcome(&app, &big).await;
    assert_eq!(again["Refused"]["errors"]["id_number"], "family_duplicate", "{again}");
    assert_eq!(heads(&app, id).await, 6);
}
on_both_engines!(a_family_too_big_for_the_places_left_is_refused_whole_and_taken_whole_when_it_fits);

async fn sea_orm_rows(app: &TestApp, sql: &str) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.state.db.get_database_backend();
    let rows = app.state.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}

async fn three_hundred_concurrent_families_never_hold_more_than_a_hundred_places(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 100, &[]).await;
    let storm: Vec<_> = (0..300u32)
        .map(|seq| {
            let state = app.state.clone();
            // 1–6 people: the guardian and 0–5 companions
            let kids = ["甲", "乙", "丙", "丁", "戊"];
            let children: Vec<(&str, u8)> = kids.iter().take((seq % 6) as usize).map(|k| (*k, 9u8)).collect();
            let form = family(id, 1000 + seq, &children, 0);
            tokio::spawn(async move { activities::register(&state, &form, Utc::now()).await })
        })
        .collect();
    let (mut taken, mut refused) = (0, 0);
    for task in storm {
        match task.await.unwrap().expect("no failure under the storm") {
            FamilyOutcome::Registered(receipt) => taken += receipt.people.len() as i64,
            FamilyOutcome::Refused { message, .. } => {
                refused += 1;
                assert!(message.unwrap().contains("名额"), "a refusal says it is about places");
            }
        }
    }
    assert!(refused > 0, "300 families of 1–6 cannot all fit into 100 places");
    assert!(taken <= 100 && taken > 90, "taken {taken}");
    assert_eq!(heads(&app, id).await, taken, "the counter is the people told yes");
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_people").await, taken);
    let heads_sum = app.count("SELECT COALESCE(SUM(heads), 0) FROM activity_registrations").await;
    assert_eq!(heads_sum, taken, "every family was written whole");
}
on_both_engines!(three_hundred_concurrent_families_never_hold_more_than_a_hundred_places);

async fn a_child_under_fourteen_without_consent_is_refused_with_the_consent_field_marked(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 10, &[]).await;
    let mut form = family(id, 7, &[("王小明", 9)], 0);
    form.people.remove("c1_consent");

    let refused = outcome(&app, &form).await;
    assert_eq!(refused["Refused"]["errors"]["c1_consent"], "child_consent", "{refused}");
    assert_eq!(heads(&app, id).await, 0);

    // without JavaScript: back on the page, the box marked, the words beside it, typed values kept
    let response = app
        .browser_client()
        .post(format!("{}/api/activity_signup", app.base))
        .header("accept", "text/html")
        .form(&posted(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    let consent = &html[html.find("id=\"c1-consent\"").unwrap()..];
    let tag = &consent[..consent.find('>').unwrap()];
    assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
    assert!(html.contains("14 周岁以下儿童须由监护人勾选同意"));
    assert!(html.contains("value=\"王小明\""), "the child's name is kept");
    assert!(!html.contains(&form.id_number), "the ID number is never sent back");
}
on_both_engines!(a_child_under_fourteen_without_consent_is_refused_with_the_consent_field_marked);

async fn the_desk_checks_a_family_in_with_the_guardians_code_and_counts_hours_for_adults_only(
    engine: Engine,
) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let starts =
        (Utc::now() - Duration::hours(1)).with_timezone(&CHINA_OFFSET).format("%Y-%m-%dT%H:%M").to_string();
    let ends =
        (Utc::now() + Duration::hours(3)).with_timezone(&CHINA_OFFSET).format("%Y-%m-%dT%H:%M").to_string();
    // registered days ahead, then moved to now (sign-up closes at the start, so it must close first)
    let now_open =
        [("starts_at", starts.as_str()), ("ends_at", ends.as_str()), ("signup_closes_at", starts.as_str())];
    let id = activity(&admin, 10, &[]).await;
    let other = activity(&admin, 10, &[]).await;
    let taken = outcome(&app, &family(id, 11, &[("王小明", 9)], 1)).await;
    let people = taken["Registered"]["people"].as_array().unwrap().clone();
    let code = |i: usize| people[i]["code"].as_str().unwrap().to_string();
    let elsewhere = outcome(&app, &family(other, 12, &[], 0)).await;
    let foreign = elsewhere["Registered"]["people"][0]["code"].as_str().unwrap().to_string();
    let mut edit: Vec<(&str, &str)> = vec![
        ("activity[id]", ""),
        ("activity[campaign]", CAMPAIGN),
        ("activity[title]", "小手牵大手"),
        ("activity[meeting_point]", "南湖"),
        ("activity[capacity]", "10"),
        ("activity[audience]", "families"),
    ];
    let id_text = id.to_string();
    edit[0].1 = &id_text;
    let moved: Vec<(String, String)> =
        now_open.iter().map(|(k, v)| (format!("activity[{k}]"), v.to_string())).collect();
    edit.extend(moved.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (status, body) = admin.call("activity_edit", &edit).await;
    assert_eq!(status, 200, "{body}");

    // a partner listens for check-ins (the delivery is queued with the check-in itself)
    let token = admin.call_json("partner_create", &[("token[partner]", "志愿者协会")]).await;
    let hook = app
        .script_client()
        .post(format!("{}/api/v1/webhooks", app.base))
        .bearer_auth(token.as_str().unwrap())
        .json(&serde_json::json!({ "url": "http://127.0.0.1:9/hook", "events": ["checked_in"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status().as_u16(), 201, "{}", hook.text().await.unwrap());

    let desk = |code: String| {
        let id = id.to_string();
        let admin = &admin;
        async move { admin.call("activity_arrive", &[("id", &id), ("code", &code)]).await }
    };
    let (status, body) = desk(format!("https://x.cn/me/checkin/{}", code(0).to_lowercase())).await;
    assert_eq!(status, 200, "{body}");
    let queued =
        sea_orm_rows(&app, "SELECT payload FROM webhook_deliveries WHERE event = 'checked_in'").await;
    assert_eq!(queued.len(), 1, "one event for the family's arrival");
    let event: Value = serde_json::from_str(&queued[0]).unwrap();
    assert_eq!(event["data"]["activity_id"], id);
    assert_eq!(event["data"]["people"], 3, "the guardian, the child and the adult companion");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        report["names"].as_array().unwrap().len(),
        3,
        "the guardian's code brings the family in: {report}"
    );
    let (status, body) = desk(code(1)).await;
    assert_eq!(status, 422, "a second scan is refused: {body}");
    assert!(body.contains("已签到"), "{body}");
    let (status, body) = desk(foreign).await;
    assert_eq!(status, 422);
    assert!(body.contains("不属于本活动"), "{body}");
    let (status, _) = desk("'; DROP TABLE activity_people; --".into()).await;
    assert_eq!(status, 422);

    // without JavaScript: back on the activity's page, told whom the desk recorded
    let plain =
        admin.form_post("/api/admin/activity_depart", &[("id", &id.to_string()), ("code", &code(0))]).await;
    let to = plain.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("/admin/activities/{id}?notice=")), "{to}");
    let (_, told, _) = admin.page(&to).await;
    assert!(told.contains("签退（3 人）"), "the notice names the family's departure");
    let minutes = sea_orm_rows(&app, "SELECT kind || ':' || COALESCE(CAST(minutes_served AS TEXT), '-') FROM activity_people WHERE left_at IS NOT NULL ORDER BY id").await;
    assert_eq!(minutes.len(), 3);
    assert!(minutes[0].starts_with("guardian:") && !minutes[0].ends_with(":-"), "{minutes:?}");
    assert_eq!(minutes[1], "child:-", "children earn no hours");
    assert!(minutes[2].starts_with("adult:") && !minutes[2].ends_with(":-"));

    let (status, page, _) = admin.page(&format!("/admin/activities/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("data-testid=\"roster-person\"").count(), 3);
}
on_both_engines!(the_desk_checks_a_family_in_with_the_guardians_code_and_counts_hours_for_adults_only);

async fn nonsense_family_posts_are_refused_in_words_and_write_nothing(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 10, &[]).await;
    let good = family(id, 21, &[("王小明", 9)], 0);
    let mut cases: Vec<FamilyForm> = Vec::new();
    for activity in ["", "abc", "-1", "0", "99999999", "1; DROP TABLE activities", &"9".repeat(5000)] {
        cases.push(FamilyForm { activity: activity.into(), ..good.clone() });
    }
    cases.push(FamilyForm { name: "<script>alert(1)</script>".into(), ..good.clone() });
    cases.push(FamilyForm { name: "王".repeat(10_000), ..good.clone() });
    cases.push(FamilyForm { email: "not-an-address".into(), ..good.clone() });
    cases.push(FamilyForm { consent: String::new(), ..good.clone() });
    cases.push(FamilyForm {
        id_number: id_number("330402", NaiveDate::from_ymd_opt(2015, 5, 5).unwrap(), 1),
        ..good.clone()
    });
    let mut stuffed = good.clone();
    for i in 0..500 {
        stuffed.people.insert(format!("x{i}"), "y".into());
    }
    cases.push(stuffed);
    let mut too_many = good.clone();
    too_many.people.insert("c6_kind".into(), "child".into());
    too_many.people.insert("c6_name".into(), "多余".into());
    too_many.people.insert("c6_age".into(), "3".into());
    // row six is not a row: the family is the guardian and one child
    for case in &cases {
        let (status, body) = register(&app, case).await;
        assert!(status < 500, "{status}: {body}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        let message = answer["Refused"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "refused in words: {body}");
    }
    assert_eq!(heads(&app, id).await, 0, "nothing was taken");
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_registrations").await, 0);
    let taken = outcome(&app, &too_many).await;
    assert_eq!(taken["Registered"]["people"].as_array().unwrap().len(), 2);
}
on_both_engines!(nonsense_family_posts_are_refused_in_words_and_write_nothing);

async fn a_guardian_without_javascript_signs_up_two_children_and_sees_everyone_on_the_page(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 40, &[]).await;

    let (status, list) = app.get_html("/activities").await;
    assert_eq!(status, 200);
    assert!(list.contains("小手牵大手 · 世博安全行") && list.contains(&format!("/activities/{id}")));
    let (status, page) = app.get_html(&format!("/activities/{id}?src=weibo")).await;
    assert_eq!(status, 200);
    for fact in ["南湖区文化中心北门", "请提前十分钟到达", "0573-82000000", "月河街区", "40 / 40"]
    {
        assert!(page.contains(fact), "the box shows {fact}");
    }
    assert!(page.contains("name=\"form[src]\" value=\"weibo\""), "the share path rides along");
    assert!(!page.contains("<script src"), "no script file on a public page");

    let mut form = family(id, 31, &[("王小明", 8), ("王小红", 15)], 0);
    form.src = "weibo".into();
    let response = app
        .browser_client()
        .post(format!("{}/api/activity_signup", app.base))
        .header("accept", "text/html")
        .form(&posted(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(html.matches("data-testid=\"receipt-person\"").count(), 3, "one confirmation lists all three");
    for name in ["王建国", "王小明", "王小红"] {
        assert!(html.contains(name));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_registrations WHERE source = 'weibo'").await, 1);
    let (_, dashboard, _) = admin.page("/admin/dashboard?campaign=volunteers-guard-expo").await;
    assert!(
        dashboard.contains("data-testid=\"per-activity-chart\""),
        "the dashboard counts people per activity"
    );
    let (_, again) = app.get_html(&format!("/activities/{id}")).await;
    assert!(again.contains("37 / 40"), "the places left went down by three");

    // each code opens its check-in card (its QR code, no name)
    let code =
        sea_orm_rows(&app, "SELECT checkin_code FROM activity_people WHERE kind = 'child' ORDER BY id").await;
    let (status, card) = app.get_html(&format!("/me/checkin/{}", code[0])).await;
    assert_eq!(status, 200);
    assert!(card.contains("<svg") && card.contains(&code[0]) && !card.contains("王小明"));
}
on_both_engines!(a_guardian_without_javascript_signs_up_two_children_and_sees_everyone_on_the_page);

async fn cancelling_an_activity_mails_every_family_once_and_closes_it(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 20, &[]).await;
    for seq in 41..44 {
        outcome(&app, &family(id, seq, &[("王小明", 9)], 0)).await;
    }

    let (status, body) = admin.call("activity_cancel", &[("id", &id.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, "3", "three families mailed");
    let mails = sea_orm_rows(
        &app,
        "SELECT recipient FROM outbox WHERE kind = 'activity_cancelled' ORDER BY recipient",
    )
    .await;
    assert_eq!(mails, ["guardian41@example.cn", "guardian42@example.cn", "guardian43@example.cn"]);
    let (status, body) = admin.call("activity_cancel", &[("id", &id.to_string())]).await;
    assert_eq!(status, 422, "a second cancel is refused: {body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'activity_cancelled'").await, 3);

    let late = outcome(&app, &family(id, 44, &[], 0)).await;
    assert_eq!(late["Refused"]["message"], "本活动已取消。");
    let (_, page) = app.get_html(&format!("/activities/{id}")).await;
    assert!(page.contains("本活动已取消。") && !page.contains("data-testid=\"family-form\""));
}
on_both_engines!(cancelling_an_activity_mails_every_family_once_and_closes_it);

async fn the_retention_job_erases_the_families_of_a_campaign_past_its_retention(engine: Engine) {
    use shouwang::server::services::retention;
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = activity(&admin, 20, &[]).await;
    let form = family(id, 51, &[("王小明", 9)], 1);
    outcome(&app, &form).await;

    // the campaign closed long ago, with no days of retention left
    let later = Utc::now() + Duration::days(400);
    assert!(retention::run_once(&app.state.db, later).await.unwrap().unwrap() >= 1);
    let kept = sea_orm_rows(&app, "SELECT guardian_name || id_cipher || mobile_cipher || mobile_masked || email FROM activity_registrations").await;
    assert_eq!(kept, [""], "nothing personal of the guardian is left");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM activity_people WHERE name <> '' OR mobile_cipher IS NOT NULL").await,
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM activity_people").await, 3, "the heads stay, for the counts");
    assert_eq!(heads(&app, id).await, 3);
    let (_, roster, _) = admin.page(&format!("/admin/activities/{id}")).await;
    assert!(!roster.contains("王建国") && !roster.contains("王小明"));
}
on_both_engines!(the_retention_job_erases_the_families_of_a_campaign_past_its_retention);
