//! A campaign page's live feed of sign-ups (masked numbers only) and its read count (once a day
//! per reader, nobody's address kept), end to end over HTTP on SQLite and PostgreSQL.

use crate::common;

use std::time::{Duration, Instant};

use common::{spawn_app, spawn_app_with, Engine, Options, Person, TestApp};
use shouwang::domain::feed::FeedTopic;

const PAGE: &str = "/campaigns/volunteers-guard-expo";
/// A documentation address (RFC 5737) that nothing else in a test run uses.
const READER: &str = "203.0.113.77";

async fn campaign_id(app: &TestApp) -> i32 {
    common::value(&app.state.db, "SELECT id FROM campaigns WHERE slug = 'volunteers-guard-expo'").await
}

async fn stored_reads(app: &TestApp, id: i32) -> i64 {
    let sql = format!("SELECT COALESCE(MAX(reads), 0) FROM page_reads WHERE page = 'campaign:{id}'");
    common::value::<i64>(&app.state.db, &sql).await
}

/// Waits until the batched counter reached `at_least` (or 5 s passed), then one more flush.
async fn reads_after_flush(app: &TestApp, id: i32, at_least: i64) -> i64 {
    let start = Instant::now();
    while stored_reads(app, id).await < at_least && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stored_reads(app, id).await
}

async fn read_page(app: &TestApp, user_agent: &str) -> String {
    let response = reqwest::Client::new()
        .get(format!("{}{PAGE}", app.base))
        .header("x-forwarded-for", READER)
        .header("user-agent", user_agent)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn a_reader_is_counted_once_a_day_per_browser_and_their_address_is_kept_nowhere(engine: Engine) {
    let options = Options {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        page_cache_for: Duration::from_secs(1),
        ..Default::default()
    };
    let app = spawn_app_with(engine, options).await;
    let id = campaign_id(&app).await;

    for _ in 0..3 {
        read_page(&app, "Mozilla/5.0 (feed test, phone)").await;
    }
    assert_eq!(reads_after_flush(&app, id, 1).await, 1, "three reads by one reader count once");

    // a second browser at the same address, served from the page cache or not, counts again
    read_page(&app, "Mozilla/5.0 (feed test, laptop)").await;
    assert_eq!(reads_after_flush(&app, id, 2).await, 2);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let html = read_page(&app, "Mozilla/5.0 (feed test, laptop)").await;
    assert!(html.contains("阅读 2"), "the page shows the count");

    let logs = String::from_utf8_lossy(&common::captured_logs().lock().unwrap()).to_string();
    assert!(!logs.contains(READER), "the reader's address was logged");
    if engine == Engine::Sqlite {
        for file in ["test.db", "test.db-wal"] {
            let bytes = std::fs::read(app.dir.path().join(file)).unwrap_or_default();
            assert!(!bytes.windows(READER.len()).any(|w| w == READER.as_bytes()), "{file} holds the address");
        }
    }
}
on_both_engines!(a_reader_is_counted_once_a_day_per_browser_and_their_address_is_kept_nowhere);

async fn a_sign_up_shows_in_the_campaign_pages_feed_masked_and_without_the_name(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(1);

    app.signup_outcome(&person.form()).await;
    let (status, html) = app.get_html(PAGE).await;

    assert_eq!(status, 200);
    let feed = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("#live-feed li").unwrap();
    let lines: Vec<String> = feed.select(&selector).map(|li| li.text().collect()).collect();
    assert_eq!(lines, vec!["刚刚 136****0001 已报名".to_string()]);
    assert!(!html.contains(&person.name) && !html.contains(&person.mobile), "a name or a full number");
    let id = campaign_id(&app).await;
    assert!(html.contains(&format!(r#"data-feed="/feed/campaign/{id}""#)), "the list names its feed");
    let script = scraper::Selector::parse(".live-feed script[nonce]").unwrap();
    let script: String = feed.select(&script).next().expect("the feed's script").text().collect();
    assert!(script.contains("new EventSource(o.dataset.feed)") && script.contains("length>10"), "{script}");
    // after a restart the feed is primed from the database: the same line, decrypted and masked
    let loaded = shouwang::server::services::feed::load_campaign(&app.state, id).await.unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].masked.as_text(), "136****0001");
}
on_both_engines!(a_sign_up_shows_in_the_campaign_pages_feed_masked_and_without_the_name);

async fn an_open_feed_receives_a_new_sign_up_within_seconds_even_past_the_request_timeout(engine: Engine) {
    let options = Options { request_timeout: Duration::from_secs(1), ..Default::default() };
    let app = spawn_app_with(engine, options).await;
    let id = campaign_id(&app).await;
    let mut feed = reqwest::Client::new()
        .get(format!("{}{}", app.base, FeedTopic::Campaign(id).url()))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);
    assert_eq!(feed.headers()["content-type"], "text/event-stream");

    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.signup_outcome(&Person::valid(2).form()).await;

    let mut received = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !received.contains("data: just now 136****0002 signed up") {
        let left = deadline.saturating_duration_since(Instant::now());
        let chunk = tokio::time::timeout(left, feed.chunk()).await.expect("a line within 5 s").unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk.expect("the feed stays open")));
    }
    assert!(!received.contains("张伟"));
}
on_both_engines!(an_open_feed_receives_a_new_sign_up_within_seconds_even_past_the_request_timeout);

