//! The data key and the database must agree: start-up refuses a key that does not match the
//! stored data (instead of silently making a new one), and `shouwang key rotate` moves every row
//! to a new key in batches while the portal keeps taking sign-ups.
//!
//! Rotation hand-over: the tool writes the next key into `key_check`, sealed with the current
//! key (and the current one sealed with the next). Every running server polls that row, switches
//! to writing with the next key and keeps reading both; duplicate sign-ups are caught under
//! either key (`signups::submit` also looks for the previous key's hash). When every row is
//! re-encrypted and re-hashed, the row keeps only the new check value and the sealed keys go.

use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use super::crypto::{self, check_value, find_master, new_master, Crypto, KeySource};
use super::entities::{application, key_check};

const ROW: i32 = 1;

/// How often a running server looks for a rotation that has begun or ended.
pub const POLL: Duration = Duration::from_secs(2);

fn short(check: &str) -> &str {
    &check[..check.len().min(8)]
}

fn mismatch(expected: &str, found: &str, data_dir: &Path) -> anyhow::Error {
    anyhow!(
        "the data key does not match this database: its personal data was written with the key whose \
         check value starts {}, this key's starts {}. Start with the key the data was written \
         with — put it back into SHOUWANG_SECRET_KEY or {} from your backup. Starting with another key \
         would make every stored ID and mobile number unreadable and let the same person sign up twice. \
         To change the key, run `shouwang key rotate` with the current key.",
        short(expected),
        short(found),
        data_dir.join(crypto::KEY_FILE).display()
    )
}

/// Loads the data key and checks it against the database (run after the migrations).
pub async fn open(
    db: &DatabaseConnection,
    configured: Option<&str>,
    data_dir: &Path,
) -> anyhow::Result<Crypto> {
    let row = key_check::Entity::find_by_id(ROW).one(db).await.context("reading the key check")?;
    let master = match (find_master(configured, data_dir)?, &row) {
        (KeySource::Found(master), _) => master,
        (KeySource::Missing(path), Some(row)) => bail!(
            "no data key found ({} is missing and SHOUWANG_SECRET_KEY is unset), but this database \
             holds personal data written with the key whose check value starts {}. Restore that key \
             from your backup into {} or SHOUWANG_SECRET_KEY; no new key is made for a database \
             that holds data.",
            path.display(),
            short(&row.check_value),
            path.display()
        ),
        (KeySource::Missing(path), None) => {
            if sample(db).await?.is_some() {
                bail!(
                    "no data key found ({} is missing and SHOUWANG_SECRET_KEY is unset), but this \
                     database holds applications. Restore the key from your backup; no new key is \
                     made for a database that holds data.",
                    path.display()
                );
            }
            let master = new_master();
            crypto::write_master(&path, &master)?;
            tracing::info!(path = %path.display(), "generated a new data key; back it up, without it the stored ID numbers cannot be read");
            master
        }
    };
    let crypto = Crypto::from_master(&master);
    let mine = check_value(&master);
    match row {
        None => {
            // a database from before the key check: the key must read what is there
            if let Some(sealed) = sample(db).await? {
                if crypto.decrypt(&sealed).is_err() {
                    bail!(mismatch("(not recorded)", &mine, data_dir));
                }
            }
            key_check::Entity::insert(key_check::ActiveModel {
                id: Set(ROW),
                check_value: Set(mine),
                next_check: Set(None),
                next_key: Set(None),
                previous_key: Set(None),
                updated_at: Set(Utc::now()),
            })
            .exec(db)
            .await
            .context("recording the key check")?;
        }
        Some(row) if row.check_value == mine => {
            if let Some(next) = &row.next_key {
                crypto.install_next(&crypto.open_master(next)?);
            }
        }
        Some(row) if row.next_check.as_deref() == Some(mine.as_str()) => {
            let previous =
                row.previous_key.as_deref().ok_or_else(|| anyhow!("rotation without a previous key"))?;
            crypto.install_previous(&crypto.open_master(previous)?);
        }
        Some(row) => bail!(mismatch(&row.check_value, &mine, data_dir)),
    }
    Ok(crypto)
}

