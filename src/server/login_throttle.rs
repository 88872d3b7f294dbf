//! Failed back-office log-ins, counted in memory per client address and per name at an address.
//!
//! OWASP's advice, followed: no lock-out an attacker can trigger for someone else. An address
//! that fails often waits (it hurts only itself and whoever shares it); a name that fails often
//! from one address waits *at that address only*, so the right password from any other address
//! gets in at once. Unknown names are counted exactly like known ones, so no answer tells which
//! names exist. Each attempt is counted under one lock *before* the password is checked, so a
//! concurrent burst gets no more tries than the limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::server::limits::rate_key;

/// Tries per name and address, and per address, before each further one waits.
const FREE_PER_NAME: u32 = 5;
const FREE_PER_ADDRESS: u32 = 20;
/// The wait doubles per try from one second but never exceeds this; a quiet quarter of an hour
/// forgets everything.
pub const MAX_DELAY: Duration = Duration::minutes(5);
const FORGET_AFTER: Duration = Duration::minutes(15);
/// At most this many records (about 100 bytes each); when full, the oldest goes.
const MAX_RECORDS: usize = 200_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    NameAt(String, IpAddr),
}

#[derive(Clone, Copy)]
struct Record {
    tries: u32,
    last: DateTime<Utc>,
}

/// The wait before the next try: none while tries are free, then `first`, doubling per try.
pub fn delay_after(tries: u32, free: u32, first: Duration) -> Duration {
    if tries < free {
        return Duration::zero();
    }
    let doublings = (tries - free).min(20);
    (first * (1i32 << doublings)).min(MAX_DELAY)
}

/// Leave to check one password; hand it back with `succeeded` if the password was right.
#[must_use]
pub struct Ticket {
    name: Key,
    address: Key,
}

pub struct LoginThrottle {
    records: Mutex<HashMap<Key, Record>>,
    /// The first wait once the free tries are used (`LOGIN_FIRST_WAIT_SECS`, one second).
    first_wait: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::with_first_wait(Duration::seconds(1))
    }
}

impl LoginThrottle {
    pub fn with_first_wait(first_wait: Duration) -> Self {
        Self { records: Mutex::default(), first_wait: first_wait.max(Duration::zero()) }
    }

    /// Counts an attempt (as a failure until proven right), or says how long to wait first.
    pub fn begin(&self, ip: IpAddr, name: &str, now: DateTime<Utc>) -> Result<Ticket, Duration> {
        let ip = rate_key(ip);
        let name: String = name.trim().chars().take(64).collect();
        let keys = [(Key::Address(ip), FREE_PER_ADDRESS), (Key::NameAt(name, ip), FREE_PER_NAME)];
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys
            .iter()
            .filter_map(|(key, free)| records.get(key).map(|r| (r, *free)))
            .filter(|(r, _)| now - r.last < FORGET_AFTER)
            .map(|(r, free)| r.last + delay_after(r.tries, free, self.first_wait) - now)
            .max()
            .unwrap_or_else(Duration::zero);
        if wait > Duration::zero() {
            return Err(wait);
        }
        if records.len() + 2 > MAX_RECORDS {
            records.retain(|_, r| now - r.last < FORGET_AFTER);
            while records.len() + 2 > MAX_RECORDS {
                let Some(oldest) = records.iter().min_by_key(|(_, r)| r.last).map(|(k, _)| k.clone()) else {
                    break;
                };
                records.remove(&oldest);
            }
        }
        for (key, _) in &keys {
            let record = records.entry(key.clone()).or_insert(Record { tries: 0, last: now });
            if now - record.last >= FORGET_AFTER {
                record.tries = 0;
            }
            record.tries = record.tries.saturating_add(1);
            record.last = now;
        }
        let [(address, _), (name, _)] = keys;
        Ok(Ticket { name, address })
    }

    /// The password was right: this name at this address starts afresh, and the try does not
    /// count against the address.
    pub fn succeeded(&self, ticket: Ticket) {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        records.remove(&ticket.name);
        if let Some(record) = records.get_mut(&ticket.address) {
            record.tries = record.tries.saturating_sub(1);
        }
    }

    /// The password was wrong: the wait counts from now, when the failure is known, not from the
    /// attempt's arrival (a slow hash under load must not use the wait up before it begins).
    pub fn failed(&self, ticket: Ticket, now: DateTime<Utc>) {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        for key in [&ticket.name, &ticket.address] {
            if let Some(record) = records.get_mut(key) {
                record.last = record.last.max(now);
            }
        }
    }

    /// Forgets what a quiet quarter of an hour has made irrelevant (called on a timer).
    pub fn prune(&self, now: DateTime<Utc>) {
        let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
        records.retain(|_, r| now - r.last < FORGET_AFTER);
        records.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_delay_doubles_after_the_free_attempts_and_stops_at_five_minutes() {
        let second = Duration::seconds(1);
        assert_eq!(delay_after(4, 5, second), Duration::zero());
        assert_eq!(delay_after(5, 5, second), Duration::seconds(1));
        assert_eq!(delay_after(8, 5, second), Duration::seconds(8));
        assert_eq!(delay_after(6, 5, Duration::seconds(60)), Duration::seconds(120));
        assert_eq!(delay_after(30, 5, second), MAX_DELAY);
        assert_eq!(delay_after(u32::MAX, 5, second), MAX_DELAY);
    }

    #[test]
    fn a_name_that_fails_at_one_address_still_gets_in_from_another() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for _ in 0..FREE_PER_NAME {
            let _ = throttle.begin(ip("198.51.100.1"), "chief", now).unwrap();
        }
        assert!(throttle.begin(ip("198.51.100.1"), "chief", now).is_err());
        assert!(throttle.begin(ip("198.51.100.2"), "chief", now).is_ok(), "a new address is not held back");
        assert!(throttle.begin(ip("198.51.100.1"), "chief", now + FORGET_AFTER).is_ok(), "and it passes");
    }

    #[test]
    fn an_address_waits_only_after_many_failures_across_names() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for n in 0..FREE_PER_ADDRESS {
            let _ = throttle.begin(ip("10.0.0.1"), &format!("name{n}"), now).unwrap();
        }
        let wait = throttle.begin(ip("10.0.0.1"), "another", now).err().unwrap();
        assert!(wait > Duration::zero() && wait <= MAX_DELAY);
    }

    #[test]
    fn a_right_password_clears_its_name_at_that_address() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for _ in 0..FREE_PER_NAME - 1 {
            let _ = throttle.begin(ip("10.0.0.1"), "chief", now).unwrap();
        }
        throttle.succeeded(throttle.begin(ip("10.0.0.1"), "chief", now).unwrap());
        for _ in 0..FREE_PER_NAME {
            assert!(throttle.begin(ip("10.0.0.1"), "chief", now).is_ok());
        }
    }

    #[test]
    fn the_records_stay_bounded_whatever_is_tried() {
        let throttle = LoginThrottle::default();
        let now = Utc::now();
        for n in 0..1_000u32 {
            let _ = throttle.begin(IpAddr::from(n.to_be_bytes()), &"名".repeat(10_000), now);
        }
        let records = throttle.records.lock().unwrap();
        assert!(records.len() <= 2_000);
        assert!(records.keys().all(|k| match k {
            Key::NameAt(name, _) => name.chars().count() <= 64,
            Key::Address(_) => true,
        }));
    }
}
