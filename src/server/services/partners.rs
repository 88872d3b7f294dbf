//! Partner systems' API tokens. A city admin creates one per partner with its scopes and an
//! optional county; the token is shown once and only its SHA-256 is kept (a token is 238 random
//! bits, so a fast hash is enough — unlike a password, it cannot be guessed from a list). Every
//! request looks the token up, so a revocation holds from the next request on. Creation,
//! revocation and every read of applications are in the audit log.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::OsRng;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::audit::record;
use super::db_failure;
use crate::domain::{ApiScope, AuditAction};
use crate::error::AppError;
use crate::i18n::api_scope_label;
use crate::model::admin::{Choice, PartnerTokenForm, PartnerTokenView, PartnersPage};
use crate::model::Problem;
use crate::server::access::{Organizer, Permission, Role};
use crate::server::entities::{api_token, webhook};
use crate::server::AppState;

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// `last_used_at` is written at most this often per token.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// `sw_` and 40 random characters (~238 bits).
fn new_token() -> String {
    let mut rng = OsRng;
    let body: String = (0..40).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("sw_{body}")
}

/// What is stored of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A partner system, as its token says: who, allowed what, over which county.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    pub token_id: i32,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    pub county: Option<String>,
    pub created_by: i32,
}

impl Partner {
    pub fn has(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// The partner as the back office's rules see it: a reviewer (reads and decides) limited to
    /// its county. Its audit entries name the partner and carry the id of the admin who gave it
    /// the token. The API checks the token's own scopes before it acts.
    pub fn as_organizer(&self) -> Organizer {
        Organizer {
            id: self.created_by,
            name: format!("接口：{}（令牌 {}）", self.name, self.token_id),
            role: Role::Reviewer,
            county: self.county.clone(),
        }
    }
}

fn scopes_of(text: &str) -> Vec<ApiScope> {
    text.split(',').filter_map(ApiScope::parse).collect()
}

/// The partner whose token this is, if it is one and not revoked.
pub async fn authenticate<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<Partner>, DbErr> {
    // a token is `sw_` and 40 characters of the alphabet; anything else is not looked up
    let shaped = token.len() == 43
        && token.starts_with("sw_")
        && token.as_bytes()[3..].iter().all(|b| b.is_ascii_alphanumeric());
    if !shaped {
        return Ok(None);
    }
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    let Some(found) = found else { return Ok(None) };
    let now = Utc::now();
    if found.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    Ok(Some(Partner {
        token_id: found.id,
        name: found.partner,
        scopes: scopes_of(&found.scopes),
        county: found.county,
        created_by: found.created_by,
    }))
}

/// The tokens page: every token, newest first, revoked ones too.
pub async fn list(state: &AppState, organizer: &Organizer) -> Result<PartnersPage, AppError> {
    organizer.require(Permission::ManagePartners)?;
    let tokens = api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(&state.db)
        .await
        .map_err(db_failure)?;
    let hooks = webhook::Entity::find().all(&state.db).await.map_err(db_failure)?;
    let count = |token: i32, paused_only: bool| {
        hooks.iter().filter(|h| h.token_id == token && (h.paused || !paused_only)).count() as u32
    };
    let county_name = |code: &Option<String>| match code {
        Some(code) => state.regions.name_of(code),
        None => crate::i18n::tp().city_wide.to_string(),
    };
    Ok(PartnersPage {
        me: super::organizers::view(organizer),
        tokens: tokens
            .iter()
            .map(|t| PartnerTokenView {
                id: t.id,
                partner: t.partner.clone(),
                hint: t.hint.clone(),
                scopes: scopes_of(&t.scopes).into_iter().map(|s| api_scope_label(s).to_string()).collect(),
                county: county_name(&t.county),
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
                webhooks: count(t.id, false),
                webhooks_paused: count(t.id, true),
            })
            .collect(),
        counties: state
            .regions
            .counties
            .iter()
            .map(|c| Choice { value: c.code.clone(), label: c.name.clone() })
            .collect(),
    })
}

/// A checked form: the partner's name, its scopes and county.
fn parse(
    state: &AppState,
    form: &PartnerTokenForm,
) -> Result<(String, Vec<ApiScope>, Option<String>), AppError> {
    let name = form.partner.trim();
    let count = name.chars().count();
    if count == 0 || count > 100 || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(Problem::PartnerNameInvalid));
    }
    let county = match form.county.trim() {
        "" => None,
        code if state.regions.county(code).is_some() => Some(code.to_string()),
        _ => return Err(AppError::Invalid(Problem::PartnerCountyUnknown)),
    };
    let mut scopes = vec![ApiScope::Read];
    if !form.decide.trim().is_empty() {
        scopes.push(ApiScope::Decide);
    }
    if !form.full.trim().is_empty() {
        scopes.push(ApiScope::Full);
    }
    Ok((name.to_string(), scopes, county))
}

