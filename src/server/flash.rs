//! Short-lived answers for browsers without JavaScript.
//!
//! A plain form post is answered with a redirect (post → redirect → get). What the next page must
//! show — the typed values with their field messages, or a status result — waits here under a
//! random token that travels in the URL, so no personal data ever goes into a URL or a log.
//!
//! Kept in memory, so bounded for anonymous visitors: by entries and by bytes, per client and in
//! all, and by time. A client over its quota loses its own oldest entries; when the whole store is
//! full, the client holding the most gives way. Organizers' notices are counted apart, so no
//! visitor can push them out.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::distributions::Alphanumeric;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::model::activity::{FamilyForm, FamilyOutcome};
use crate::model::{FieldErrors, SignupForm, StatusOutcome, WithdrawOutcome};

const TTL: Duration = Duration::from_secs(10 * 60);

/// What one owner may hold at a time. A person needs one entry per redirect, read at once.
const PER_OWNER_ENTRIES: usize = 16;
const PER_OWNER_BYTES: usize = 64 * 1024;
/// What all visitors together may hold (organizers have a budget of the same size of their own).
const TOTAL_ENTRIES: usize = 20_000;
const TOTAL_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flash {
    SignupRejected {
        values: SignupForm,
        errors: FieldErrors,
        message: Option<String>,
    },
    Status {
        reference: String,
        outcome: StatusOutcome,
    },
    Withdraw {
        reference: String,
        outcome: WithdrawOutcome,
    },
    /// A family form's answer: the receipt, or the refusal with what was typed.
    Family {
        values: FamilyForm,
        outcome: FamilyOutcome,
    },
    /// Back office: what the last plain form post did (or why it could not).
    Notice {
        ok: bool,
        message: String,
    },
}

impl Flash {
    /// A rejected sign-up, keeping only what the form shows again (each field cut at its limit).
    pub fn signup_rejected(form: &SignupForm, errors: FieldErrors, message: Option<String>) -> Flash {
        let errors = errors.into_iter().take(32).map(|(k, v)| (cut(&k, 40), cut(&v, 40))).collect();
        Flash::SignupRejected {
            values: form.kept_for_redisplay(),
            errors,
            message: message.map(|m| cut(&m, 500)),
        }
    }

    /// Roughly what the entry costs in memory, to hold the store to its byte budgets.
    fn weight(&self) -> usize {
        const OVERHEAD: usize = 256;
        OVERHEAD
            + match self {
                Flash::SignupRejected { values, errors, message } => {
                    let f = values;
                    [&f.campaign, &f.name, &f.mobile, &f.id_number, &f.county, &f.street, &f.community]
                        .iter()
                        .chain([&f.role, &f.email, &f.consent].iter())
                        .map(|s| s.len())
                        .sum::<usize>()
                        + map_weight(&f.skills)
                        + map_weight(&f.availability)
                        + map_weight(errors)
                        + message.as_ref().map_or(0, String::len)
                }
                Flash::Status { reference, .. } | Flash::Withdraw { reference, .. } => reference.len() + 64,
                Flash::Notice { message, .. } => message.len(),
                // bounded by the form's own limits (200 characters a field, 40 companion fields)
                Flash::Family { values, .. } => {
                    values.name.len()
                        + values.mobile.len()
                        + values.email.len()
                        + map_weight(&values.people)
                        + 2048
                }
            }
    }
}

fn cut(value: &str, limit: usize) -> String {
    value.chars().take(limit).collect()
}

fn map_weight(map: &BTreeMap<String, String>) -> usize {
    map.iter().map(|(k, v)| k.len() + v.len() + 48).sum()
}

/// Whose entry it is: an anonymous client (by its rate-limit key) or a signed-in organizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Visitor(IpAddr),
    Organizer(i32),
}

impl Owner {
    fn class(self) -> usize {
        match self {
            Owner::Visitor(_) => 0,
            Owner::Organizer(_) => 1,
        }
    }
}

struct Entry {
    owner: Owner,
    at: Instant,
    seq: u64,
    bytes: usize,
    flash: Flash,
}

#[derive(Default)]
struct Totals {
    entries: usize,
    bytes: usize,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    /// Tokens in the order they were made (for expiry).
    by_age: BTreeMap<(Instant, u64), String>,
    /// Each owner's tokens, oldest first.
    by_owner: HashMap<Owner, VecDeque<String>>,
    owner_bytes: HashMap<Owner, usize>,
    /// The same, ordered by weight, to find the heaviest owner at once.
    by_weight: BTreeSet<(usize, Owner)>,
    totals: [Totals; 2],
    next_seq: u64,
}

