//! The lottery: pick N of a pool, at most K per street, reproducibly. The pool is sorted by id
//! and shuffled with ChaCha20 seeded by the recorded seed, so the same seed and the same pool
//! always pick the same people, whatever order the database returned them in.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// The street (9-digit code) of a community (12-digit code).
pub fn street_of(region_code: &str) -> &str {
    region_code.get(..9).unwrap_or(region_code)
}

/// Picks up to `n` ids from `pool` (id, community code), at most `per_street` per street.
/// Deterministic in (`pool` as a set, `seed`); the ids come back sorted.
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

/// Fingerprint of a pool (its ids as a set): a commit refuses when the pool differs from the
/// previewed one.
pub fn digest(pool: &[(i64, String)]) -> String {
    let mut ids: Vec<i64> = pool.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    fingerprint(&[], &ids)
}

/// 24 hex digits of SHA-256 over a prefix and a list of ids: short enough for a hidden field,
/// long enough that two different pools never meet by chance.
pub fn fingerprint(prefix: &[u8], ids: &[i64]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prefix);
    for id in ids {
        hasher.update(id.to_le_bytes());
    }
    hex::encode(&hasher.finalize()[..12])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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
    fn the_digest_names_the_pool_not_its_order() {
        let mut shuffled = pool(50);
        shuffled.reverse();
        assert_eq!(digest(&pool(50)), digest(&shuffled));
        assert_ne!(digest(&pool(50)), digest(&pool(51)));
        assert_eq!(digest(&pool(50)).len(), 24);
    }

    /// A pool of distinct ids, each in one of a few streets.
    fn any_pool() -> impl Strategy<Value = Vec<(i64, String)>> {
        proptest::collection::btree_map(0i64..10_000, 0u8..6, 0..120).prop_map(|m| {
            m.into_iter().map(|(id, street)| (id, format!("330402{street:03}{:03}", id % 1000))).collect()
        })
    }

    proptest! {
        #[test]
        fn a_draw_picks_distinct_members_of_the_pool_within_both_limits(
            pool in any_pool(), n in 0usize..150, cap in proptest::option::of(1usize..10), seed: u64,
        ) {
            let picked = draw(&pool, n, cap, seed);
            prop_assert!(picked.len() <= n);
            prop_assert!(picked.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
            let street: HashMap<i64, &str> = pool.iter().map(|(id, r)| (*id, street_of(r))).collect();
            let mut per: HashMap<&str, usize> = HashMap::new();
            for id in &picked {
                prop_assert!(street.contains_key(id));
                *per.entry(street[id]).or_default() += 1;
            }
            if let Some(cap) = cap {
                prop_assert!(per.values().all(|k| *k <= cap));
            }
        }

        #[test]
        fn a_draw_takes_everyone_it_may(pool in any_pool(), n in 0usize..150, seed: u64) {
            // without a street cap, it stops only when it has n or the pool is empty
            prop_assert_eq!(draw(&pool, n, None, seed).len(), n.min(pool.len()));
        }

        #[test]
        fn a_draw_is_the_same_for_the_same_seed_whatever_the_order(pool in any_pool(), n in 0usize..50, seed: u64) {
            let mut reversed = pool.clone();
            reversed.reverse();
            prop_assert_eq!(draw(&pool, n, Some(3), seed), draw(&reversed, n, Some(3), seed));
            prop_assert_eq!(digest(&pool), digest(&reversed));
        }
    }
}
