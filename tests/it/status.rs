//! Looking up one's application with the reference code and the mobile number.

use crate::common;

use common::{spawn_app, spawn_app_with, Engine, Options, Person};
use serde_json::Value;

async fn lookup(app: &common::TestApp, reference: &str, mobile: &str) -> (u16, String) {
    app.status_lookup(reference, mobile).await
}

async fn the_right_pair_shows_the_status_and_a_wrong_pair_says_nothing_more(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(40);
    let outcome = app.signup_outcome(&person.form()).await;
    let reference = outcome["Accepted"]["reference"].as_str().unwrap().to_string();

    let (status, body) = lookup(&app, &reference.to_lowercase(), &person.mobile).await;
    assert_eq!(status, 200);
    let found: Value = serde_json::from_str(&body).unwrap();
    let view = &found["Found"];
    assert_eq!(view["status"], "待审核");
    assert_eq!(view["campaign_title"], "万人志愿护世博");
    assert_eq!(view["masked_mobile"], "136****0040");
    assert_eq!(view["masked_id"], format!("330402********{}", &person.id_number[14..]));
    assert_eq!(view["masked_name"], "张*");
    assert!(!body.contains(&person.id_number) && !body.contains(&person.mobile));

    let wrong_phone = lookup(&app, &reference, "13900000000").await;
    let unknown_reference = lookup(&app, "SWZZZZZZZZ", &person.mobile).await;
    let nonsense = lookup(&app, &"x".repeat(5000), "abc").await;
    assert_eq!(wrong_phone, (200, "\"NotFound\"".to_string()));
    assert_eq!(unknown_reference, wrong_phone, "a wrong pair and an unknown code look the same");
    assert_eq!(nonsense, wrong_phone);
}
on_both_engines!(the_right_pair_shows_the_status_and_a_wrong_pair_says_nothing_more);

async fn status_lookups_are_rate_limited_per_client(engine: Engine) {
    let app = spawn_app_with(engine, Options { status_lookups_per_minute: 3, ..Default::default() }).await;
    for _ in 0..3 {
        assert_eq!(lookup(&app, "SWAAAAAAAA", "13612340000").await.1, "\"NotFound\"");
    }
    assert_eq!(lookup(&app, "SWAAAAAAAA", "13612340000").await.1, "\"RateLimited\"");
}
on_both_engines!(status_lookups_are_rate_limited_per_client);

async fn without_javascript_the_status_form_shows_the_result_on_the_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(41);
    let reference =
        app.signup_outcome(&person.form()).await["Accepted"]["reference"].as_str().unwrap().to_string();

    let response = app
        .browser_client()
        .post(format!("{}/api/status", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/status", app.base))
        .form(&[("reference", reference.as_str()), ("mobile", person.mobile.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.url().path(), "/status");
    let html = response.text().await.unwrap();
    assert!(html.contains("待审核") && html.contains("136****0041") && html.contains(&reference), "{html}");
    assert!(!html.contains(&person.mobile));
}
on_both_engines!(without_javascript_the_status_form_shows_the_result_on_the_page);