impl Inner {
    fn remove(&mut self, token: &str) -> Option<Entry> {
        let entry = self.entries.remove(token)?;
        self.by_age.remove(&(entry.at, entry.seq));
        if let Some(tokens) = self.by_owner.get_mut(&entry.owner) {
            tokens.retain(|t| t != token);
            if tokens.is_empty() {
                self.by_owner.remove(&entry.owner);
            }
        }
        let held = self.owner_bytes.get(&entry.owner).copied().unwrap_or(0);
        let gone = !self.by_owner.contains_key(&entry.owner);
        self.set_owner_bytes(entry.owner, if gone { 0 } else { held.saturating_sub(entry.bytes) });
        let totals = &mut self.totals[entry.owner.class()];
        totals.entries -= 1;
        totals.bytes = totals.bytes.saturating_sub(entry.bytes);
        Some(entry)
    }

    fn set_owner_bytes(&mut self, owner: Owner, bytes: usize) {
        if let Some(old) = self.owner_bytes.remove(&owner) {
            self.by_weight.remove(&(old, owner));
        }
        if bytes > 0 {
            self.owner_bytes.insert(owner, bytes);
            self.by_weight.insert((bytes, owner));
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some((&(at, _), token)) = self.by_age.first_key_value() {
            if now.duration_since(at) < TTL {
                break;
            }
            let token = token.clone();
            self.remove(&token);
        }
    }

    fn oldest_of(&self, owner: Owner) -> Option<String> {
        self.by_owner.get(&owner).and_then(|tokens| tokens.front().cloned())
    }

    /// The owner (of this class) holding the most bytes: the one that gives way when all is full.
    fn heaviest(&self, class: usize) -> Option<Owner> {
        self.by_weight.iter().rev().map(|(_, o)| *o).find(|o| o.class() == class)
    }

    fn make_room(&mut self, owner: Owner, bytes: usize) {
        loop {
            let held = self.by_owner.get(&owner).map_or(0, VecDeque::len);
            let held_bytes = self.owner_bytes.get(&owner).copied().unwrap_or(0);
            let victim = if held >= PER_OWNER_ENTRIES || held_bytes + bytes > PER_OWNER_BYTES {
                self.oldest_of(owner)
            } else {
                let totals = &self.totals[owner.class()];
                if totals.entries < TOTAL_ENTRIES && totals.bytes + bytes <= TOTAL_BYTES {
                    return;
                }
                self.heaviest(owner.class()).and_then(|o| self.oldest_of(o))
            };
            match victim {
                Some(token) => {
                    self.remove(&token);
                }
                None => return,
            }
        }
    }
}

#[derive(Default)]
pub struct FlashStore {
    inner: Mutex<Inner>,
}

impl FlashStore {
    /// Keeps `flash` for `owner` and returns the token that fetches it (once).
    pub fn put(&self, owner: Owner, flash: Flash) -> String {
        self.put_at(owner, flash, Instant::now())
    }

    fn put_at(&self, owner: Owner, flash: Flash, now: Instant) -> String {
        let token: String = rand::thread_rng().sample_iter(&Alphanumeric).take(24).map(char::from).collect();
        let bytes = flash.weight();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.expire(now);
        inner.make_room(owner, bytes);
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.by_age.insert((now, seq), token.clone());
        inner.by_owner.entry(owner).or_default().push_back(token.clone());
        let held = inner.owner_bytes.get(&owner).copied().unwrap_or(0);
        inner.set_owner_bytes(owner, held + bytes);
        let totals = &mut inner.totals[owner.class()];
        totals.entries += 1;
        totals.bytes += bytes;
        inner.entries.insert(token.clone(), Entry { owner, at: now, seq, bytes, flash });
        token
    }

    /// What a rejected plain sign-up for `campaign` left under `token` (read once): the typed
    /// values, the messages per field and the message on top; else an empty form.
    pub fn signup_left(
        &self,
        token: Option<&str>,
        campaign: &str,
    ) -> (SignupForm, FieldErrors, Option<String>) {
        match token.and_then(|token| self.take(token)) {
            Some(Flash::SignupRejected { values, errors, message }) if values.campaign == campaign => {
                (values, errors, message)
            }
            _ => (
                SignupForm { campaign: campaign.to_string(), ..Default::default() },
                FieldErrors::new(),
                None,
            ),
        }
    }

    pub fn take(&self, token: &str) -> Option<Flash> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let entry = inner.remove(token)?;
        (entry.at.elapsed() < TTL).then_some(entry.flash)
    }

