//! Organizer accounts, passwords (Argon2id), log-in with throttling, and database sessions.

use std::net::IpAddr;

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
use crate::server::login_throttle::LoginThrottle;

/// A session ends after this long without a request …
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// … and in any case this long after log-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often (not on every click).
const TOUCH_EVERY: Duration = Duration::seconds(60);

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

/// At most this many password hashes at once (each takes ~20–50 ms of a core and 19 MiB).
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// Verifies on the blocking pool, a bounded number at a time: a burst of log-ins must not
/// stall the async workers that serve every other route.
async fn verify_off_thread(password: &str, stored: String) -> bool {
    let Ok(_slot) = hashing_slots().acquire().await else { return false };
    let password = password.to_string();
    tokio::task::spawn_blocking(move || verify_password(&password, &stored)).await.unwrap_or(false)
}

/// Unknown names are checked against this, so that they take as long as known ones.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password nobody has").unwrap_or_default())
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

/// Checks a name and password. The attempt is counted (per address, and per name at that
/// address) before the password is looked at; known and unknown names get the same answers.
pub async fn login<C: ConnectionTrait>(
    db: &C,
    throttle: &LoginThrottle,
    ip: IpAddr,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<LoginResult, DbErr> {
    let ticket = match throttle.begin(ip, name, now) {
        Ok(ticket) => ticket,
        Err(wait) => return Ok(LoginResult::Throttled { seconds: wait.num_seconds().max(1) }),
    };
    let name = name.trim();
    let found = if name.is_empty() || name.len() > 160 || password.len() > 1024 {
        None
    } else {
        organizer::Entity::find().filter(organizer::Column::Name.eq(name)).one(db).await?
    };
    // Unknown names are checked against a decoy, so that they take as long as known ones.
    let stored = found.as_ref().map_or_else(|| decoy_hash().to_string(), |a| a.password_hash.clone());
    let right = verify_off_thread(password, stored).await;
    let Some(account) = found.filter(|a| right && a.active) else {
        throttle.failed(ticket, Utc::now());
        return Ok(LoginResult::WrongCredentials);
    };
    let role = account.role;
    throttle.succeeded(ticket);
    let token = new_token();
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
        may_trainings: organizer.may(Permission::Trainings),
        may_manage_campaigns: organizer.may(Permission::ManageCampaigns),
        may_manage_partners: organizer.may(Permission::ManagePartners),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
