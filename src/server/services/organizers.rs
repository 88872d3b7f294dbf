//! Organizer accounts, passwords (Argon2id), log-in with throttling, and database sessions.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::server::access::{Organizer, Role};
use crate::server::entities::{admin_session, organizer};
use crate::server::limits::rate_key;

/// A session ends after this long without a request …
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// … and in any case this long after log-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often (not on every click).
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// Failed log-ins allowed before each further one adds a delay (per account / per address).
const FREE_FAILURES_ACCOUNT: i32 = 5;
const FREE_FAILURES_ADDRESS: u32 = 20;
/// The delay doubles per failure from one second, but never exceeds this: a real organizer is
/// never locked out for long, while guessing slows to a crawl.
pub const MAX_DELAY: Duration = Duration::minutes(5);

const PASSWORD_ALPHABET: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/// 20 random characters (~115 bits) without look-alikes, shown once by `shouwang admin create`.
pub fn new_password() -> String {
    let mut rng = OsRng;
    (0..20).map(|_| PASSWORD_ALPHABET[rng.gen_range(0..PASSWORD_ALPHABET.len())] as char).collect()
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Unknown names are checked against this, so that they take as long as known ones.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password nobody has").unwrap_or_default())
}

fn delay_after(failures: u32, free: u32) -> Duration {
    if failures < free {
        return Duration::zero();
    }
    let doublings = (failures - free).min(20);
    Duration::seconds(1i64 << doublings).min(MAX_DELAY)
}

#[derive(Debug, PartialEq, Eq)]
pub enum CreateError {
    NameInvalid,
    NameTaken,
    CountyRequired,
    CountyUnknown,
}

/// Creates an account and returns its one-time random password.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    name: &str,
    role: Role,
    county: Option<&str>,
    known_county: impl Fn(&str) -> bool,
) -> anyhow::Result<Result<String, CreateError>> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > 40
        || name.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Ok(Err(CreateError::NameInvalid));
    }
    let county = county.map(str::trim).filter(|c| !c.is_empty());
    if role == Role::DistrictOrganizer && county.is_none() {
        return Ok(Err(CreateError::CountyRequired));
    }
    if let Some(code) = county {
        if !known_county(code) {
            return Ok(Err(CreateError::CountyUnknown));
        }
    }
    let county = if role == Role::CityAdmin { None } else { county };
    if organizer::Entity::find().filter(organizer::Column::Name.eq(name)).one(db).await?.is_some() {
        return Ok(Err(CreateError::NameTaken));
    }
    let password = new_password();
    organizer::ActiveModel {
        name: Set(name.to_string()),
        password_hash: Set(hash_password(&password)?),
        role: Set(role),
        county_code: Set(county.map(String::from)),
        active: Set(true),
        failed_logins: Set(0),
        throttled_until: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(password))
}

/// Failed log-ins per client address, in memory (forgotten after a quiet quarter of an hour).
#[derive(Default)]
pub struct AddressThrottle {
    failures: Mutex<HashMap<IpAddr, (u32, DateTime<Utc>)>>,
}

impl AddressThrottle {
    /// How long this address must still wait before its next attempt.
    pub fn wait(&self, ip: IpAddr, now: DateTime<Utc>) -> Duration {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match failures.get(&rate_key(ip)) {
            Some((count, last)) if now - *last < Duration::minutes(15) => {
                (*last + delay_after(*count, FREE_FAILURES_ADDRESS) - now).max(Duration::zero())
            }
            _ => Duration::zero(),
        }
    }

