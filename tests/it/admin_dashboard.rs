//! Back office: the campaign dashboard — counts, progress to target, sign-ups per day (an SVG
//! drawn on the server), per county; limited to the organizer's area.

use crate::admin_support;
use crate::common;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU, XIUZHOU};
use common::{spawn_app, Engine};
use sea_orm::{ConnectionTrait, Statement};
use shouwang::domain::ApplicationStatus;
use shouwang::server::access::Role;

async fn the_dashboard_counts_per_status_day_and_county_within_the_organizers_area(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let xiuzhou = communities(&app, XIUZHOU)[0].1.clone();
    let mut rows: Vec<NewApplication> = (0..6).map(|_| NewApplication::pending(&nanhu)).collect();
    rows[0].status = ApplicationStatus::Approved;
    rows[1].status = ApplicationStatus::Approved;
    rows[2].status = ApplicationStatus::Withdrawn;
    rows.extend((0..4).map(|_| NewApplication::pending(&xiuzhou)));
    rows[6].status = ApplicationStatus::Approved;
    let ids = insert(&app, rows).await;
    // three of Nanhu signed up two days earlier (China time)
    let earlier = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    let db = &app.state.db;
    let sql = match engine {
        Engine::Sqlite => {
            format!("UPDATE applications SET created_at = ? WHERE id IN ({}, {}, {})", ids[3], ids[4], ids[5])
        }
        Engine::Postgres => format!(
            "UPDATE applications SET created_at = $1::timestamptz WHERE id IN ({}, {}, {})",
            ids[3], ids[4], ids[5]
        ),
    };
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, [earlier.into()]))
        .await
        .unwrap();

    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let d = admin.call_json("dashboard", &[("campaign", "volunteers-guard-expo")]).await;
    assert_eq!(d["signups"], 9, "withdrawn not counted");
    assert_eq!(d["recruited"], 3);
    assert_eq!(d["target"], 10_000);
    assert_eq!(d["counts"][ApplicationStatus::Withdrawn.as_str()], 1);
    let days = d["per_day"].as_array().unwrap();
    assert_eq!(days.len(), 2, "{days:?}");
    assert_eq!(days[0][1], 3, "the earlier day first");
    assert_eq!(days[1][1], 6);
    let today = shouwang::domain::today_in_china().to_string();
    assert_eq!(days[1][0], today.as_str());
    let counties = d["per_county"].as_array().unwrap();
    let nanhu_row = counties.iter().find(|c| c["code"] == NANHU).unwrap();
    assert_eq!((nanhu_row["signups"].as_u64(), nanhu_row["recruited"].as_u64()), (Some(5), Some(2)));
    assert_eq!(counties.iter().find(|c| c["code"] == XIUZHOU).unwrap()["signups"], 4);

    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let d = district.call_json("dashboard", &[]).await;
    assert_eq!(d["signups"], 5, "their county only");
    assert_eq!(d["per_county"].as_array().unwrap().len(), 1);

    let (status, html, _) = admin.page("/admin/dashboard?campaign=volunteers-guard-expo").await;
    assert_eq!(status, 200);
    let per_day =
        html.split("data-testid=\"per-day-chart\"").nth(1).unwrap().split("</figure>").next().unwrap();
    assert!(per_day.contains("<svg") && per_day.matches("class=\"bar\"").count() == 2, "two bars");
    assert!(
        per_day.contains("<table") && per_day.contains(&format!("<th scope=\"row\">{today}</th><td>6</td>"))
    );
    assert!(html.contains(&format!("{today}：6")));
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    assert_eq!(reviewer.page("/admin/dashboard").await.0, 200);
    assert_eq!(Session::nobody(&app).page("/admin/dashboard").await.0, 303);
    let (status, body) = admin.call("dashboard", &[("campaign", "nope")]).await;
    assert_eq!(status, 422, "{body}");
}
on_both_engines!(the_dashboard_counts_per_status_day_and_county_within_the_organizers_area);
