//! Fair selection: approve N of the pending applicants matching a filter by lottery, with at most
//! K per street. Reproducible: the pool is sorted by id and shuffled with ChaCha20 seeded by the
//! recorded seed, so the same seed and the same pool always pick the same people.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

use super::decisions::{self, Decision, MAX_BULK};
use super::{db_failure, review};
use crate::error::AppError;
use crate::i18n::ta;
use crate::model::admin::{DecisionReport, LotteryForm, LotteryPreview, QueueFilter};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission};
use crate::server::entities::application;
use crate::server::AppState;

/// The street (9-digit code) of a community (12-digit code).
fn street_of(region_code: &str) -> &str {
    region_code.get(..9).unwrap_or(region_code)
}

/// Picks up to `n` ids from `pool` (id, community code), at most `per_street` per street.
/// Deterministic in (`pool` as a set, `seed`).
pub fn draw(pool: &[(i64, String)], n: usize, per_street: Option<usize>, seed: u64) -> Vec<i64> {
    let mut sorted: Vec<&(i64, String)> = pool.iter().collect();
    sorted.sort_by_key(|(id, _)| *id);
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    sorted.shuffle(&mut rng);
    let mut taken: HashMap<&str, usize> = HashMap::new();
    let mut picked = Vec::with_capacity(n);
    for (id, region) in sorted {
        if picked.len() == n {
            break;
        }
        let count = taken.entry(street_of(region)).or_insert(0);
        if per_street.is_none_or(|cap| *count < cap) {
            *count += 1;
            picked.push(*id);
        }
    }
    picked.sort_unstable();
    picked
}

/// Fingerprint of a pool: a commit refuses when the pool differs from the previewed one.
pub fn digest(pool: &[(i64, String)]) -> String {
    let mut ids: Vec<i64> = pool.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    let mut hasher = Sha256::new();
    for id in ids {
        hasher.update(id.to_le_bytes());
    }
    hex::encode(&hasher.finalize()[..12])
}

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
    let pending = filter.with("status", "pending");
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
    let mut per_street_counts: Vec<(String, u64)> = per_street
        .into_iter()
        .map(|(code, n)| {
            let name = state
                .regions
                .counties
                .iter()
                .flat_map(|c| c.children.iter().map(move |s| (c, s)))
                .find(|(_, s)| s.code == code)
                .map(|(c, s)| format!("{} {}", c.name, s.name))
                .unwrap_or(code);
            (name, n)
        })
        .collect();
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
    let decision = Decision { to: "approved", reason: Some(ta().lottery_reason.to_string()) };
    decisions::apply_with_summary(
        state,
        organizer,
        picked,
        &decision,
        "lottery",
        Some((selection.campaign.id, detail)),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(n: i64) -> Vec<(i64, String)> {
        (1..=n).map(|i| (i, format!("33040200{}{:03}", i % 5, i))).collect()
    }

    #[test]
    fn the_same_seed_and_pool_pick_the_same_people_whatever_the_order() {
        let mut shuffled = pool(300);
        shuffled.reverse();
        assert_eq!(draw(&pool(300), 40, Some(10), 7), draw(&shuffled, 40, Some(10), 7));
        assert_ne!(draw(&pool(300), 40, Some(10), 7), draw(&pool(300), 40, Some(10), 8));
    }

    #[test]
    fn no_street_gets_more_than_its_cap() {
        let picked = draw(&pool(300), 100, Some(7), 42);
        assert_eq!(picked.len(), 35, "5 streets × 7");
        let mut per: HashMap<i64, usize> = HashMap::new();
        for id in picked {
            *per.entry(id % 5).or_default() += 1;
        }
        assert!(per.values().all(|n| *n == 7));
    }

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
