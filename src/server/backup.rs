//! `shouwang backup FILE` and `shouwang restore FILE`: a consistent copy taken while the portal
//! keeps taking sign-ups, and its way back into an empty database.
//!
//! SQLite: `VACUUM INTO` copies the database as one read transaction sees it (WAL mode lets
//! writers go on meanwhile), so every sign-up committed before the copy began is in it.
//! PostgreSQL: `pg_dump --format=custom`, which also reads one snapshot; restored with
//! `pg_restore --single-transaction`. The data key is not in the backup: keep it apart.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::db::{self, Durability};

/// Writes a consistent copy of the database to `file` (which must not exist yet).
pub async fn backup(db: &DatabaseConnection, database_url: &str, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already; choose a new file", file.display());
    }
    if db::is_sqlite(db) {
        let target = file.to_str().context("the backup file name must be UTF-8")?;
        db.execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
            .await
            .context("copying the SQLite database")?;
        return Ok(());
    }
    run(Command::new("pg_dump").args(["--format=custom", "--no-owner", "--file"]).arg(file).arg(database_url))
}

/// Puts a backup into the database `database_url` names, which must be empty (a new SQLite file
/// or a freshly created PostgreSQL database). Start the portal afterwards with the same key.
pub async fn restore(file: &Path, database_url: &str) -> anyhow::Result<()> {
    if !file.exists() {
        bail!("{} does not exist", file.display());
    }
    if let Some(target) = db::sqlite_path(database_url) {
        if target.exists() && std::fs::metadata(target)?.len() > 0 {
            bail!(
                "{} exists already: restore into a new file (stop the portal, move the old one away)",
                target.display()
            );
        }
        let partial = target.with_extension("restoring");
        std::fs::copy(file, &partial).with_context(|| format!("copying to {}", partial.display()))?;
        let url = format!("sqlite://{}?mode=rw", partial.display());
        let copy = db::connect(&url, Durability::Full).await.context("opening the copy")?;
        let verdict = copy
            .query_one_raw(sea_orm::Statement::from_string(
                copy.get_database_backend(),
                "PRAGMA integrity_check",
            ))
            .await?
            .and_then(|row| row.try_get_by_index::<String>(0).ok())
            .unwrap_or_default();
        copy.close().await?;
        if verdict != "ok" {
            let _ = std::fs::remove_file(&partial);
            bail!("the backup is damaged: {verdict}");
        }
        std::fs::File::open(&partial)?.sync_all()?;
        for leftover in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{leftover}", partial.display()));
        }
        std::fs::rename(&partial, target)
            .with_context(|| format!("moving the copy to {}", target.display()))?;
        return Ok(());
    }
    let existing =
        db::connect(database_url, Durability::Full).await.context("opening the target database")?;
    let used = existing
        .query_one_raw(sea_orm::Statement::from_string(
            existing.get_database_backend(),
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
        ))
        .await?
        .and_then(|row| row.try_get_by_index::<i64>(0).ok())
        .unwrap_or_default();
    existing.close().await?;
    if used > 0 {
        bail!("the target database is not empty: create a new one (createdb) and restore into it");
    }
    run(Command::new("pg_restore")
        .args(["--exit-on-error", "--single-transaction", "--no-owner", "--dbname"])
        .arg(database_url)
        .arg(file))
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let program = command.get_program().to_string_lossy().to_string();
    let output = command.output().with_context(|| format!("running {program} (is it installed?)"))?;
    if !output.status.success() {
        bail!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}
