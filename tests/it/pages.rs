//! The public pages render on the server with real data.

use crate::common;

use common::{spawn_app, Engine, Person};

async fn the_home_page_lists_the_demo_campaigns_with_their_progress(engine: Engine) {
    let app = spawn_app(engine).await;
    app.signup_outcome(&Person::valid(50).form()).await;

    let (status, html) = app.get_html("/").await;

    assert_eq!(status, 200);
    for title in ["万人志愿护世博", "万员巡防保平安", "万点排摸治隐患", "万企职工迎世博", "万户家庭促和谐"]
    {
        assert!(html.contains(title), "{title} missing");
    }
    assert!(html.contains("10,000"), "target shown");
    assert!(html.contains(r#"aria-valuenow="1""#), "one sign-up counted on the progress bar");
    assert!(!html.contains("<template"), "rows are in the page, not in streaming chunks");
}
on_both_engines!(the_home_page_lists_the_demo_campaigns_with_their_progress);

async fn the_campaign_page_shows_roles_and_a_form_that_posts_to_a_stable_url(engine: Engine) {
    let app = spawn_app(engine).await;

    let (status, html) = app.get_html("/campaigns/volunteers-guard-expo").await;

    assert_eq!(status, 200);
    for text in ["社区巡防", "看楼护院", "邻里守望", "进沪道口值守", "18–65 周岁"] {
        assert!(html.contains(text), "{text} missing");
    }
    assert!(html.contains(r#"action="/api/signup""#));
    assert!(html.contains(r#"name="form[id_number]""#));
    assert!(html.contains("百福弄社区居委会"), "the region picker works without JavaScript");
    assert!(html.contains("<leptos-island"), "the form is an island");
}
on_both_engines!(the_campaign_page_shows_roles_and_a_form_that_posts_to_a_stable_url);

async fn an_unknown_page_or_campaign_is_a_404_in_chinese(engine: Engine) {
    let app = spawn_app(engine).await;
    let (status, html) = app.get_html("/campaigns/nope").await;
    assert_eq!(status, 404);
    assert!(html.contains("页面不存在"));
    let (status, _) = app.get_html("/no/such/page").await;
    assert_eq!(status, 404);
}
on_both_engines!(an_unknown_page_or_campaign_is_a_404_in_chinese);

async fn the_home_page_is_served_from_memory_and_its_counts_lag_at_most_the_cache_time(engine: Engine) {
    let app = common::spawn_app_with(
        engine,
        // Long enough that a sign-up on a loaded CI machine (PostgreSQL took > 500 ms once) stays inside it.
        common::Options { page_cache_for: std::time::Duration::from_secs(4), ..Default::default() },
    )
    .await;
    let (_, before) = app.get_html("/").await;
    assert!(before.contains(r#"aria-valuenow="0""#));

    app.signup_outcome(&Person::valid(51).form()).await;
    let (_, cached) = app.get_html("/").await;
    let (_, bypassed) = app.get_html("/?fresh=1").await;
    tokio::time::sleep(std::time::Duration::from_millis(4_200)).await;
    let (_, after) = app.get_html("/").await;

    assert_eq!(cached, before, "within the cache time the same page is served");
    assert!(bypassed.contains(r#"aria-valuenow="1""#), "a request with a query string is never cached");
    assert!(after.contains(r#"aria-valuenow="1""#), "after the cache time the new count shows");
}
on_both_engines!(the_home_page_is_served_from_memory_and_its_counts_lag_at_most_the_cache_time);

async fn pages_and_the_bundle_are_sent_compressed_to_browsers_that_accept_gzip(engine: Engine) {
    let app = common::spawn_app_with(
        engine,
        common::Options { page_cache_for: std::time::Duration::from_millis(500), ..Default::default() },
    )
    .await;
    let client = reqwest::Client::builder().build().unwrap();
    for path in ["/", "/campaigns/volunteers-guard-expo", "/status"] {
        let response =
            client.get(format!("{}{path}", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers().get("content-encoding").map(|v| v.to_str().unwrap()),
            Some("gzip"),
            "{path}"
        );
    }
}
on_both_engines!(pages_and_the_bundle_are_sent_compressed_to_browsers_that_accept_gzip);

async fn every_answer_carries_the_security_headers_and_the_policy_allows_only_our_own_scripts(
    engine: Engine,
) {
    let app = common::spawn_app_with(
        engine,
        common::Options { page_cache_for: std::time::Duration::from_millis(500), ..Default::default() },
    )
    .await;
    let client = app.script_client();
    // the home and campaign pages twice: the second answer comes from the page cache
    let campaign = "/campaigns/volunteers-guard-expo";
    let verify = "/verify/SW-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
    for path in [
        "/",
        "/",
        campaign,
        campaign,
        "/campaigns/nope",
        "/status",
        "/admin/login",
        "/busy",
        "/me",
        "/me/certificate",
        verify,
    ] {
        let response = client.get(format!("{}{path}", app.base)).send().await.unwrap();
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        let header =
            |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();

        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
        assert!(scripts.contains("'self'") && scripts.contains("'wasm-unsafe-eval'"), "{path}: {policy}");
        assert!(
            !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
            "{path}: {policy}"
        );
        assert!(!html.contains("javascript:"), "{path}: no javascript: links, the policy blocks them");
        // Every inline script on the page carries the nonce this answer's policy names; asked
        // twice, a cached page and its policy still agree.
        let nonce = scripts
            .split_whitespace()
            .find_map(|s| s.strip_prefix("'nonce-").and_then(|n| n.strip_suffix('\'')))
            .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"))
            .to_string();
        assert!(nonce.len() >= 22, "{path}: a nonce of at least 128 bits: {nonce}");
        let document = scraper::Html::parse_document(&html);
        for script in document.select(&scraper::Selector::parse("script:not([src])").unwrap()) {
            assert_eq!(
                script.value().attr("nonce"),
                Some(nonce.as_str()),
                "{path}: an inline script without this answer's nonce: {}",
                script.html()
            );
        }
    }
    let (_, page) = app.get_html(campaign).await;
    assert!(page.contains("<script"), "the campaign page has its island loader");
    let policy_of = |path: &'static str| {
        let client = client.clone();
        let base = app.base.clone();
        async move {
            let response = client.get(format!("{base}{path}")).send().await.unwrap();
            response.headers()["content-security-policy"].to_str().unwrap().to_string()
        }
    };
    assert_ne!(policy_of("/status").await, policy_of("/status").await, "each answer has its own nonce");
}
on_both_engines!(every_answer_carries_the_security_headers_and_the_policy_allows_only_our_own_scripts);

async fn a_page_that_shows_a_rejected_forms_values_is_never_stored_by_a_browser(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut person = Person::valid(70);
    person.mobile = "12345".into();
    let response = app
        .script_client()
        .post(format!("{}/api/signup", app.base))
        .header("accept", "text/html")
        .form(&person.form())
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("?f="), "{location}");

    let page = app.script_client().get(format!("{}{location}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
    assert!(page.text().await.unwrap().contains("12345"), "the typed value is shown again");
}
on_both_engines!(a_page_that_shows_a_rejected_forms_values_is_never_stored_by_a_browser);