    /// How many entries and bytes visitors hold now (for tests and the curious).
    pub fn visitor_usage(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        (inner.totals[0].entries, inner.totals[0].bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visitor(n: u32) -> Owner {
        Owner::Visitor(IpAddr::from(n.to_be_bytes()))
    }

    fn huge_form() -> SignupForm {
        let mut form = SignupForm { campaign: "volunteers-guard-expo".into(), ..Default::default() };
        form.name = "张".repeat(40_000);
        form.email = "a".repeat(10_000);
        form.consent = "on".into();
        for i in 0..500 {
            form.skills.insert(format!("made-up-{i}"), "x".repeat(100));
        }
        form.skills.insert("first_aid".into(), "on".into());
        form
    }

    #[test]
    fn a_rejected_form_keeps_each_field_cut_at_its_limit_and_only_known_options() {
        let flash = Flash::signup_rejected(&huge_form(), FieldErrors::new(), None);
        let Flash::SignupRejected { values, .. } = &flash else { panic!("a sign-up flash") };
        assert_eq!(values.name.chars().count(), crate::model::signup::MAX_FIELD_CHARS);
        assert_eq!(values.skills.keys().collect::<Vec<_>>(), ["first_aid"]);
        assert!(values.consent.is_empty());
        assert_eq!(values.campaign, "volunteers-guard-expo");
        assert!(flash.weight() < 4 * 1024, "{} bytes", flash.weight());
    }

    #[test]
    fn one_client_flooding_evicts_only_its_own_entries() {
        let store = FlashStore::default();
        let neighbour = store.put(visitor(1), Flash::signup_rejected(&huge_form(), FieldErrors::new(), None));
        let notice = store.put(Owner::Organizer(7), Flash::Notice { ok: true, message: "已保存".into() });
        let rejected = Flash::signup_rejected(&huge_form(), FieldErrors::new(), None);
        for _ in 0..10_000 {
            store.put(visitor(2), rejected.clone());
        }
        assert!(store.visitor_usage().0 <= PER_OWNER_ENTRIES + 1);
        assert!(matches!(store.take(&neighbour), Some(Flash::SignupRejected { .. })));
        assert_eq!(store.take(&notice), Some(Flash::Notice { ok: true, message: "已保存".into() }));
    }

    #[test]
    fn many_clients_fill_the_store_to_its_bounds_and_never_an_organizers_notice() {
        let store = FlashStore::default();
        let notice = store.put(Owner::Organizer(7), Flash::Notice { ok: false, message: "冲突".into() });
        let rejected = Flash::signup_rejected(&huge_form(), FieldErrors::new(), None);
        for n in 0..60_000 {
            store.put(visitor(n % 5_000), rejected.clone());
        }
        let (entries, bytes) = store.visitor_usage();
        assert!(entries <= TOTAL_ENTRIES && bytes <= TOTAL_BYTES, "{entries} entries, {bytes} bytes");
        assert!(store.take(&notice).is_some());
    }

    #[test]
    fn when_all_is_full_the_heaviest_client_gives_way() {
        let store = FlashStore::default();
        let mut quiet = Vec::new();
        for n in 0..2_000 {
            quiet.push(store.put(
                visitor(n),
                Flash::Status { reference: "SW1".into(), outcome: StatusOutcome::NotFound },
            ));
        }
        // 1,500 more clients at their quota fill the store; the quiet ones hold one entry each.
        for n in 10_000..11_500 {
            for _ in 0..PER_OWNER_ENTRIES {
                store.put(
                    visitor(n),
                    Flash::Status { reference: "SW2".into(), outcome: StatusOutcome::NotFound },
                );
            }
        }
        assert!(store.visitor_usage().0 <= TOTAL_ENTRIES);
        assert!(quiet.iter().all(|t| store.take(t).is_some()), "the quiet clients kept their entries");
    }

    #[test]
    fn entries_expire_on_time_without_waiting_for_the_store_to_fill() {
        let store = FlashStore::default();
        let start = Instant::now();
        let old = store.put_at(visitor(1), Flash::Notice { ok: true, message: "x".into() }, start);
        store.put_at(visitor(2), Flash::Notice { ok: true, message: "y".into() }, start + TTL);
        assert_eq!(store.visitor_usage().0, 1);
        assert!(store.take(&old).is_none());
    }

    #[test]
    fn entries_are_read_once() {
        let store = FlashStore::default();
        let token = store.put(visitor(1), Flash::Notice { ok: true, message: "x".into() });
        assert!(store.take(&token).is_some());
        assert!(store.take(&token).is_none());
        assert_eq!(store.visitor_usage(), (0, 0));
    }
}