async fn feeds_of_unknown_pages_answer_404_and_nonsense_ids_400(engine: Engine) {
    let app = spawn_app(engine).await;
    let status = |path: &'static str| {
        let url = format!("{}{path}", app.base);
        async move { reqwest::get(url).await.unwrap().status().as_u16() }
    };
    assert_eq!(status("/feed/campaign/99999").await, 404);
    assert_eq!(status("/feed/activity/5").await, 404);
    assert_eq!(status("/feed/campaign/abc").await, 400);
    assert_eq!(status("/feed/campaign/-1").await, 400);
    assert_eq!(status("/feed/activity/99999999999999999999999").await, 400);
}
on_both_engines!(feeds_of_unknown_pages_answer_404_and_nonsense_ids_400);

/// A family for the demo's second activity (two weeks ahead): guardian, and a child of 9.
fn family(seq: u32) -> shouwang::model::activity::FamilyForm {
    let birth = chrono::NaiveDate::from_ymd_opt(1984, 3, 3).unwrap();
    let mut form = shouwang::model::activity::FamilyForm {
        activity: "2".into(),
        name: "赵家长".into(),
        mobile: format!("1380000{seq:04}"),
        id_number: common::id_number("330402", birth, seq),
        email: format!("family{seq}@example.cn"),
        consent: "on".into(),
        ..Default::default()
    };
    for (k, v) in [("c1_kind", "child"), ("c1_name", "赵小宝"), ("c1_age", "9"), ("c1_consent", "on")] {
        form.people.insert(k.into(), v.into());
    }
    form
}

async fn a_family_shows_in_the_activity_feed_masked_without_any_name_live_and_after_a_reload(engine: Engine) {
    use shouwang::server::services::activities;
    let app = spawn_app(engine).await;
    let mut feed = reqwest::Client::new()
        .get(format!("{}{}", app.base, FeedTopic::Activity(2).url()))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);

    activities::register(&app.state, &family(1), chrono::Utc::now()).await.unwrap();
    let mut received = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !received.contains("data: 刚刚 138****0001 已报名") {
        let left = deadline.saturating_duration_since(Instant::now());
        let chunk = tokio::time::timeout(left, feed.chunk()).await.expect("a line within 5 s").unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk.expect("the feed stays open")));
    }

    let (status, html) = app.get_html("/activities/2").await;
    assert_eq!(status, 200);
    let page = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("#live-feed li").unwrap();
    let lines: Vec<String> = page.select(&selector).map(|li| li.text().collect()).collect();
    assert_eq!(lines, vec!["刚刚 138****0001 已报名".to_string()]);
    for secret in ["赵家长", "赵小宝", "13800000001"] {
        assert!(!html.contains(secret) && !received.contains(secret), "{secret} is on the page or the feed");
    }
    // after a restart the feed is primed from the stored masked number
    let loaded = shouwang::server::services::feed::load_activity(&app.state, 2).await.unwrap();
    assert_eq!(loaded[0].masked.as_text(), "138****0001");
}
on_both_engines!(a_family_shows_in_the_activity_feed_masked_without_any_name_live_and_after_a_reload);

async fn an_activity_page_counts_a_reader_once_a_day(engine: Engine) {
    let options = Options { trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Default::default() };
    let app = spawn_app_with(engine, options).await;
    for _ in 0..3 {
        let response = reqwest::Client::new()
            .get(format!("{}/activities/2", app.base))
            .header("x-forwarded-for", READER)
            .header("user-agent", "Mozilla/5.0 (activity reader)")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let sql = "SELECT COALESCE(MAX(reads), 0) FROM page_reads WHERE page = 'activity:2'";
    let start = Instant::now();
    while common::value::<i64>(&app.state.db, sql).await < 1 && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(common::value::<i64>(&app.state.db, sql).await, 1, "three reads by one reader count once");
    let (_, html) = app.get_html("/activities/2").await;
    assert!(html.contains("阅读 1") || html.contains("阅读 2"), "the page shows the count");
}
on_both_engines!(an_activity_page_counts_a_reader_once_a_day);
