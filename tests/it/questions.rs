//! Organizers' own questions: added in the back office, asked on the public form (a condition
//! on the role), checked on the server, stored with the sign-up, and read back on the application
//! page, as a queue filter, in both export formats and through the partner API; reworded, moved,
//! retired and restored without losing an answer — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use std::io::Cursor;

use admin_support::{signed_in, Session};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{spawn_app, Engine, Person, TestApp};
use serde_json::Value;
use shouwang::server::access::Role;

const EXPO: &str = "volunteers-guard-expo";

/// Adds (or, with `id`, rewords) a question the way the back office's form does; (status, body).
async fn save(admin: &Session, fields: &[(&str, &str)]) -> (u16, String) {
    let mut form = vec![("question[campaign]", EXPO)];
    form.extend_from_slice(fields);
    admin.call("question_save", &form).await
}

async fn question_id(app: &TestApp, label: &str) -> i64 {
    let sql = format!(
        "SELECT CAST(q.id AS BIGINT) FROM questions q JOIN campaigns c ON c.id = q.campaign_id \
         WHERE q.label = '{label}' AND c.slug = '{EXPO}'"
    );
    app.count(&sql).await
}

fn with_answers(person: &Person, answers: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = person.form();
    form.extend(answers.iter().map(|(k, v)| (format!("form[answers][q{k}]"), v.to_string())));
    form
}

fn field_errors(outcome: &Value) -> Value {
    outcome["Rejected"]["errors"].clone()
}

async fn export(admin: &Session, format: &str, filter: &[(&str, &str)]) -> Vec<u8> {
    let mut form = vec![("campaign", EXPO), ("format", format)];
    form.extend_from_slice(filter);
    let response = admin.form_post("/admin/export/queue", &form).await;
    assert_eq!(response.status().as_u16(), 200);
    response.bytes().await.unwrap().to_vec()
}

fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("报名").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| if let Data::String(s) = c { s.clone() } else { String::new() }).collect())
        .collect()
}

fn text_of(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).unwrap();
    doc.select(&selector).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

