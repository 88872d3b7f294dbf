//! The partner API (`/api/v1/`): tokens a city admin creates in the back office, county limits
//! and masking, revocation, decisions with the back office's audit entry and mail, paging by
//! cursor, the rate limit per token, and problem answers to nonsense — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use std::time::Duration;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU, XIUZHOU};
use common::{spawn_app, Engine, TestApp};
use sea_orm::EntityTrait;
use serde_json::{json, Value};
use shouwang::server::access::Role;

/// A city admin creates a token through the back office, as a script would; answers the token.
async fn create_token(admin: &Session, partner: &str, county: &str, extra: &[(&str, &str)]) -> String {
    let mut form = vec![("token[partner]", partner), ("token[county]", county)];
    form.extend_from_slice(extra);
    let answer = admin.call_json("partner_create", &form).await;
    answer.as_str().expect("the new token").to_string()
}

struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn get(&self, path: &str) -> (u16, Value, reqwest::header::HeaderMap) {
        let response = self
            .app
            .script_client()
            .get(format!("{}{path}", self.app.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        (status, response.json().await.unwrap_or(Value::Null), headers)
    }

    async fn post(&self, path: &str, body: &str) -> (u16, Value, reqwest::header::HeaderMap) {
        let response = self
            .app
            .script_client()
            .post(format!("{}{path}", self.app.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        (status, response.json().await.unwrap_or(Value::Null), headers)
    }
}

fn is_problem(headers: &reqwest::header::HeaderMap) -> bool {
    headers.get("content-type").and_then(|v| v.to_str().ok()) == Some("application/problem+json")
}

async fn a_county_token_sees_only_its_county_masked_and_a_revoked_token_is_refused_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    let xiuzhou = communities(&app, XIUZHOU);
    let ids = insert(
        &app,
        vec![
            NewApplication::pending(&nanhu[0].1),
            NewApplication::pending(&nanhu[1].1),
            NewApplication::pending(&xiuzhou[0].1),
        ],
    )
    .await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token = create_token(&admin, "南湖区志愿者办公室", NANHU, &[]).await;
    let api = Api { app: &app, token: token.clone() };

    let (status, page, _) = api.get("/api/v1/applications").await;
    assert_eq!(status, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    let seen: Vec<i64> = items.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(seen, ids[..2].to_vec(), "only Nanhu's applications");
    for a in items {
        assert!(a["region"]["code"].as_str().unwrap().starts_with(NANHU));
        assert!(a["mobile"].as_str().unwrap().contains('*'), "mobile masked: {a}");
        assert!(a["id_number"].as_str().unwrap().contains('*'), "ID masked: {a}");
        assert_eq!(a["birth_date"], Value::Null, "no birth date without the full scope");
        assert_eq!(a["role"], "community_patrol");
        assert_eq!(a["status"], "pending");
    }
    let (status, problem, headers) = api.get(&format!("/api/v1/applications/{}", ids[2])).await;
    assert_eq!((status, is_problem(&headers)), (404, true), "Xiuzhou's application is not there: {problem}");
    let (status, problem, _) =
        api.post(&format!("/api/v1/applications/{}/decision", ids[0]), r#"{"decision":"approved"}"#).await;
    assert_eq!(status, 403, "a read token does not decide: {problem}");
    assert!(problem["detail"].as_str().unwrap().contains("审核决定"));

    // the token is never stored or shown again: the list has its first characters only
    let listed = admin.call_json("partners", &[]).await.to_string();
    assert!(listed.contains("南湖区志愿者办公室") && listed.contains(&token[..10]));
    assert!(!listed.contains(&token));
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{token}'")).await, 0);
    // every read is in the audit log, named after the partner
    let reads = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_read' AND actor_name LIKE '%南湖区志愿者办公室%'")
        .await;
    assert_eq!(reads, 1, "the one successful read");

    let id = app.count("SELECT CAST(MAX(id) AS BIGINT) FROM api_tokens").await.to_string();
    let (status, body) = admin.call("partner_revoke", &[("id", &id)]).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, headers) = api.get("/api/v1/applications").await;
    assert_eq!(status, 401, "refused from the next request on");
    assert_eq!(headers.get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token'").await,
        2,
        "created, revoked"
    );
}
on_both_engines!(a_county_token_sees_only_its_county_masked_and_a_revoked_token_is_refused_at_once);

async fn a_decision_through_the_api_writes_the_same_audit_entry_and_mail_as_the_back_office(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    let mut by_api = NewApplication::pending(&nanhu[0].1);
    by_api.email = Some("api@example.cn".into());
    let mut by_hand = NewApplication::pending(&nanhu[1].1);
    by_hand.email = Some("hand@example.cn".into());
    let ids = insert(&app, vec![by_api, by_hand]).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token =
        create_token(&admin, "市志愿者协会", "", &[("token[decide]", "on"), ("token[full]", "on")]).await;
    let api = Api { app: &app, token };

    let path = format!("/api/v1/applications/{}/decision", ids[0]);
    let (status, problem, _) = api.post(&path, r#"{"decision":"rejected"}"#).await;
    assert_eq!(status, 422, "a rejection needs a reason: {problem}");
    assert_eq!(problem["problem"], "ReasonRequired");
    let (status, decided, _) = api.post(&path, r#"{"decision":"rejected","reason":"capacity"}"#).await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "rejected");
    assert!(!decided["mobile"].as_str().unwrap().contains('*'), "the full scope sees the number");
    assert!(decided["birth_date"].is_string());
    let (status, _, _) = api.post(&path, r#"{"decision":"rejected","reason":"capacity"}"#).await;
    assert_eq!(status, 422, "unchanged");
    let (status, body) = admin
        .call(
            "decide",
            &[("id", &ids[1].to_string()), ("form[decision]", "rejected"), ("form[reason]", "capacity")],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let trail = |id: i64| {
        format!(
            "SELECT COUNT(*) FROM audit_log WHERE application_id = {id} AND action = 'decision' \
             AND from_status = 'pending' AND to_status = 'rejected' AND reason = '该岗位名额已满'"
        )
    };
    assert_eq!(app.count(&trail(ids[0])).await, 1);
    assert_eq!(app.count(&trail(ids[1])).await, 1);
    let actor = format!(
        "SELECT COUNT(*) FROM audit_log WHERE application_id = {} AND actor_name LIKE '%市志愿者协会%'",
        ids[0]
    );
    assert_eq!(app.count(&actor).await, 1, "the audit entry names the partner");
    let mails = app.sink.as_ref().unwrap().wait_for(2, Duration::from_secs(20)).await;
    let db = &app.state.db;
    let reference = |id: i64| async move {
        shouwang::server::entities::application::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .reference
    };
    // the same mail, but for the reference code each names
    let mail = |address: &str, reference: &str| {
        let m = mails.iter().find(|m| m["to"].to_string().contains(address)).cloned().unwrap();
        let words = |key: &str| m[key].as_str().unwrap().replace(reference, "<ref>");
        (words("subject"), words("body"))
    };
    let by_api = mail("api@example.cn", &reference(ids[0]).await);
    let by_hand = mail("hand@example.cn", &reference(ids[1]).await);
    assert_eq!(by_api, by_hand);
    assert!(by_api.1.contains("该岗位名额已满"));
}
on_both_engines!(a_decision_through_the_api_writes_the_same_audit_entry_and_mail_as_the_back_office);

async fn paging_by_cursor_visits_every_application_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    let ids =
        insert(&app, (0..120).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let api = Api { app: &app, token: create_token(&admin, "国家志愿服务信息系统", "", &[]).await };
    let mut seen = Vec::new();
    let mut path = "/api/v1/applications?limit=50".to_string();
    for _ in 0..10 {
        let (status, page, _) = api.get(&path).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(page["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/applications?limit=50&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ids, "every application once, in order");
    let (_, filtered, _) = api.get("/api/v1/applications?status=approved").await;
    assert_eq!(filtered["items"], json!([]));
}
on_both_engines!(paging_by_cursor_visits_every_application_once);

async fn nonsense_to_the_partner_api_is_a_problem_never_a_500(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token = create_token(&admin, "测试", "", &[("token[decide]", "on")]).await;
    for bad in ["", "Bearer", "sw_short", &"x".repeat(5000), &format!("{token}x")] {
        let api = Api { app: &app, token: bad.to_string() };
        let (status, _, headers) = api.get("/api/v1/campaigns").await;
        assert_eq!((status, is_problem(&headers)), (401, true), "token {:?}", &bad[..bad.len().min(20)]);
    }
    let api = Api { app: &app, token };
    for (query, name) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("cursor=-1", "cursor"),
        ("cursor=99999999999999999999", "cursor"),
        ("status=promoted", "status"),
        ("county=33", "county"),
        ("county=%E5%8D%97%E6%B9%96%E5%8C%BA", "county"),
        ("updated_since=yesterday", "updated_since"),
        ("campaign=0", "campaign"),
    ] {
        let (status, problem, headers) = api.get(&format!("/api/v1/applications?{query}")).await;
        assert_eq!((status, is_problem(&headers)), (400, true), "{query}: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains(name), "{query}: {problem}");
    }
    for path in [
        "/api/v1/applications/abc",
        "/api/v1/applications/99999999999999999999999",
        "/api/v1/campaigns/0",
        "/api/v1/nothing",
    ] {
        let (status, _, headers) = api.get(path).await;
        assert_eq!((status, is_problem(&headers)), (404, true), "{path}");
    }
    let ids = insert(&app, vec![NewApplication::pending(&communities(&app, NANHU)[0].1)]).await;
    let path = format!("/api/v1/applications/{}/decision", ids[0]);
    let long = format!(r#"{{"decision":"rejected","reason":"other","reason_text":"{}"}}"#, "长".repeat(201));
    for (body, expected) in [
        ("not json", 400),
        (r#"{"decision":"approved","root":true}"#, 400),
        (r#"{"decision":7}"#, 400),
        (r#"{"decision":"maybe"}"#, 422),
        (long.as_str(), 422),
    ] {
        let (status, problem, headers) = api.post(&path, body).await;
        assert_eq!((status, is_problem(&headers)), (expected, true), "{body}: {problem}");
    }
    let (status, _, headers) = api.post(&path, &format!(r#"{{"decision":"{}"}}"#, "a".repeat(20_000))).await;
    assert_eq!((status, is_problem(&headers)), (413, true), "a huge body");
    let put = app.script_client().put(format!("{}/api/v1/campaigns", app.base)).send().await.unwrap();
    assert_eq!(put.status(), 405);
    assert_eq!(put.headers()["content-type"], "application/problem+json");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE application_id = {}", ids[0])).await,
        0
    );

    // nonsense in the back office's token form is a message, and nothing is written
    for (name, county) in [("", ""), (&"名".repeat(101) as &str, ""), ("a\u{7}b", ""), ("区办", "999999")]
    {
        let (status, body) =
            admin.call("partner_create", &[("token[partner]", name), ("token[county]", county)]).await;
        assert_eq!(status, 422, "{name:?} {county:?}: {body}");
    }
    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let (status, _) = district.call("partner_create", &[("token[partner]", "自建")]).await;
    assert_eq!(status, 403, "only city admins create tokens");
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 1);
}
on_both_engines!(nonsense_to_the_partner_api_is_a_problem_never_a_500);

async fn a_token_past_its_rate_is_told_to_wait(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let api = Api { app: &app, token: create_token(&admin, "批量同步", "", &[]).await };
    let limit = shouwang::server::limits::PARTNER_REQUESTS_PER_MINUTE as usize;
    let mut answered = 0;
    let mut refused = false;
    // the budget refills by one every 50 ms, so a few more than the limit may pass
    for _ in 0..limit * 2 {
        let (status, problem, headers) = api.get("/api/v1/trainings").await;
        if status == 429 {
            assert!(headers.contains_key("retry-after") && is_problem(&headers), "{problem}");
            refused = true;
            break;
        }
        assert_eq!(status, 200);
        answered += 1;
    }
    assert!(refused && answered >= limit, "{answered} answered before the first refusal");
    let other = Api { app: &app, token: create_token(&admin, "另一合作方", "", &[]).await };
    assert_eq!(other.get("/api/v1/trainings").await.0, 200, "another token has its own budget");
}
on_both_engines!(a_token_past_its_rate_is_told_to_wait);

async fn the_openapi_document_lists_every_operation_and_the_docs_page_renders_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let doc: Value = app
        .script_client()
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/campaigns",
        "/api/v1/campaigns/{id}",
        "/api/v1/activities",
        "/api/v1/trainings",
        "/api/v1/applications",
        "/api/v1/applications/{id}",
        "/api/v1/applications/{id}/decision",
        "/api/v1/teams",
    ] {
        let item = &paths[path];
        let op = item.get("get").or(item.get("post")).unwrap_or_else(|| panic!("{path} documented"));
        for code in ["200", "401", "429", "500"] {
            assert!(op["responses"].get(code).is_some(), "{path} documents {code}");
        }
    }
    let (status, html) = app.get_html("/api/v1/docs").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("POST /api/v1/applications/{id}/decision") && html.contains("id=\"problem-not-found\"")
    );
    assert!(!html.contains("<script"), "the page needs no script");
    // the browser asks for an icon; one must be named, or its 404 lands in the console (Playwright
    // checks the files are served: the test server here has no built site folder)
    for linked in ["/favicon.svg", "/admin.css"] {
        assert!(html.contains(&format!("href=\"{linked}\"")), "{linked} linked");
    }
}
on_both_engines!(the_openapi_document_lists_every_operation_and_the_docs_page_renders_it);

async fn without_javascript_the_new_token_is_shown_once_on_the_tokens_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let response = admin
        .form_post("/api/admin/partner_create", &[("token[partner]", "秀洲区"), ("token[county]", XIUZHOU)])
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/admin/partners?notice="), "{location}");
    let (status, html, _) = admin.page(&location).await;
    assert_eq!(status, 200);
    let shown =
        html.split("sw_").nth(1).map(|rest| format!("sw_{}", &rest[..40])).expect("the token in the notice");
    assert!(html.contains("只显示这一次"));
    let api = Api { app: &app, token: shown.clone() };
    assert_eq!(api.get("/api/v1/campaigns").await.0, 200, "the token shown works");
    let (_, again, _) = admin.page(&location).await;
    assert!(!again.contains(&shown), "shown once only");
    assert!(again.contains("秀洲区") && again.contains(&shown[..10]));

    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let (status, html, _) = district.page("/admin/partners").await;
    assert_eq!(status, 403, "{html}");
    assert!(!html.contains("秀洲区"));
}
on_both_engines!(without_javascript_the_new_token_is_shown_once_on_the_tokens_page);
