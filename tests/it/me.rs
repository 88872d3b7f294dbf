//! The volunteer's own page (`/me`): opened by the status look-up, held by a random token in an
//! HttpOnly cookie, never by the reference code in a URL; left with one button; and the
//! certificate of hours that anyone can check at `/verify/{serial}`.

use crate::common;

use common::{open_my_page, spawn_app, spawn_app_with, Engine, Options, Person, TestApp};
use sea_orm::{ConnectionTrait, Statement};

/// Signs a person up (as the island does) and returns their reference code.
async fn signed_up(app: &TestApp, person: &Person) -> String {
    app.signup_outcome(&person.form()).await["Accepted"]["reference"].as_str().unwrap().to_string()
}

/// GETs a page with (or without) the page's token: (HTTP status, HTML, the cookies it set).
async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, Vec<String>) {
    let mut request = app.script_client().get(format!("{}{path}", app.base)).header("accept", "text/html");
    if let Some(token) = token {
        request = request.header("cookie", format!("lang=zh-CN; sw_me={token}"));
    }
    let response = request.send().await.unwrap();
    let cookies =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    (response.status().as_u16(), response.text().await.unwrap(), cookies)
}

async fn sql(app: &TestApp, sql: &str) -> u64 {
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .rows_affected()
}

async fn approve(app: &TestApp, reference: &str) {
    let changed =
        sql(app, &format!("UPDATE applications SET status = 'approved' WHERE reference = '{reference}'"))
            .await;
    assert_eq!(changed, 1);
}