async fn a_required_choice_and_a_conditional_question_are_asked_checked_and_read_back_everywhere(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "管理员", Role::CityAdmin, None).await;
    let size = [
        ("question[kind]", "single_choice"),
        ("question[label]", "马甲尺码"),
        ("question[required]", "on"),
        ("question[options]", "S\nM\nL"),
    ];
    assert_eq!(save(&admin, &size).await.0, 200);
    let crossing = [
        ("question[kind]", "short_text"),
        ("question[label]", "道口值守经验"),
        ("question[required]", "on"),
        ("question[condition]", "role=road_crossing_duty"),
    ];
    assert_eq!(save(&admin, &crossing).await.0, 200);
    let languages = [
        ("question[kind]", "multi_choice"),
        ("question[label]", "会讲的语言"),
        ("question[options]", "普通话\n嘉兴话\n英语"),
    ];
    assert_eq!(save(&admin, &languages).await.0, 200);
    let (q1, q2) = (question_id(&app, "马甲尺码").await, question_id(&app, "道口值守经验").await);
    let q3 = question_id(&app, "会讲的语言").await;

    // the public form asks them; the second only; the second only when its role is chosen (the stylesheet beside it)
    let (_, page) = app.get_html(&format!("/campaigns/{EXPO}")).await;
    assert_eq!(text_of(&page, &format!("#q-{q1} legend")), ["马甲尺码 *"]);
    assert_eq!(text_of(&page, &format!("#q-{q1} label.choice")), ["S", "M", "L"]);
    assert_eq!(text_of(&page, &format!("#q-{q2} label")), ["道口值守经验 *"]);
    assert!(text_of(&page, &format!("#h-q{q2}"))[0].contains("进沪道口值守"), "the hint names the role");
    let rule = format!("#signup-form:not(:has(#f-role option[value=\"road_crossing_duty\"]:checked)) #q-{q2}{{display:none}}");
    assert!(page.contains(&rule), "the question hides unless its role is chosen");

    // a missing required answer is refused under its own field, nothing written
    let refused = app.signup_outcome(&Person::valid(1).form()).await;
    assert_eq!(field_errors(&refused)[format!("q{q1}")], "required");
    assert_eq!(field_errors(&refused).get(format!("q{q2}")), None, "not asked of a patroller");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    // without JavaScript: back on the form, the field marked, its message in words
    let response = app.post_signup_without_javascript(&Person::valid(1).form()).await;
    let back = response.text().await.unwrap();
    assert_eq!(text_of(&back, &format!("#e-q{q1}")), ["此项为必填项。"]);
    assert!(back.contains(&format!("id=\"q-{q1}\" data-question=\"{q1}\"")), "the form is shown again");
    assert_eq!(text_of(&back, &format!("fieldset[aria-invalid=true]#q-{q1} legend")).len(), 1);

    // a patroller answers the size and ticks two languages; an answer to the question not asked
    // is dropped
    let (ticked_a, ticked_b) = (format!("{q3}.o1"), format!("{q3}.o3"));
    let patroller = with_answers(
        &Person::valid(2),
        &[(&q1.to_string(), "o2"), (&q2.to_string(), "stray"), (&ticked_a, "on"), (&ticked_b, "on")],
    );
    let accepted = app.signup_outcome(&patroller).await;
    assert!(accepted["Accepted"]["reference"].is_string(), "{accepted}");
    // someone at the crossing must answer the second question too
    let mut crossing_person = Person::valid(3);
    crossing_person.role = "road_crossing_duty".into();
    let half = with_answers(&crossing_person, &[(&q1.to_string(), "o3")]);
    assert_eq!(field_errors(&app.signup_outcome(&half).await)[format!("q{q2}")], "required");
    let full =
        with_answers(&crossing_person, &[(&q1.to_string(), "o3"), (&q2.to_string(), "三年，嘉善道口")]);
    let reference = app.signup_outcome(&full).await["Accepted"]["reference"].as_str().unwrap().to_string();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM answers").await,
        5,
        "size twice, experience once, two languages"
    );
    let patroller_id = app
        .count(&format!(
            "SELECT id FROM applications WHERE reference = '{}'",
            accepted["Accepted"]["reference"].as_str().unwrap()
        ))
        .await;
    let (_, detail, _) = admin.page(&format!("/admin/applications/{patroller_id}")).await;
    assert_eq!(text_of(&detail, "dd.answer"), ["M", "普通话、英语"]);

    // the application page
    let id = app.count(&format!("SELECT id FROM applications WHERE reference = '{reference}'")).await;
    let (_, detail, _) = admin.page(&format!("/admin/applications/{id}")).await;
    let shown: Vec<(String, String)> =
        text_of(&detail, "dt[data-question]").into_iter().zip(text_of(&detail, "dd.answer")).collect();
    assert_eq!(
        shown,
        [("马甲尺码".to_string(), "L".to_string()), ("道口值守经验".into(), "三年，嘉善道口".into())]
    );

    // the queue, filtered by an answer
    let queue = |answer: String| {
        let admin = &admin;
        async move {
            admin.call("queue", &[("filter[campaign]", EXPO), ("filter[answer]", answer.as_str())]).await
        }
    };
    let (status, body) = queue(format!("q{q1}=o2")).await;
    assert_eq!(status, 200, "{body}");
    let found: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(found["total"], 1);
    assert!(found["answers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["value"] == format!("q{q1}=o3") && c["label"] == "马甲尺码：L"));
    let (_, body) = queue(format!("q{q1}=o1")).await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["total"], 0);
    let (_, body) = queue(format!("q{q3}=o3")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["total"],
        1,
        "a multiple choice filters by each box"
    );
    for nonsense in [format!("q{q2}=o1"), "q999=o1".into(), "role=x".into(), "q1=' OR 1=1 --".into()] {
        let (status, body) = queue(nonsense.clone()).await;
        assert_eq!(status, 422, "{nonsense}: {body}");
        assert!(body.contains("筛选的回答不是本活动选择题的选项"), "{body}");
    }
    let (_, page_html, _) = admin.page(&format!("/admin/applications?campaign={EXPO}")).await;
    assert!(text_of(&page_html, "#q-answer option").contains(&"马甲尺码：M".to_string()));

    // both export formats carry a column per question
    let csv = String::from_utf8(export(&admin, "csv", &[]).await).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",马甲尺码,道口值守经验,会讲的语言"), "{header}");
    assert!(csv.lines().any(|l| l.contains(&reference) && l.ends_with(",L,三年，嘉善道口,")), "{csv}");
    let rows = xlsx_rows(export(&admin, "xlsx", &[("answer", &format!("q{q1}=o3"))]).await);
    assert_eq!(rows.len(), 2, "the header and the one filtered row");
    assert_eq!(rows[0][rows[0].len() - 3..], ["马甲尺码", "道口值守经验", "会讲的语言"]);
    assert_eq!(rows[1][rows[1].len() - 3..], ["L", "三年，嘉善道口", ""]);

    // the partner API carries the answers, with the questions' stable ids
    let token = admin.call_json("partner_create", &[("token[partner]", "志愿者协会")]).await;
    let response = app
        .script_client()
        .get(format!("{}/api/v1/applications/{id}", app.base))
        .bearer_auth(token.as_str().unwrap())
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["answers"][0]["question"], q1);
    assert_eq!(body["answers"][0]["values"], serde_json::json!(["o3"]));
    assert_eq!(body["answers"][1]["text"], "三年，嘉善道口");
}
on_both_engines!(a_required_choice_and_a_conditional_question_are_asked_checked_and_read_back_everywhere);

