//! Back office: log-in, sessions, the Origin check, and the authorization matrix — every page
//! and server function as nobody / reviewer / organizer of another district / organizer of the
//! right district / city admin.

mod admin_support;
mod common;

use admin_support::{
    communities, insert, login, organizer, signed_in, status_of, NewApplication, Session, NANHU, XIUZHOU,
};
use common::{spawn_app, Engine};
use shouwang::server::access::Role;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Nobody,
    Reviewer,
    OtherDistrict,
    RightDistrict,
    CityAdmin,
}
const EVERYONE: [Who; 5] =
    [Who::Nobody, Who::Reviewer, Who::OtherDistrict, Who::RightDistrict, Who::CityAdmin];

async fn the_authorization_matrix_holds_for_every_page_and_server_function(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let mut target = NewApplication::pending(&nanhu);
    target.name = "南湖测试".into();
    let ids = insert(&app, vec![target]).await;
    let id = ids[0].to_string();
    let reference: String = {
        use sea_orm::EntityTrait;
        shouwang::server::entities::application::Entity::find_by_id(ids[0])
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .reference
    };
    let mut sessions = Vec::new();
    for who in EVERYONE {
        let session = match who {
            Who::Nobody => Session::nobody(&app),
            Who::Reviewer => signed_in(&app, "reviewer", Role::Reviewer, None).await,
            Who::OtherDistrict => signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await,
            Who::RightDistrict => signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await,
            Who::CityAdmin => signed_in(&app, "chief", Role::CityAdmin, None).await,
        };
        sessions.push((who, session));
    }
    let leaks = |body: &str| body.contains("南湖测试") || body.contains(&reference);

    for (who, session) in &sessions {
        // ---- pages ----
        let (status, body, location) = session.page("/admin/applications?county=330402").await;
        match who {
            Who::Nobody => {
                assert_eq!((status, location.as_deref()), (303, Some("/admin/login")), "{who:?}");
                assert!(!leaks(&body));
            }
            Who::OtherDistrict => {
                assert_eq!(status, 200, "{who:?} sees their (empty) queue");
                assert!(!leaks(&body), "{who:?} sees another district's application");
            }
            _ => {
                assert_eq!(status, 200, "{who:?}: {body}");
                assert!(leaks(&body), "{who:?} should see the application");
            }
        }
        let (status, body, _) = session.page(&format!("/admin/applications/{id}")).await;
        let expected = match who {
            Who::Nobody => 303,
            Who::OtherDistrict => 403,
            _ => 200,
        };
        assert_eq!(status, expected, "detail page as {who:?}");
        assert_eq!(leaks(&body), expected == 200, "detail page body as {who:?}");
        let (status, _, _) = session.page("/admin/lottery").await;
        let expected = match who {
            Who::Nobody => 303,
            Who::Reviewer => 403,
            _ => 200,
        };
        assert_eq!(status, expected, "lottery page as {who:?}");

        // ---- server functions ----
        let (status, body) = session.call("me", &[]).await;
        assert_eq!(status, if *who == Who::Nobody { 401 } else { 200 }, "me as {who:?}");
        let (status, body_q) = session.call("queue", &[("filter[county]", NANHU)]).await;
        assert_eq!(status, if *who == Who::Nobody { 401 } else { 200 }, "queue as {who:?}: {body_q}");
        assert_eq!(
            leaks(&body_q),
            matches!(who, Who::Reviewer | Who::RightDistrict | Who::CityAdmin),
            "queue as {who:?}"
        );
        let _ = body;
        let (status, body) = session.call("application", &[("id", &id)]).await;
        let expected = match who {
            Who::Nobody => 401,
            Who::OtherDistrict => 403,
            _ => 200,
        };
        assert_eq!(status, expected, "application as {who:?}: {body}");
        assert_eq!(leaks(&body), expected == 200);

        let (status, body) = session
            .call(
                "lottery_preview",
                &[("filter[county]", NANHU), ("lottery[n]", "1"), ("lottery[seed]", "1")],
            )
            .await;
        let expected = match who {
            Who::Nobody => 401,
            Who::Reviewer => 403,
            _ => 200,
        };
        assert_eq!(status, expected, "lottery preview as {who:?}: {body}");
        assert_eq!(
            leaks(&body),
            matches!(who, Who::RightDistrict | Who::CityAdmin),
            "lottery preview as {who:?}"
        );
        let (status, body) = session
            .call(
                "lottery_commit",
                &[
                    ("filter[county]", NANHU),
                    ("lottery[n]", "1"),
                    ("lottery[seed]", "1"),
                    ("digest", "stale"),
                ],
            )
            .await;
        let expected = match who {
            Who::Nobody => 401,
            Who::Reviewer => 403,
            // allowed, but the digest does not match the pool: refused with a message, nothing done
            _ => 422,
        };
        assert_eq!(status, expected, "lottery commit as {who:?}: {body}");
        assert_eq!(status_of(&app, ids[0]).await, "pending");
    }

    // ---- decisions change state: each allowed actor makes a different change ----
    let steps = [
        (Who::Nobody, "approved", 401, "pending"),
        (Who::OtherDistrict, "approved", 403, "pending"),
        (Who::Reviewer, "waitlisted", 200, "waitlisted"),
        (Who::RightDistrict, "approved", 200, "approved"),
        (Who::CityAdmin, "waitlisted", 200, "waitlisted"),
    ];
    for (who, decision, expected, after) in steps {
        let session = &sessions.iter().find(|(w, _)| *w == who).unwrap().1;
        let (status, body) = session.call("decide", &[("id", &id), ("form[decision]", decision)]).await;
        assert_eq!(status, expected, "decide as {who:?}: {body}");
        assert!(!leaks(&body));
        assert_eq!(status_of(&app, ids[0]).await, after, "after decide as {who:?}");
    }
    let ids_key = format!("ids[{id}]");
    let bulk_steps = [
        (Who::Nobody, "approved", 401, "waitlisted"),
        (Who::OtherDistrict, "approved", 403, "waitlisted"),
        (Who::Reviewer, "approved", 200, "approved"),
        (Who::RightDistrict, "waitlisted", 200, "waitlisted"),
        (Who::CityAdmin, "approved", 200, "approved"),
    ];
    for (who, decision, expected, after) in bulk_steps {
        let session = &sessions.iter().find(|(w, _)| *w == who).unwrap().1;
        let (status, body) = session
            .call(
                "decide_bulk",
                &[("scope", "selected"), (ids_key.as_str(), "on"), ("form[decision]", decision)],
            )
            .await;
        assert_eq!(status, expected, "bulk decide as {who:?}: {body}");
        assert_eq!(status_of(&app, ids[0]).await, after, "after bulk decide as {who:?}");
    }
    // "all matching" in another district's filter touches nothing of Nanhu
    let other = &sessions.iter().find(|(w, _)| *w == Who::OtherDistrict).unwrap().1;
    let report = other
        .call_json(
            "decide_bulk",
            &[("scope", "all"), ("filter[county]", NANHU), ("form[decision]", "waitlisted")],
        )
        .await;
    assert_eq!(report["changed"], 0);
    assert_eq!(status_of(&app, ids[0]).await, "approved");
    // six real changes, six audit entries, six mails queued
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'decision'").await, 6);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'decision'").await, 6);
}
on_both_engines!(the_authorization_matrix_holds_for_every_page_and_server_function);