fn shows_look_up_form(html: &str) -> bool {
    html.contains(r#"data-testid="me-look-up""#) && !html.contains(r#"data-testid="my-application""#)
}

const ENDED: &str = "您的页面已关闭或已过期";

async fn looking_up_my_status_then_opening_my_page_sets_an_http_only_cookie_and_shows_my_application(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let person = Person::valid(501);
    let reference = signed_up(&app, &person).await;
    let (_, status_page, _) = get(&app, "/status", None).await;
    assert!(status_page.contains(r#"formaction="/api/me/open""#), "the look-up form offers to open my page");

    let (cookie, token) = open_my_page(&app, &reference.to_lowercase(), &person.mobile).await;
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "no Secure over plain http: {cookie}");
    assert!(token.len() >= 32 && !token.contains(&reference), "a random token, not the reference");
    let (status, html, _) = get(&app, "/me", Some(&token)).await;

    assert_eq!(status, 200);
    assert!(html.contains(r#"data-testid="my-application""#), "{html}");
    assert!(html.contains("万人志愿护世博") && html.contains("待审核") && html.contains(&reference));
    assert!(html.contains("136****0501") && html.contains("张*"), "masked as on the status page");
    assert!(!html.contains(&person.mobile) && !html.contains(&person.id_number));
    assert!(html.contains(r#"data-testid="no-trainings""#), "with no trainings it says so");
    assert!(html.contains(r#"action="/api/me/leave""#), "a way out");
    assert!(!html.contains("certificate-link"), "no certificate before approval");
    let stored =
        app.count(&format!("SELECT COUNT(*) FROM volunteer_sessions WHERE token_hash = '{token}'")).await;
    assert_eq!(stored, 0, "only the token's hash is stored");
    assert_eq!(app.count("SELECT COUNT(*) FROM volunteer_sessions WHERE revoked_at IS NULL").await, 1);
}
on_both_engines!(looking_up_my_status_then_opening_my_page_sets_an_http_only_cookie_and_shows_my_application);

async fn the_reference_code_alone_in_a_url_opens_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(502);
    let reference = signed_up(&app, &person).await;

    for path in [
        format!("/me?ref={reference}"),
        format!("/me?reference={reference}&mobile={}", person.mobile),
        format!("/me?token={reference}"),
        format!("/me/certificate?ref={reference}"),
    ] {
        let (status, html, cookies) = get(&app, &path, None).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("136****0502") && !html.contains("待审核"), "{path}: {html}");
        assert!(cookies.iter().all(|c| !c.starts_with("sw_me=") || c.contains("Max-Age=0")), "{path}");
    }
    let (status, html, _) = get(&app, &format!("/me/{reference}"), None).await;
    assert_eq!(status, 404, "no page is named by a reference");
    assert!(!html.contains("136****0502"));
    let (_, html, _) = get(&app, "/me", Some(&reference)).await;
    assert!(shows_look_up_form(&html) && html.contains(ENDED), "the reference as a cookie opens nothing");
    let by_get = app
        .script_client()
        .get(format!("{}/api/me/open?reference={reference}&mobile={}", app.base, person.mobile))
        .send()
        .await
        .unwrap();
    assert!(by_get
        .headers()
        .get_all("set-cookie")
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("sw_me=")));
    assert_eq!(app.count("SELECT COUNT(*) FROM volunteer_sessions").await, 0);
}
on_both_engines!(the_reference_code_alone_in_a_url_opens_nothing);

async fn a_forged_expired_or_missing_token_shows_the_look_up_form_with_a_message(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(503);
    let reference = signed_up(&app, &person).await;
    let (_, token) = open_my_page(&app, &reference, &person.mobile).await;

    let (status, html, _) = get(&app, "/me", None).await;
    assert_eq!(status, 200);
    assert!(shows_look_up_form(&html) && !html.contains(ENDED), "never opened: the form alone");
    let forged = "ab".repeat(32);
    let huge = "f".repeat(3000);
    for bad in [forged.as_str(), "x", "", "%00", huge.as_str()] {
        let (status, html, cookies) = get(&app, "/me", Some(bad)).await;
        assert_eq!(status, 200, "{bad:.20}");
        assert!(shows_look_up_form(&html), "{bad:.20}: {html}");
        if !bad.is_empty() {
            assert!(html.contains(ENDED), "{bad:.20}: a clear message");
            assert!(cookies.iter().any(|c| c.starts_with("sw_me=;") && c.contains("Max-Age=0")), "{bad:.20}");
        }
        let (status, html, _) = get(&app, "/me/certificate", Some(bad)).await;
        assert_eq!(status, 200, "{bad:.20}");
        assert!(!html.contains(r#"data-testid="certificate""#));
    }

    let past = match engine {
        Engine::Sqlite => "'2020-01-01 00:00:00+00:00'",
        Engine::Postgres => "TIMESTAMPTZ '2020-01-01 00:00:00+00'",
    };
    assert_eq!(sql(&app, &format!("UPDATE volunteer_sessions SET expires_at = {past}")).await, 1);
    let (status, html, _) = get(&app, "/me", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(shows_look_up_form(&html) && html.contains(ENDED), "an expired page: {html}");
    assert!(!html.contains("136****0503"));

    let (_, html, _) = get(&app, "/me?e=notfound", None).await;
    assert!(html.contains("没有找到与该报名编号和手机号码相符的报名记录"), "a failed opening says so");
}
on_both_engines!(a_forged_expired_or_missing_token_shows_the_look_up_form_with_a_message);

async fn one_persons_token_never_shows_another_persons_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let (alice, bob) = (Person::valid(504), Person::valid(505));
    let (alice_ref, bob_ref) = (signed_up(&app, &alice).await, signed_up(&app, &bob).await);
    approve(&app, &alice_ref).await;
    approve(&app, &bob_ref).await;
    let (_, alice_token) = open_my_page(&app, &alice_ref, &alice.mobile).await;
    let (_, bob_token) = open_my_page(&app, &bob_ref, &bob.mobile).await;

    let (_, alice_page, _) = get(&app, "/me", Some(&alice_token)).await;
    let (_, bob_page, _) = get(&app, "/me", Some(&bob_token)).await;
    assert!(alice_page.contains(&alice_ref) && alice_page.contains("136****0504"));
    assert!(!alice_page.contains(&bob_ref) && !alice_page.contains("136****0505"), "{alice_page}");
    assert!(bob_page.contains(&bob_ref) && !bob_page.contains(&alice_ref));

    // Alice's certificate is Alice's, whoever asks the verify page
    let (_, certificate, _) = get(&app, "/me/certificate", Some(&alice_token)).await;
    let serial = between(&certificate, r#"class="serial">"#, "<");
    let owner = app
        .count(&format!(
            "SELECT COUNT(*) FROM certificates c JOIN applications a ON a.id = c.application_id \
         WHERE c.serial = '{serial}' AND a.reference = '{alice_ref}'"
        ))
        .await;
    assert_eq!(owner, 1, "the certificate names Alice's application");
    // and a wrong pair opens nothing, not even with someone's valid cookie in the browser
    let response = app
        .script_client()
        .post(format!("{}/api/me/open", app.base))
        .header("accept", "application/json")
        .header("cookie", format!("sw_me={alice_token}"))
        .form(&[("reference", bob_ref.as_str()), ("mobile", alice.mobile.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "\"NotFound\"");
}
on_both_engines!(one_persons_token_never_shows_another_persons_page);

async fn leaving_my_page_revokes_its_token(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(506);
    let reference = signed_up(&app, &person).await;
    let (_, token) = open_my_page(&app, &reference, &person.mobile).await;

    let response = app
        .script_client()
        .post(format!("{}/api/me/leave", app.base))
        .header("accept", "text/html")
        .header("cookie", format!("sw_me={token}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/me?e=left");
    let cleared = response.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("sw_me=;") && c.contains("Max-Age=0") && c.contains("HttpOnly")
    });
    assert!(cleared, "the cookie goes");

    assert_eq!(app.count("SELECT COUNT(*) FROM volunteer_sessions WHERE revoked_at IS NOT NULL").await, 1);
    let (_, html, _) = get(&app, "/me", Some(&token)).await;
    assert!(shows_look_up_form(&html) && html.contains(ENDED), "the old token opens nothing: {html}");
    let (_, html, _) = get(&app, "/me?e=left", None).await;
    assert!(html.contains("您已离开您的页面"));
}
on_both_engines!(leaving_my_page_revokes_its_token);

async fn withdrawing_and_erasing_ends_every_open_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(507);
    let reference = signed_up(&app, &person).await;
    let (_, token) = open_my_page(&app, &reference, &person.mobile).await;
    let form = [("reference", reference.as_str()), ("mobile", person.mobile.as_str()), ("confirm", "on")];
    let withdrawn =
        app.script_client().post(format!("{}/api/withdraw", app.base)).form(&form).send().await.unwrap();
    assert!(withdrawn.text().await.unwrap().contains("Erased"));

    let (_, html, _) = get(&app, "/me", Some(&token)).await;
    assert!(shows_look_up_form(&html) && html.contains(ENDED), "{html}");
}
on_both_engines!(withdrawing_and_erasing_ends_every_open_page);

async fn opening_my_page_is_rate_limited_with_the_status_look_up(engine: Engine) {
    let app = spawn_app_with(engine, Options { status_lookups_per_minute: 3, ..Default::default() }).await;
    let open = || async {
        app.script_client()
            .post(format!("{}/api/me/open", app.base))
            .header("accept", "application/json")
            .form(&[("reference", "SWAAAAAAAA"), ("mobile", "13612340000")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert_eq!(app.status_lookup("SWAAAAAAAA", "13612340000").await.1, "\"NotFound\"");
    assert_eq!(open().await, "\"NotFound\"");
    assert_eq!(open().await, "\"NotFound\"");
    assert_eq!(open().await, "\"RateLimited\"", "one budget for look-ups and openings");
}
on_both_engines!(opening_my_page_is_rate_limited_with_the_status_look_up);

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start} in {html:.2000}")) + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

async fn an_issued_certificate_verifies_as_genuine_and_an_altered_or_made_up_serial_does_not(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(508);
    let reference = signed_up(&app, &person).await;
    let (_, token) = open_my_page(&app, &reference, &person.mobile).await;
    let (_, pending, _) = get(&app, "/me/certificate", Some(&token)).await;
    assert!(pending.contains("报名通过审核后才能打印"), "no certificate before approval");
    approve(&app, &reference).await;

    let (_, me, _) = get(&app, "/me", Some(&token)).await;
    assert!(me.contains(r#"href="/me/certificate""#), "reachable from my page");
    let (status, printed, _) = get(&app, "/me/certificate", Some(&token)).await;
    assert_eq!(status, 200);
    let serial = between(&printed, r#"class="serial">"#, "<").to_string();
    assert!(serial.starts_with("SW-") && serial.len() == 32, "{serial}");
    assert!(
        printed.contains(&format!("http://portal.test/verify/{serial}")),
        "absolute link from PUBLIC_URL"
    );
    assert!(printed.contains("<svg") && printed.contains(r#"role="img""#), "the QR code is drawn inline");
    assert!(
        printed.contains("张*") && printed.contains("0 小时 0 分钟") && !printed.contains(&person.mobile)
    );
    let (_, again, _) = get(&app, "/me/certificate", Some(&token)).await;
    assert!(again.contains(&serial), "viewing again shows the same certificate");
    assert_eq!(app.count("SELECT COUNT(*) FROM certificates").await, 1);

    let (status, genuine, _) = get(&app, &format!("/verify/{serial}"), None).await;
    assert_eq!(status, 200);
    assert!(genuine.contains(r#"data-testid="genuine""#), "{genuine}");
    assert!(
        genuine.contains("张*") && genuine.contains("万人志愿护世博") && genuine.contains("0 小时 0 分钟")
    );
    assert!(genuine.contains("守望志愿服务平台") && !genuine.contains(&reference), "masked facts only");
    let (_, typed, _) = get(&app, &format!("/verify/{}", serial.to_lowercase().replace('-', "")), None).await;
    assert!(typed.contains(r#"data-testid="genuine""#), "as typed from paper");

    let mut altered = Vec::new();
    for at in [3, 10, serial.len() - 1] {
        let mut chars: Vec<char> = serial.chars().collect();
        chars[at] = if chars[at] == 'Q' { 'R' } else { 'Q' };
        altered.push(chars.into_iter().collect::<String>());
    }
    let huge = "A".repeat(4000);
    let made_up =
        ["abc", "SW-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "SW-", "%E2%80%AE%00", "'%20OR%201=1--", huge.as_str()];
    for bad in altered.iter().map(String::as_str).chain(made_up) {
        let (status, html, _) = get(&app, &format!("/verify/{bad}"), None).await;
        assert_eq!(status, 200, "{bad:.40}");
        assert!(html.contains(r#"data-testid="not-genuine""#), "{bad:.40}: {html}");
        assert!(!html.contains("张*"), "{bad:.40}");
    }
}
on_both_engines!(an_issued_certificate_verifies_as_genuine_and_an_altered_or_made_up_serial_does_not);