    pub fn failed(&self, ip: IpAddr, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, (_, last)| now - *last < Duration::minutes(15));
        }
        let entry = failures.entry(rate_key(ip)).or_insert((0, now));
        if now - entry.1 >= Duration::minutes(15) {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = now;
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum LoginResult {
    /// The new session's token (goes into the cookie) and who it belongs to.
    Success {
        token: String,
        organizer: Organizer,
    },
    WrongCredentials,
    /// Too many failures lately: try again after this many seconds.
    Throttled {
        seconds: i64,
    },
}

/// Checks a name and password. Throttled per account (stored) and per address (memory); a
/// throttled attempt is refused before the password is even looked at.
pub async fn login<C: ConnectionTrait>(
    db: &C,
    throttle: &AddressThrottle,
    ip: IpAddr,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<LoginResult, DbErr> {
    let wait = throttle.wait(ip, now);
    if wait > Duration::zero() {
        return Ok(LoginResult::Throttled { seconds: wait.num_seconds().max(1) });
    }
    let name = name.trim();
    let found = if name.is_empty() || name.len() > 160 || password.len() > 1024 {
        None
    } else {
        organizer::Entity::find().filter(organizer::Column::Name.eq(name)).one(db).await?
    };
    let Some(account) = found else {
        let _ = verify_password(password, decoy_hash());
        throttle.failed(ip, now);
        return Ok(LoginResult::WrongCredentials);
    };
    if let Some(until) = account.throttled_until.filter(|until| *until > now) {
        return Ok(LoginResult::Throttled { seconds: (until - now).num_seconds().max(1) });
    }
    let role = account.role;
    if !account.active || !verify_password(password, &account.password_hash) {
        throttle.failed(ip, now);
        let failures = account.failed_logins.saturating_add(1);
        let delay = delay_after(failures.max(0) as u32, FREE_FAILURES_ACCOUNT as u32);
        // counted from the failure's confirmation, not the request's arrival: a slow hash under
        // load must not use up the delay before it is even written
        let failed_at = now.max(Utc::now());
        organizer::Entity::update_many()
            .col_expr(organizer::Column::FailedLogins, Expr::value(failures))
            .col_expr(
                organizer::Column::ThrottledUntil,
                Expr::value((delay > Duration::zero()).then(|| failed_at + delay)),
            )
            .filter(organizer::Column::Id.eq(account.id))
            .exec(db)
            .await?;
        return Ok(LoginResult::WrongCredentials);
    }
    let token = new_token();
    organizer::Entity::update_many()
        .col_expr(organizer::Column::FailedLogins, Expr::value(0))
        .col_expr(organizer::Column::ThrottledUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(organizer::Column::Id.eq(account.id))
        .exec(db)
        .await?;
    admin_session::ActiveModel {
        id: Set(token_hash(&token)),
        organizer_id: Set(account.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + ABSOLUTE_TIMEOUT),
    }
    .insert(db)
    .await?;
    // Sessions that ran out are swept at each log-in; nothing else needs them.
    let ran_out = {
        use sea_orm::sea_query::ExprTrait;
        admin_session::Column::ExpiresAt.lt(now).or(admin_session::Column::LastSeenAt.lt(now - IDLE_TIMEOUT))
    };
    admin_session::Entity::delete_many().filter(ran_out).exec(db).await?;
    Ok(LoginResult::Success {
        token,
        organizer: Organizer { id: account.id, name: account.name, role, county: account.county_code },
    })
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The organizer a session token belongs to, if the session is still alive (and keeps it alive).
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Organizer>, DbErr> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id = token_hash(token);
    let Some(session) = admin_session::Entity::find_by_id(id.clone()).one(db).await? else { return Ok(None) };
    if session.expires_at <= now || session.last_seen_at + IDLE_TIMEOUT <= now {
        admin_session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let Some(account) = organizer::Entity::find_by_id(session.organizer_id).one(db).await? else {
        return Ok(None);
    };
    if !account.active {
        return Ok(None);
    }
    let role = account.role;
    if now - session.last_seen_at >= TOUCH_EVERY {
        admin_session::Entity::update_many()
            .col_expr(admin_session::Column::LastSeenAt, Expr::value(now))
            .filter(admin_session::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(Some(Organizer { id: account.id, name: account.name, role, county: account.county_code }))
}

pub async fn logout<C: ConnectionTrait>(db: &C, token: &str) -> Result<(), DbErr> {
    admin_session::Entity::delete_by_id(token_hash(token)).exec(db).await.map(|_| ())
}

/// What the pages show about the signed-in organizer.
pub fn view(organizer: &Organizer) -> crate::model::admin::OrganizerView {
    use crate::server::access::Permission;
    crate::model::admin::OrganizerView {
        name: organizer.name.clone(),
        role: crate::i18n::organizer_role_label(organizer.role).to_string(),
        county: organizer.county.clone(),
        may_export: organizer.may(Permission::Export),
        may_export_full: organizer.may(Permission::ExportFull),
        may_lottery: organizer.may(Permission::Lottery),
        may_teams: organizer.may(Permission::Teams),
        may_manage_campaigns: organizer.may(Permission::ManageCampaigns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_the_free_attempts_and_stops_at_five_minutes() {
        assert_eq!(delay_after(4, 5), Duration::zero());
        assert_eq!(delay_after(5, 5), Duration::seconds(1));
        assert_eq!(delay_after(8, 5), Duration::seconds(8));
        assert_eq!(delay_after(30, 5), MAX_DELAY);
        assert_eq!(delay_after(u32::MAX, 5), MAX_DELAY);
    }

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsf", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_differ_and_avoid_look_alikes() {
        let (a, b) = (new_password(), new_password());
        assert_ne!(a, b);
        assert_eq!(a.len(), 20);
        assert!(!a.contains(['0', 'O', 'l', '1', 'I']));
    }

    #[test]
    fn an_address_waits_only_after_many_failures() {
        let throttle = AddressThrottle::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let now = Utc::now();
        for _ in 0..FREE_FAILURES_ADDRESS - 1 {
            throttle.failed(ip, now);
        }
        assert_eq!(throttle.wait(ip, now), Duration::zero());
        throttle.failed(ip, now);
        assert!(throttle.wait(ip, now) > Duration::zero());
        assert!(throttle.wait(ip, now) <= MAX_DELAY);
        assert_eq!(throttle.wait(ip, now + Duration::minutes(16)), Duration::zero());
    }
}