async fn a_state_changing_request_from_a_foreign_origin_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let ids = insert(&app, vec![NewApplication::pending(&communities(&app, NANHU)[0].1)]).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let id = ids[0].to_string();
    let url = format!("{}/api/admin/decide", app.base);
    let form = [("id", id.as_str()), ("form[decision]", "approved")];

    for origin in [Some("https://evil.example"), Some("null"), Some("http://portal.test.evil.example"), None]
    {
        let mut request = app
            .script_client()
            .post(&url)
            .header("cookie", &admin.cookie)
            .header("accept", "application/json")
            .form(&form);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "origin {origin:?}");
        assert_eq!(status_of(&app, ids[0]).await, "pending", "origin {origin:?} changed something");
    }
    // a GET never reaches a back-office server function
    let response = app
        .script_client()
        .get(format!("{url}?id={id}&form[decision]=approved"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    // the log-in form is protected too (no log-in CSRF)
    let response = app
        .script_client()
        .post(format!("{}/api/admin/login", app.base))
        .header("origin", "https://evil.example")
        .form(&[("name", "chief"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // PUBLIC_URL's origin and the request's own host are both ours
    let (status, _) = admin.call("decide", &form).await;
    assert_eq!(status, 200);
    let response = app
        .script_client()
        .post(&url)
        .header("cookie", &admin.cookie)
        .header("accept", "application/json")
        .header("origin", "http://portal.test")
        .form(&[("id", id.as_str()), ("form[decision]", "waitlisted")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(status_of(&app, ids[0]).await, "waitlisted");
}
on_both_engines!(a_state_changing_request_from_a_foreign_origin_is_refused);

async fn sessions_are_http_only_new_at_each_login_and_end_at_logout_idle_and_absolute_timeouts(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let password = organizer(&app, "chief", Role::CityAdmin, None).await;
    let response = app
        .script_client()
        .post(format!("{}/api/admin/login", app.base))
        .header("accept", "application/json")
        .header("origin", &app.base)
        .form(&[("name", "chief"), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sw_admin="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Secure"), "PUBLIC_URL is http here");

    let first = login(&app, "chief", &password).await;
    let second = login(&app, "chief", &password).await;
    assert_ne!(first.cookie, second.cookie, "a new session id at each log-in");
    assert_eq!(first.call("me", &[]).await.0, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_sessions").await, 3);
    let token = first.cookie.split_once('=').unwrap().1;
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM admin_sessions WHERE id = '{token}'")).await,
        0,
        "only a hash is stored"
    );

    // log-out ends that session only
    let (status, _) = first.call("logout", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(first.call("me", &[]).await.0, 401);
    assert_eq!(second.call("me", &[]).await.0, 200);

    // idle for 31 minutes
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let past = (chrono::Utc::now() - chrono::Duration::minutes(31)).to_rfc3339();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        match engine {
            Engine::Sqlite => "UPDATE admin_sessions SET last_seen_at = ?",
            Engine::Postgres => "UPDATE admin_sessions SET last_seen_at = $1::timestamptz",
        },
        [past.into()],
    ))
    .await
    .unwrap();
    assert_eq!(second.call("me", &[]).await.0, 401, "idle timeout");

    // absolute: twelve hours after log-in, however busy
    let third = login(&app, "chief", &password).await;
    let past = (chrono::Utc::now() - chrono::Duration::seconds(1)).to_rfc3339();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        match engine {
            Engine::Sqlite => "UPDATE admin_sessions SET expires_at = ?",
            Engine::Postgres => "UPDATE admin_sessions SET expires_at = $1::timestamptz",
        },
        [past.into()],
    ))
    .await
    .unwrap();
    assert_eq!(third.call("me", &[]).await.0, 401, "absolute timeout");
    // a made-up cookie is nobody
    let forged = Session { cookie: format!("sw_admin={}", "ab".repeat(32)), ..Session::nobody(&app) };
    assert_eq!(forged.call("me", &[]).await.0, 401);
}
on_both_engines!(sessions_are_http_only_new_at_each_login_and_end_at_logout_idle_and_absolute_timeouts);

async fn repeated_wrong_passwords_slow_down_an_account_but_only_for_minutes(engine: Engine) {
    let app = spawn_app(engine).await;
    let password = organizer(&app, "chief", Role::CityAdmin, None).await;
    let attempt = |pw: String| {
        let app_base = app.base.clone();
        let client = app.script_client();
        async move {
            let response = client
                .post(format!("{app_base}/api/admin/login"))
                .header("accept", "application/json")
                .header("origin", &app_base)
                .form(&[("name", "chief"), ("password", pw.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<serde_json::Value>().await.unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong".into()).await, serde_json::json!("WrongCredentials"));
    }
    // now even the right password waits
    let throttled = attempt(password.clone()).await;
    let seconds = throttled["Throttled"]["seconds"].as_i64().unwrap_or_else(|| panic!("{throttled}"));
    assert!((1..=300).contains(&seconds), "{seconds}");
    // the delay is stored, bounded, and passes: move it into the past and the organizer gets in
    assert_eq!(app.count("SELECT COUNT(*) FROM organizers WHERE throttled_until IS NOT NULL").await, 1);
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "UPDATE organizers SET throttled_until = NULL".to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(attempt(password.clone()).await, serde_json::json!("SignedIn"));
    assert_eq!(app.count("SELECT COUNT(*) FROM organizers WHERE failed_logins = 0").await, 1);
    // nonsense is just a wrong log-in
    assert_eq!(attempt("x".repeat(5000)).await, serde_json::json!("WrongCredentials"));
    let (status, _) =
        Session::nobody(&app).call("login", &[("name", &"名".repeat(10_000)), ("password", "x")]).await;
    assert_eq!(status, 200);
}
on_both_engines!(repeated_wrong_passwords_slow_down_an_account_but_only_for_minutes);

async fn without_javascript_an_organizer_logs_in_and_out_with_plain_forms(engine: Engine) {
    let app = spawn_app(engine).await;
    let password = organizer(&app, "chief", Role::CityAdmin, None).await;
    let browser = app.browser_client();
    let page = browser.get(format!("{}/admin/applications", app.base)).send().await.unwrap();
    assert_eq!(page.url().path(), "/admin/login", "sent to the log-in page");
    let html = page.text().await.unwrap();
    assert!(html.contains("组织者登录"));
    assert!(html.contains("/admin.css"), "the back office links its own stylesheet");
    let (_, home) = app.get_html("/").await;
    assert!(!home.contains("/admin.css"), "public pages do not load the back office's CSS");

    let wrong = browser
        .post(format!("{}/api/admin/login", app.base))
        .header("accept", "text/html")
        .header("origin", &app.base)
        .form(&[("name", "chief"), ("password", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.url().path(), "/admin/login");
    assert!(wrong.text().await.unwrap().contains("账号或密码不正确"));

    let right = browser
        .post(format!("{}/api/admin/login", app.base))
        .header("accept", "text/html")
        .header("origin", &app.base)
        .form(&[("name", "chief"), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(right.url().path(), "/admin/applications");
    let html = right.text().await.unwrap();
    assert!(html.contains("报名审核") && html.contains("chief"), "{html}");

    let out = browser
        .post(format!("{}/api/admin/logout", app.base))
        .header("accept", "text/html")
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(out.url().path(), "/admin/login");
    let again = browser.get(format!("{}/admin/applications", app.base)).send().await.unwrap();
    assert_eq!(again.url().path(), "/admin/login");
}
on_both_engines!(without_javascript_an_organizer_logs_in_and_out_with_plain_forms);

#[test]
fn the_cli_creates_the_first_admin_with_a_one_time_password_and_no_default() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_shouwang"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SHOUWANG_DATA_DIR", dir.path())
            .env("DATABASE_URL", format!("sqlite://{}/cli.db?mode=rwc", dir.path().display()))
            .env("SEED_DEMO", "0")
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let created = run(&["admin", "create", "--name", "chief", "--role", "city_admin"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let stdout = String::from_utf8(created.stdout).unwrap();
    let password = stdout.lines().last().unwrap().trim().to_string();
    assert_eq!(password.len(), 20, "{stdout}");

    let again = run(&["admin", "create", "--name", "chief", "--role", "city_admin"]);
    assert!(!again.status.success(), "the same name twice");
    let no_county = run(&["admin", "create", "--name", "d1", "--role", "district_organizer"]);
    assert!(!no_county.status.success(), "a district organizer needs a county");
    let bad_role = run(&["admin", "create", "--name", "x", "--role", "root"]);
    assert!(!bad_role.status.success());
    let district =
        run(&["admin", "create", "--name", "d2", "--role", "district_organizer", "--county", "330402"]);
    assert!(district.status.success(), "{}", String::from_utf8_lossy(&district.stderr));
    let second_password =
        String::from_utf8(district.stdout).unwrap().lines().last().unwrap().trim().to_string();
    assert_ne!(password, second_password, "no default password");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use shouwang::server::services::organizers::{login, AddressThrottle, LoginResult};
        let db = shouwang::server::db::connect(
            &format!("sqlite://{}/cli.db?mode=rwc", dir.path().display()),
            shouwang::server::db::Durability::Full,
        )
        .await
        .unwrap();
        let throttle = AddressThrottle::default();
        let ip = "127.0.0.1".parse().unwrap();
        let now = chrono::Utc::now();
        assert!(matches!(
            login(&db, &throttle, ip, "chief", &password, now).await.unwrap(),
            LoginResult::Success { .. }
        ));
        assert_eq!(login(&db, &throttle, ip, "chief", "", now).await.unwrap(), LoginResult::WrongCredentials);
        let stored: String = {
            use sea_orm::{ConnectionTrait, Statement};
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT password_hash FROM organizers WHERE name = 'chief'".to_string(),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index(0).unwrap()
        };
        assert!(stored.starts_with("$argon2id$") && !stored.contains(&password));
    });
}

/// Pages and functions of teams, dashboard, campaigns and downloads, by role.
async fn every_other_back_office_page_and_function_answers_by_role(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let mut recruit = NewApplication::pending(&nanhu);
    recruit.status = "approved";
    recruit.name = "南湖队员".into();
    let ids = insert(&app, vec![recruit]).await;
    let mut sessions = Vec::new();
    for who in EVERYONE {
        let session = match who {
            Who::Nobody => Session::nobody(&app),
            Who::Reviewer => signed_in(&app, "reviewer", Role::Reviewer, None).await,
            Who::OtherDistrict => signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await,
            Who::RightDistrict => signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await,
            Who::CityAdmin => signed_in(&app, "chief", Role::CityAdmin, None).await,
        };
        sessions.push((who, session));
    }
    let admin = &sessions[4].1;
    let team = admin
        .call_json(
            "team_create",
            &[("team[name]", "南湖矩阵队"), ("team[region]", NANHU), ("team[capacity]", "5")],
        )
        .await;
    let team = team.as_i64().unwrap().to_string();
    let other_team = admin
        .call_json(
            "team_create",
            &[("team[name]", "南湖备用队"), ("team[region]", NANHU), ("team[capacity]", "5")],
        )
        .await;
    let other_team = other_team.as_i64().unwrap().to_string();
    let reference: String = {
        use sea_orm::EntityTrait;
        shouwang::server::entities::application::Entity::find_by_id(ids[0])
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .reference
    };
    admin.call_json("team_add", &[("id", &team), ("reference", &reference)]).await;
    let member = ids[0].to_string();

    // (who may) — Nobody always gets 303 (pages, downloads) or 401 (functions)
    let teams_roles = [Who::RightDistrict, Who::CityAdmin];
    let everyone_signed_in = [Who::Reviewer, Who::OtherDistrict, Who::RightDistrict, Who::CityAdmin];
    let pages: Vec<(String, Vec<Who>)> = vec![
        ("/admin/dashboard".into(), everyone_signed_in.to_vec()),
        (format!("/admin/teams/{team}"), teams_roles.to_vec()),
        (format!("/admin/teams/{team}/roster"), teams_roles.to_vec()),
        (format!("/admin/auto-group?county={NANHU}&cap=5"), teams_roles.to_vec()),
        ("/admin/campaigns".into(), vec![Who::CityAdmin]),
        ("/admin/campaigns/edit?slug=volunteers-guard-expo".into(), vec![Who::CityAdmin]),
    ];
    for (path, allowed) in &pages {
        for (who, session) in &sessions {
            let (status, body, _) = session.page(path).await;
            let expected = if *who == Who::Nobody {
                303
            } else if allowed.contains(who) {
                200
            } else {
                403
            };
            assert_eq!(status, expected, "{path} as {who:?}");
            if expected != 200 {
                assert!(
                    !body.contains("南湖矩阵队") && !body.contains("南湖队员"),
                    "{path} leaks to {who:?}"
                );
            }
        }
    }
    // the team list is open to both district organizers, each seeing only their county
    for (who, session) in &sessions {
        let (status, body, _) = session.page("/admin/teams").await;
        let expected = match who {
            Who::Nobody => 303,
            Who::Reviewer => 403,
            _ => 200,
        };
        assert_eq!(status, expected, "/admin/teams as {who:?}");
        assert_eq!(
            body.contains("南湖矩阵队"),
            matches!(who, Who::RightDistrict | Who::CityAdmin),
            "/admin/teams as {who:?}"
        );
    }

    type Call<'a> = (&'a str, Vec<(&'a str, String)>, Vec<Who>);
    let calls: Vec<Call> = vec![
        ("dashboard", vec![], everyone_signed_in.to_vec()),
        ("notice", vec![("token", "x".into())], everyone_signed_in.to_vec()),
        ("team", vec![("id", team.clone())], teams_roles.to_vec()),
        ("team_auto_preview", vec![("county", NANHU.into()), ("cap", "5".into())], teams_roles.to_vec()),
        ("team_rename", vec![("id", team.clone()), ("name", "南湖矩阵队".into())], teams_roles.to_vec()),
        ("team_leader", vec![("id", team.clone()), ("application", member.clone())], teams_roles.to_vec()),
        (
            "team_move",
            vec![("application", member.clone()), ("to", other_team.clone())],
            vec![Who::RightDistrict],
        ),
        ("team_move", vec![("application", member.clone()), ("to", team.clone())], vec![Who::CityAdmin]),
        (
            "team_create",
            vec![
                ("team[name]", "新队".into()),
                ("team[region]", NANHU.into()),
                ("team[capacity]", "3".into()),
            ],
            teams_roles.to_vec(),
        ),
        ("campaigns", vec![], vec![Who::CityAdmin]),
        ("campaign", vec![("slug", "volunteers-guard-expo".into())], vec![Who::CityAdmin]),
        (
            "campaign_phase",
            vec![("slug", "volunteers-guard-expo".into()), ("action", "pause".into())],
            vec![Who::CityAdmin],
        ),
    ];
    for (endpoint, form, allowed) in &calls {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for (who, session) in &sessions {
            if *endpoint == "team_move" && teams_roles.contains(who) && !allowed.contains(who) {
                continue; // each of the two moves is made by one of the two who may
            }
            let (status, body) = session.call(endpoint, &form).await;
            let expected = if *who == Who::Nobody {
                401
            } else if allowed.contains(who) {
                200
            } else {
                403
            };
            assert_eq!(status, expected, "{endpoint} as {who:?}: {body}");
            if expected != 200 {
                assert!(!body.contains("南湖队员"), "{endpoint} leaks to {who:?}");
            }
        }
    }
    // adding and auto-grouping need a free recruit: denied ones first, then the allowed one
    for (who, session) in &sessions {
        let (status, _) =
            session.call("team_auto_commit", &[("county", NANHU), ("cap", "5"), ("digest", "stale")]).await;
        let expected = match who {
            Who::Nobody => 401,
            Who::RightDistrict | Who::CityAdmin => 422,
            _ => 403,
        };
        assert_eq!(status, expected, "team_auto_commit as {who:?}");
        let (status, _) = session.call("team_add", &[("id", &other_team), ("reference", &reference)]).await;
        let expected = match who {
            Who::Nobody => 401,
            Who::RightDistrict | Who::CityAdmin => 422, // already in a team
            _ => 403,
        };
        assert_eq!(status, expected, "team_add as {who:?}");
    }
    // downloads
    for (who, session) in &sessions {
        let queue = session.form_post("/admin/export/queue", &[("format", "csv")]).await.status().as_u16();
        let expected = match who {
            Who::Nobody => 303,
            Who::Reviewer => 403,
            _ => 200,
        };
        assert_eq!(queue, expected, "queue export as {who:?}");
        let full = session
            .form_post("/admin/export/queue", &[("format", "csv"), ("full", "1")])
            .await
            .status()
            .as_u16();
        assert_eq!(
            full,
            if *who == Who::Nobody {
                303
            } else if *who == Who::CityAdmin {
                200
            } else {
                403
            },
            "full export as {who:?}"
        );
        let response =
            session.form_post("/admin/export/team", &[("team", team.as_str()), ("format", "csv")]).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        let expected = match who {
            Who::Nobody => 303,
            Who::RightDistrict | Who::CityAdmin => 200,
            _ => 403,
        };
        assert_eq!(status, expected, "team export as {who:?}");
        assert_eq!(body.contains("南湖队员"), expected == 200);
    }
}
on_both_engines!(every_other_back_office_page_and_function_answers_by_role);
