//! The server binary: read settings, start logging, build the app, serve. Nothing else.

use clap::{Parser, Subcommand};
use leptos::config::get_configuration;
use shouwang::server::settings::{Secret, Settings};

/// mimalloc instead of glibc's allocator: a request allocates and frees many small pieces, and
/// glibc's free lists were 15 % of the CPU of sign-ups at saturation (BENCHMARKS.md, 2026-12-07).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "shouwang", about = "守望 — volunteer recruitment portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import administrative divisions from a `level,code,name,parent_code` CSV file.
    ImportRegions { file: std::path::PathBuf },
    /// Organizer accounts of the back office.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The data key.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Write a consistent copy of the database to FILE while the portal keeps running
    /// (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format=custom). The key is not in it.
    Backup { file: std::path::PathBuf },
    /// Put a backup into an empty database (a new SQLite file or a new PostgreSQL database);
    /// then start the portal with the same key.
    Restore { file: std::path::PathBuf },
    /// Lottery draws.
    #[command(subcommand)]
    Lottery(LotteryCommand),
}

#[derive(Subcommand)]
enum LotteryCommand {
    /// Re-run a published draw from its pool file (/draws/ID/pool.txt) and seed: prints the pool's
    /// digest and the drawn tokens in draw order. Needs no database, key or settings.
    Verify {
        #[arg(long)]
        pool: std::path::PathBuf,
        /// 64 hex digits, as shown on the draw's page.
        #[arg(long)]
        seed: String,
        #[arg(long)]
        n: usize,
        /// At most this many per street (leave out for no cap).
        #[arg(long)]
        per_street: Option<usize>,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Move every stored ID and mobile number to a new key, in batches, while the portal keeps
    /// serving (running servers follow the rotation through the database).
    Rotate {
        /// Seconds to wait for running servers to switch before rows are re-keyed.
        #[arg(long, default_value_t = 10)]
        grace: u64,
        /// Rows per transaction.
        #[arg(long, default_value_t = 500)]
        batch: u64,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account and print its one-time random password (there is no default password).
    Create {
        #[arg(long)]
        name: String,
        /// city_admin | district_organizer | reviewer
        #[arg(long)]
        role: String,
        /// County code (6 digits) a district organizer (or a local reviewer) is limited to.
        #[arg(long)]
        county: Option<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    // LOG_FORMAT=json: one JSON object a line, with the request id of the request it is about
    if std::env::var("LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt().json().with_current_span(true).with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    // checking a published draw needs no settings, database or key: anyone may run it
    if let Command::Lottery(LotteryCommand::Verify { pool, seed, n, per_street }) = &command {
        print!("{}", shouwang::server::draws::verify_file(pool, seed, *n, *per_street)?);
        return Ok(());
    }
    let conf = get_configuration(None)?;
    let settings = Settings::from_env(conf.leptos_options)?;
    match command {
        Command::Serve => {
            let app = shouwang::startup::build(settings).await?;
            println!("守望 is serving on http://{}", app.addr);
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            migrated(&settings).await?;
            println!("migrations applied");
        }
        Command::ImportRegions { file } => {
            let text = std::fs::read_to_string(&file)?;
            let added = shouwang::server::seed::import_regions(&migrated(&settings).await?, &text).await?;
            println!("{added} regions added");
        }
        Command::Admin(AdminCommand::Create { name, role, county }) => {
            use shouwang::server::access::Role;
            use shouwang::server::services::organizers::{self, CreateError};
            let Some(role) = Role::parse(&role) else {
                anyhow::bail!("--role must be city_admin, district_organizer or reviewer");
            };
            let db = migrated(&settings).await?;
            let regions = shouwang::server::seed::regions_or_jiaxing(&db).await?;
            let known = |code: &str| regions.county(code).is_some();
            match organizers::create(&db, &name, role, county.as_deref(), known).await? {
                Ok(password) => {
                    println!("organizer {name} created; one-time password (shown only now):");
                    println!("{password}");
                }
                Err(CreateError::NameInvalid) => {
                    anyhow::bail!("--name must be 1–40 characters without spaces")
                }
                Err(CreateError::NameTaken) => anyhow::bail!("an organizer named {name} exists already"),
                Err(CreateError::CountyRequired) => anyhow::bail!("a district organizer needs --county"),
                Err(CreateError::CountyUnknown) => {
                    anyhow::bail!("unknown county code; import the regions first")
                }
            }
        }
        Command::Backup { file } => {
            let db = shouwang::server::db::connect(&settings.database_url, settings.durability).await?;
            shouwang::server::backup::backup(&db, &settings.database_url, &file).await?;
            println!("backup written to {}; keep the data key apart from it", file.display());
        }
        Command::Restore { file } => {
            shouwang::server::backup::restore(&file, &settings.database_url).await?;
            println!("restored; start the portal with the key the backup was written with");
        }
        Command::Lottery(_) => {} // answered above, before the settings
        Command::Key(KeyCommand::Rotate { grace, batch }) => {
            shouwang::server::keys::rotate(
                &migrated(&settings).await?,
                settings.secret_key.as_ref().map(Secret::expose),
                &settings.data_dir,
                std::time::Duration::from_secs(grace),
                batch.max(1),
            )
            .await?;
        }
    }
    Ok(())
}

/// The database with every migration applied.
async fn migrated(settings: &Settings) -> anyhow::Result<sea_orm::DatabaseConnection> {
    shouwang::server::db::open_migrated(&settings.database_url, settings.durability).await
}
