//! Back office: exports of the filtered queue, read back — masked by default, full numbers only
//! for city admins (and audited), formulas neutralised.

use crate::admin_support;
use crate::common;

use std::io::Cursor;

use admin_support::{communities, insert, signed_in, NewApplication, Session, NANHU, XIUZHOU};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{spawn_app, Engine};
use shouwang::domain::ApplicationStatus;
use shouwang::server::access::Role;

const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example\",\"点我\")";

async fn export(session: &Session, form: &[(&str, &str)]) -> (u16, Option<String>, Vec<u8>) {
    let response = session.form_post("/admin/export/queue", form).await;
    let status = response.status().as_u16();
    let disposition =
        response.headers().get("content-disposition").and_then(|v| v.to_str().ok()).map(String::from);
    (status, disposition, response.bytes().await.unwrap().to_vec())
}

fn read_xlsx(bytes: Vec<u8>) -> (Vec<Vec<String>>, usize) {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("报名").unwrap();
    let rows = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => panic!("every cell is text, found {other:?}"),
                })
                .collect()
        })
        .collect();
    let formulas =
        book.worksheet_formula("报名").unwrap().used_cells().filter(|(_, _, f)| !f.is_empty()).count();
    (rows, formulas)
}

async fn the_xlsx_export_reads_back_filtered_masked_and_with_formulas_as_text(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let mut evil = NewApplication::pending(&nanhu);
    evil.name = HYPERLINK.into();
    evil.mobile = "13912348028".into();
    let mut plus = NewApplication::pending(&nanhu);
    plus.name = "+SUM(1,2)".into();
    plus.status = ApplicationStatus::Approved;
    let mut plain = NewApplication::pending(&nanhu);
    plain.name = "李雷".into();
    let mut elsewhere = NewApplication::pending(&communities(&app, XIUZHOU)[0].1);
    elsewhere.name = "韩梅梅".into();
    insert(&app, vec![evil, plus, plain, elsewhere]).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;

    let (status, disposition, bytes) = export(&admin, &[("county", NANHU), ("format", "xlsx")]).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(disposition.unwrap().contains(".xlsx"));
    let (rows, formulas) = read_xlsx(bytes);
    assert_eq!(formulas, 0, "no formula in the sheet");
    assert_eq!(rows[0][1], "姓名");
    assert_eq!(rows.len(), 4, "header + the three of Nanhu: {rows:?}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    // a string cell never runs as a formula, so it keeps the text exactly as typed (no visible `'`)
    assert!(names.contains(&HYPERLINK), "{names:?}");
    assert!(names.contains(&"+SUM(1,2)") && names.contains(&"李雷") && !names.contains(&"韩梅梅"));
    let evil_row = rows.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
    assert_eq!(evil_row[2], "139****8028", "phone masked");
    assert!(evil_row[3].contains("********"), "ID masked: {}", evil_row[3]);
    assert_eq!(evil_row[5], "南湖区");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0, "a masked export is not a full export");

    // filtered by status too
    let (_, _, bytes) = export(
        &admin,
        &[("county", NANHU), ("status", ApplicationStatus::Approved.as_str()), ("format", "xlsx")],
    )
    .await;
    let (rows, _) = read_xlsx(bytes);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "+SUM(1,2)");

    // CSV: the same, with a BOM for Excel
    let (status, _, bytes) = export(&admin, &[("county", NANHU), ("format", "csv")]).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert!(records.iter().any(|r| &r[1] == format!("'{HYPERLINK}").as_str()));
    assert!(records.iter().all(|r| r[2].contains("****")));

    // full export: city admin only, and audited
    let (status, disposition, bytes) =
        export(&admin, &[("county", NANHU), ("format", "csv"), ("full", "1")]).await;
    assert_eq!(status, 200);
    assert!(disposition.unwrap().contains("-full"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("13912348028"), "full phone for a city admin");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export_full' AND actor_name = 'chief'")
            .await,
        1
    );

    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let (status, _, body) = export(&district, &[("format", "csv"), ("full", "1")]).await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("8028"));
    let (status, _, bytes) = export(&district, &[("format", "xlsx")]).await;
    assert_eq!(status, 200);
    let (rows, _) = read_xlsx(bytes);
    assert_eq!(rows.len(), 4, "a district organizer exports their county only");
    let other = signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await;
    let (_, _, bytes) = export(&other, &[("county", NANHU), ("format", "xlsx")]).await;
    assert_eq!(read_xlsx(bytes).0.len(), 1, "another county's filter yields only the header");
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    let (status, _, _) = export(&reviewer, &[("format", "csv")]).await;
    assert_eq!(status, 403, "reviewers do not export");
    let (status, _, _) = export(&Session::nobody(&app), &[("format", "csv")]).await;
    assert_eq!(status, 303, "nobody is sent to the log-in page");
    let (status, _, body) = export(&admin, &[("format", "pdf")]).await;
    assert_eq!(status, 422);
    assert!(String::from_utf8(body).unwrap().contains("CSV"));
    let (status, _, _) = export(&admin, &[("format", "csv"), ("status", "nonsense")]).await;
    assert_eq!(status, 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 1);
}
on_both_engines!(the_xlsx_export_reads_back_filtered_masked_and_with_formulas_as_text);

async fn full_exports_keep_all_18_digits_of_an_id_as_text(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU)[0].1.clone();
    let mut person = NewApplication::pending(&nanhu);
    person.name = "李雷".into();
    let id = insert(&app, vec![person]).await[0];
    let stored = <shouwang::server::entities::application::Entity as sea_orm::EntityTrait>::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let id_number = app.state.crypto.decrypt(&stored.id_cipher).unwrap();
    assert_eq!(id_number.len(), 18);
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;

    // CSV: the 18 digits behind a tab, which spreadsheets open as text (a number keeps only
    // 15 digits); no `="…"` formula, and a program reading the file gets the number by trimming
    let (status, _, bytes) = export(&admin, &[("county", NANHU), ("format", "csv"), ("full", "1")]).await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[3], format!("\t{id_number}").as_str(), "{record:?}");
    assert!(!record.iter().any(|cell| cell.starts_with('=')), "no formula: {record:?}");
    assert!(
        record[2].len() == 11 && record[2].ends_with(&stored.mobile_last4),
        "an 11-digit mobile stays as it is (spreadsheets show 11 digits in full): {record:?}"
    );

    // XLSX: a string cell with all 18 characters, read back by calamine
    let (_, _, bytes) = export(&admin, &[("county", NANHU), ("format", "xlsx"), ("full", "1")]).await;
    let (rows, formulas) = read_xlsx(bytes);
    assert_eq!(formulas, 0);
    assert_eq!(rows[1][3], id_number);
}
on_both_engines!(full_exports_keep_all_18_digits_of_an_id_as_text);
