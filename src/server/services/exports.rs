//! Exports of the filtered queue as CSV or XLSX. Masked by default; the full ID and mobile
//! numbers only for city admins, and every full export is written to the audit log.
//!
//! CSV has no cell types, so a spreadsheet guesses: a cell it would read as a formula
//! (`= + - @`, tab, CR) gets a leading `'`, and a long number (an 18-digit ID) gets a leading
//! tab so that it opens as text instead of a 15-digit float (the usual convention for Chinese
//! ID numbers in CSV; `="…"` would be a formula itself). XLSX cells are written as strings,
//! which never run and never turn into numbers, so they carry the text exactly as stored.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::audit::record;
use super::{db_failure, internal, questions, review};
use crate::domain::{age_on, mask_id_number_for_staff, mask_phone, today_in_china, AuditAction};
use crate::error::AppError;
use crate::i18n::{skill_label, status_label, t, ta};
use crate::model::admin::QueueFilter;
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::application;
use crate::server::AppState;

/// Rows per export; a bigger selection must be narrowed first.
pub const MAX_ROWS: usize = 100_000;
const BATCH: u64 = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

fn china_time(at: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::calendar::in_china(at, "%Y-%m-%d %H:%M")
}

pub struct Download {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// `=1+1` → `'=1+1`: a spreadsheet shows it as text instead of running it.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn headers() -> Vec<&'static str> {
    let (s, a) = (t(), ta());
    vec![
        a.col_reference,
        a.col_name,
        s.field_mobile,
        s.field_id_number,
        a.col_age,
        s.field_county,
        s.field_street,
        s.field_community,
        a.col_role,
        a.col_skills,
        a.col_status,
        a.col_submitted,
    ]
}

/// Reviewers export nothing; full (unmasked) exports are for city admins only.
fn may_export(organizer: &Organizer, full: bool) -> Result<(), AppError> {
    organizer.require(Permission::Export)?;
    if full {
        organizer.require(Permission::ExportFull)?;
    }
    Ok(())
}

pub async fn queue(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    format: Format,
    full: bool,
) -> Result<Download, AppError> {
    may_export(organizer, full)?;
    let db = &state.db;
    let selection = review::select(db, organizer, filter).await?;
    let roles: std::collections::HashMap<i32, String> =
        selection.roles.iter().map(|r| (r.id, r.name.clone())).collect();
    let today = today_in_china();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut after = 0i64;
    loop {
        let batch = application::Entity::find()
            .filter(selection.condition.clone())
            .filter(application::Column::Id.gt(after))
            .order_by_asc(application::Column::Id)
            .limit(BATCH)
            .all(db)
            .await
            .map_err(db_failure)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        if rows.len() + batch.len() > MAX_ROWS {
            return Err(AppError::Invalid(Problem::ExportTooMany));
        }
        let ids: Vec<i64> = batch.iter().map(|a| a.id).collect();
        let mut answers = match selection.questions.is_empty() {
            true => Default::default(),
            false => questions::of_applications(db, &ids).await.map_err(db_failure)?,
        };
        for a in &batch {
            // an erased row has no ciphertext left, and its cells stay empty
            let open = |cipher: &str| match cipher {
                "" => Ok(String::new()),
                _ => state.crypto.decrypt(cipher).map_err(internal),
            };
            let (mobile, id_number) = (open(&a.mobile_cipher)?, open(&a.id_cipher)?);
            let place = state.regions.locate(&a.region_code);
            rows.push(vec![
                a.reference.clone(),
                a.name.clone(),
                if full { mobile } else { mask_phone(&mobile) },
                if full { id_number } else { mask_id_number_for_staff(&id_number) },
                if a.erased_at.is_some() { String::new() } else { age_on(a.birth_date, today).to_string() },
                place.as_ref().map(|p| p.county.name.clone()).unwrap_or_default(),
                place.as_ref().map(|p| p.street.name.clone()).unwrap_or_default(),
                place.as_ref().map(|p| p.community.name.clone()).unwrap_or_else(|| a.region_code.clone()),
                roles.get(&a.role_id).cloned().unwrap_or_default(),
                review::skills_of(&a.skills).iter().map(|k| skill_label(k)).collect::<Vec<_>>().join("、"),
                status_label(a.status).to_string(),
                china_time(a.created_at),
            ]);
            let given = answers.remove(&a.id).unwrap_or_default();
            if let Some(row) = rows.last_mut() {
                row.extend(questions::cells(&selection.questions, &given));
            }
        }
    }
    if full {
        let detail = serde_json::json!({ "what": "queue", "filter": filter.to_query(), "rows": rows.len(), "format": format!("{format:?}") });
        record(db, organizer, AuditAction::ExportFull, Some(selection.campaign.id), detail.to_string())
            .await
            .map_err(db_failure)?;
        tracing::info!(organizer = organizer.id, rows = rows.len(), "full export");
    }
    let stem = format!(
        "shouwang-{}-{}{}",
        selection.campaign.slug,
        today.format("%Y%m%d"),
        if full { "-full" } else { "" }
    );
    let mut head: Vec<String> = headers().iter().map(|h| h.to_string()).collect();
    head.extend(questions::headings(&selection.questions));
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(&stem, "报名", &head, &rows, format)
}