async fn rewording_moving_and_retiring_a_question_keep_every_answer_readable(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "管理员", Role::CityAdmin, None).await;
    let size =
        [("question[kind]", "single_choice"), ("question[label]", "尺码"), ("question[options]", "S\nM\nL")];
    assert_eq!(save(&admin, &size).await.0, 200);
    assert_eq!(
        save(
            &admin,
            &[
                ("question[kind]", "number"),
                ("question[label]", "年限"),
                ("question[min]", "0"),
                ("question[max]", "60")
            ]
        )
        .await
        .0,
        200
    );
    let (q1, q2) = (question_id(&app, "尺码").await, question_id(&app, "年限").await);
    let accepted = app
        .signup_outcome(&with_answers(&Person::valid(1), &[(&q1.to_string(), "o2"), (&q2.to_string(), "7")]))
        .await;
    let reference = accepted["Accepted"]["reference"].as_str().unwrap().to_string();
    let id = app.count(&format!("SELECT id FROM applications WHERE reference = '{reference}'")).await;

    // reworded, options too: the answer given stays with the question, in its new words
    let (id1, id2) = (q1.to_string(), q2.to_string());
    let reword = [
        ("question[id]", id1.as_str()),
        ("question[label]", "马甲尺码（按平时穿着）"),
        ("question[options]", "小号\n中号\n大号\n特大号"),
    ];
    assert_eq!(save(&admin, &reword).await.0, 200);
    assert_eq!(question_id(&app, "马甲尺码（按平时穿着）").await, q1, "the same question");
    let (_, detail, _) = admin.page(&format!("/admin/applications/{id}")).await;
    assert_eq!(text_of(&detail, "dt[data-question]"), ["马甲尺码（按平时穿着）", "年限"]);
    assert_eq!(text_of(&detail, "dd.answer"), ["中号", "7"]);
    // an option cannot be taken away: answers name it
    let (status, body) = save(
        &admin,
        &[("question[id]", id1.as_str()), ("question[label]", "尺码"), ("question[options]", "小号\n中号")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("已有选项不能删除"), "{body}");
    assert_eq!(question_id(&app, "马甲尺码（按平时穿着）").await, q1, "nothing changed");

    // moved: the public form asks them in the new order
    assert_eq!(admin.call("question_move", &[("id", id2.as_str()), ("direction", "up")]).await.0, 200);
    let (_, page) = app.get_html(&format!("/campaigns/{EXPO}")).await;
    let order: Vec<String> =
        text_of(&page, "[data-question]").into_iter().map(|t| t.chars().take(2).collect()).collect();
    assert_eq!(order, ["年限", "马甲"]);
    let (status, _) = admin.call("question_move", &[("id", id2.as_str()), ("direction", "up")]).await;
    assert_eq!(status, 422, "already first");

    // retired: no longer asked, its answer still on the application page and in the export
    assert_eq!(admin.call("question_retire", &[("id", id1.as_str()), ("retired", "1")]).await.0, 200);
    let (_, page) = app.get_html(&format!("/campaigns/{EXPO}")).await;
    assert!(!page.contains(&format!("id=\"q-{q1}\"")), "a retired question is not asked");
    let later = app.signup_outcome(&with_answers(&Person::valid(2), &[(&id1, "o9")])).await;
    assert!(later["Accepted"].is_object(), "an answer to a retired question is ignored: {later}");
    let (_, detail, _) = admin.page(&format!("/admin/applications/{id}")).await;
    assert_eq!(text_of(&detail, "dt[data-question]"), ["年限", "马甲尺码（按平时穿着）（已停用）"]);
    assert_eq!(text_of(&detail, "dd.answer"), ["7", "中号"]);
    let csv = String::from_utf8(export(&admin, "csv", &[]).await).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",年限,马甲尺码（按平时穿着）（已停用）"));
    assert!(csv.lines().any(|l| l.contains(&reference) && l.ends_with(",7,中号")));
    // and restored
    assert_eq!(admin.call("question_retire", &[("id", id1.as_str()), ("retired", "0")]).await.0, 200);
    let (_, page) = app.get_html(&format!("/campaigns/{EXPO}")).await;
    assert!(page.contains(&format!("id=\"q-{q1}\"")));
    let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'question'").await;
    assert_eq!(audited, 6, "two added, one reworded, one moved, retired, restored");
}
on_both_engines!(rewording_moving_and_retiring_a_question_keep_every_answer_readable);

