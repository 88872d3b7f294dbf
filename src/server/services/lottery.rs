//! Fair selection: approve N of the pending applicants matching a filter by lottery, at most K
//! per street, so that nobody — the organizer included — can choose who is drawn.
//!
//! A preview shows the pool (its size, streets and digest) and draws nobody: no seed exists yet.
//! The commit refuses if the pool changed since the preview, then takes a fresh seed from the
//! operating system, draws (`domain::lottery`), approves, publishes the draw (`/draws/{id}`) and
//! audits it, in one transaction. Every preview is audited as well.

use std::collections::{BTreeMap, HashMap};

use rand::rngs::OsRng;
use rand::RngCore;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::audit::record;
use super::decisions::{self, CheckedDecision, Summary, MAX_BULK};
use super::{db_failure, internal, review};
use crate::domain::lottery::{draw, street_of, Entry, Pool, Seed};
use crate::domain::{ApplicationStatus, AuditAction};
use crate::error::AppError;
use crate::i18n::ta;
use crate::model::admin::{LotteryForm, LotteryPreview, LotteryReport, QueueFilter};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::{application, lottery_draw};
use crate::server::AppState;

struct Params {
    n: usize,
    per_street: Option<usize>,
}

fn params(form: &LotteryForm) -> Result<Params, AppError> {
    if !form.seed.trim().is_empty() {
        return Err(AppError::Invalid(Problem::LotterySeedRefused));
    }
    let n = form.n.trim().parse::<usize>().ok().filter(|n| (1..=MAX_BULK).contains(n));
    let Some(n) = n else { return Err(AppError::Invalid(Problem::LotteryNInvalid)) };
    let per_street = match form.per_street.trim() {
        "" => None,
        text => Some(
            text.parse::<usize>()
                .ok()
                .filter(|k| (1..=MAX_BULK).contains(k))
                .ok_or(AppError::Invalid(Problem::LotteryCapInvalid))?,
        ),
    };
    Ok(Params { n, per_street })
}

/// An application's token in a published pool: 16 hex digits of a keyed hash of its reference
/// code. Without the data key it names nobody (unlike the reference itself, which together with
/// a guessed mobile number opens the status look-up); it is the same at the preview and the
/// commit, so the pool's digest holds between them. A key rotation changes it.
pub fn entry_token(state: &AppState, reference: &str) -> String {
    let mut token = state.crypto.keyed_hash(&format!("shouwang/lottery-entry/v1:{reference}"));
    token.truncate(16);
    token
}

/// The pool: the pending applications matching the filter (its status part is ignored), as
/// published entries, and which application each token stands for.
struct Candidates {
    selection: review::Selection,
    pool: Pool,
    ids: HashMap<String, i64>,
}

async fn candidates(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
) -> Result<Candidates, AppError> {
    let pending = filter.with("status", ApplicationStatus::Pending.as_str());
    let selection = review::select(&state.db, organizer, &pending).await?;
    let rows: Vec<(i64, String, String)> = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .column(application::Column::RegionCode)
        .column(application::Column::Reference)
        .filter(selection.condition.clone())
        .order_by_asc(application::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let mut ids = HashMap::with_capacity(rows.len());
    let mut entries = Vec::with_capacity(rows.len());
    for (id, region, reference) in rows {
        let token = entry_token(state, &reference);
        ids.insert(token.clone(), id);
        entries.push(Entry { token, street: street_of(&region).to_string() });
    }
    // two tokens meet with odds of about 2⁻⁶⁴ per pair; then nobody is drawn rather than a guess
    let pool = Pool::new(entries).map_err(internal)?;
    Ok(Candidates { selection, pool, ids })
}

async fn load(state: &AppState, ids: &[i64]) -> Result<Vec<application::Model>, AppError> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        found.extend(
            application::Entity::find()
                .filter(application::Column::Id.is_in(chunk.iter().copied()))
                .order_by_asc(application::Column::Id)
                .all(&state.db)
                .await
                .map_err(db_failure)?,
        );
    }
    Ok(found)
}

