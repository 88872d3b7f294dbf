//! A citizen signs up for a campaign, end to end over HTTP, on SQLite and on PostgreSQL.

use crate::common;

use std::time::Duration;

use chrono::NaiveDate;
use common::{id_number, spawn_app, Engine, Person};
use serde_json::Value;
use shouwang::domain::{ApplicationStatus, OutboxStatus};

fn reference_of(outcome: &Value) -> String {
    outcome["Accepted"]["reference"].as_str().unwrap_or_else(|| panic!("not accepted: {outcome}")).to_string()
}

async fn a_valid_signup_is_stored_and_confirmed_by_mail(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(1);

    let outcome = app.signup_outcome(&person.form()).await;

    let reference = reference_of(&outcome);
    assert!(reference.starts_with("SW") && reference.len() == 10, "{reference}");
    assert_eq!(outcome["Accepted"]["masked_mobile"], "136****0001");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM applications WHERE reference = '{reference}' AND status = '{}'",
            ApplicationStatus::Pending
        ))
        .await,
        1
    );
    let mails = app.sink.as_ref().unwrap().wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "one confirmation mail");
    assert_eq!(mails[0]["to"][0], "volunteer1@example.cn");
    assert!(mails[0]["subject"].as_str().unwrap().contains(&reference));
    let body = mails[0]["body"].as_str().unwrap();
    assert!(body.contains(&reference) && body.contains("http://portal.test/status?ref="), "{body}");
    assert!(!body.contains(&person.id_number));
}
on_both_engines!(a_valid_signup_is_stored_and_confirmed_by_mail);

async fn a_plain_form_post_without_javascript_lands_on_the_reference_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(2);

    let response = app.post_signup_without_javascript(&person.form()).await;

    assert_eq!(response.status(), 200);
    assert!(response.url().path().starts_with("/signup/done"), "landed on {}", response.url());
    let html = response.text().await.unwrap();
    let stored: String = common::value(&app.state.db, "SELECT reference FROM applications").await;
    assert!(html.contains(&stored), "the page shows the stored reference {stored}");
    assert!(html.contains("报名成功"));
}
on_both_engines!(a_plain_form_post_without_javascript_lands_on_the_reference_page);

