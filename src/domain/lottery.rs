//! The lottery: pick N of a pool, at most K per street, so that anyone can check the pick.
//!
//! The pool is published as plain text, one `token street` line per entry sorted by token, and
//! its digest is the SHA-256 of that text (what `sha256sum` prints); the digest is fixed before
//! any seed exists. The seed is 32 random bytes taken at the moment of the draw. Each entry is
//! ranked by SHA-256(seed bytes ‖ token); walking the entries by rank, one is drawn unless its
//! street is full, until N are drawn. Only SHA-256 is involved — no random-number library whose
//! internals could change — so a draw can be re-run years later, with any tool.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// The street (9-digit code) of a community (12-digit code).
pub fn street_of(region_code: &str) -> &str {
    region_code.get(..9).unwrap_or(region_code)
}

/// One entry of a published pool: a token that names nobody, and the street the cap counts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    pub token: String,
    pub street: String,
}

/// The seed of one draw: 32 bytes, written as 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seed([u8; 32]);

impl Seed {
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Exactly 64 hex digits (either case), nothing else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).ok()?;
        Some(Self(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// Why a pool file cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    #[error("line {0} is not `token street`")]
    Line(usize),
    #[error("the token {0} is in the pool twice")]
    Duplicate(String),
}

/// A pool: its entries sorted by token, no token twice, no blank in a token or a street.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pool(Vec<Entry>);

fn well_formed(word: &str) -> bool {
    !word.is_empty() && !word.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Pool {
    /// The pool of these entries, whatever order they come in.
    pub fn new(mut entries: Vec<Entry>) -> Result<Self, PoolError> {
        entries.sort();
        for (i, e) in entries.iter().enumerate() {
            if !well_formed(&e.token) || !well_formed(&e.street) {
                return Err(PoolError::Line(i + 1));
            }
        }
        if let Some(pair) = entries.windows(2).find(|pair| pair[0].token == pair[1].token) {
            return Err(PoolError::Duplicate(pair[0].token.clone()));
        }
        Ok(Self(entries))
    }

    /// Reads a published pool file (`\r\n` and blank lines are tolerated).
    pub fn parse(text: &str) -> Result<Self, PoolError> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some(token), Some(street), None) => {
                    entries.push(Entry { token: token.to_string(), street: street.to_string() })
                }
                _ => return Err(PoolError::Line(i + 1)),
            }
        }
        Self::new(entries)
    }

    /// The published file: one `token street` line per entry, sorted by token.
    pub fn text(&self) -> String {
        self.0.iter().map(|e| format!("{} {}\n", e.token, e.street)).collect()
    }

    /// SHA-256 of `text()` in hex: the same as `sha256sum` of the published file.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.text().as_bytes()))
    }

    pub fn entries(&self) -> &[Entry] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every entry of a pool in draw order, each with whether it was drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draw {
    pub order: Vec<(Entry, bool)>,
}

impl Draw {
    /// The drawn entries, in the order they were drawn.
    pub fn winners(&self) -> impl Iterator<Item = &Entry> {
        self.order.iter().filter(|(_, drawn)| *drawn).map(|(e, _)| e)
    }
}

/// An entry's place in the draw: SHA-256 of the seed's 32 bytes followed by the token's bytes.
fn rank(seed: &Seed, token: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(seed.0);
    hasher.update(token.as_bytes());
    hasher.finalize().into()
}

/// Draws up to `n` entries of `pool`, at most `per_street` of each street. Deterministic in
/// (`pool`, `n`, `per_street`, `seed`).
pub fn draw(pool: &Pool, n: usize, per_street: Option<usize>, seed: &Seed) -> Draw {
    let mut ranked: Vec<&Entry> = pool.entries().iter().collect();
    ranked.sort_by_cached_key(|e| (rank(seed, &e.token), e.token.clone()));
    let mut taken: HashMap<&str, usize> = HashMap::new();
    let mut drawn = 0;
    let order = ranked
        .into_iter()
        .map(|entry| {
            let count = taken.entry(entry.street.as_str()).or_insert(0);
            let take = drawn < n && per_street.is_none_or(|cap| *count < cap);
            if take {
                *count += 1;
                drawn += 1;
            }
            (entry.clone(), take)
        })
        .collect();
    Draw { order }
}

