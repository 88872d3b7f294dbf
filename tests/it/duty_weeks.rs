//! Weeks of duty ("我为世博守一周"): a week's places hold under a storm of picks, a move gives
//! the old week's place back, organizers set weeks up and move people, and nonsense is refused
//! in words.

use crate::admin_support;
use crate::common;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU};
use chrono::{Duration, Utc};
use common::{spawn_app_with, Engine, Options, TestApp};
use sea_orm::EntityTrait;
use shouwang::domain::calendar::CHINA_OFFSET;
use shouwang::error::AppError;
use shouwang::model::{ActivityProblem as P, Problem};
use shouwang::server::access::Role;
use shouwang::server::entities::application;
use shouwang::server::services::duty_weeks;

const CAMPAIGN: &str = "volunteers-guard-expo";

async fn app(engine: Engine) -> TestApp {
    spawn_app_with(engine, Options { with_sink: false, ..Default::default() }).await
}

async fn set_up(admin: &Session, weeks: &str, capacity: &str) -> (u16, String) {
    let monday = (Utc::now() + Duration::days(7)).with_timezone(&CHINA_OFFSET).date_naive();
    let first = monday.format("%Y-%m-%d").to_string();
    admin
        .call(
            "weeks_set_up",
            &[("campaign", CAMPAIGN), ("first_day", &first), ("count", weeks), ("capacity", capacity)],
        )
        .await
}