async fn nonsense_questions_and_answers_are_refused_in_words_and_write_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "管理员", Role::CityAdmin, None).await;
    // the demo data asks questions on another campaign
    let demo = app.count("SELECT COUNT(*) FROM questions").await;
    assert_eq!(save(&admin, &[("question[kind]", "yes_no"), ("question[label]", "有驾驶证吗")]).await.0, 200);
    let yes_no = question_id(&app, "有驾驶证吗").await.to_string();
    let huge = "问".repeat(10_000);
    let own = format!("q{yes_no}=yes");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("question[kind]", "essay"), ("question[label]", "x")], "请选择问题类型"),
        (vec![("question[kind]", "short_text"), ("question[label]", "")], "请填写问题"),
        (vec![("question[kind]", "short_text"), ("question[label]", &huge)], "请填写问题"),
        (vec![("question[kind]", "short_text"), ("question[label]", "a\u{0}b")], "请填写问题"),
        (
            vec![
                ("question[kind]", "single_choice"),
                ("question[label]", "x"),
                ("question[options]", "only"),
            ],
            "2–30 个不重复",
        ),
        (
            vec![
                ("question[kind]", "single_choice"),
                ("question[label]", "x"),
                ("question[options]", "a\na"),
            ],
            "2–30 个不重复",
        ),
        (
            vec![
                ("question[kind]", "number"),
                ("question[label]", "x"),
                ("question[min]", "9"),
                ("question[max]", "1"),
            ],
            "最小值",
        ),
        (vec![("question[kind]", "number"), ("question[label]", "x"), ("question[min]", "1e9")], "最小值"),
        (
            vec![
                ("question[kind]", "date"),
                ("question[label]", "x"),
                ("question[condition]", "role=nobody"),
            ],
            "询问条件",
        ),
        (
            vec![("question[kind]", "date"), ("question[label]", "x"), ("question[condition]", "q999=yes")],
            "询问条件",
        ),
        (
            vec![("question[id]", &yes_no), ("question[label]", "x"), ("question[condition]", &own)],
            "询问条件",
        ),
        (vec![("question[id]", "99999"), ("question[label]", "x")], "找不到这个问题"),
        (vec![("question[id]", "'; DROP TABLE questions; --"), ("question[label]", "x")], "找不到这个问题"),
    ];
    for (fields, words) in cases {
        let (status, body) = save(&admin, &fields).await;
        assert_eq!(status, 422, "{fields:?}: {body}");
        assert!(body.contains(words), "{fields:?}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM questions").await, demo + 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'question'").await, 1);
    for (id, direction) in [("abc", "up"), ("-1", "up"), ("99999", "down")] {
        assert_eq!(admin.call("question_move", &[("id", id), ("direction", direction)]).await.0, 422);
    }
    // only city admins edit questions
    let district = signed_in(&app, "南湖区", Role::DistrictOrganizer, Some("330402")).await;
    assert_eq!(save(&district, &[("question[kind]", "date"), ("question[label]", "x")]).await.0, 403);
    assert_eq!(district.call("question_retire", &[("id", &yes_no), ("retired", "1")]).await.0, 403);

    // hostile answers: words, never a 500, nothing written
    let q = yes_no.as_str();
    let many: Vec<(String, String)> = (0..500).map(|i| (format!("q{i}.x"), "on".to_string())).collect();
    let mut stuffed = Person::valid(1).form();
    stuffed.extend(many.into_iter().map(|(k, v)| (format!("form[answers][{k}]"), v)));
    assert!(app.signup_outcome(&stuffed).await["Accepted"].is_object(), "unknown answers are ignored");
    for (value, code) in
        [("maybe", "answer_choice"), (&*"y".repeat(5000), "too_long"), ("<script>", "answer_choice")]
    {
        let outcome = app.signup_outcome(&with_answers(&Person::valid(2), &[(q, value)])).await;
        assert_eq!(field_errors(&outcome)[format!("q{yes_no}")], code);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM answers").await, 0);
}
on_both_engines!(nonsense_questions_and_answers_are_refused_in_words_and_write_nothing);
