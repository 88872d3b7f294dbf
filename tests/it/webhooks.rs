//! Partners' webhooks against a real local HTTP receiver: each event once with a valid signature,
//! retries after failures with the same event id, the delivery log, pausing, the county limit,
//! revocation, and nonsense at registration — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU, XIUZHOU};
use axum::http::{HeaderMap, StatusCode};
use common::{spawn_app, Engine, Person, TestApp};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use shouwang::server::access::Role;

#[derive(Clone, Debug)]
struct Received {
    event: String,
    event_id: String,
    signature: String,
    body: String,
}

/// A partner's endpoint: answers 500 to its first `failures` requests, then 200.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(failures: usize) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let left = Arc::new(AtomicUsize::new(failures));
        let (seen, left_here) = (got.clone(), left.clone());
        let handler = move |headers: HeaderMap, body: String| {
            let (seen, left) = (seen.clone(), left_here.clone());
            async move {
                let header = |name: &str| {
                    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
                };
                seen.lock().unwrap().push(Received {
                    event: header("shouwang-event"),
                    event_id: header("shouwang-event-id"),
                    signature: header("shouwang-signature"),
                    body,
                });
                let failing =
                    left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
                if failing {
                    (StatusCode::INTERNAL_SERVER_ERROR, "not now")
                } else {
                    (StatusCode::OK, "thanks")
                }
            }
        };
        let router = axum::Router::new().route("/hook", axum::routing::post(handler));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, got }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let start = Instant::now();
        while self.received().len() < count && start.elapsed() < within {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.received()
    }
}

fn signature_is_valid(secret: &str, received: &Received) -> bool {
    let Some((t, v1)) = received.signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")) else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", received.body).as_bytes());
    hex::encode(mac.finalize().into_bytes()) == v1
}

async fn token(admin: &Session, partner: &str, county: &str) -> String {
    let form = [("token[partner]", partner), ("token[county]", county), ("token[decide]", "on")];
    admin.call_json("partner_create", &form).await.as_str().unwrap().to_string()
}

async fn api(app: &TestApp, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let url = format!("{}{path}", app.base);
    let client = app.script_client();
    let request = match method {
        "POST" => client.post(url).json(&body),
        "PATCH" => client.patch(url).json(&body),
        _ => client.get(url),
    };
    let response = request.bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn each_event_arrives_once_signed_and_a_failing_receiver_gets_it_again_with_the_same_id(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let receiver = Receiver::start(3).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token = token(&admin, "市志愿者协会", "").await;
    let events = json!(["application.created", "application.decided"]);
    let (status, hook) =
        api(&app, &token, "POST", "/api/v1/webhooks", json!({ "url": receiver.url, "events": events })).await;
    assert_eq!(status, 201, "{hook}");
    let secret = hook["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let (_, listed) = api(&app, &token, "GET", "/api/v1/webhooks", Value::Null).await;
    assert_eq!(listed["items"][0].get("secret"), None, "the secret is shown once");

    let outcome = app.signup_outcome(&Person::valid(1).form()).await;
    let reference = outcome["Accepted"]["reference"].as_str().unwrap().to_string();
    let attempts = receiver.wait_for(4, Duration::from_secs(30)).await;
    assert_eq!(attempts.len(), 4, "three refused, the fourth taken: {attempts:?}");
    let first_id = attempts[0].event_id.clone();
    for attempt in &attempts {
        assert_eq!(attempt.event, "application.created");
        assert_eq!(attempt.event_id, first_id, "the event id is stable across retries");
        assert!(signature_is_valid(&secret, attempt), "{attempt:?}");
    }
    let body: Value = serde_json::from_str(&attempts[3].body).unwrap();
    assert_eq!(body["id"], first_id.as_str());
    assert_eq!(body["data"]["reference"], reference.as_str());
    assert!(
        !attempts[3].body.contains("张伟") && !attempts[3].body.contains("136"),
        "no personal data in the event"
    );
    let application_id = body["data"]["application_id"].as_i64().unwrap();

    let hook_id = hook["id"].as_i64().unwrap();
    let (_, log) =
        api(&app, &token, "GET", &format!("/api/v1/webhooks/{hook_id}/deliveries"), Value::Null).await;
    let delivery = &log["items"][0];
    assert_eq!(
        (delivery["status"].as_str(), delivery["attempts"].as_i64()),
        (Some("delivered"), Some(4)),
        "{log}"
    );
    assert_eq!(
        (delivery["last_status"].as_i64(), delivery["last_response"].as_str()),
        (Some(200), Some("thanks"))
    );

    let path = format!("/api/v1/applications/{application_id}/decision");
    assert_eq!(api(&app, &token, "POST", &path, json!({ "decision": "approved" })).await.0, 200);
    let all = receiver.wait_for(5, Duration::from_secs(20)).await;
    assert_eq!(all[4].event, "application.decided");
    assert_ne!(all[4].event_id, first_id);
    assert!(signature_is_valid(&secret, &all[4]));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), 5, "nothing twice once it was taken");
}
on_both_engines!(each_event_arrives_once_signed_and_a_failing_receiver_gets_it_again_with_the_same_id);

