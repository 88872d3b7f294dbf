//! The public side of committed lottery draws: the page `/draws/{id}` and its pool file. What
//! they show names nobody: tokens, street names, the digest and the seed.

use sea_orm::EntityTrait;

use super::db_failure;
use crate::domain::lottery::Pool;
use crate::error::AppError;
use crate::model::{DrawnEntry, PublicDraw};
use crate::server::entities::{campaign, lottery_draw};
use crate::server::AppState;

/// A draw's id as written in a URL: a positive number, nothing else (anything else is "not found").
fn parse_id(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id > 0)
}

async fn find(state: &AppState, id: &str) -> Result<Option<lottery_draw::Model>, AppError> {
    let Some(id) = parse_id(id) else { return Ok(None) };
    lottery_draw::Entity::find_by_id(id).one(&state.db).await.map_err(db_failure)
}

/// The draw as its public page shows it; `None` for an unknown or malformed id.
pub async fn public(state: &AppState, id: &str) -> Result<Option<PublicDraw>, AppError> {
    let Some(row) = find(state, id).await? else { return Ok(None) };
    let campaign = campaign::Entity::find_by_id(row.campaign_id).one(&state.db).await.map_err(db_failure)?;
    let (campaign_title, campaign_slug) = campaign.map(|c| (c.title, c.slug)).unwrap_or_default();
    // the stored pool was written by `Pool::text`; a street that cannot be found is shown as a code
    let pool = Pool::parse(&row.pool).unwrap_or_default();
    let street_of = |token: &str| {
        let found = pool.entries().binary_search_by(|e| e.token.as_str().cmp(token));
        found.map(|i| state.regions.name_of(&pool.entries()[i].street)).unwrap_or_default()
    };
    let winners = row
        .winners
        .lines()
        .filter(|token| !token.is_empty())
        .map(|token| DrawnEntry { token: token.to_string(), street: street_of(token) })
        .collect();
    Ok(Some(PublicDraw {
        id: row.id,
        campaign_title,
        campaign_slug,
        drawn_at: row.created_at,
        n: row.n as u64,
        per_street: row.per_street.map(|k| k as u64),
        pool_size: row.pool_size as u64,
        pool_digest: row.pool_digest,
        seed: row.seed,
        pool_url: format!("{}/draws/{}/pool.txt", state.settings.public_url.trim_end_matches('/'), row.id),
        winners,
    }))
}

/// The draw's published pool file, byte for byte what its digest was taken over.
pub async fn pool_file(state: &AppState, id: &str) -> Result<Option<String>, AppError> {
    Ok(find(state, id).await?.map(|row| row.pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_positive_number_names_a_draw() {
        assert_eq!(parse_id("7"), Some(7));
        for text in ["", "0", "-1", "+1", "abc", "1e3", " 7", "99999999999999999999999", "７"] {
            assert_eq!(parse_id(text), None, "{text}");
        }
    }
}