async fn each_wrong_field_gets_its_own_message_and_no_row_is_written(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut bad_check = Person::valid(3);
    let last = bad_check.id_number.pop().unwrap();
    bad_check.id_number.push(if last == '0' { '1' } else { '0' });
    let mut impossible_date = Person::valid(4);
    impossible_date.id_number = {
        let first17 = "33040219990231123";
        let check = shouwang::domain::resident_id::check_char(first17.as_bytes()).unwrap();
        format!("{first17}{check}")
    };
    let mut too_young = Person::valid(5);
    too_young.id_number =
        id_number("330402", chrono::Utc::now().date_naive() - chrono::Duration::days(365 * 12), 5);
    let mut too_old = Person::valid(6);
    too_old.id_number = id_number("330402", NaiveDate::from_ymd_opt(1940, 1, 1).unwrap(), 6);
    let mut short_phone = Person::valid(7);
    short_phone.mobile = "1361234802".into();
    let mut no_consent = Person::valid(8);
    no_consent.consent = false;
    let mut huge_name = Person::valid(9);
    huge_name.name = "名".repeat(10_000);
    let mut script_name = Person::valid(10);
    script_name.name = "<script>alert(1)</script>".into();
    let mut bad_email = Person::valid(11);
    bad_email.email = "not an email".into();
    let mut wrong_region = Person::valid(12);
    wrong_region.county = "330411".into();

    let cases = [
        (bad_check, "id_number", "id_checksum"),
        (impossible_date, "id_number", "id_birth_date"),
        (too_young, "id_number", "age_too_young"),
        (too_old, "id_number", "age_too_old"),
        (short_phone, "mobile", "mobile_format"),
        (no_consent, "consent", "consent_required"),
        (huge_name, "name", "name_too_long"),
        (script_name, "name", "name_characters"),
        (bad_email, "email", "email_format"),
        (wrong_region, "community", "region_mismatch"),
    ];
    for (person, field, code) in cases {
        let outcome = app.signup_outcome(&person.form()).await;
        let errors = &outcome["Rejected"]["errors"];
        assert_eq!(errors[field], code, "{field}: {outcome}");
        assert_eq!(errors.as_object().unwrap().len(), 1, "only the wrong field is marked: {outcome}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 0);
}
on_both_engines!(each_wrong_field_gets_its_own_message_and_no_row_is_written);

async fn without_javascript_a_wrong_field_comes_back_with_its_message_and_the_other_input(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut person = Person::valid(13);
    person.name = "<script>alert(1)</script>".into();
    person.mobile = "13612345678".into();

    let response = app.post_signup_without_javascript(&person.form()).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.url().path(), "/campaigns/volunteers-guard-expo");
    assert!(!response.url().as_str().contains(&person.id_number), "no personal data in the URL");
    let html = response.text().await.unwrap();
    assert!(html.contains("姓名只能包含文字、空格和间隔号"), "field message shown");
    assert!(html.contains("value=\"13612345678\""), "the phone stays filled in");
    assert!(html.contains(&format!("value=\"{}\"", person.id_number)), "the ID stays filled in");
    assert!(!html.contains("<script>alert(1)</script>"), "markup is escaped, never run");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}
on_both_engines!(without_javascript_a_wrong_field_comes_back_with_its_message_and_the_other_input);

async fn the_same_person_cannot_sign_up_twice_even_with_twenty_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(14);
    let first = app.signup_outcome(&person.form()).await;
    reference_of(&first);

    let again = app.signup_outcome(&person.form()).await;
    assert_eq!(again["Rejected"]["errors"]["id_number"], "duplicate");
    assert!(again["Rejected"]["message"].as_str().unwrap().contains("已报名"));

    let twin = Person::valid(15);
    let form = twin.form();
    let attempts = (0..20).map(|_| app.signup_outcome(&form));
    let outcomes = futures::future::join_all(attempts).await;
    let accepted = outcomes.iter().filter(|o| o.get("Accepted").is_some()).count();
    let duplicates = outcomes.iter().filter(|o| o["Rejected"]["errors"]["id_number"] == "duplicate").count();
    assert_eq!((accepted, duplicates), (1, 19), "{outcomes:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 2);
}
on_both_engines!(the_same_person_cannot_sign_up_twice_even_with_twenty_at_once);

async fn the_id_number_is_never_stored_logged_or_mailed_in_plain_text(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let person = Person::valid(16);
    let outcome = app.signup_outcome(&person.form()).await;
    reference_of(&outcome);
    // The files outbox (no SMTP configured) must have written the mail.
    let outbox = app.state.settings.data_dir.join("outbox");
    let start = std::time::Instant::now();
    while std::fs::read_dir(&outbox).map(|d| d.count()).unwrap_or(0) == 0
        && start.elapsed() < Duration::from_secs(15)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut mail_text = String::new();
    for entry in std::fs::read_dir(&outbox).unwrap() {
        mail_text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(mail_text.contains("Subject:"), "a mail file was written");

    let id = person.id_number.as_str();
    let birth = &id[6..14];
    assert!(!mail_text.contains(id) && !mail_text.contains(birth));
    let logs = String::from_utf8_lossy(&common::captured_logs().lock().unwrap()).to_string();
    assert!(!logs.contains(id), "the ID number appears in the logs");

    match engine {
        Engine::Sqlite => {
            let mut bytes = Vec::new();
            for file in ["test.db", "test.db-wal"] {
                if let Ok(b) = std::fs::read(app.dir.path().join(file)) {
                    bytes.extend(b);
                }
            }
            assert!(bytes.len() > 10_000, "read the database file");
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(id), "the ID number is in the SQLite file");
            assert!(!text.contains(&person.mobile), "the mobile number is in the SQLite file");
        }
        Engine::Postgres => {
            let dump = app
                .count(&format!(
                    "SELECT COUNT(*) FROM applications a, outbox o WHERE a::text LIKE '%{id}%' OR o::text LIKE '%{id}%' OR a::text LIKE '%{}%'",
                    person.mobile
                ))
                .await;
            assert_eq!(dump, 0, "the ID or mobile number is stored in plain text");
            assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
        }
    }
}
on_both_engines!(the_id_number_is_never_stored_logged_or_mailed_in_plain_text);

async fn with_the_mail_server_down_signups_succeed_and_mail_follows_once_it_returns(engine: Engine) {
    let mut app = spawn_app(engine).await;
    app.sink.as_mut().unwrap().stop();

    let mut references = Vec::new();
    for seq in 20..23 {
        references.push(reference_of(&app.signup_outcome(&Person::valid(seq).form()).await));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(app.sink.as_ref().unwrap().messages().len(), 0);
    assert!(
        app.count(&format!(
            "SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND status = '{}'",
            OutboxStatus::Pending
        ))
        .await
            >= 1,
        "sending was tried"
    );

    app.sink.as_mut().unwrap().resume();
    let mails = app.sink.as_ref().unwrap().wait_for(3, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mails_later = app.sink.as_ref().unwrap().messages();

    assert_eq!(mails.len(), 3);
    assert_eq!(mails_later.len(), 3, "each mail arrives exactly once");
    for reference in &references {
        assert_eq!(
            mails_later
                .iter()
                .filter(|m| m["subject"].as_str().unwrap().contains(reference.as_str()))
                .count(),
            1
        );
    }
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM outbox WHERE status = '{}'", OutboxStatus::Sent)).await,
        3
    );
}
on_both_engines!(with_the_mail_server_down_signups_succeed_and_mail_follows_once_it_returns);

async fn nonsense_and_oversized_requests_get_a_clear_answer_not_a_500(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.script_client();
    let url = format!("{}/api/signup", app.base);

    let empty = client
        .post(&url)
        .header("accept", "application/json")
        .form(&[("form[campaign]", "volunteers-guard-expo")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 200, "an empty form is a form with every field missing");
    let body: Value = empty.json().await.unwrap();
    assert_eq!(body["Rejected"]["errors"]["name"], "name_empty");
    assert_eq!(body["Rejected"]["errors"]["id_number"], "required");

    let no_form =
        client.post(&url).header("accept", "application/json").form(&[("x", "y")]).send().await.unwrap();
    assert_eq!(no_form.status(), 400);
    assert!(no_form.text().await.unwrap().contains("BadRequest"));

    let garbage = client
        .post(&url)
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("form[skills]=notamap&form[name][x]=1%%%")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    assert!(garbage.text().await.unwrap().contains("BadRequest"));

    let huge = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("form[name]={}", "a".repeat(200_000)))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);

    let unknown_campaign = {
        let mut p = Person::valid(30);
        p.campaign = "no-such-campaign".into();
        app.signup_outcome(&p.form()).await
    };
    assert!(unknown_campaign["Rejected"]["message"].as_str().unwrap().contains("不存在"));
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}
on_both_engines!(nonsense_and_oversized_requests_get_a_clear_answer_not_a_500);

async fn signups_are_rate_limited_per_client_behind_a_trusted_proxy(engine: Engine) {
    let app = common::spawn_app_with(
        engine,
        common::Options {
            signups_per_minute: 2,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        },
    )
    .await;
    let post = |seq: u32, client_ip: &'static str| {
        let form = Person::valid(seq).form();
        let request = app
            .script_client()
            .post(format!("{}/api/signup", app.base))
            .header("accept", "application/json")
            .header("x-forwarded-for", format!("203.0.113.9, {client_ip}"))
            .form(&form);
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };

    let first = post(60, "198.51.100.1").await;
    let second = post(61, "198.51.100.1").await;
    let third = post(62, "198.51.100.1").await;
    let other_client = post(63, "198.51.100.2").await;

    assert_eq!((first.0, second.0), (200, 200));
    assert_eq!(third.0, 429);
    assert!(third.1.contains("RateLimited"), "{}", third.1);
    assert_eq!(other_client.0, 200, "the limit is per client, not global");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 3);
}
on_both_engines!(signups_are_rate_limited_per_client_behind_a_trusted_proxy);