/// 24 hex digits of SHA-256 over a prefix and a list of ids: short enough for a hidden field,
/// long enough that two different inputs never meet by chance (the team grouping's check).
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

    fn entry(token: &str, street: &str) -> Entry {
        Entry { token: token.into(), street: street.into() }
    }

    fn pool(n: usize) -> Pool {
        Pool::new((0..n).map(|i| entry(&format!("t{i:05}"), &format!("33040200{}", i % 5))).collect())
            .unwrap()
    }

    fn seed(byte: u8) -> Seed {
        Seed::from_bytes([byte; 32])
    }

    fn winners(d: &Draw) -> Vec<String> {
        d.winners().map(|e| e.token.clone()).collect()
    }

    #[test]
    fn a_draw_published_today_reads_the_same_tomorrow() {
        // computed independently with Python's hashlib, as README "Fair lottery" describes
        let seed = Seed::from_bytes(std::array::from_fn(|i| i as u8));
        let pool = Pool::new(vec![
            entry("d4", "330402002"),
            entry("a1", "330402001"),
            entry("b2", "330402001"),
            entry("c3", "330402002"),
            entry("e5", "330402003"),
            entry("f6", "330402001"),
        ])
        .unwrap();
        assert_eq!(pool.digest(), "9c169d8c2da0f8205759ab407b1bf110ef8299f3ec6687c336d7d15b2529321a");
        let d = draw(&pool, 3, Some(1), &seed);
        let order: Vec<&str> = d.order.iter().map(|(e, _)| e.token.as_str()).collect();
        assert_eq!(order, ["f6", "e5", "c3", "a1", "b2", "d4"]);
        assert_eq!(winners(&d), ["f6", "e5", "c3"]);
        assert_eq!(winners(&draw(&pool, 4, None, &seed)), ["f6", "e5", "c3", "a1"]);
    }

    #[test]
    fn the_same_seed_and_pool_pick_the_same_entries_whatever_the_order() {
        let mut reversed = pool(300).entries().to_vec();
        reversed.reverse();
        let reversed = Pool::new(reversed).unwrap();
        assert_eq!(draw(&pool(300), 40, Some(10), &seed(7)), draw(&reversed, 40, Some(10), &seed(7)));
        assert_ne!(
            winners(&draw(&pool(300), 40, Some(10), &seed(7))),
            winners(&draw(&pool(300), 40, Some(10), &seed(8)))
        );
    }

    #[test]
    fn no_street_gets_more_than_its_cap() {
        let d = draw(&pool(300), 100, Some(7), &seed(42));
        assert_eq!(d.winners().count(), 35, "5 streets × 7");
        let mut per: HashMap<&str, usize> = HashMap::new();
        for e in d.winners() {
            *per.entry(&e.street).or_default() += 1;
        }
        assert!(per.values().all(|n| *n == 7));
    }

    #[test]
    fn the_published_file_reads_back_as_the_same_pool_with_the_same_digest() {
        let p = pool(50);
        let text = p.text();
        assert_eq!(Pool::parse(&text).unwrap(), p);
        assert_eq!(Pool::parse(&text.replace('\n', "\r\n")).unwrap().digest(), p.digest());
        assert_eq!(p.digest(), hex::encode(Sha256::digest(text.as_bytes())));
        assert_ne!(pool(50).digest(), pool(51).digest());
    }

    #[test]
    fn a_malformed_pool_file_or_seed_is_refused() {
        assert_eq!(Pool::parse("a 1\nb\n"), Err(PoolError::Line(2)));
        assert_eq!(Pool::parse("a 1 x\n"), Err(PoolError::Line(1)));
        assert_eq!(Pool::parse("a 1\na 2\n"), Err(PoolError::Duplicate("a".into())));
        assert!(Seed::parse(&"ab".repeat(32)).is_some());
        assert!(Seed::parse(&"ab".repeat(31)).is_none(), "too short");
        assert!(Seed::parse(&"zz".repeat(32)).is_none(), "not hex");
        assert!(Seed::parse("20261129").is_none(), "an old u64 seed is not a seed");
        assert_eq!(Seed::parse(&seed(171).to_hex()), Some(seed(171)));
    }

    /// A pool of distinct tokens, each in one of a few streets.
    fn any_pool() -> impl Strategy<Value = Pool> {
        proptest::collection::btree_map("[0-9a-f]{1,16}", 0u8..6, 0..120).prop_map(|m| {
            Pool::new(
                m.into_iter().map(|(token, street)| entry(&token, &format!("330402{street:03}"))).collect(),
            )
            .unwrap()
        })
    }

    fn any_seed() -> impl Strategy<Value = Seed> {
        any::<[u8; 32]>().prop_map(Seed::from_bytes)
    }

    proptest! {
        #[test]
        fn a_draw_orders_the_whole_pool_and_draws_within_both_limits(
            pool in any_pool(), n in 0usize..150, cap in proptest::option::of(1usize..10), seed in any_seed(),
        ) {
            let d = draw(&pool, n, cap, &seed);
            let mut all: Vec<Entry> = d.order.iter().map(|(e, _)| e.clone()).collect();
            all.sort();
            prop_assert_eq!(&all, pool.entries(), "every entry once");
            prop_assert!(d.winners().count() <= n);
            let mut per: HashMap<&str, usize> = HashMap::new();
            for e in d.winners() {
                *per.entry(&e.street).or_default() += 1;
            }
            if let Some(cap) = cap {
                prop_assert!(per.values().all(|k| *k <= cap));
            }
        }

        #[test]
        fn a_draw_takes_everyone_it_may(pool in any_pool(), n in 0usize..150, seed in any_seed()) {
            // without a street cap, it stops only when it has n or the pool is empty
            prop_assert_eq!(draw(&pool, n, None, &seed).winners().count(), n.min(pool.len()));
        }

        #[test]
        fn a_draw_reads_back_from_its_published_file(pool in any_pool(), n in 0usize..50, seed in any_seed()) {
            let published = Pool::parse(&pool.text()).unwrap();
            prop_assert_eq!(published.digest(), pool.digest());
            prop_assert_eq!(draw(&published, n, Some(3), &seed), draw(&pool, n, Some(3), &seed));
        }
    }
}