/// Creates a token; answers it in clear, the only time it is ever seen.
pub async fn create(
    state: &AppState,
    organizer: &Organizer,
    form: &PartnerTokenForm,
) -> Result<String, AppError> {
    organizer.require(Permission::ManagePartners)?;
    let (name, scopes, county) = parse(state, form)?;
    let token = new_token();
    let words: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let detail = serde_json::json!({
        "created": name, "scopes": words, "county": county, "hint": &token[..10],
    });
    let row = api_token::ActiveModel {
        partner: Set(name),
        token_hash: Set(token_hash(&token)),
        hint: Set(token[..10].to_string()),
        scopes: Set(words.join(",")),
        county: Set(county),
        created_by: Set(organizer.id),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    };
    let txn = state.db.begin().await.map_err(db_failure)?;
    api_token::Entity::insert(row).exec(&txn).await.map_err(db_failure)?;
    record(&txn, organizer, AuditAction::ApiToken, None, detail.to_string()).await.map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    Ok(token)
}

/// Revokes a token: from the next request on, it is refused. Revoking twice changes nothing.
pub async fn revoke(state: &AppState, organizer: &Organizer, id: i32) -> Result<(), AppError> {
    organizer.require(Permission::ManagePartners)?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    let found = api_token::Entity::find_by_id(id).one(&txn).await.map_err(db_failure)?;
    let Some(found) = found else { return Err(AppError::NotFound) };
    let now: DateTime<Utc> = Utc::now();
    let changed = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await
        .map_err(db_failure)?
        .rows_affected;
    if changed == 1 {
        let detail = serde_json::json!({ "revoked": found.partner, "hint": found.hint });
        record(&txn, organizer, AuditAction::ApiToken, None, detail.to_string()).await.map_err(db_failure)?;
    }
    txn.commit().await.map_err(db_failure)?;
    // its webhooks stop at once here (and within 2 s on the other instances)
    state.hooks.refresh(&state.db).await.map_err(db_failure)
}

/// Pauses (or resumes) every webhook of a partner: their deliveries wait, none is lost. For a
/// partner whose endpoint misbehaves, or while a contract is looked at.
pub async fn pause_webhooks(
    state: &AppState,
    organizer: &Organizer,
    id: i32,
    paused: bool,
) -> Result<(), AppError> {
    organizer.require(Permission::ManagePartners)?;
    let txn = state.db.begin().await.map_err(db_failure)?;
    let found = api_token::Entity::find_by_id(id).one(&txn).await.map_err(db_failure)?;
    let Some(found) = found else { return Err(AppError::NotFound) };
    webhook::Entity::update_many()
        .col_expr(webhook::Column::Paused, Expr::value(paused))
        .filter(webhook::Column::TokenId.eq(id))
        .exec(&txn)
        .await
        .map_err(db_failure)?;
    let detail =
        serde_json::json!({ "webhooks_paused": paused, "partner": found.partner, "hint": found.hint });
    record(&txn, organizer, AuditAction::ApiToken, None, detail.to_string()).await.map_err(db_failure)?;
    txn.commit().await.map_err(db_failure)?;
    state.hooks.refresh(&state.db).await.map_err(db_failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_has_its_shape_and_is_never_the_same_twice() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43);
        assert!(a.starts_with("sw_") && a[3..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert_eq!(token_hash(&a).len(), 64);
    }

    #[test]
    fn stored_scopes_read_back_and_unknown_words_are_dropped() {
        assert_eq!(scopes_of("read,decide"), vec![ApiScope::Read, ApiScope::Decide]);
        assert_eq!(scopes_of("read,root,full"), vec![ApiScope::Read, ApiScope::Full]);
    }
}