async fn a_paused_webhook_holds_its_events_a_county_webhook_hears_its_county_and_revocation_stops_them(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let (county_receiver, city_receiver) = (Receiver::start(0).await, Receiver::start(0).await);
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let (nanhu_token, city_token) = (token(&admin, "南湖区", NANHU).await, token(&admin, "全市", "").await);
    let decided = json!(["application.decided"]);
    let (_, _county_hook) = api(
        &app,
        &nanhu_token,
        "POST",
        "/api/v1/webhooks",
        json!({ "url": county_receiver.url, "events": decided }),
    )
    .await;
    let (_, city_hook) = api(
        &app,
        &city_token,
        "POST",
        "/api/v1/webhooks",
        json!({ "url": city_receiver.url, "events": decided }),
    )
    .await;
    let city_path = format!("/api/v1/webhooks/{}", city_hook["id"]);
    let (status, paused) = api(&app, &city_token, "PATCH", &city_path, json!({ "paused": true })).await;
    assert_eq!((status, &paused["paused"]), (200, &json!(true)));
    let (status, _) = api(&app, &nanhu_token, "PATCH", &city_path, json!({ "paused": false })).await;
    assert_eq!(status, 404, "another partner's webhook is not there");

    let ids = insert(
        &app,
        vec![
            NewApplication::pending(&communities(&app, NANHU)[0].1),
            NewApplication::pending(&communities(&app, XIUZHOU)[0].1),
        ],
    )
    .await;
    for id in &ids {
        let (status, body) =
            admin.call("decide", &[("id", &id.to_string()), ("form[decision]", "approved")]).await;
        assert_eq!(status, 200, "{body}");
    }
    let heard = county_receiver.wait_for(1, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(county_receiver.received().len(), 1, "only Nanhu's decision: {heard:?}");
    assert!(heard[0].body.contains(&format!("\"application_id\":{}", ids[0])));
    assert!(city_receiver.received().is_empty(), "paused: nothing sent");
    let (_, log) = api(&app, &city_token, "GET", &format!("{city_path}/deliveries"), Value::Null).await;
    assert_eq!(log["items"].as_array().unwrap().len(), 2, "both wait in the log: {log}");
    assert!(log["items"].as_array().unwrap().iter().all(|d| d["status"] == "pending" && d["attempts"] == 0));

    assert_eq!(api(&app, &city_token, "PATCH", &city_path, json!({ "paused": false })).await.0, 200);
    let released = city_receiver.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(released.len(), 2, "resumed: both arrive");

    let token_id = app.count("SELECT CAST(MIN(id) AS BIGINT) FROM api_tokens").await.to_string();
    assert_eq!(admin.call("partner_revoke", &[("id", &token_id)]).await.0, 200);
    let more = insert(&app, vec![NewApplication::pending(&communities(&app, NANHU)[1].1)]).await;
    assert_eq!(
        admin.call("decide", &[("id", &more[0].to_string()), ("form[decision]", "approved")]).await.0,
        200
    );
    city_receiver.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(county_receiver.received().len(), 1, "a revoked partner hears nothing more");
}
on_both_engines!(
    a_paused_webhook_holds_its_events_a_county_webhook_hears_its_county_and_revocation_stops_them
);

async fn nonsense_at_webhook_registration_is_a_problem_and_writes_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token = token(&admin, "测试", "").await;
    let ok = json!(["checked_in"]);
    for (body, expected) in [
        (json!({ "url": "ftp://example.cn/x", "events": ok }), 422),
        (json!({ "url": format!("https://example.cn/{}", "x".repeat(500)), "events": ok }), 422),
        (json!({ "url": "https://user:pw@example.cn/x", "events": ok }), 422),
        (json!({ "url": "https://example.cn/x", "events": [] }), 422),
        (json!({ "url": "https://example.cn/x", "events": ["application.deleted"] }), 422),
        (json!({ "url": "https://example.cn/x", "events": ok, "secret": "mine" }), 400),
        (json!({ "url": 7, "events": ok }), 400),
    ] {
        let (status, problem) = api(&app, &token, "POST", "/api/v1/webhooks", body.clone()).await;
        assert_eq!(status, expected, "{body}: {problem}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM webhooks").await, 0);
    for n in 0..10 {
        let body = json!({ "url": format!("https://example.cn/{n}"), "events": ok });
        assert_eq!(api(&app, &token, "POST", "/api/v1/webhooks", body).await.0, 201);
    }
    let (status, problem) = api(
        &app,
        &token,
        "POST",
        "/api/v1/webhooks",
        json!({ "url": "https://example.cn/11", "events": ok }),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["problem"], "WebhookTooMany");
    assert_eq!(app.count("SELECT COUNT(*) FROM webhooks").await, 10);
}
on_both_engines!(nonsense_at_webhook_registration_is_a_problem_and_writes_nothing);

