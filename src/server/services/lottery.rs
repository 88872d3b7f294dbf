//! Fair selection: approve N of the pending applicants matching a filter by lottery, with at most
//! K per street. The draw itself (reproducible from the recorded seed) is `domain::lottery`.

use std::collections::HashMap;

use rand::Rng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::decisions::{self, CheckedDecision, MAX_BULK};
use super::{db_failure, review};
use crate::domain::lottery::{digest, draw, street_of};
use crate::domain::{ApplicationStatus, AuditAction};
use crate::error::AppError;
use crate::i18n::ta;
use crate::model::admin::{DecisionReport, LotteryForm, LotteryPreview, QueueFilter};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::application;
use crate::server::AppState;

struct Params {
    n: usize,
    per_street: Option<usize>,
    seed: u64,
}

fn params(form: &LotteryForm) -> Result<Params, AppError> {
    let n = form.n.trim().parse::<usize>().ok().filter(|n| (1..=MAX_BULK).contains(n));
    let Some(n) = n else { return Err(AppError::Invalid(Problem::LotteryNInvalid)) };
    let per_street = match form.per_street.trim() {
        "" => None,
        text => Some(
            text.parse::<usize>()
                .ok()
                .filter(|k| *k >= 1)
                .ok_or(AppError::Invalid(Problem::LotteryCapInvalid))?,
        ),
    };
    let seed = match form.seed.trim() {
        "" => rand::thread_rng().gen(),
        text => text.parse::<u64>().map_err(|_| AppError::Invalid(Problem::LotterySeedInvalid))?,
    };
    Ok(Params { n, per_street, seed })
}

/// The pending applications matching the filter (the status part of the filter is ignored).
async fn pool(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
) -> Result<(review::Selection, Vec<(i64, String)>), AppError> {
    let pending = filter.with("status", ApplicationStatus::Pending.as_str());
    let selection = review::select(&state.db, organizer, &pending).await?;
    let rows: Vec<(i64, String)> = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .column(application::Column::RegionCode)
        .filter(selection.condition.clone())
        .order_by_asc(application::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    Ok((selection, rows))
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

pub async fn preview(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    form: &LotteryForm,
) -> Result<LotteryPreview, AppError> {
    organizer.require(Permission::Lottery)?;
    let p = params(form)?;
    let (selection, pool) = pool(state, organizer, filter).await?;
    let picked_ids = draw(&pool, p.n, p.per_street, p.seed);
    let picked = load(state, &picked_ids).await?;
    let context = review::row_context(state, &selection.roles);
    let mut per_street: HashMap<String, u64> = HashMap::new();
    for a in &picked {
        let street = street_of(&a.region_code).to_string();
        *per_street.entry(street).or_default() += 1;
    }
    let mut per_street_counts: Vec<(String, u64)> =
        per_street.into_iter().map(|(code, n)| (state.regions.name_of(&code), n)).collect();
    per_street_counts.sort();
    Ok(LotteryPreview {
        seed: p.seed,
        pool: pool.len() as u64,
        pool_digest: digest(&pool),
        n: p.n as u64,
        per_street: p.per_street.map(|k| k as u64),
        picked: picked.iter().map(|a| context.row(a)).collect(),
        per_street_counts,
    })
}

/// Draws again with the previewed seed and approves the result — refused if the pool changed.
pub async fn commit(
    state: &AppState,
    organizer: &Organizer,
    filter: &QueueFilter,
    form: &LotteryForm,
    previewed_digest: &str,
) -> Result<DecisionReport, AppError> {
    organizer.require(Permission::Lottery)?;
    if form.seed.trim().is_empty() {
        return Err(AppError::Invalid(Problem::LotterySeedInvalid));
    }
    let p = params(form)?;
    let (selection, pool) = pool(state, organizer, filter).await?;
    let pool_digest = digest(&pool);
    if pool_digest != previewed_digest.trim() {
        return Err(AppError::Invalid(Problem::LotteryPoolChanged));
    }
    let picked_ids = draw(&pool, p.n, p.per_street, p.seed);
    let picked = load(state, &picked_ids).await?;
    let detail = serde_json::json!({
        "seed": p.seed.to_string(),
        "n": p.n,
        "per_street": p.per_street,
        "pool": pool.len(),
        "pool_digest": pool_digest,
        "filter": filter.to_query(),
        "picked": picked_ids,
    })
    .to_string();
    let decision =
        CheckedDecision { to: ApplicationStatus::Approved, reason: Some(ta().lottery_reason.to_string()) };
    decisions::apply(
        state,
        organizer,
        picked,
        &decision,
        AuditAction::Lottery,
        Some((selection.campaign.id, detail)),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonsense_parameters_are_refused() {
        let form = |n: &str, k: &str, seed: &str| LotteryForm {
            n: n.into(),
            per_street: k.into(),
            seed: seed.into(),
        };
        assert!(params(&form("0", "", "")).is_err());
        assert!(params(&form("abc", "", "")).is_err());
        assert!(params(&form("10", "0", "")).is_err());
        assert!(params(&form("10", "", "-1")).is_err());
        assert!(params(&form("10", "", "99999999999999999999999")).is_err());
        assert_eq!(params(&form("10", "3", "5")).unwrap().seed, 5);
    }
}