/// The newest stored ID cipher, to test a key against.
async fn sample(db: &DatabaseConnection) -> anyhow::Result<Option<String>> {
    let found: Option<String> = application::Entity::find()
        .select_only()
        .column(application::Column::IdCipher)
        .filter(application::Column::IdCipher.ne(""))
        .order_by_desc(application::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(found)
}

/// One poll of a running server: follow a rotation that began, forget the old key when it ended.
pub async fn follow(db: &DatabaseConnection, crypto: &Crypto) -> anyhow::Result<()> {
    let Some(row) = key_check::Entity::find_by_id(ROW).one(db).await? else { return Ok(()) };
    let mine = crypto.check_value();
    match (&row.next_check, &row.next_key) {
        (Some(next_check), Some(next_key)) if *next_check != mine => {
            crypto.install_next(&crypto.open_master(next_key)?);
            tracing::info!("a key rotation began: writing with the next data key, reading both");
        }
        (None, _) if row.check_value == mine && crypto.previous_check_value().is_some() => {
            crypto.forget_previous();
            tracing::info!("the key rotation ended: the previous data key is forgotten");
        }
        (None, _) if row.check_value != mine => {
            tracing::error!("the database's data key changed under this server; restart it with the new key");
        }
        _ => {}
    }
    Ok(())
}

/// Starts (or resumes) a rotation: records the next key, sealed, for the running servers and
/// switches `crypto` to it. Returns the next master key, which the operator must keep.
pub async fn begin_rotation(db: &DatabaseConnection, crypto: &Crypto) -> anyhow::Result<[u8; 32]> {
    let row = key_check::Entity::find_by_id(ROW).one(db).await?.ok_or_else(|| anyhow!("no key check"))?;
    if let Some(sealed) = &row.next_key {
        // resumed: `open` already installed the next key
        return crypto.open_master(sealed);
    }
    let next = new_master();
    let done = key_check::Entity::update_many()
        .col_expr(key_check::Column::NextCheck, sea_orm::sea_query::Expr::value(check_value(&next)))
        .col_expr(key_check::Column::NextKey, sea_orm::sea_query::Expr::value(crypto.seal_master(&next)))
        .col_expr(
            key_check::Column::PreviousKey,
            sea_orm::sea_query::Expr::value(crypto.seal_current_for(&next)),
        )
        .col_expr(key_check::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(key_check::Column::Id.eq(ROW))
        .filter(key_check::Column::NextCheck.is_null())
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        bail!("another key rotation started at the same moment");
    }
    crypto.install_next(&next);
    Ok(next)
}

/// Re-encrypts and re-hashes every application not yet under the current key, `batch` rows per
/// transaction; each row is updated only if nobody changed it meanwhile. Returns rows changed.
pub async fn rotate_rows(db: &DatabaseConnection, crypto: &Crypto, batch: u64) -> anyhow::Result<u64> {
    let mut last = 0i64;
    let mut changed = 0u64;
    loop {
        let rows = application::Entity::find()
            .filter(application::Column::Id.gt(last))
            .order_by_asc(application::Column::Id)
            .limit(batch)
            .all(db)
            .await?;
        let Some(tail) = rows.last() else { break };
        last = tail.id;
        let txn = db.begin().await?;
        for a in &rows {
            if a.id_cipher.is_empty() {
                continue; // erased
            }
            let id = crypto.decrypt(&a.id_cipher).with_context(|| format!("application {}", a.id))?;
            let mobile = crypto.decrypt(&a.mobile_cipher).with_context(|| format!("application {}", a.id))?;
            let (id_hash, mobile_hash) = (crypto.keyed_hash(&id), crypto.keyed_hash(&mobile));
            if id_hash == a.id_hash && mobile_hash == a.mobile_hash {
                continue; // written with the current key already
            }
            application::Entity::update_many()
                .col_expr(application::Column::IdCipher, sea_orm::sea_query::Expr::value(crypto.encrypt(&id)))
                .col_expr(application::Column::IdHash, sea_orm::sea_query::Expr::value(id_hash))
                .col_expr(
                    application::Column::MobileCipher,
                    sea_orm::sea_query::Expr::value(crypto.encrypt(&mobile)),
                )
                .col_expr(application::Column::MobileHash, sea_orm::sea_query::Expr::value(mobile_hash))
                .filter(application::Column::Id.eq(a.id))
                .filter(application::Column::IdCipher.eq(a.id_cipher.clone()))
                .filter(application::Column::MobileCipher.eq(a.mobile_cipher.clone()))
                .exec(&txn)
                .await
                .with_context(|| format!("re-keying application {}", a.id))?;
            changed += 1;
        }
        txn.commit().await?;
    }
    Ok(changed)
}

/// Ends the rotation: the next key becomes the only one.
pub async fn finish_rotation<C: ConnectionTrait>(db: &C, crypto: &Crypto) -> anyhow::Result<()> {
    let none = Option::<String>::None;
    key_check::Entity::update_many()
        .col_expr(key_check::Column::CheckValue, sea_orm::sea_query::Expr::value(crypto.check_value()))
        .col_expr(key_check::Column::NextCheck, sea_orm::sea_query::Expr::value(none.clone()))
        .col_expr(key_check::Column::NextKey, sea_orm::sea_query::Expr::value(none.clone()))
        .col_expr(key_check::Column::PreviousKey, sea_orm::sea_query::Expr::value(none))
        .col_expr(key_check::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(key_check::Column::Id.eq(ROW))
        .exec(db)
        .await?;
    crypto.forget_previous();
    Ok(())
}

/// `shouwang key rotate`: begin, give running servers time to follow, re-key every row, end.
/// With a key file the new key replaces it (the old one is kept as `secret.key.retired-<time>`);
/// with `SHOUWANG_SECRET_KEY` the new key is printed once and must replace the setting.
pub async fn rotate(
    db: &DatabaseConnection,
    configured: Option<&str>,
    data_dir: &Path,
    grace: Duration,
    batch: u64,
) -> anyhow::Result<()> {
    let crypto = open(db, configured, data_dir).await?;
    let next_file = data_dir.join(format!("{}.next", crypto::KEY_FILE));
    let next = begin_rotation(db, &crypto).await?;
    if configured.is_none() {
        if !next_file.exists() {
            crypto::write_master(&next_file, &next)?;
        }
        println!("the next data key is in {} until the rotation ends", next_file.display());
    } else {
        println!("the next data key (set SHOUWANG_SECRET_KEY to it once the rotation ends; back it up now):");
        println!("{}", crypto::encode_master(&next));
    }
    println!("waiting {} s for running servers to switch to the next key …", grace.as_secs());
    tokio::time::sleep(grace).await;
    let changed = rotate_rows(db, &crypto, batch).await?;
    finish_rotation(db, &crypto).await?;
    if configured.is_none() {
        let current = data_dir.join(crypto::KEY_FILE);
        let retired = data_dir.join(format!("{}.retired-{}", crypto::KEY_FILE, Utc::now().timestamp()));
        std::fs::rename(&current, &retired).with_context(|| format!("keeping {}", retired.display()))?;
        std::fs::rename(&next_file, &current).with_context(|| format!("installing {}", current.display()))?;
        println!("{changed} applications re-keyed; {} is the new key (back it up)", current.display());
    } else {
        println!("{changed} applications re-keyed; now set SHOUWANG_SECRET_KEY to the new key");
    }
    Ok(())
}