/// One team's roster: team, reference, name, mobile (masked unless full), role, leader.
pub async fn team(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    format: Format,
    full: bool,
) -> Result<Download, AppError> {
    may_export(organizer, full)?;
    let (team, rows) = super::teams::roster_rows(state, organizer, id, full).await?;
    if full {
        let detail = serde_json::json!({ "what": "team", "team": team.id, "rows": rows.len(), "format": format!("{format:?}") });
        record(&state.db, organizer, AuditAction::ExportFull, Some(team.campaign_id), detail.to_string())
            .await
            .map_err(db_failure)?;
    }
    let (s, a) = (t(), ta());
    let headers = [a.team_title, a.col_reference, a.col_name, s.field_mobile, a.col_role, a.team_leader];
    let stem = format!("shouwang-team-{}{}", team.id, if full { "-full" } else { "" });
    table(&stem, a.team_roster, &headers, &rows, format)
}

/// One training session's roster (masked): reference, name, mobile, standing, arrival, departure,
/// minutes counted.
pub async fn training(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    format: Format,
) -> Result<Download, AppError> {
    may_export(organizer, false)?;
    let roster = super::trainings::roster(state, organizer, id).await?;
    let (s, a, w) = (t(), ta(), crate::i18n::tt());
    let rows: Vec<Vec<String>> = roster
        .rows
        .into_iter()
        .map(|r| {
            let standing = match r.waiting_position {
                Some(n) => crate::i18n::waiting_position(n as u32),
                None => s.standing_enrolled.to_string(),
            };
            let minutes = r.minutes_served.map(|m| m.to_string()).unwrap_or_default();
            vec![
                r.reference,
                r.name,
                r.masked_mobile,
                standing,
                r.arrived.unwrap_or_default(),
                r.left.unwrap_or_default(),
                minutes,
            ]
        })
        .collect();
    let headers =
        [a.col_reference, a.col_name, s.field_mobile, w.col_state, w.col_arrived, w.col_left, w.col_minutes];
    table(&format!("shouwang-training-{id}"), w.roster, &headers, &rows, format)
}

/// Spreadsheets show numbers of more than 11 digits in scientific notation and keep 15 digits.
fn long_number(cell: &str) -> bool {
    cell.len() > 11 && cell.bytes().all(|b| b.is_ascii_digit())
}

/// One CSV cell: a long number behind a tab (read as text), anything else neutralised.
pub fn csv_cell(cell: &str) -> String {
    if long_number(cell) {
        format!("\t{cell}")
    } else {
        neutralise(cell)
    }
}

/// Writes a table as CSV (UTF-8 with BOM, for Excel; cells as `csv_cell`) or XLSX (string cells).
pub fn table(
    stem: &str,
    sheet: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    format: Format,
) -> Result<Download, AppError> {
    match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            writer.write_record(headers).map_err(internal)?;
            for row in rows {
                writer.write_record(row.iter().map(|c| csv_cell(c))).map_err(internal)?;
            }
            let bytes = writer.into_inner().map_err(internal)?;
            Ok(Download { filename: format!("{stem}.csv"), content_type: "text/csv; charset=utf-8", bytes })
        }
        Format::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let ws = book.add_worksheet();
            ws.set_name(sheet).map_err(internal)?;
            for (c, h) in headers.iter().enumerate() {
                ws.write_string(0, c as u16, *h).map_err(internal)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    ws.write_string(r as u32 + 1, c as u16, cell).map_err(internal)?;
                }
            }
            let bytes = book.save_to_buffer().map_err(internal)?;
            Ok(Download {
                filename: format!("{stem}.xlsx"),
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starters_are_neutralised_and_nothing_else() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("张三"), "张三");
        assert_eq!(neutralise(""), "");
        assert_eq!(neutralise("a=b"), "a=b");
    }

    #[test]
    fn only_long_numbers_get_a_tab_in_csv() {
        assert_eq!(csv_cell("330402198506151234"), "\t330402198506151234");
        assert_eq!(csv_cell("13612340000"), "13612340000");
        assert_eq!(csv_cell("33040219850615123X"), "33040219850615123X");
        assert_eq!(csv_cell("330402********1234"), "330402********1234");
        assert_eq!(csv_cell("-330402198506151234"), "'-330402198506151234");
    }
}
