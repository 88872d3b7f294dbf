//! Back office: one masking policy. Everyone but a city admin sees an age instead of the birth
//! date and an ID reduced to its area and last two characters, on every page and in every
//! masked export, so that no two shown facts add up to the number.

use crate::admin_support;
use crate::common;

use std::io::Cursor;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU};
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::{spawn_app, Engine};
use sea_orm::EntityTrait;
use shouwang::domain::{mask_id_number, mask_id_number_for_staff, ApplicationStatus};
use shouwang::server::access::Role;
use shouwang::server::entities::application;

/// Everything of the birth date or of the old mask that would give the number away.
fn leaks(text: &str, id_number: &str) -> Vec<String> {
    let mut found = Vec::new();
    for needle in
        ["1985-06-15", "19850615", "1985年6月15日", "1985年06月15日", id_number, &mask_id_number(id_number)]
    {
        if text.contains(needle) {
            found.push(needle.to_string());
        }
    }
    found
}

async fn download(session: &Session, path: &str, form: &[(&str, &str)]) -> Vec<u8> {
    let response = session.form_post(path, form).await;
    assert_eq!(response.status(), 200, "{path} {form:?}");
    response.bytes().await.unwrap().to_vec()
}

fn xlsx_text(bytes: Vec<u8>) -> String {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        for row in book.worksheet_range(&name).unwrap().rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('|');
            }
        }
    }
    text
}

async fn only_a_city_admin_sees_a_birth_date_and_no_page_or_export_adds_up_to_the_id(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut person = NewApplication::pending(&communities(&app, NANHU)[0].1);
    person.status = ApplicationStatus::Approved;
    person.name = "李雷".into();
    let id = insert(&app, vec![person]).await[0];
    let stored = application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    let id_number = app.state.crypto.decrypt(&stored.id_cipher).unwrap();
    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let team = district
        .call_json("team_create", &[("team[name]", "一队"), ("team[region]", NANHU), ("team[capacity]", "5")])
        .await
        .as_i64()
        .unwrap()
        .to_string();
    district.call_json("team_add", &[("id", team.as_str()), ("reference", stored.reference.as_str())]).await;
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let detail_path = format!("/admin/applications/{id}");

    for (who, session) in [("reviewer", &reviewer), ("district organizer", &district)] {
        let (status, html, _) = session.page(&detail_path).await;
        assert_eq!(status, 200);
        assert!(html.contains(&mask_id_number_for_staff(&id_number)), "{who}: {html}");
        assert!(html.contains("年龄") && html.contains("周岁"), "{who} sees the age");
        assert_eq!(leaks(&html, &id_number), Vec::<String>::new(), "{who}'s application page");
        let (_, json) = session.call("application", &[("id", &id.to_string())]).await;
        assert_eq!(leaks(&json, &id_number), Vec::<String>::new(), "{who}'s application data");
        let (status, html, _) = session.page("/admin/applications?campaign=volunteers-guard-expo").await;
        assert_eq!(status, 200);
        assert!(html.contains("李雷"));
        assert_eq!(leaks(&html, &id_number), Vec::<String>::new(), "{who}'s queue");
    }
    for (what, path, form) in [
        ("queue csv", "/admin/export/queue", vec![("format", "csv")]),
        ("queue xlsx", "/admin/export/queue", vec![("format", "xlsx")]),
        ("roster csv", "/admin/export/team", vec![("team", team.as_str()), ("format", "csv")]),
        ("roster xlsx", "/admin/export/team", vec![("team", team.as_str()), ("format", "xlsx")]),
    ] {
        for (who, session) in [("district organizer", &district), ("city admin, masked", &admin)] {
            let bytes = download(session, path, &form).await;
            let text =
                if what.ends_with("xlsx") { xlsx_text(bytes) } else { String::from_utf8(bytes).unwrap() };
            assert_eq!(leaks(&text, &id_number), Vec::<String>::new(), "{who}: {what}");
            if what == "queue csv" {
                assert!(text.contains(&mask_id_number_for_staff(&id_number)), "{who}: {text}");
            }
        }
    }
    let (status, html, _) = district.page(&format!("/admin/teams/{team}/roster")).await;
    assert_eq!(status, 200);
    assert!(html.contains("李雷"));
    assert_eq!(leaks(&html, &id_number), Vec::<String>::new(), "the printable roster");

    // a city admin may see full data: the birth date is on the page
    let (_, html, _) = admin.page(&detail_path).await;
    assert!(html.contains("1985-06-15"), "{html}");
}
on_both_engines!(only_a_city_admin_sees_a_birth_date_and_no_page_or_export_adds_up_to_the_id);
