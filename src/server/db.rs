//! Opening the database: SQLite (a file, WAL, busy timeout, foreign keys) or PostgreSQL.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// How hard SQLite flushes on commit. `Full` survives power loss; `Normal` (in WAL mode) survives a
/// crash of the process but may lose the last commits on power loss, and is much faster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    Full,
    Normal,
}

/// Opens the database with every migration applied. Migrations run on connections of their
/// own, closed before the returned pool opens: no pooled connection ever holds statements or a
/// schema from before a migration.
pub async fn open_migrated(url: &str, durability: Durability) -> anyhow::Result<DatabaseConnection> {
    use anyhow::Context;
    use migration::MigratorTrait;
    let migrating = connect(url, durability).await.context("opening the database")?;
    // Several instances starting at once on PostgreSQL: one migrates, the others wait for it
    // (a session lock, held on a connection of its own until the migrations are done).
    let mut lock = None;
    if migrating.get_database_backend() == sea_orm::DbBackend::Postgres {
        use sea_orm::sqlx::Executor;
        let mut connection = migrating.get_postgres_connection_pool().acquire().await?;
        connection
            .execute("SELECT pg_advisory_lock(7243011)")
            .await
            .context("waiting for another migration")?;
        lock = Some(connection);
    }
    migration::Migrator::up(&migrating, None).await.context("running migrations")?;
    if let Some(mut connection) = lock {
        use sea_orm::sqlx::Executor;
        connection.execute("SELECT pg_advisory_unlock(7243011)").await.context("ending the migration")?;
    }
    migrating.close().await.context("closing the migration connections")?;
    connect(url, durability).await.context("opening the database")
}

/// True when every migration this build knows has been applied (for `/readyz`).
pub async fn migrations_current(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use migration::MigratorTrait;
    Ok(migration::Migrator::get_pending_migrations(db).await?.is_empty())
}

pub async fn connect(url: &str, durability: Durability) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(parent) = sqlite_path(url).and_then(|p| p.parent().map(Path::to_path_buf)) {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(&parent)
                    .map_err(|e| DbErr::Custom(format!("creating {}: {e}", parent.display())))?;
            }
        }
        let synchronous = match durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Normal => SqliteSynchronous::Normal,
        };
        options
            .max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(move |o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(synchronous)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            })
            .map_sqlx_sqlite_pool_opts(|pool| {
                pool.after_release(|conn, _| Box::pin(async move { outside_transaction(conn).await }))
            });
    } else {
        options.max_connections(16).min_connections(1);
    }
    Database::connect(options).await
}

/// Whether a connection going back to the pool is outside any transaction. When a COMMIT fails
/// (disk full, I/O error) SQLite may keep the transaction open while the driver believes it is
/// over; the next "transaction" on that connection would then be a savepoint inside the stale
/// one and never reach the disk, though its COMMIT reports success. Such a connection is closed
/// instead of reused (found by the disk-full fault test).
// The one FFI call in the crate: sqlx exposes no safe way to ask SQLite this.
#[allow(unsafe_code)]
async fn outside_transaction(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<bool, sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked for the duration of the call; sqlite3_get_autocommit only
    // reads the connection's state.
    let autocommit = unsafe { libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) };
    if autocommit == 0 {
        tracing::warn!("closing a database connection left inside a failed transaction");
    }
    Ok(autocommit != 0)
}

/// `sqlite://data/x.db?mode=rwc` → `data/x.db`.
pub fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

pub fn is_sqlite(db: &DatabaseConnection) -> bool {
    matches!(db.get_database_backend(), sea_orm::DbBackend::Sqlite)
}

/// Refreshes SQLite's planner statistics (PostgreSQL's autovacuum does this by itself). Without
/// them SQLite may walk the submission-order index for a highly selective search (the last four
/// digits of a phone) instead of using the index made for it. `analysis_limit` keeps it quick.
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    if is_sqlite(db) {
        db.execute_unprepared("PRAGMA analysis_limit = 2000; ANALYZE;").await?;
    }
    Ok(())
}

/// Refreshes the query planner's statistics every hour, from start-up on.
pub fn spawn_statistics_refresher(db: DatabaseConnection) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            if let Err(e) = refresh_statistics(&db).await {
                tracing::warn!(error = %e, "refreshing the query planner's statistics failed");
            }
        }
    });
}