async fn people(app: &TestApp, n: usize) -> Vec<application::Model> {
    let nanhu = communities(app, NANHU);
    let ids = insert(app, (0..n).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let mut found = Vec::new();
    for id in ids {
        found.push(application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap());
    }
    found
}

async fn taken(app: &TestApp, week: i32) -> i64 {
    app.count(&format!("SELECT CAST(taken AS BIGINT) FROM duty_weeks WHERE number = {week}")).await
}

async fn three_hundred_concurrent_picks_fill_a_week_of_fifty_and_no_more(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let (status, body) = set_up(&admin, "26", "50").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_weeks").await, 26);
    let everyone = people(&app, 300).await;

    let storm: Vec<_> = everyone
        .into_iter()
        .map(|person| {
            let state = app.state.clone();
            tokio::spawn(async move { duty_weeks::pick(&state, &person, "1", None, Utc::now()).await })
        })
        .collect();
    let (mut placed, mut full) = (0, 0);
    for task in storm {
        match task.await.unwrap() {
            Ok(1) => placed += 1,
            Err(AppError::Invalid(Problem::Activity(P::WeekFull))) => full += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!((placed, full), (50, 250));
    assert_eq!(taken(&app, 1).await, 50);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_week_picks").await, 50);
    // the dashboard shows each week's fill: 26 bars, the first at 50, one week full
    let (_, page, _) = admin.page(&format!("/admin/dashboard?campaign={CAMPAIGN}")).await;
    let weeks = &page[page.find("data-testid=\"weeks-fill\"").expect("the weeks' card")..];
    let weeks = &weeks[..weeks.find("</section>").unwrap()];
    assert!(weeks.contains("每周名额 50 · 已满周数 1"), "the fill in words");
    assert_eq!(weeks.matches("class=\"bar\"").count(), 26, "one bar a week");
}
on_both_engines!(three_hundred_concurrent_picks_fill_a_week_of_fifty_and_no_more);

async fn a_move_gives_the_old_place_back_and_organizers_move_people_within_capacity(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    set_up(&admin, "3", "1").await;
    let found = people(&app, 2).await;
    let (a, b) = (&found[0], &found[1]);
    assert_eq!(duty_weeks::pick(&app.state, a, "1", None, Utc::now()).await.unwrap(), 1);
    assert_eq!(
        duty_weeks::pick(&app.state, a, "1", None, Utc::now()).await.unwrap(),
        1,
        "the same week again is no change"
    );
    assert_eq!(duty_weeks::pick(&app.state, a, "2", None, Utc::now()).await.unwrap(), 2);
    assert_eq!((taken(&app, 1).await, taken(&app, 2).await), (0, 1), "week 1's place came back");

    // the organizer moves b into week 2: full; into week 1: done, seen on the page
    let (status, body) = admin.call("week_move", &[("id", &b.id.to_string()), ("week", "2")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("名额已满"), "{body}");
    let (status, body) = admin.call("week_move", &[("id", &b.id.to_string()), ("week", "1")]).await;
    assert_eq!(status, 200, "{body}");
    let (_, page, _) = admin.page(&format!("/admin/applications/{}", b.id)).await;
    assert!(page.contains("data-testid=\"week-move\""));
    assert!(page.contains("第 1 周"));

    // more places can be given; they cannot drop below those who chose the week
    let (status, body) = set_up(&admin, "4", "5").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_weeks").await, 4);
    assert_eq!(taken(&app, 2).await, 1, "volunteers keep their week through a change of places");
    duty_weeks::pick(&app.state, b, "2", None, Utc::now()).await.unwrap();
    let (status, body) = set_up(&admin, "4", "1").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("不能少于"), "{body}");
    assert_eq!(
        app.count("SELECT CAST(MAX(capacity) AS BIGINT) FROM duty_weeks").await,
        5,
        "nothing of the refused change was kept"
    );
}
on_both_engines!(a_move_gives_the_old_place_back_and_organizers_move_people_within_capacity);

async fn nonsense_weeks_and_set_ups_are_refused_in_words_and_change_nothing(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    set_up(&admin, "2", "10").await;
    let found = people(&app, 1).await;
    for week in ["", "abc", "0", "-1", "53", "3", "1; DELETE FROM duty_weeks", &"9".repeat(5000)] {
        let (status, body) =
            admin.call("week_move", &[("id", &found[0].id.to_string()), ("week", week)]).await;
        assert_eq!(status, 422, "{week}: {body}");
        assert!(body.contains("没有这个值守周"), "{body}");
    }
    for (weeks, capacity) in [("0", "10"), ("53", "10"), ("x", "10"), ("2", "-5"), ("2", &"9".repeat(50))] {
        let (status, body) = set_up(&admin, weeks, capacity).await;
        assert_eq!(status, 422, "{weeks}/{capacity}: {body}");
    }
    let (status, _) = admin.call("week_move", &[("id", "not-a-number"), ("week", "1")]).await;
    assert_eq!(status, 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_week_picks").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM duty_weeks").await, 2);
}
on_both_engines!(nonsense_weeks_and_set_ups_are_refused_in_words_and_change_nothing);

async fn a_volunteer_picks_a_week_on_their_page_without_javascript(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    set_up(&admin, "4", "10").await;
    let nanhu = communities(&app, NANHU);
    let person = NewApplication::pending(&nanhu[0].1);
    let mobile = person.mobile.clone();
    let id = insert(&app, vec![person]).await[0];
    let reference = application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().reference;

    let client = app.script_client();
    let opened = client
        .post(format!("{}/api/me/open", app.base))
        .header("accept", "text/html")
        .form(&[("reference", reference.as_str()), ("mobile", mobile.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = opened
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("sw_me="))
        .expect("the page is open");
    let page = |path: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            let response =
                client.get(path).header("cookie", format!("lang=zh-CN; {cookie}")).send().await.unwrap();
            response.text().await.unwrap()
        }
    };
    let html = page(format!("{}/me", app.base)).await;
    assert!(
        html.contains("我为世博守一周") && html.matches("name=\"week\"").count() == 4,
        "four weeks offered"
    );

    let picked = client
        .post(format!("{}/api/me/week", app.base))
        .header("accept", "text/html")
        .header("cookie", format!("lang=zh-CN; {cookie}"))
        .form(&[("week", "2")])
        .send()
        .await
        .unwrap();
    assert!(picked.status().is_redirection());
    let to = picked.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/me?notice="), "{to}");
    let html = page(format!("{}{to}", app.base)).await;
    assert!(html.contains("已选择第 2 周值守"), "told in words");
    assert!(html.contains("data-testid=\"my-week\">2<"), "their week is shown");
    assert_eq!(taken(&app, 2).await, 1);
}
on_both_engines!(a_volunteer_picks_a_week_on_their_page_without_javascript);