/// The pool a commit would draw from — and nothing drawn: the seed does not exist yet. Audited.
pub async fn preview(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    form: &LotteryForm,
) -> Result<LotteryPreview, AppError> {
    organizer.require(Permission::Lottery)?;
    let p = params(form)?;
    let c = candidates(state, organizer, filter).await?;
    let pool_digest = c.pool.digest();
    let detail = serde_json::json!({
        "pool_digest": pool_digest,
        "pool": c.pool.len(),
        "n": p.n,
        "per_street": p.per_street,
        "filter": filter.to_query(),
    });
    let campaign = Some(c.selection.campaign.id);
    record(&state.db, organizer, AuditAction::LotteryPreview, campaign, detail.to_string())
        .await
        .map_err(db_failure)?;
    let mut per_street: BTreeMap<&str, u64> = BTreeMap::new();
    for e in c.pool.entries() {
        *per_street.entry(&e.street).or_default() += 1;
    }
    Ok(LotteryPreview {
        pool: c.pool.len() as u64,
        pool_digest,
        n: p.n as u64,
        per_street: p.per_street.map(|k| k as u64),
        per_street_counts: per_street.into_iter().map(|(code, n)| (state.regions.name_of(code), n)).collect(),
    })
}

/// Draws with a seed taken now from the operating system and approves the result, refused if
/// the pool is not the previewed one. The draw is published and audited with the approvals.
pub async fn commit(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    form: &LotteryForm,
    previewed_digest: &str,
) -> Result<LotteryReport, AppError> {
    organizer.require(Permission::Lottery)?;
    let p = params(form)?;
    let c = candidates(state, organizer, filter).await?;
    let pool_digest = c.pool.digest();
    if pool_digest != previewed_digest.trim() {
        return Err(AppError::Invalid(Problem::LotteryPoolChanged));
    }
    // the pool is fixed; only now does a seed exist, and nobody chose it
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let seed = Seed::from_bytes(bytes);
    let drawn = draw(&c.pool, p.n, p.per_street, &seed);
    let winners: Vec<&Entry> = drawn.winners().collect();
    let picked_ids: Vec<i64> = winners.iter().filter_map(|e| c.ids.get(&e.token).copied()).collect();
    let picked = load(state, &picked_ids).await?;
    let published = lottery_draw::ActiveModel {
        campaign_id: Set(c.selection.campaign.id),
        n: Set(p.n as i32),
        per_street: Set(p.per_street.map(|k| k as i32)),
        pool_size: Set(c.pool.len() as i32),
        pool_digest: Set(pool_digest.clone()),
        seed: Set(seed.to_hex()),
        pool: Set(c.pool.text()),
        winners: Set(winners.iter().map(|e| e.token.as_str()).collect::<Vec<_>>().join("\n")),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    let detail = serde_json::json!({
        "seed": seed.to_hex(),
        "n": p.n,
        "per_street": p.per_street,
        "pool": c.pool.len(),
        "pool_digest": pool_digest,
        "filter": filter.to_query(),
        "picked": picked_ids,
    });
    let summary = Summary { campaign_id: c.selection.campaign.id, detail, draw: Some(published) };
    let decision =
        CheckedDecision { to: ApplicationStatus::Approved, reason: Some(ta().lottery_reason.to_string()) };
    let (report, draw) =
        decisions::apply_summarised(state, organizer, picked, &decision, AuditAction::Lottery, Some(summary))
            .await?;
    let draw = draw.ok_or_else(|| internal("a committed lottery has no published draw"))?;
    Ok(LotteryReport { draw, decision: report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(n: &str, k: &str, seed: &str) -> LotteryForm {
        LotteryForm { n: n.into(), per_street: k.into(), seed: seed.into() }
    }

    #[test]
    fn nonsense_parameters_are_refused() {
        for (n, k) in [("0", ""), ("abc", ""), ("-5", ""), ("10001", ""), ("99999999999999999999999", "")] {
            assert_eq!(
                params(&form(n, k, "")).err(),
                Some(AppError::Invalid(Problem::LotteryNInvalid)),
                "{n}"
            );
        }
        for k in ["0", "-2", "x", "99999999999999999999999"] {
            assert_eq!(
                params(&form("10", k, "")).err(),
                Some(AppError::Invalid(Problem::LotteryCapInvalid)),
                "{k}"
            );
        }
        assert_eq!(params(&form("10", "3", "")).unwrap().per_street, Some(3));
    }

    #[test]
    fn a_seed_in_the_form_is_refused_whatever_it_is() {
        for seed in ["5", "20261129", &"ab".repeat(32)] {
            assert_eq!(
                params(&form("10", "3", seed)).err(),
                Some(AppError::Invalid(Problem::LotterySeedRefused))
            );
        }
    }
}