async fn a_city_admin_pauses_and_resumes_a_partners_webhooks_in_the_back_office(engine: Engine) {
    let app = spawn_app(engine).await;
    let receiver = Receiver::start(0).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let token = token(&admin, "市志愿者协会", "").await;
    let events = json!(["application.decided"]);
    assert_eq!(
        api(&app, &token, "POST", "/api/v1/webhooks", json!({ "url": receiver.url, "events": events }))
            .await
            .0,
        201
    );
    let token_id = app.count("SELECT CAST(MAX(id) AS BIGINT) FROM api_tokens").await.to_string();

    let paused = admin.form_post("/api/admin/partner_pause", &[("id", &token_id), ("paused", "1")]).await;
    assert_eq!(paused.status(), 302);
    let (_, page, _) = admin.page("/admin/partners").await;
    assert!(page.contains("已暂停 1") && page.contains("恢复推送"), "{page}");
    let (_, listed) = api(&app, &token, "GET", "/api/v1/webhooks", Value::Null).await;
    assert_eq!(listed["items"][0]["paused"], true);
    let ids = insert(&app, vec![NewApplication::pending(&communities(&app, NANHU)[0].1)]).await;
    assert_eq!(
        admin.call("decide", &[("id", &ids[0].to_string()), ("form[decision]", "approved")]).await.0,
        200
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(receiver.received().is_empty(), "held while paused");

    let (status, body) = admin.call("partner_pause", &[("id", &token_id), ("paused", "0")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(receiver.wait_for(1, Duration::from_secs(20)).await.len(), 1, "delivered once resumed");
    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    assert_eq!(district.call("partner_pause", &[("id", &token_id), ("paused", "1")]).await.0, 403);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'api_token'").await,
        3,
        "created, paused, resumed"
    );
}
on_both_engines!(a_city_admin_pauses_and_resumes_a_partners_webhooks_in_the_back_office);
